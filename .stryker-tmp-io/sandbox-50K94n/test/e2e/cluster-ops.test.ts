// @ts-nocheck
// E2E: scale, failover, snapshots and events through bin/memctl against the local control plane,
// for MemoryDB clusters and ElastiCache replication groups (cluster mode enabled) alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { clusterClient, freePort, tempDir } from '../helpers/local.js';
import { SERVICES } from '../helpers/services.js';

interface ClusterJson {
  name: string;
  status: string;
  shardCount: number;
  replicasPerShard: number;
  endpoint: { address: string; port: number };
  shards: Array<{ id: string; slots: string; nodes: Array<{ name: string; role?: string }> }>;
}

const json = <T>(r: RunResult): T => {
  expect(r.code, show(r)).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe.each(SERVICES)('cluster operations ($name)', (svc) => {
  const stateDir = tempDir(`e2e-ops-${svc.name}`);
  let env: NodeJS.ProcessEnv;
  const memctl = (args: string[], timeoutMs = 120_000): Promise<RunResult> => runMemctl([...svc.local, ...args], { env, timeoutMs });
  const NODE_TYPE = svc.name === 'memorydb' ? 'db.r7g.large' : 'cache.r7g.large';
  let port = 0;

  beforeAll(async () => {
    env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) });
    // Not the default node type: a restore must keep it.
    const created = json<ClusterJson>(await memctl(['-q', 'create', 'ops', '--shards', '2', '--replicas', '1', '--node-type', NODE_TYPE, '--wait', '-o', 'json']));
    port = created.endpoint.port;
    const redis = clusterClient(stateDir, port);
    try {
      for (let i = 0; i < 500; i++) await redis.set(`ops:${i}`, `v${i}`);
    } finally {
      redis.disconnect();
    }
  });

  afterAll(async () => {
    await runMemctl(['local', 'down', '-q'], { env, timeoutMs: 60_000 });
  });

  async function countKeys(): Promise<number> {
    const redis = clusterClient(stateDir, port);
    try {
      let found = 0;
      for (let i = 0; i < 500; i++) if ((await redis.get(`ops:${i}`)) === `v${i}`) found++;
      return found;
    } finally {
      redis.disconnect();
    }
  }

  describe('scale', () => {
    it('--dry-run prints the plan and changes nothing', async () => {
      const plan = json<{ dryRun: boolean; nodesAdded: number; reshard: { movedSlots: number; moves: Array<{ from: string; to: string }> } }>(
        await memctl(['scale', 'ops', '--shards', '3', '--dry-run', '-o', 'json']),
      );
      expect(plan).toMatchObject({ dryRun: true, nodesAdded: 2, reshard: { movedSlots: 5461 } });
      expect(plan.reshard.moves.every((m) => m.to === '0003')).toBe(true);
      const after = json<ClusterJson>(await memctl(['describe', 'ops', '-o', 'json']));
      expect(after.shardCount).toBe(2);
      const text = await memctl(['scale', 'ops', '--shards', '3', '--dry-run', '-o', 'table']);
      expectOk(text);
      expect(text.stdout).toContain('Slot moves');
    });

    it('2 → 3 shards online with --wait, keys kept; scaling to the current size is a no-op', async () => {
      const r = await memctl(['scale', 'ops', '--shards', '3', '--wait', '-o', 'json']);
      const c = json<ClusterJson>(r);
      expect(c.shardCount).toBe(3);
      expect(c.status).toBe('available');
      expect(r.stderr).toMatch(new RegExp(svc.busy));
      expect(await countKeys()).toBe(500);
      const noop = await memctl(['scale', 'ops', '--shards', '3', '-o', 'json']);
      expect(json<ClusterJson>(noop).shardCount).toBe(3);
      expect(noop.stderr).toContain('already has what was asked; nothing to do');
    });

    it('refuses bad sizes before any call', async () => {
      expectCleanError(await memctl(['scale', 'ops', '--shards', '501']), 2, /--shards must be between 1 and 500/);
      expectCleanError(await memctl(['scale', 'ops', '--replicas', '6']), 2, /--replicas must be between 0 and 5/);
      expectCleanError(await memctl(['scale', 'ops']), 2, /nothing to scale/);
      expectCleanError(await memctl(['scale', 'ghost', '--shards', '2']), 3, /not found/);
    });

    it('engine upgrades: planned with --dry-run, never downward, refused locally saying why', async () => {
      const plan = json<{ changes: Array<{ kind: string; from: string; to: string }> }>(await memctl(['scale', 'ops', '--engine', 'valkey', '--dry-run', '-o', 'json']));
      expect(plan.changes).toEqual([{ kind: 'engine', from: expect.stringMatching(/^redis \d/) as unknown, to: 'valkey (its default version)' }]);
      expectCleanError(await memctl(['scale', 'ops', '--engine-version', '6.0']), 2, /engine versions only go up, not to 6\.0/);
      expectCleanError(await memctl(['scale', 'ops', '--engine-version', 'seven']), 2, /invalid --engine-version "seven"/);
      expectCleanError(await memctl(['scale', 'ops', '--engine', 'memcached']), 2, /invalid --engine "memcached"/);
      // No binary is installed for the target version: refused (no silent 200), naming what to set.
      const refused = await memctl(['--yes', 'scale', 'ops', '--engine', 'valkey']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/Cannot upgrade ops to valkey [\d.]+: no valkey [\d.]+ binary is installed .*MEMCTL_REDIS_SERVER_VALKEY_\d+_\d+/);
    });

    it('scale in needs --yes without a terminal; while it runs other changes exit 6; --wait resumes it', async () => {
      expectCleanError(await memctl(['scale', 'ops', '--shards', '2']), 2, /--yes/);
      // Draining a shard's slots takes seconds: long enough to find the cluster busy.
      expectOk(await memctl(['-q', '--yes', 'scale', 'ops', '--shards', '2']));
      expectCleanError(await memctl(['--yes', 'scale', 'ops', '--replicas', '2']), 6, new RegExp(svc.busy));
      expectCleanError(await memctl(['--yes', 'failover', 'ops', '--shard', '0001']), 6, new RegExp(svc.busy));
      // Resuming with --wait lets the change in progress finish first.
      const back = json<ClusterJson>(await memctl(['-q', '--yes', 'scale', 'ops', '--shards', '2', '--wait', '-o', 'json']));
      expect(back.shardCount).toBe(2);
      expect(await countKeys()).toBe(500);
      const done = json<ClusterJson>(await memctl(['-q', 'scale', 'ops', '--replicas', '2', '--wait', '-o', 'json']));
      expect(done.replicasPerShard).toBe(2);
    });
  });

  describe('failover', () => {
    it('needs --yes without a terminal, and exits 3 for an unknown shard', async () => {
      expectCleanError(await memctl(['failover', 'ops', '--shard', '0001']), 2, /--yes/);
      expectCleanError(await memctl(['--yes', 'failover', 'ops', '--shard', '0042']), 3, /no shard "0042"/);
      expectCleanError(await memctl(['--yes', 'failover', 'ops']), 2, /--shard is required/);
    });

    it('--wait promotes a replica, measures the write pause and loses no acknowledged write', async () => {
      const before = json<ClusterJson>(await memctl(['describe', 'ops', '-o', 'json']));
      const oldPrimary = before.shards[0]?.nodes.find((n) => n.role === 'primary')?.name;
      const r = await memctl(['--yes', 'failover', 'ops', '--shard', '0001', '--wait', '-o', 'json']);
      const out = json<{ cluster: ClusterJson; writeProbe: { writeUnavailableMs: number; acknowledged: number; lostAcknowledgedWrites: boolean } }>(r);
      expect(out.writeProbe.acknowledged).toBeGreaterThan(0);
      expect(out.writeProbe.lostAcknowledgedWrites).toBe(false);
      expect(out.writeProbe.writeUnavailableMs).toBeLessThan(5000);
      expect(r.stderr).toMatch(/writes to shard 0001 were refused for at most \d+\.\d\d s/);
      const after = json<ClusterJson>(await memctl(['describe', 'ops', '-o', 'json']));
      const newPrimary = after.shards[0]?.nodes.find((n) => n.role === 'primary')?.name;
      expect(newPrimary).toBeDefined();
      expect(newPrimary).not.toBe(oldPrimary);
      // The probe leaves nothing behind in the user's keyspace (nor, then, in its snapshots).
      const left = json<unknown[]>(await memctl(['-q', 'keys', 'scan', 'ops', '--match', 'memctl:*', '-o', 'json']));
      expect(left).toEqual([]);
    });
  });

  describe('snapshots', () => {
    it('create --wait, list, describe, copy --bucket, restore, and the refusals', async () => {
      const snap = json<{ name: string; status: string; shardCount: number; shards: Array<{ slots: string }> }>(
        await memctl(['-q', 'snapshot', 'create', 'ops', 'ops-snap', '--wait', '-o', 'json']),
      );
      expect(snap).toMatchObject({ name: 'ops-snap', status: 'available', shardCount: 2 });
      const listed = json<Array<{ name: string }>>(await memctl(['snapshot', 'list', '--cluster', 'ops', '-o', 'json']));
      expect(listed.map((s) => s.name)).toContain('ops-snap');
      expectCleanError(await memctl(['snapshot', 'describe', 'nope']), 3, /not found/);
      const copy = json<{ status: string }>(await memctl(['-q', 'snapshot', 'copy', 'ops-snap', 'ops-copy', '--bucket', 'backups', '--wait', '-o', 'json']));
      expect(copy.status).toBe('available');
      expectCleanError(await memctl(['snapshot', 'copy', 'ops-snap', 'ops-copy2', '--bucket', 'Bad_Bucket']), 2, /--bucket/);

      // The request comes from the snapshot: its node type and replicas, unless a flag says otherwise.
      const plan = json<{ dryRun: boolean; request: { nodeType: string; replicas: number }; from: Record<string, string> }>(await memctl(['create', 'x', '--from-snapshot', 'ops-snap', '--dry-run', '-o', 'json']));
      // (ops has 2 replicas per shard by now: the scale tests above added one.)
      expect(plan).toMatchObject({ dryRun: true, request: { nodeType: NODE_TYPE, replicas: 2 }, from: { 'node type': 'snapshot', replicas: 'snapshot' } });
      expect((await memctl(['describe', 'x'])).code).toBe(3);
      const restored = json<ClusterJson & { nodeType: string }>(await memctl(['-q', 'snapshot', 'restore', 'ops-snap', 'ops-restored', '--replicas', '0', '--wait', '-o', 'json']));
      expect(restored.shardCount).toBe(2);
      expect(restored.nodeType).toBe(NODE_TYPE);
      expect(restored.replicasPerShard).toBe(0);
      const redis = clusterClient(stateDir, restored.endpoint.port);
      try {
        expect(await redis.get('ops:499')).toBe('v499');
        expect(await redis.dbsize()).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
      expectCleanError(await memctl(['snapshot', 'restore', 'ops-snap', 'ops-restored']), 6, /already exists/);
      expectCleanError(await memctl(['create', 'x', '--from-snapshot', 'ops-snap', '--shards', '3']), 2, /--from-snapshot/);
      expectCleanError(await memctl(['snapshot', 'delete', 'ops-copy']), 2, /--yes/);
      const deleted = json<{ status: string }>(await memctl(['--yes', '-q', 'snapshot', 'delete', 'ops-copy', '--wait', '-o', 'json']));
      expect(deleted.status).toBe('deleted');
    });

    it('delete --final-snapshot keeps the data in a snapshot', async () => {
      const r = json<{ status: string; finalSnapshot: string }>(await memctl(['--yes', '-q', 'delete', 'ops-restored', '--final-snapshot', 'ops-restored-final', '--wait', '-o', 'json']));
      expect(r).toMatchObject({ status: 'deleted', finalSnapshot: 'ops-restored-final' });
      const final = json<{ status: string; clusterName: string }>(await memctl(['snapshot', 'describe', 'ops-restored-final', '-o', 'json']));
      expect(final).toMatchObject({ status: 'available', clusterName: 'ops-restored' });
    });
  });

  describe('events', () => {
    it('lists what happened, newest last, and refuses more than 14 days', async () => {
      const events = json<Array<{ date: string; sourceName: string; message: string }>>(await memctl(['events', '--cluster', 'ops', '--since', '2h', '-o', 'json']));
      const messages = events.map((e) => e.message);
      for (const [what, pattern] of [
        ['created', svc.events.created],
        ['scaled', svc.events.scaled],
        ['failed over', svc.events.failedOver],
        ['snapshot', svc.events.snapshot('ops-snap', 'ops')],
      ] as const) {
        expect(messages.some((m) => pattern.test(m)), `no "${what}" event in ${JSON.stringify(messages)}`).toBe(true);
      }
      const dates = events.map((e) => Date.parse(e.date));
      expect([...dates].sort((a, b) => a - b)).toEqual(dates);
      expectCleanError(await memctl(['events', '--since', '15d']), 2, /14 days/);
      expectCleanError(await memctl(['events', '--type', 'bogus']), 2, /--type/);
    });
  });
});
