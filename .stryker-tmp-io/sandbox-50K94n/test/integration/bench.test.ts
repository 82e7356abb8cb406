// @ts-nocheck
// The benchmark engine against a real redis-server: exact counts and ratios (checked against the
// server's own INFO commandstats), open-loop pacing, a stalled server showing in open-loop
// latencies (no coordinated omission), dropped connections survived, worker threads with a
// password, and a local Redis Cluster redirecting with ASK during a slot migration, then MOVED.
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-memorydb';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../src/lib/redis/slot.js';
import { Engine, type EngineConfig, type EngineSummary } from '../../src/lib/redis/bench/engine.js';
import { Histogram } from '../../src/lib/redis/bench/histogram.js';
import { runBench, type BenchPlan } from '../../src/lib/redis/bench/run.js';
import { registerTestSecret } from '../helpers/cli.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';
import { adminConnection, eventually, startPlane } from '../helpers/local.js';

let server: StandaloneServer;

beforeAll(async () => {
  server = await startStandalone();
});

afterAll(async () => {
  await server?.stop();
});

const setGet = (set: number, get: number, prefix = 'it-bench:'): EngineConfig['workload'] => ({
  commands: [
    { name: 'SET', args: ['SET', '__key__', '__data__'] },
    { name: 'GET', args: ['GET', '__key__'] },
  ],
  weights: [set, get],
  keyPrefix: prefix,
  dataSize: { min: 3, max: 40 },
});

function config(extra: Partial<EngineConfig>): EngineConfig {
  return {
    nodes: [{ host: '127.0.0.1', port: server.port }],
    slots: null,
    clients: 5,
    pipeline: 1,
    workload: setGet(1, 1),
    keySpace: { minimum: 0, maximum: 999, pattern: 'uniform' },
    requests: null,
    rate: null,
    warmupMs: 0,
    testTimeMs: null,
    timeoutMs: 5000,
    connect: { tls: null, db: 0, connectTimeoutMs: 3000 },
    ...extra,
  };
}

interface Totals {
  redirects: { moved: number; ask: number };
  ok: number[];
  failed: number[];
  errors: Record<string, number>;
  histograms: Histogram[];
  summary: EngineSummary;
}

/** Runs an engine in this thread, adding up its per-second reports and the final one. */
async function runEngine(c: EngineConfig, during?: () => Promise<void>): Promise<Totals> {
  const engine = new Engine(c);
  const totals = {
    ok: c.workload.commands.map(() => 0),
    failed: c.workload.commands.map(() => 0),
    errors: {} as Record<string, number>,
    redirects: { moved: 0, ask: 0 },
    histograms: c.workload.commands.map(() => new Histogram()),
  };
  const add = (r: EngineSummary['final']): void => {
    r.commands.forEach((x, i) => {
      totals.ok[i] = (totals.ok[i] ?? 0) + x.ok;
      totals.failed[i] = (totals.failed[i] ?? 0) + x.failed;
      totals.histograms[i]?.addJSON(x.histogram);
    });
    for (const [k, n] of Object.entries(r.errors)) totals.errors[k] = (totals.errors[k] ?? 0) + n;
    totals.redirects.moved += r.redirects.moved;
    totals.redirects.ask += r.redirects.ask;
  };
  engine.onTick = (t) => add(t.report);
  await engine.connect();
  const running = engine.run(Date.now());
  await during?.();
  const summary = await running;
  add(summary.final);
  return { ...totals, summary };
}

async function commandStats(): Promise<Record<string, number>> {
  const text = String(await server.client.call('INFO', 'commandstats'));
  return Object.fromEntries([...text.matchAll(/cmdstat_(\w+):calls=(\d+)/g)].map((m) => [m[1] as string, Number(m[2])]));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('closed loop', () => {
  it('sends exactly --requests at the SET:GET ratio, as the server counts them, under the prefix', async () => {
    await server.client.call('FLUSHALL');
    await server.client.call('CONFIG', 'RESETSTAT');
    const t = await runEngine(config({ requests: 3000, pipeline: 4, workload: setGet(1, 2) }));
    expect(t.ok).toEqual([1000, 2000]);
    expect(t.failed).toEqual([0, 0]);
    expect(t.histograms.map((h) => h.total)).toEqual([1000, 2000]);
    const stats = await commandStats();
    expect(stats.set).toBe(1000);
    expect(stats.get).toBe(2000);
    const keys = (await server.client.call('KEYS', '*')) as string[];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => /^it-bench:\d{1,3}$/.test(k))).toBe(true);
    const lengths = await Promise.all(keys.slice(0, 50).map((k) => server.client.strlen(k)));
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(40);
    expect(t.summary.lastCompletion).toBeGreaterThan(t.summary.measureStart);
  });

  it('does not count the warm-up', async () => {
    await server.client.call('CONFIG', 'RESETSTAT');
    const t = await runEngine(config({ requests: 500, warmupMs: 300, workload: setGet(0, 1) }));
    expect(t.ok).toEqual([0, 500]);
    expect((await commandStats()).get).toBeGreaterThan(500);
  });
});

