// @ts-nocheck
// E2E: the binary starts, tells its version and explains itself.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, it } from 'vitest';
import { cleanEnv, expectOk, runMemctl, show } from '../helpers/cli.js';
import { tempDir } from '../helpers/local.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const home = tempDir('e2e-start-home');
const env = cleanEnv({}, home);

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.concurrent('memctl startup', () => {
  it.for(['--version', '-V'])('%s prints the package.json version', async (flag, { expect: expectHere }) => {
    const r = await runMemctl([flag], { env, timeoutMs: 15_000 });
    expectOk(r);
    expectHere(r.stdout, show(r)).toBe(`${pkg.version}\n`);
    expectHere(r.stderr).toBe('');
  });

  it('--help lists the commands and the exit codes', async ({ expect: expectHere }) => {
    const r = await runMemctl(['--help'], { env, timeoutMs: 15_000 });
    expectOk(r);
    expectHere(r.stderr).toBe('');
    for (const command of ['list', 'describe', 'create', 'delete', 'local']) {
      expectHere(r.stdout, show(r)).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    expectHere(r.stdout).toContain('--local');
    expectHere(r.stdout).toMatch(/Exit codes:/);
  });

  it('create --help lists its flags', async ({ expect: expectHere }) => {
    const r = await runMemctl(['create', '--help'], { env, timeoutMs: 15_000 });
    expectOk(r);
    expectHere(r.stderr).toBe('');
    for (const flag of ['--shards', '--replicas', '--wait', '--if-not-exists']) expectHere(r.stdout, show(r)).toContain(flag);
    expectHere(r.stdout).toMatch(/Usage: memctl create \[options\] <cluster>/);
  });

  it('local --help lists up, down, status and reset', async ({ expect: expectHere }) => {
    const r = await runMemctl(['local', '--help'], { env, timeoutMs: 15_000 });
    expectOk(r);
    for (const sub of ['up', 'down', 'status', 'reset']) expectHere(r.stdout, show(r)).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
  });
});
