// @ts-nocheck
// E2E for what only ElastiCache has (the shared commands run for both services in the other
// suites): a cluster-mode-disabled group with primary and reader endpoints, an AUTH token given
// through safe inputs or generated, its zero-downtime rotation verified on every node, the data
// plane through the primary and reader endpoints, and a failover of the single node group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, expectCleanError, expectOk, registerTestSecret, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';
import { findSecrets } from '../helpers/secrets.js';
import { ELASTICACHE } from '../helpers/services.js';

const stateDir = tempDir('e2e-ec');
const files = tempDir('e2e-ec-files');
let env: NodeJS.ProcessEnv;
const outputs: string[] = [];
const memctl = async (args: string[], extra: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> => {
  const r = await runMemctl(args[0] === 'local' ? args : [...ELASTICACHE.local, ...args], { env: { ...env, ...extra.env }, timeoutMs: extra.timeoutMs ?? 60_000, input: extra.input });
  outputs.push(r.stdout, r.stderr);
  return r;
};
const json = <T>(r: RunResult): T => {
  expect(r.code, show(r)).toBe(0);
  return JSON.parse(r.stdout) as T;
};

const TOKEN1 = 'first-Token-0001-abcdef';
const TOKEN2 = 'second-Token-0002-abcdef';
const WRONG = 'not-the-token-0123456789';
const secrets: string[] = [TOKEN1, TOKEN2, WRONG];
const tokenFile = (name: string, token: string): string => {
  const path = join(files, name);
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return path;
};

interface Endpoint {
  address: string;
  port: number;
}
interface GroupJson {
  name: string;
  status: string;
  clusterMode: string;
  shardCount: number;
  replicasPerShard: number;
  authTokenEnabled?: boolean;
  automaticFailover?: string;
  multiAz?: boolean;
  endpoint: Endpoint;
  primaryEndpoint: Endpoint;
  readerEndpoint: Endpoint;
  pendingUpdates?: Record<string, unknown>;
  shards: Array<{ id: string; slots?: string; nodes: Array<{ name: string; role?: string; endpoint: Endpoint }> }>;
  authToken?: string;
}

/** A plain (not cluster) client to one endpoint, logging in with the token when given. */
async function tryAuth(endpoint: Endpoint, token?: string): Promise<'ok' | 'refused'> {
  const c = new Redis({
    host: endpoint.address,
    port: endpoint.port,
    tls: { ca: readFileSync(join(stateDir, 'tls', 'ca.crt')) },
    ...(token === undefined ? {} : { password: token }),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.ping();
    return 'ok';
  } catch {
    return 'refused';
  } finally {
    c.disconnect();
  }
}

beforeAll(async () => {
  for (const s of secrets) registerTestSecret(s);
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) });
});