describe('open loop', () => {
  it('--rate 2000 for 2 s sends about 4000 requests', async () => {
    const t = await runEngine(config({ rate: 2000, testTimeMs: 2000, clients: 10 }));
    const total = (t.ok[0] as number) + (t.ok[1] as number);
    expect(total).toBeGreaterThan(3600);
    expect(total).toBeLessThan(4400);
    expect(t.summary.sendLag?.count).toBe(total);
  });

  it('counts a stalled server in the latency of every request due during the stall (no coordinated omission)', async () => {
    const pause = async (): Promise<void> => {
      await sleep(700);
      await server.client.call('CLIENT', 'PAUSE', '500', 'ALL');
    };
    const slow = (t: Totals): number => {
      const all = new Histogram();
      for (const h of t.histograms) all.add(h);
      return all.toJSON().buckets.filter(([v]) => v >= 300_000).reduce((n, [, c]) => n + c, 0);
    };
    const open = await runEngine(config({ rate: 1000, testTimeMs: 2000, clients: 5, workload: setGet(0, 1) }), pause);
    const openAll = open.histograms[1] as Histogram;
    expect(openAll.max).toBeGreaterThanOrEqual(450_000);
    // Requests were due every millisecond: those due in the first ~200 ms of the pause waited 300+ ms.
    expect(slow(open)).toBeGreaterThan(100);
    // A closed loop sees the same stall in only the few requests that were in flight.
    const closed = await runEngine(config({ testTimeMs: 2000, clients: 5, workload: setGet(0, 1) }), pause);
    expect((closed.histograms[1] as Histogram).max).toBeGreaterThanOrEqual(450_000);
    expect(slow(closed)).toBeLessThanOrEqual(5);
  });
});

describe('dropped connections', () => {
  it('reconnects, counts what was lost by kind, reports an error window, and the counts add up', async () => {
    await server.client.call('CONFIG', 'RESETSTAT');
    const t = await runEngine(config({ testTimeMs: 1500, clients: 4, pipeline: 8 }), async () => {
      await sleep(500);
      await server.client.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    });
    const failed = (t.failed[0] as number) + (t.failed[1] as number);
    const ok = (t.ok[0] as number) + (t.ok[1] as number);
    expect(t.summary.reconnects).toBeGreaterThanOrEqual(4);
    expect(t.summary.windows.length).toBeGreaterThanOrEqual(1);
    expect(Object.values(t.errors).reduce((a, b) => a + b, 0)).toBe(failed);
    expect(Object.keys(t.errors).every((k) => k === 'connection')).toBe(true);
    expect(failed).toBeLessThanOrEqual(4 * 8);
    expect(t.summary.abandoned).toBeNull();
    // Requests went on after the kill, and the server saw at least every answered one.
    expect(t.summary.lastCompletion - t.summary.windows[0]!.end).toBeGreaterThan(500);
    const stats = await commandStats();
    expect((stats.set ?? 0) + (stats.get ?? 0)).toBeGreaterThanOrEqual(ok);
  });
});

