// @ts-nocheck
// E2E: memctl connect prints the redis-cli command line that reaches a cluster (TLS, the local CA,
// cluster mode, the user) and runs it with --exec, the password handed over in REDISCLI_AUTH and
// never on a command line; -o env and -o url say how to connect without the password.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, registerTestSecret, runMemctl, type RunOptions } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';

const PASSWORD = 'connect-test-password-91';
let env: NodeJS.ProcessEnv;
let stateDir: string;
const memctl = (args: string[], extra: Partial<RunOptions> = {}) => runMemctl(['--local', ...args], { env, timeoutMs: 90_000, ...extra });

beforeAll(async () => {
  registerTestSecret(PASSWORD);
  stateDir = tempDir('e2e-connect');
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) });
  expectOk(await memctl(['-q', 'create', 'cx', '--shards', '1', '--replicas', '0', '--wait']));
  expectOk(await memctl(['-q', 'users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin', '--wait'], { input: `${PASSWORD}\n` }));
  expectOk(await memctl(['-q', 'acls', 'create', 'app-acl', '--user', 'app', '--wait']));
  expectOk(await memctl(['-q', 'acls', 'attach', 'app-acl', 'cx', '--yes', '--wait']));
}, 120_000);

afterAll(async () => {
  await runMemctl(['local', 'down', '-q'], { env });
});

describe('memctl connect', () => {
  it('prints the redis-cli command line (TLS, the local CA, -c, the user) and never the password', async () => {
    const r = await memctl(['connect', 'cx', '--user', 'app', '--password-stdin'], { input: `${PASSWORD}\n` });
    expectOk(r);
    const ca = join(stateDir, 'tls', 'ca.crt');
    expect(r.stdout).toMatch(new RegExp(`^redis-cli -c --tls --cacert ${ca.replace(/[.]/g, '\\.')} -h 127\\.0\\.0\\.1 -p \\d+ --user app\\n$`));
    expect(r.stderr).toContain('the password is not printed: set REDISCLI_AUTH');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    // The printed line works as printed, with the password from the environment.
    const argv = r.stdout.trim().split(' ');
    const ping = spawnSync(argv[0] as string, [...argv.slice(1), 'PING'], { encoding: 'utf8', env: { ...env, REDISCLI_AUTH: PASSWORD } });
    expect(ping.stdout.trim(), ping.stderr).toBe('PONG');
  });

  it('--exec runs redis-cli with the password in REDISCLI_AUTH; its arguments follow --', async () => {
    const r = await memctl(['connect', 'cx', '--user', 'app', '--password-stdin', '--exec', '--', 'ACL', 'WHOAMI'], { input: `${PASSWORD}\n` });
    expectOk(r);
    expect(r.stdout.trim()).toBe('app');
    const wrong = await memctl(['connect', 'cx', '--user', 'app', '--password-stdin', '--exec', '--', 'PING'], { input: 'not-the-password-at-all\n' });
    // Checked before redis-cli runs (it would warn and go on unauthenticated): exit 4.
    expect(wrong.code).toBe(4);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/WRONGPASS|invalid username-password|authentication/i);
  });

  it('-o env and -o url for scripts; -o json for the whole connection', async () => {
    const vars = await memctl(['connect', 'cx', '--user', 'app', '-o', 'env']);
    expectOk(vars);
    expect(vars.stdout).toMatch(/^REDIS_HOST=127\.0\.0\.1\nREDIS_PORT=\d+\nREDIS_TLS=true\nREDIS_CACERT=\S+ca\.crt\nREDIS_USER=app\nREDIS_CLUSTER_MODE=true\nREDIS_URL=rediss:\/\/app@127\.0\.0\.1:\d+\n$/);
    const url = await memctl(['connect', 'cx', '-o', 'url']);
    expectOk(url);
    expect(url.stdout).toMatch(/^rediss:\/\/127\.0\.0\.1:\d+\n$/);
    const data = await memctl(['connect', 'cx', '-o', 'json']);
    expectOk(data);
    expect(JSON.parse(data.stdout)).toMatchObject({ host: '127.0.0.1', tls: true, clusterMode: true, user: null, passwordEnv: 'REDISCLI_AUTH', command: expect.arrayContaining(['redis-cli', '-c', '--tls']) as unknown });
  });

  it('misuse is refused before connecting: exit 2; an unknown cluster: exit 3', async () => {
    expectCleanError(await memctl(['connect', 'cx', '--print', '--exec']), 2, /--print or --exec/);
    expectCleanError(await memctl(['connect', 'cx', '-o', 'env', '--exec']), 2, /-o env prints/);
    expectCleanError(await memctl(['connect', 'cx', '-o', 'xml']), 2, /invalid --output "xml"/);
    expectCleanError(await memctl(['connect', 'nope']), 3, /"nope" not found/);
  });

  it('a profile of the config file fills the flags not given: MEMCTL_PROFILE=laptop is --local -o json', async () => {
    const dir = join(env.HOME as string, '.config', 'memctl');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.yaml'), 'profiles:\n  laptop:\n    local: true\n    output: json\n');
    const listed = await runMemctl(['list', '--debug'], { env: { ...env, MEMCTL_PROFILE: 'laptop' } });
    expectOk(listed);
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((c) => c.name)).toContain('cx');
    expect(listed.stderr).toContain(`settings from profile laptop in ${join(dir, 'config.yaml')}`);
    // A flag wins: -o text.
    const text = await runMemctl(['list', '-o', 'text'], { env: { ...env, MEMCTL_PROFILE: 'laptop' } });
    expectOk(text);
    expect(text.stdout).toMatch(/^cx\t/m);
    expectCleanError(await runMemctl(['list'], { env: { ...env, MEMCTL_PROFILE: 'prod' } }), 2, /profile "prod" \(MEMCTL_PROFILE\) is not in/);
  });
});
