// Whole-suite secret scan: every bin/memctl run's stdout and stderr (test/helpers/cli.ts captures
// them, --debug runs included) is searched, after all tests, for every password a test used
// (registered with registerTestSecret). Any hit fails the run.
// Leftovers: a memctl-* directory made in the system temp directory during the run that is still
// there at the end fails the run too (test/helpers/temp.ts removes what tests make).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** memctl-* directories in the temp directory made at or after `since` (ms): by this run. */
function leftovers(since: number): string[] {
  const found: string[] = [];
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('memctl-')) continue;
    try {
      const stat = statSync(join(tmpdir(), name));
      // Birth time where the file system keeps it, else the last status change (never earlier).
      if (stat.isDirectory() && (stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.ctimeMs) >= since) found.push(name);
    } catch {
      // removed while we looked
    }
  }
  return found.sort();
}

export default function setup(): () => void {
  // Some slack: file times come from a coarser clock than Date.now().
  const started = Date.now() - 100;
  const dir = mkdtempSync(join(tmpdir(), 'memctl-capture-'));
  process.env.MEMCTL_TEST_CAPTURE = dir;
  return () => {
    const files = readdirSync(dir);
    const secretsFile = join(dir, 'secrets.txt');
    const secrets = files.includes('secrets.txt') ? [...new Set(readFileSync(secretsFile, 'utf8').split('\n').filter((s) => s !== ''))] : [];
    const logs = files.filter((f) => f.endsWith('.log'));
    let hits = 0;
    const where: string[] = [];
    for (const log of logs) {
      const text = readFileSync(join(dir, log), 'utf8');
      secrets.forEach((secret, i) => {
        if (text.includes(secret)) {
          hits++;
          where.push(`secret #${i} in ${log}`);
        }
      });
    }
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`secret scan: ${secrets.length} passwords searched in ${logs.length} captured memctl runs: ${hits} occurrence(s)\n`);
    const left = leftovers(started);
    process.stderr.write(`temp directories: ${left.length} memctl-* made during the run left in ${tmpdir()}\n`);
    const problems = [
      ...(hits > 0 ? [`passwords found in memctl output: ${where.slice(0, 10).join(', ')}`] : []),
      ...(left.length > 0
        ? [`${left.length} memctl-* directories made during this run are still in ${tmpdir()} (a test or the code it runs did not remove them; tests make theirs with tempDir in test/helpers/temp.ts): ${left.join(', ')}`]
        : []),
    ];
    if (problems.length > 0) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set as well.
      process.exitCode = 1;
      throw new Error(problems.join('; '));
    }
  };
}