describe('worker threads (dist/bench-worker.js)', () => {
  const plan = (requests: number): BenchPlan => ({
    threads: 2,
    clients: 3,
    pipeline: 2,
    workload: setGet(1, 0, 'wk:'),
    keySpace: { minimum: 0, maximum: 99, pattern: 'sequential' },
    requests,
    rate: null,
    warmupMs: 0,
    testTimeMs: null,
    timeoutMs: 5000,
  });
  const topology = (): { cluster: boolean; nodes: Array<{ host: string; port: number }>; slots: null } => ({ cluster: false, nodes: [{ host: '127.0.0.1', port: server.port }], slots: null });

  it('split the requests, log in with the password handed over, and merge their histograms', async () => {
    const password = 'bench-test-password-8c1e';
    registerTestSecret(password);
    await server.client.call('CONFIG', 'SET', 'requirepass', password);
    try {
      await server.client.call('AUTH', password);
      await server.client.call('FLUSHALL');
      const raw = await runBench(plan(2001), topology(), { tls: null, db: 0, connectTimeoutMs: 3000, password });
      expect(raw.commands.map((c) => c.ok + c.failed).reduce((a, b) => a + b, 0)).toBe(2001);
      expect(raw.commands.map((c) => c.histogram.total).reduce((a, b) => a + b, 0)).toBe(2001);
      expect(raw.threads).toHaveLength(2);
      // Sequential keys are shared by both threads: each of the 100 keys was written.
      expect(Number(await server.client.call('DBSIZE'))).toBe(100);
      const refused = await runBench(plan(10), topology(), { tls: null, db: 0, connectTimeoutMs: 3000, password: 'not-the-password' }).catch((e: Error) => e);
      expect(refused).toBeInstanceOf(Error);
      expect((refused as Error).message).toMatch(/AUTH failed: WRONGPASS/);
      expect((refused as Error).message).not.toContain('not-the-password');
    } finally {
      await server.client.call('CONFIG', 'SET', 'requirepass', '');
    }
  });
});

describe('cluster redirects', () => {
  it('follows ASK while a slot migrates and MOVED once it has moved, with no failed request', async () => {
    const t = await startPlane();
    const nodes: Redis[] = [];
    try {
      await t.client.send(new CreateClusterCommand({ ClusterName: 'ask', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 0, TLSEnabled: false }));
      const cluster = await eventually(async () => {
        const c = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'ask', ShowShardDetails: true }))).Clusters?.[0];
        return c?.Status === 'available' ? c : undefined;
      });
      const ports = (cluster.Shards ?? []).map((s) => s.Nodes?.[0]?.Endpoint?.Port as number);
      // Moving a slot by hand is for the service only: the test does it as the plane's own user.
      for (const port of ports) nodes.push(await adminConnection(t.stateDir, 'ask', port, false));
      // Every bench key shares the hash tag {ask}: one slot, owned by one of the two primaries.
      const prefix = 'bench:{ask}:';
      const slot = keySlot(prefix);
      const ids = await Promise.all(nodes.map(async (n) => String(await n.call('CLUSTER', 'MYID'))));
      const slotsReply = (await nodes[0]?.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
      const slots = new Array<number>(16384).fill(0);
      for (const [start, end, [, port]] of slotsReply) for (let i = start; i <= end; i++) slots[i] = ports.indexOf(port);
      const source = slots[slot] as number;
      const target = 1 - source;
      await nodes[target]?.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ids[source] as string);
      await nodes[source]?.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', ids[target] as string);
      const run = (): Promise<Totals> =>
        runEngine(
          config({
            nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
            slots: [...slots],
            requests: 2000,
            workload: setGet(1, 1, prefix),
            keySpace: { minimum: 0, maximum: 99, pattern: 'uniform' },
          }),
        );
      // Migrating: the source has none of these keys, so it answers every request with ASK.
      const migrating = await run();
      expect(migrating.failed).toEqual([0, 0]);
      expect(migrating.ok[0]! + migrating.ok[1]!).toBe(2000);
      expect(Number(await nodes[source]?.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)))).toBe(0);
      expect(Number(await nodes[target]?.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)))).toBeGreaterThan(0);
      expect(migrating.redirects.ask).toBeGreaterThanOrEqual(2000);
      expect(migrating.redirects.moved).toBe(0);
      // Moved: the slot now belongs to the target; the engine learns it from the first MOVED.
      for (const n of nodes) await n.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', ids[target] as string);
      const moved = await run();
      expect(moved.failed).toEqual([0, 0]);
      expect(moved.redirects.moved).toBeGreaterThan(0);
      expect(moved.redirects.moved).toBeLessThanOrEqual(5);
      expect(moved.redirects.ask).toBe(0);
    } finally {
      for (const n of nodes) n.disconnect();
      await t.stop();
    }
  });
});
