// Whole-suite secret scan: every bin/memctl run's stdout and stderr (test/helpers/cli.ts captures
// them, --debug runs included) is searched, after all tests, for every password a test used
// (registered with registerTestSecret). Any hit fails the run.
//
// Leftovers: the run gets a temp directory of its own (TMPDIR for the test workers and, through
// cleanEnv and the scripts' environments, for every process they start), so what this run makes
// is told apart from what other runs on the machine make at the same time. A memctl-* directory
// still in it at the end fails the run (tests make theirs with tempDir in test/helpers/temp.ts,
// removed when their file ends); the run's directory is then removed. memctl-* directories made
// in the system temp directory itself since the run started are listed too, as a note: they may
// be another run's.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** memctl-* directories in `dir` made at or after `since` (ms). */
function memctlDirs(dir: string, since = 0): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('memctl-')) continue;
    try {
      const stat = statSync(join(dir, name));
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
  const systemTmp = tmpdir();
  const runTmp = mkdtempSync(join(systemTmp, 'memctl-run-'));
  process.env.TMPDIR = runTmp;
  const dir = mkdtempSync(join(runTmp, 'capture-'));
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
    process.stderr.write(`secret scan: ${secrets.length} passwords searched in ${logs.length} captured memctl runs: ${hits} occurrence(s)\n`);
    const left = memctlDirs(runTmp);
    const elsewhere = memctlDirs(systemTmp, started).filter((name) => join(systemTmp, name) !== runTmp);
    process.stderr.write(`temp directories: ${left.length} memctl-* left by this run${elsewhere.length === 0 ? '' : `; ${elsewhere.length} made in ${systemTmp} meanwhile, perhaps by other runs (e.g. ${elsewhere.slice(0, 5).join(', ')})`}\n`);
    rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
    const problems = [
      ...(hits > 0 ? [`passwords found in memctl output: ${where.slice(0, 10).join(', ')}`] : []),
      ...(left.length > 0 ? [`${left.length} memctl-* temp directories made by this run were not removed by the test (or the code it ran) that made them: ${left.join(', ')}`] : []),
    ];
    if (problems.length > 0) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set as well.
      process.exitCode = 1;
      throw new Error(problems.join('; '));
    }
  };
}
