// E2E: data-plane commands as least-privilege users (the access strings of docs/permissions.md)
// on a local 2x1 cluster with an ACL: scan, get, analyze (from primaries and from replicas) and
// bench succeed with exact totals; a command missing a permission exits 4 naming what to add.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, registerTestSecret, runMemctl, type RunResult } from '../helpers/cli.js';
import { adminConnection, eventually, freePort, tempDir } from '../helpers/local.js';

const PASSWORDS = { writer: 'writer-pass-0123456789abc', reader: 'reader-pass-0123456789abc', bencher: 'bench-pass-0123456789abc', tiny: 'tiny-pass-0123456789abcde' };
const ACCESS = {
  writer: 'on ~* +@all',
  reader: 'on ~app:* +@read +@connection +cluster|slots',
  bencher: 'on ~memctl-bench:* +@read +@write +@connection +cluster|slots +unlink',
  tiny: 'on ~app:* +get',
};

describe('least-privilege users', () => {
  const stateDir = tempDir('e2e-lp');
  const home = tempDir('e2e-lp-home');
  let env: NodeJS.ProcessEnv;
  const files: Record<string, string> = {};
  const memctl = (args: string[], timeoutMs = 60_000): Promise<RunResult> => runMemctl(['--local', ...args], { env, timeoutMs });
  const as = (user: keyof typeof PASSWORDS): string[] => ['--user', user, '--password-file', files[user] as string];

  beforeAll(async () => {
    env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
    for (const [user, password] of Object.entries(PASSWORDS)) {
      registerTestSecret(password);
      files[user] = join(home, `${user}.pw`);
      writeFileSync(files[user] as string, password, { mode: 0o600 });
      expectOk(await memctl(['-q', 'users', 'create', user, '--access-string', ACCESS[user as keyof typeof ACCESS], '--password-file', files[user] as string, '--wait']));
    }
    expectOk(await memctl(['-q', 'acls', 'create', 'lp', '--user', 'writer,reader,bencher,tiny', '--wait']));
    const created = await memctl(['-q', 'create', 'lp', '--shards', '2', '--replicas', '1', '--acl', 'lp', '--no-tls', '--wait', '-o', 'json'], 90_000);
    expectOk(created);
    const port = (JSON.parse(created.stdout) as { endpoint: { port: number } }).endpoint.port;
    // 300 strings and 100 hashes under app:, and 50 keys the readers may not see.
    const { Cluster } = await import('ioredis');
    const writer = new Cluster([{ host: '127.0.0.1', port }], { redisOptions: { username: 'writer', password: PASSWORDS.writer } });
    for (let i = 0; i < 300; i++) await writer.set(`app:s:${i}`, `v${i}`);
    for (let i = 0; i < 100; i++) await writer.hset(`app:h:${i}`, 'f', String(i));
    for (let i = 0; i < 50; i++) await writer.set(`other:${i}`, 'x');
    writer.disconnect();
    // Replicas have it all before anyone reads them: WAIT on every primary.
    const described = await memctl(['describe', 'lp', '-o', 'json']);
    const shards = (JSON.parse(described.stdout) as { shards: Array<{ nodes: Array<{ role?: string; endpoint: { port: number } }> }> }).shards;
    for (const shard of shards) {
      const primary = shard.nodes.find((n) => n.role === 'primary') ?? shard.nodes[0];
      const admin = await adminConnection(stateDir, 'lp', primary?.endpoint.port as number, false);
      expect(Number(await admin.call('WAIT', '1', '5000'))).toBe(1);
      admin.disconnect();
    }
    // A replica is listed for reads (CLUSTER SLOTS) once gossip tells its offset, a moment after.
    const admin = await adminConnection(stateDir, 'lp', port, false);
    await eventually(async () => {
      const ranges = (await admin.call('CLUSTER', 'SLOTS')) as unknown[][];
      return ranges.length === 2 && ranges.every((r) => r.length >= 4) ? true : undefined;
    }, 20_000, 100);
    admin.disconnect();
  }, 180_000);

  afterAll(async () => {
    await runMemctl(['local', 'down', '-q'], { env, timeoutMs: 60_000 });
  });

  it('keys scan sees exactly its keys, from primaries and from replicas, with every column', async () => {
    for (const readFrom of ['primary', 'replica', 'prefer-replica']) {
      const r = await memctl(['-q', 'keys', 'scan', 'lp', '--match', 'app:*', '--read-from', readFrom, '--columns', 'type,ttl,memory,length', '-o', 'json', ...as('reader')]);
      expectOk(r);
      const keys = JSON.parse(r.stdout) as Array<{ key: string; type: string; node: string }>;
      expect(keys, readFrom).toHaveLength(400);
      expect(new Set(keys.map((k) => k.type))).toEqual(new Set(['string', 'hash']));
    }
  });

  it('keys get and analyze succeed; analyze counts every key of its pattern', async () => {
    const got = await memctl(['-q', 'keys', 'get', 'lp', 'app:h:7', '-o', 'json', ...as('reader')]);
    expectOk(got);
    expect(JSON.parse(got.stdout)).toMatchObject({ type: 'hash' });
    // From a replica: the node that answered is one the cluster lists as a replica.
    const fromReplica = await memctl(['-q', 'keys', 'get', 'lp', 'app:h:7', '--read-from', 'replica', '-o', 'json', ...as('reader')]);
    expectOk(fromReplica);
    const answered = (JSON.parse(fromReplica.stdout) as { node: string; type: string }).node;
    const nodes = JSON.parse((await memctl(['-q', 'nodes', 'lp', '-o', 'json', ...as('writer')])).stdout) as Array<{ address: string; port: number; role: string }>;
    expect(nodes.find((n) => `${n.address}:${n.port}` === answered)?.role).toBe('replica');
    expect(JSON.parse(fromReplica.stdout)).toMatchObject({ type: 'hash', value: [{ field: 'f', value: '7' }] });
    for (const readFrom of ['primary', 'replica']) {
      const r = await memctl(['-q', 'analyze', 'lp', '--match', 'app:*', '--read-from', readFrom, '-o', 'json', ...as('reader')]);
      expectOk(r);
      const report = JSON.parse(r.stdout) as { complete: boolean; totals: { keys: number } };
      expect(report.complete).toBe(true);
      expect(report.totals.keys, readFrom).toBe(400);
    }
  });

  it('bench runs with its own user and removes its keys', async () => {
    const r = await memctl(['-q', '--yes', 'bench', 'lp', '--requests', '2000', '--cleanup', '-o', 'json', ...as('bencher')]);
    expectOk(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'memctl-bench', complete: true });
  });

  it('--debug logs each Redis command (node, name, keys, latency), never an argument', async () => {
    const r = await memctl(['--debug', '-q', 'keys', 'get', 'lp', 'app:s:1', ...as('reader')]);
    expectOk(r);
    expect(r.stderr).toMatch(/^\[debug\] redis 127\.0\.0\.1:\d+ CLUSTER SLOTS keys=0 args=1 \d+\.\d\d ms ok$/m);
    expect(r.stderr).toMatch(/^\[debug\] redis 127\.0\.0\.1:\d+ AUTH \[REDACTED\] \d+\.\d\d ms ok$/m);
    expect(r.stderr).toMatch(/^\[debug\] redis 127\.0\.0\.1:\d+ TYPE keys=1 args=1 /m);
    expect(r.stderr).not.toContain(PASSWORDS.reader);
    expect(r.stderr).not.toContain('app:s:1');
    // The sweeps' own connections log each batch by command names and counts.
    const a = await memctl(['--debug', '-q', 'analyze', 'lp', '--match', 'app:*', '-o', 'json', ...as('reader')]);
    expectOk(a);
    expect(a.stderr).toMatch(/^\[debug\] redis 127\.0\.0\.1:\d+ SCAN commands=1 \d+\.\d\d ms ok$/m);
    // A batch's first round: TYPE, PTTL, MEMORY USAGE, and the lengths of types it could expect.
    expect(a.stderr).toMatch(/^\[debug\] redis 127\.0\.0\.1:\d+ TYPE(×\d+)? PTTL(×\d+)? MEMORY USAGE(×\d+)?( (STRLEN|HLEN|LLEN|SCARD|ZCARD|XLEN|OBJECT ENCODING)(×\d+)?)* commands=\d+ \d+\.\d\d ms ok$/m);
    expect(a.stderr).not.toContain(PASSWORDS.reader);
    expect(a.stderr).not.toMatch(/app:s:\d/);
  });

  it('a missing permission is exit 4 naming what to add', async () => {
    const slowlog = await memctl(['slowlog', 'lp', ...as('reader')]);
    expect(expectCleanError(slowlog, 4, /permission denied/)).toBeTruthy();
    expect(slowlog.stderr).toContain("add +slowlog|get to the user's access string");
    const scan = await memctl(['keys', 'scan', 'lp', ...as('tiny')]);
    expectCleanError(scan, 4, /CLUSTER SLOTS/);
    expect(scan.stderr).toContain('add +cluster|slots');
  });
});
