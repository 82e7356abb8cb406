// E2E: what the local control plane leaves on disk is the user's alone, whatever was there before:
// `memctl local up` on a state directory someone made 0755 (with a 0644 file in it) ends with the
// directory tree 0700 and every file 0600, the cluster's AOF, aclfile and config included; and
// `local up` right after the plane was killed (its pid a zombie or gone) starts a new one, and two
// memctl starting it at once leave one plane whose admin token is the one on disk.
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOk, runMemctl } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';

/** Every path below `dir` whose mode is not the private one (0700 directories, 0600 files). */
function notPrivate(dir: string): string[] {
  const out: string[] = [];
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const want = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== want) out.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  visit(dir);
  return out;
}

describe('local state on disk', () => {
  const root = tempDir('e2e-files');
  const stateDir = join(root, 'state');
  const home = tempDir('e2e-files-home');
  let env: NodeJS.ProcessEnv;

  afterAll(async () => {
    await runMemctl(['local', 'down'], { env, timeoutMs: 60_000 });
  });

  it('local up on a 0755 directory makes it and everything the plane writes private', async () => {
    mkdirSync(stateDir, { recursive: true, mode: 0o755 });
    chmodSync(stateDir, 0o755);
    writeFileSync(join(stateDir, 'left-over.txt'), 'x', { mode: 0o644 });
    mkdirSync(join(stateDir, 'snapshots'), { mode: 0o755 });
    env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
    expectOk(await runMemctl(['local', 'up', '-q'], { env, timeoutMs: 60_000 }));
    const created = await runMemctl(['--local', '-q', 'create', 'files', '--shards', '1', '--replicas', '1', '--wait', '-o', 'json'], { env, timeoutMs: 90_000 });
    expectOk(created);
    expectOk(await runMemctl(['--local', '-q', 'snapshot', 'create', 'files', 'files-snap', '--wait'], { env, timeoutMs: 60_000 }));
    const files = readdirSync(join(stateDir, 'clusters', 'files', 'files-0001-001'));
    expect(files).toEqual(expect.arrayContaining(['redis.conf', 'users.acl', 'nodes.conf']));
    expect(notPrivate(stateDir)).toEqual([]);
    expect(readFileSync(join(stateDir, 'admin-token'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('local up right after the plane was killed starts a new one', async () => {
    const daemon = JSON.parse(readFileSync(join(stateDir, 'daemon.json'), 'utf8')) as { pid: number };
    process.kill(daemon.pid, 'SIGKILL');
    const up = await runMemctl(['local', 'up', '-q', '-o', 'json'], { env, timeoutMs: 90_000 });
    expectOk(up);
    const status = JSON.parse(up.stdout) as { pid: number; clusters: Array<{ name: string; status: string }> };
    expect(status.pid).not.toBe(daemon.pid);
    expect(status.clusters.map((c) => c.name)).toContain('files');
    expect(notPrivate(stateDir)).toEqual([]);
  });

  it('after a kill, two memctl starting the plane at once: one plane runs, both use it, its token is the one on disk', async () => {
    const daemon = JSON.parse(readFileSync(join(stateDir, 'daemon.json'), 'utf8')) as { pid: number };
    process.kill(daemon.pid, 'SIGKILL');
    // `local up` and a --local command that starts the plane itself, at the same moment.
    const [up, list] = await Promise.all([
      runMemctl(['local', 'up', '-q', '-o', 'json'], { env, timeoutMs: 90_000 }),
      runMemctl(['--local', 'list', '-o', 'json'], { env, timeoutMs: 90_000 }),
    ]);
    expectOk(up);
    expectOk(list);
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((c) => c.name)).toContain('files');
    const running = JSON.parse(readFileSync(join(stateDir, 'daemon.json'), 'utf8')) as { pid: number };
    expect((JSON.parse(up.stdout) as { pid: number }).pid).toBe(running.pid);
    expect(readFileSync(join(stateDir, 'daemon.lock'), 'utf8').trim()).toBe(String(running.pid));
    // The admin API answers with the token on disk: the plane that runs is the one that wrote it.
    const status = await runMemctl(['local', 'status', '-o', 'json'], { env, timeoutMs: 30_000 });
    expectOk(status);
    expect((JSON.parse(status.stdout) as { pid: number }).pid).toBe(running.pid);
    expect(notPrivate(stateDir)).toEqual([]);
  });
});
