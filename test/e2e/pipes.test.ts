// E2E: output into a reader that stops early (`memctl keys scan x | head -1`) ends memctl quietly
// with exit 0, without a stack trace or a hang; and --version / --help after global options that
// cannot change them are answered by the launcher alone.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOk, MEMCTL_BIN, REPO_ROOT, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/local.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

const KEYS = 60_000;
const home = tempDir('e2e-pipes-home');
const env = cleanEnv({}, home);
let server: StandaloneServer;

beforeAll(async () => {
  server = await startStandalone();
  for (let start = 0; start < KEYS; start += 5_000) {
    const batch = server.client.pipeline();
    for (let i = start; i < start + 5_000; i++) batch.set(`pipe:key:${i}`, 'v');
    await batch.exec();
  }
  expect(await server.client.dbsize()).toBe(KEYS);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

/** Exit 0, no stack trace, no unhandled-error report, and the reader got a beginning of the output. */
function expectQuietStop(r: RunResult): void {
  expect(r.timedOut, show(r)).toBe(false);
  expect(r.code, show(r)).toBe(0);
  expect(r.stderr, show(r)).not.toMatch(/EPIPE|Unhandled|^\s+at /m);
}

describe('a reader that stops early', () => {
  it.for(['text', 'ndjson', 'json'])('keys scan -o %s stops at once, exit 0', async (format) => {
    const r = await runMemctl(['keys', 'scan', server.url, '-o', format, '--count', '1000'], { env, timeoutMs: 20_000, closeStdoutAfterBytes: 1 });
    expectQuietStop(r);
    expect(r.stdout.length, show(r)).toBeGreaterThan(0);
    // It stopped: far fewer keys than the whole key space reached the pipe.
    expect(r.stdout.split('\n').length, show(r)).toBeLessThan(KEYS);
  });

  it.for(['--help', 'keys --help', '--service elasticache --help'])('memctl %s into a closed pipe exits 0 without a stack trace', async (line) => {
    const r = await runMemctl(line.split(' '), { env, timeoutMs: 15_000, closeStdoutAfterBytes: 0 });
    expectQuietStop(r);
  });
});

describe('keys reach the reader as they are found', () => {
  it('a slow scan (--max-ops) writes its first keys long before it ends', async () => {
    // 12 SCANs at 5 a second (~2.4 s), ~11,000 matching keys: less than one 256 KB chunk in all.
    const started = Date.now();
    let firstAt: number | undefined;
    const r = await runMemctl(['keys', 'scan', server.url, '--match', 'pipe:key:1*', '--count', '5000', '--max-ops', '5'], {
      env,
      timeoutMs: 20_000,
      onOutput: (seen) => {
        if (seen.stdoutBytes > 0) firstAt ??= Date.now() - started;
      },
    });
    expectOk(r);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(11_111);
    expect(firstAt, show(r)).toBeDefined();
    expect(r.ms - (firstAt as number), `first keys at ${String(firstAt)} ms of ${r.ms}`).toBeGreaterThan(1000);
  });
});

describe('the launcher fast path', () => {
  // A tree with the launcher (and the package.json that makes it CommonJS), package.json and the pre-rendered help, but no program: whatever it
  // answers, it answered without loading dist/main.js.
  const tree = tempDir('e2e-launcher');
  const bin = join(tree, 'bin', 'memctl');
  const help = readFileSync(join(REPO_ROOT, 'dist', 'help.txt'), 'utf8');
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(join(tree, 'bin'));
  mkdirSync(join(tree, 'dist'));
  copyFileSync(MEMCTL_BIN, bin);
  copyFileSync(join(REPO_ROOT, 'bin', 'package.json'), join(tree, 'bin', 'package.json'));
  copyFileSync(join(REPO_ROOT, 'package.json'), join(tree, 'package.json'));
  copyFileSync(join(REPO_ROOT, 'dist', 'help.txt'), join(tree, 'dist', 'help.txt'));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it.for(['--service elasticache --version', '--service=memorydb -V', '--no-color -q --version'])('memctl %s prints the version', async (line) => {
    const r = await runMemctl(line.split(' '), { env, bin, timeoutMs: 15_000 });
    expectOk(r);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it.for(['--service elasticache --help', '--no-input --help'])('memctl %s prints the top-level help', async (line) => {
    const r = await runMemctl(line.split(' '), { env, bin, timeoutMs: 15_000 });
    expectOk(r);
    expect(r.stdout).toBe(help);
  });

  it.for(['--service bogus --version', '--service elasticache list', '--region eu-west-1 --version'])('memctl %s is left to the program', async (line) => {
    const r = await runMemctl(line.split(' '), { env, bin, timeoutMs: 15_000 });
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/^memctl: cannot load dist\/main\.js/);
  });
});

describe("the launcher's heap settings", () => {
  // A program that prints the flags node was started with: the launcher picks them by command.
  const tree = tempDir('e2e-launcher-heap');
  const bin = join(tree, 'bin', 'memctl');
  mkdirSync(join(tree, 'bin'));
  mkdirSync(join(tree, 'dist'));
  copyFileSync(MEMCTL_BIN, bin);
  copyFileSync(join(REPO_ROOT, 'bin', 'package.json'), join(tree, 'bin', 'package.json'));
  copyFileSync(join(REPO_ROOT, 'package.json'), join(tree, 'package.json'));
  writeFileSync(join(tree, 'dist', 'main.js'), 'export async function main(argv) { process.stdout.write(JSON.stringify({ argv, flags: process.execArgv })); return 0; }\n');
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it.for([
    ['analyze redis://127.0.0.1:1', true],
    ['--local keys scan c1 --match a*b', true],
    ['-o json keys delete c1 --dry-run', true],
    ['--local describe c1', false],
    ['list', false],
    ['users list --query keys(@)', false],
  ] as const)('memctl %s: sweep heap settings %s', async ([line, sweep]) => {
    const args = line.split(' ');
    const r = await runMemctl(args, { env, bin, timeoutMs: 15_000 });
    expectOk(r);
    // Every argument reaches the program as given (a glob is not expanded by the sh part).
    expect(JSON.parse(r.stdout)).toEqual({ argv: args, flags: sweep ? ['--max-semi-space-size=4', '--heap-growing-percent=20'] : [] });
  });
});
