// Temporary directories for tests: memctl-<prefix>-XXXXXX in the system temp directory, each
// removed when its test file ends (test/setup-files.ts calls removeTempDirs in an afterAll). The
// suite's teardown (test/global-setup.ts) fails the run if a memctl-* directory made during it
// remains.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `memctl-${prefix}-`));
  created.add(dir);
  return dir;
}

/** Removes every directory tempDir made in this test file (a test may have removed some already). */
export function removeTempDirs(): void {
  for (const dir of created) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  created.clear();
}