afterAll(async () => {
  await memctl(['local', 'down', '-q'], { timeoutMs: 60_000 });
  const found = findSecrets(stateDir, secrets, outputs);
  expect(found, `tokens found: ${found.map((f) => `#${f.secret} in ${f.where}`).join(', ')}`).toEqual([]);
});

describe('cluster mode disabled with an AUTH token', () => {
  let group: GroupJson;

  it('creates one primary and two replicas with Multi-AZ, the token from a file; describe shows primary and reader endpoints and roles', async () => {
    group = json<GroupJson>(
      await memctl(['-q', 'create', 'cache', '--cluster-mode', 'disabled', '--replicas', '2', '--multi-az', '--auth-token-file', tokenFile('t1', TOKEN1), '--wait', '-o', 'json']),
    );
    expect(group).toMatchObject({ name: 'cache', status: 'available', clusterMode: 'disabled', shardCount: 1, replicasPerShard: 2, authTokenEnabled: true, automaticFailover: 'enabled', multiAz: true });
    expect(group.authToken).toBeUndefined();
    expect(group.endpoint).toEqual(group.primaryEndpoint);
    expect(group.readerEndpoint.port).not.toBe(group.primaryEndpoint.port);
    const roles = group.shards[0]?.nodes.map((n) => n.role);
    expect(roles?.sort()).toEqual(['primary', 'replica', 'replica']);
    const primary = group.shards[0]?.nodes.find((n) => n.role === 'primary');
    expect(primary?.endpoint).toEqual(group.primaryEndpoint);

    const text = await memctl(['describe', 'cache']);
    expectOk(text);
    expect(text.stdout).toMatch(/^primary endpoint\t127\.0\.0\.1:\d+$/m);
    expect(text.stdout).toMatch(/^reader endpoint\t127\.0\.0\.1:\d+$/m);
    expect(text.stdout).toMatch(/^cluster mode\tdisabled$/m);
    expect(text.stdout).toMatch(/^auth token\tyes/m);
    expect(text.stdout).toMatch(/^0001\t\tcache-00[123]\tprimary\t/m);

    // The nodes want the token.
    expect(await tryAuth(group.primaryEndpoint)).toBe('refused');
    expect(await tryAuth(group.primaryEndpoint, TOKEN1)).toBe('ok');
  });

  it('the data plane logs in with the token through the primary endpoint, and reads through the reader endpoint', async () => {
    const c = new Redis({ host: group.primaryEndpoint.address, port: group.primaryEndpoint.port, tls: { ca: readFileSync(join(stateDir, 'tls', 'ca.crt')) }, password: TOKEN1 });
    try {
      for (let i = 0; i < 50; i++) await c.set(`ec:${i}`, `v${i}`);
      await c.wait(2, 2000);
    } finally {
      c.disconnect();
    }
    const fromPrimary = await memctl(['keys', 'scan', 'cache', '--match', 'ec:*', '--password-stdin'], { input: TOKEN1 });
    expectOk(fromPrimary);
    expect(fromPrimary.stdout.trim().split('\n')).toHaveLength(50);
    const fromReplica = await memctl(['-o', 'json', 'nodes', 'cache', '--read-from', 'replica'], { env: { MEMCTL_PASSWORD: TOKEN1 } });
    const nodes = json<Array<{ role: string; port?: number; node?: string }>>(fromReplica);
    expect(nodes.map((n) => n.role)).toEqual(['replica']);
    expect(JSON.stringify(nodes)).toContain(String(group.readerEndpoint.port));
    // Through the primary endpoint, every member shows: the primary and its two replicas.
    const all = json<Array<{ role: string; port?: number }>>(await memctl(['-o', 'json', 'nodes', 'cache'], { env: { MEMCTL_PASSWORD: TOKEN1 } }));
    expect(all.map((n) => n.role).sort()).toEqual(['primary', 'replica', 'replica']);
    expect(all.map((n) => n.port).sort()).toEqual(group.shards.flatMap((s) => s.nodes.map((n) => n.endpoint.port)).sort());
    expectCleanError(await memctl(['keys', 'scan', 'cache']), 4, /authentication failed/);
  });

  it('cannot be sharded; scale changes replicas', async () => {
    expectCleanError(await memctl(['scale', 'cache', '--shards', '2']), 2, /cluster mode disabled/);
    const scaled = json<GroupJson>(await memctl(['-q', '--yes', 'scale', 'cache', '--replicas', '1', '--wait', '-o', 'json']));
    expect(scaled.replicasPerShard).toBe(1);
    expect(scaled.shards[0]?.nodes).toHaveLength(2);
  });

  it('fails over its node group: the replica becomes the primary and the primary endpoint follows (its only node group needs no --shard)', async () => {
    const before = group.shards[0]?.nodes.find((n) => n.role === 'primary')?.name;
    const out = json<{ cluster: GroupJson; writeProbe?: { acknowledged: number; lostAcknowledgedWrites: boolean; writeUnavailableMs: number } }>(
      await memctl(['-q', '--yes', 'failover', 'cache', '--wait', '-o', 'json']),
    );
    // The write probe follows the primary endpoint to the new primary and loses nothing.
    expect(out.writeProbe?.acknowledged).toBeGreaterThan(0);
    expect(out.writeProbe?.lostAcknowledgedWrites).toBe(false);
    expect(out.writeProbe?.writeUnavailableMs).toBeLessThan(10_000);
    const primary = out.cluster.shards[0]?.nodes.find((n) => n.role === 'primary');
    expect(primary?.name).toBeDefined();
    expect(primary?.name).not.toBe(before);
    expect(out.cluster.primaryEndpoint).toEqual(primary?.endpoint);
    expect(await tryAuth(out.cluster.primaryEndpoint, TOKEN1)).toBe('ok');
    group = out.cluster;
  });
});

describe('rotate-auth-token', () => {
  const current = (): string => tokenFile('current', TOKEN1);
  const next = (): string => tokenFile('next', TOKEN2);
  const nodes = (): Endpoint[] => group().shards.flatMap((s) => s.nodes.map((n) => n.endpoint));
  let described: GroupJson;
  const group = (): GroupJson => described;

  beforeAll(async () => {
    described = json<GroupJson>(await memctl(['describe', 'cache', '-o', 'json']));
  });

  it('refuses a wrong current token (exit 4) and changes nothing', async () => {
    const wrong = await memctl(['-q', 'rotate-auth-token', 'cache', '--current-auth-token-stdin', '--auth-token-file', next()], { input: WRONG });
    expectCleanError(wrong, 4, /current token given for cache is refused by 2 node\(s\).*nothing was changed/);
    for (const endpoint of nodes()) expect(await tryAuth(endpoint, TOKEN2)).toBe('refused');
  });

  it('phase one: both tokens work on every node; running it again changes nothing', async () => {
    const r = await memctl(['rotate-auth-token', 'cache', '--current-auth-token-file', current(), '--auth-token-file', next(), '-o', 'json']);
    const report = json<{ phase: string; action: string; nodes: number; verification: Array<{ current: string; next: string }> }>(r);
    expect(report).toMatchObject({ phase: 'one', action: 'updated', nodes: 2 });
    expect(report.verification.every((v) => v.current === 'accepted' && v.next === 'accepted')).toBe(true);
    expect(r.stderr).toContain('then run: memctl --service elasticache --local rotate-auth-token cache --finish');
    for (const endpoint of nodes()) {
      expect(await tryAuth(endpoint, TOKEN1)).toBe('ok');
      expect(await tryAuth(endpoint, TOKEN2)).toBe('ok');
    }
    const again = json<{ action: string }>(await memctl(['rotate-auth-token', 'cache', '--current-auth-token-file', current(), '--auth-token-file', next(), '-o', 'json']));
    expect(again.action).toBe('already-done');
  });

  it('--finish needs --yes without a terminal', async () => {
    expectCleanError(await memctl(['rotate-auth-token', 'cache', '--current-auth-token-file', current(), '--auth-token-file', next(), '--finish']), 2, /--yes/);
  });

  it('phase two (--finish): only the new token works anywhere; again is a no-op; phase one now says it is finished', async () => {
    // Both tokens from stdin: the current one first, then the new one.
    const r = await memctl(['--yes', 'rotate-auth-token', 'cache', '--current-auth-token-stdin', '--auth-token-stdin', '--finish', '-o', 'json'], { input: `${TOKEN1}\n${TOKEN2}\n` });
    const report = json<{ phase: string; action: string; verification: Array<{ current: string; next: string }> }>(r);
    expect(report).toMatchObject({ phase: 'two', action: 'updated' });
    expect(report.verification.every((v) => v.current === 'refused' && v.next === 'accepted')).toBe(true);
    for (const endpoint of nodes()) {
      expect(await tryAuth(endpoint, TOKEN1)).toBe('refused');
      expect(await tryAuth(endpoint, TOKEN2)).toBe('ok');
    }
    const again = json<{ action: string }>(await memctl(['--yes', 'rotate-auth-token', 'cache', '--current-auth-token-file', current(), '--auth-token-file', next(), '--finish', '-o', 'json']));
    expect(again.action).toBe('already-done');
    expectCleanError(await memctl(['-q', 'rotate-auth-token', 'cache', '--current-auth-token-file', current(), '--auth-token-file', next()]), 6, /already finished/);
  });

  it('a group without a token has nothing to rotate (exit 6)', async () => {
    expectOk(await memctl(['-q', 'create', 'open', '--cluster-mode', 'disabled', '--replicas', '0', '--wait']));
    expectCleanError(await memctl(['-q', 'rotate-auth-token', 'open', '--current-auth-token-file', current(), '--auth-token-file', next()]), 6, /not token-protected/);
  });
});

describe('a generated AUTH token', () => {
  it('is printed once, in the output of create, and works', async () => {
    const r = await memctl(['-q', 'create', 'gen', '--cluster-mode', 'disabled', '--replicas', '0', '--generate-auth-token', '--wait', '-o', 'json']);
    const created = json<GroupJson>(r);
    const token = created.authToken as string;
    expect(token).toMatch(/^[A-Za-z0-9!&#$^<>-]{32}$/);
    expect(await tryAuth(created.primaryEndpoint, token)).toBe('ok');
    const described = await memctl(['describe', 'gen', '-o', 'json']);
    expect(described.stdout).not.toContain(token);
    // Shown once: keep it out of the whole-suite scan's way, and out of this file's.
    outputs.splice(outputs.indexOf(r.stdout), 1);
  });
});
