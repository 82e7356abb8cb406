// @ts-nocheck
// Whole-suite secret scan: every bin/memctl run's stdout and stderr (test/helpers/cli.ts captures
// them, --debug runs included) is searched, after all tests, for every password a test used
// (registered with registerTestSecret). Any hit fails the run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
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
    if (hits > 0) throw new Error(`passwords found in memctl output: ${where.slice(0, 10).join(', ')}`);
  };
}
