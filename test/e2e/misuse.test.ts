// E2E: misuse of the multi-phase and destructive commands through bin/memctl against the local
// control plane: each is refused with its documented exit code (README "Exit codes") and one clear
// line, and what it would have broken is checked to be as it was: the old password still logs in,
// the cluster still answers with its data, the snapshot is still there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, downLocalPlane, expectCleanError, expectOk, registerTestSecret, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';

const PW1 = 'misuse-First-Pass-0001!';
const PW2 = 'misuse-Second-Pass-0002?';
const PW3 = 'misuse-Third-Pass-0003#';

const stateDir = tempDir('e2e-misuse');
const home = tempDir('e2e-misuse-home');
let env: NodeJS.ProcessEnv;
let port = 0;

const memctl = (args: string[], extra: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> =>
  runMemctl(args[0] === 'local' ? args : ['--local', ...args], { env: { ...env, ...extra.env }, input: extra.input, timeoutMs: 120_000 });

const json = <T>(r: RunResult): T => {
  expect(r.code, show(r)).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface ClusterJson {
  name: string;
  status: string;
  shardCount: number;
  shards: Array<{ id: string; nodes: Array<{ name: string; role?: string }> }>;
}

/** A client of the cluster's one shard (its endpoint is that shard's primary) logged in as `user`. */
function client(user: string, password: string): Redis {
  const c = new Redis({
    host: '127.0.0.1',
    port,
    tls: { ca: readFileSync(join(stateDir, 'tls', 'ca.crt')), servername: 'localhost' },
    username: user,
    password,
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  c.on('error', () => undefined);
  return c;
}

/** What `user`/`password` reads from the marker key, or 'refused' when the login is. */
async function readAs(user: string, password: string, key = 'marker'): Promise<string> {
  const c = client(user, password);
  // A refused AUTH comes as an 'error' event; connect() then only says the connection closed.
  const said: string[] = [];
  c.on('error', (err: Error) => said.push(err.message));
  try {
    await c.connect();
    return (await c.get(key)) ?? '(nil)';
  } catch (err) {
    const all = [(err as Error).message, ...said].join('; ');
    return /WRONGPASS|NOAUTH|invalid username-password/i.test(all) ? 'refused' : `error: ${all}`;
  } finally {
    c.disconnect();
  }
}

async function describeCluster(name: string): Promise<ClusterJson> {
  return json<ClusterJson>(await memctl(['describe', name, '-o', 'json']));
}

/** Rotation flags: the current password from the environment, the new one from stdin. */
const rotate = (args: string[], current: string, next: string): Promise<RunResult> =>
  memctl(['-q', ...args], { input: next, env: { MEMCTL_CURRENT_PASSWORD: current } });

beforeAll(async () => {
  for (const pw of [PW1, PW2, PW3]) registerTestSecret(pw);
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  // A cluster stays "creating" (and "deleting") at least 1.5 s: long enough to misuse it meanwhile.
  expectOk(await memctl(['local', 'up', '--create-delay-ms', '4000', '--delete-delay-ms', '1500']));
  expectOk(await memctl(['-q', 'users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin', '--wait'], { input: PW1 }));
  expectOk(await memctl(['-q', 'acls', 'create', 'app-acl', '--user', 'app', '--wait']));
  const solo = json<{ endpoint: { port: number } }>(await memctl(['-q', 'create', 'solo', '--shards', '1', '--replicas', '0', '--acl', 'app-acl', '--wait', '-o', 'json']));
  port = solo.endpoint.port;
  const c = client('app', PW1);
  try {
    await c.connect();
    await c.set('marker', 'before');
  } finally {
    c.disconnect();
  }
});

afterAll(async () => {
  await downLocalPlane(env, stateDir, home);
});

describe('users rotate-password out of order', () => {
  it('--finish before phase one is refused (exit 6) and the old password still works, the new one not', async () => {
    const r = await rotate(['--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin'], PW1, PW2);
    // The state first: what a --finish let through would break is the clients' login.
    expect(await readAs('app', PW1), `the old password must still work after --finish before phase one\n${show(r)}`).toBe('before');
    expect(await readAs('app', PW2), 'the new password must not work before phase one').toBe('refused');
    expectCleanError(r, 6, 'the new password of app is not accepted everywhere yet; run phase one first (without --finish)');
    expect(json<{ passwordCount: number }>(await memctl(['users', 'describe', 'app', '-o', 'json'])).passwordCount).toBe(1);
  });

  it('--finish with a new password other than phase one\'s is refused (exit 6); both passwords of phase one still work', async () => {
    expect(json<{ action: string }>(await rotate(['users', 'rotate-password', 'app', '--password-stdin', '-o', 'json'], PW1, PW2)).action).toBe('updated');
    const r = await rotate(['--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin'], PW1, PW3);
    expectCleanError(r, 6, /new password of app is not accepted everywhere yet/);
    expect(await readAs('app', PW1)).toBe('before');
    expect(await readAs('app', PW2)).toBe('before');
    expect(await readAs('app', PW3)).toBe('refused');
  });

  it('--finish with --generate (a new password phase one never saw) is bad usage (exit 2), before any change', async () => {
    expectCleanError(await rotate(['--yes', 'users', 'rotate-password', 'app', '--finish', '--generate'], PW1, ''), 2, /--finish needs the new password from phase one/);
    expect(await readAs('app', PW1)).toBe('before');
  });

  it('finishing twice: the second finds it done (exit 0) and changes nothing; phase one after it is refused (exit 6)', async () => {
    expect(json<{ action: string }>(await rotate(['--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin', '-o', 'json'], PW1, PW2)).action).toBe('updated');
    expect(json<{ action: string }>(await rotate(['--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin', '-o', 'json'], PW1, PW2)).action).toBe('already-done');
    expectCleanError(await rotate(['users', 'rotate-password', 'app', '--password-stdin'], PW1, PW2), 6, /the rotation of app is already finished/);
    expect(await readAs('app', PW2)).toBe('before');
    expect(await readAs('app', PW1)).toBe('refused');
  });

  it('a user no cluster uses cannot be rotated in two phases (exit 6): nothing could verify it', async () => {
    expectOk(await memctl(['-q', 'users', 'create', 'lone', '--access-string', 'on ~* +@all', '--password-stdin', '--wait'], { input: PW1 }));
    const finish = await rotate(['--yes', 'users', 'rotate-password', 'lone', '--finish', '--password-stdin'], PW1, PW2);
    expectCleanError(finish, 6, /user lone is in no ACL attached to a cluster.*nothing was changed/);
    expectCleanError(await rotate(['users', 'rotate-password', 'lone', '--password-stdin'], PW3, PW2), 6, /user lone is in no ACL attached to a cluster/);
    expect(json<{ passwordCount: number }>(await memctl(['users', 'describe', 'lone', '-o', 'json'])).passwordCount).toBe(1);
  });
});

describe('a cluster being created', () => {
  it('cannot be deleted, scaled or failed over (exit 6), and is then created as asked', async () => {
    expect(json<{ status: string }>(await memctl(['-q', 'create', 'busy', '--shards', '1', '--replicas', '0', '-o', 'json'])).status).toBe('creating');
    expectCleanError(await memctl(['--yes', 'delete', 'busy']), 6, /Cluster busy is creating; it can be deleted only when available/);
    expectCleanError(await memctl(['--yes', 'scale', 'busy', '--shards', '2']), 6, /cluster busy is creating; it can be scaled only when available/);
    expectCleanError(await memctl(['--yes', 'failover', 'busy']), 6, /cluster busy is creating; it can fail over only when available/);
    const created = json<ClusterJson>(await memctl(['-q', 'create', 'busy', '--if-not-exists', '--wait', '-o', 'json']));
    expect(created).toMatchObject({ status: 'available', shardCount: 1 });
  });
});

describe('failover and scale that cannot or need not happen', () => {
  it('a failover of a shard without replicas is refused (exit 6); the primary stays, the cluster answers', async () => {
    const before = await describeCluster('solo');
    const r = await memctl(['--yes', 'failover', 'solo', '--shard', '0001']);
    expectCleanError(r, 6, 'shard 0001 of solo has no replica to promote');
    expect(r.stderr).toContain('hint: add one: memctl --local scale solo --replicas 1 --wait');
    const after = await describeCluster('solo');
    expect(after.status).toBe('available');
    expect(after.shards[0]?.nodes.map((n) => `${n.name}:${n.role ?? '?'}`)).toEqual(before.shards[0]?.nodes.map((n) => `${n.name}:${n.role ?? '?'}`));
    expect(await readAs('app', PW2)).toBe('before');
  });

  it('scaling to the shape it has changes nothing (exit 0, no change started)', async () => {
    const r = await memctl(['--yes', 'scale', 'solo', '--shards', '1', '--replicas', '0', '-o', 'json']);
    expect(r.stderr).toContain('cluster solo already has what was asked; nothing to do');
    expect(json<ClusterJson>(r)).toMatchObject({ status: 'available', shardCount: 1 });
    const events = json<Array<{ message: string }>>(await memctl(['events', '--cluster', 'solo', '-o', 'json']));
    expect(events.map((e) => e.message).filter((m) => /scal/i.test(m))).toEqual([]);
  });
});

describe('snapshots and deletion', () => {
  it('a restore onto an existing cluster is refused (exit 6): that cluster keeps its own data', async () => {
    expectOk(await memctl(['-q', 'snapshot', 'create', 'solo', 'snap1', '--wait']));
    const c = client('app', PW2);
    try {
      await c.connect();
      await c.set('marker', 'after-snapshot');
    } finally {
      c.disconnect();
    }
    expectCleanError(await memctl(['snapshot', 'restore', 'snap1', 'solo']), 6, 'cluster "solo" already exists; restore into a new name');
    expect((await describeCluster('solo')).status).toBe('available');
    expect(await readAs('app', PW2)).toBe('after-snapshot');
  });

  it('a snapshot name already taken is refused for create, copy and --final-snapshot (exit 6); the snapshot and cluster stay', async () => {
    expectCleanError(await memctl(['snapshot', 'create', 'solo', 'snap1']), 6, /Snapshot snap1 already exists/);
    expectCleanError(await memctl(['snapshot', 'copy', 'snap1', 'snap1']), 6, /Snapshot snap1 already exists/);
    expectCleanError(await memctl(['--yes', 'delete', 'solo', '--final-snapshot', 'snap1']), 6, 'snapshot "snap1" already exists; choose another --final-snapshot name');
    expect(json<{ status: string; clusterName: string }>(await memctl(['snapshot', 'describe', 'snap1', '-o', 'json']))).toMatchObject({ status: 'available', clusterName: 'solo' });
    expect((await describeCluster('solo')).status).toBe('available');
    expect(await readAs('app', PW2)).toBe('after-snapshot');
  });

  it('what does not exist is not found (exit 3): a cluster to delete, a snapshot to restore or delete', async () => {
    expectCleanError(await memctl(['--yes', 'delete', 'nope']), 3, 'cluster "nope" not found');
    expectCleanError(await memctl(['snapshot', 'restore', 'nope', 'fresh']), 3, 'snapshot "nope" not found');
    expectCleanError(await memctl(['--yes', 'snapshot', 'delete', 'nope']), 3, /Snapshot nope not found/);
    expectCleanError(await memctl(['describe', 'fresh']), 3, 'cluster "fresh" not found');
  });

  it('deleting twice: the second sees it on its way out (exit 0); once gone it is not found (exit 3); the other cluster is untouched', async () => {
    expect(json<{ status: string }>(await memctl(['--yes', 'delete', 'busy', '-o', 'json'])).status).toBe('deleting');
    const again = await memctl(['--yes', 'delete', 'busy', '--wait', '-o', 'json']);
    expect(json<{ status: string }>(again).status).toBe('deleted');
    expectCleanError(await memctl(['--yes', 'delete', 'busy']), 3, 'cluster "busy" not found');
    expect(await readAs('app', PW2)).toBe('after-snapshot');
  });

  it('the user a cluster logs in with and its ACL: no delete, removal or swap without --yes (exit 2), none of what is missing (exit 3), no delete of an attached ACL (exit 6); the login still works', async () => {
    expectCleanError(await memctl(['users', 'delete', 'app']), 2, /--yes/);
    expectCleanError(await memctl(['acls', 'update', 'app-acl', '--remove', 'app']), 2, /--yes/);
    expectCleanError(await memctl(['acls', 'attach', 'open-access', 'solo']), 2, /--yes/);
    expectCleanError(await memctl(['--yes', 'acls', 'delete', 'app-acl']), 6, 'ACL app-acl is attached to solo');
    expectCleanError(await memctl(['--yes', 'users', 'delete', 'nobody']), 3, /nobody/);
    expectCleanError(await memctl(['--yes', 'acls', 'attach', 'no-acl', 'solo']), 3, /no-acl/);
    expect(json<{ acl: string; status: string }>(await memctl(['describe', 'solo', '-o', 'json']))).toMatchObject({ acl: 'app-acl', status: 'available' });
    expect(json<{ users: string[] }>(await memctl(['acls', 'describe', 'app-acl', '-o', 'json'])).users).toEqual(['app']);
    expect(await readAs('app', PW2)).toBe('after-snapshot');
  });

  it('local reset without --yes and no terminal is refused (exit 2); the clusters keep running', async () => {
    expectCleanError(await memctl(['local', 'reset']), 2, /refusing to reset the local control plane without --yes/);
    expect((await describeCluster('solo')).status).toBe('available');
    expect(await readAs('app', PW2)).toBe('after-snapshot');
  });
});
