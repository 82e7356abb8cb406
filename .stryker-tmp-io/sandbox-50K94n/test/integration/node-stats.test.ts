// @ts-nocheck
// nodes and slowlog against real redis-server: a standalone server that logs every command
// (slowlog-log-slower-than 0 on its command line) and a local 2x1 TLS cluster.
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-memorydb';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStandalone } from '../../src/lib/redis/connect.js';
import { collectNodeStats, type NodeStats } from '../../src/lib/redis/node-stats.js';
import { readSlowlogs } from '../../src/lib/redis/slowlog.js';
import { openNodes, type NodeHandle, type ResolvedTarget } from '../../src/lib/redis/target.js';
import { adminConnection, eventually, freePort, startPlane, type TestPlane } from '../helpers/local.js';

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

describe('standalone redis-server', () => {
  let server: ChildProcess;
  let port: number;
  let admin: Redis;
  const target = (): ResolvedTarget => ({ label: `redis://127.0.0.1:${port}`, seed: { address: '127.0.0.1', port }, tls: null, readFrom: 'primary', db: 0 });

  beforeAll(async () => {
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--slowlog-log-slower-than', '0', '--slowlog-max-len', '1024'], {
      stdio: 'ignore',
    });
    // The server takes a moment to listen; a standalone client does not reconnect, so retry fresh ones.
    admin = await eventually(async () => {
      const client = connectStandalone({ host: '127.0.0.1', port, tls: null });
      try {
        await client.ping();
        return client;
      } catch {
        client.disconnect();
        return undefined;
      }
    }, 10_000);
  });

  afterAll(() => {
    admin.disconnect();
    if (server.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGKILL');
  });

  it('reports keys, role, slots, memory and a hit ratio from known hits and misses', async () => {
    await admin.call('CONFIG', 'RESETSTAT');
    const opened = await openNodes(target());
    try {
      expect(opened.cluster).toBe(false);
      const [empty] = await collectNodeStats(opened.nodes, false);
      expect(empty?.hitRatio).toBeNull();

      const pipeline = admin.pipeline();
      for (let i = 0; i < 250; i++) pipeline.set(`k:${i}`, `value-${i}`);
      await pipeline.exec();
      for (const key of ['k:1', 'k:2', 'k:3']) expect(await admin.get(key)).not.toBeNull();
      expect(await admin.get('missing')).toBeNull();

      const [s] = await collectNodeStats(opened.nodes, false);
      expect(s).toMatchObject({ address: '127.0.0.1', port, role: 'primary', status: 'ok', keys: 250, slots: { ranges: ['0-16383'], count: 16384 }, hits: 3, misses: 1, hitRatio: 0.75, engine: 'redis' });
      expect(s?.engineVersion).toMatch(/^\d+\.\d+/);
      expect(s?.memory?.usedBytes).toBeGreaterThan(0);
      expect(s?.memory?.peakBytes).toBeGreaterThanOrEqual(s?.memory?.usedBytes ?? 0);
      expect(s?.memory?.maxBytes).toBe(0);
      expect(s?.clients).toBeGreaterThanOrEqual(2);
      expect(typeof s?.opsPerSec).toBe('number');
      expect(s?.uptimeMs).toBeGreaterThanOrEqual(0);
      expect((s?.uptimeMs ?? 1) % 1000).toBe(0);
      expect(s?.replication).toBeUndefined();
    } finally {
      opened.close();
    }
  });

  it('shows a node that does not answer as unreachable', async () => {
    const dead = await freePort();
    const handle: NodeHandle = { id: 'dead', address: '127.0.0.1', port: dead, role: 'primary', client: connectStandalone({ host: '127.0.0.1', port: dead, tls: null }) };
    try {
      const [s] = await collectNodeStats([handle], false, { timeoutMs: 2000 });
      expect(s).toMatchObject({ id: 'dead', status: 'unreachable' });
      expect(s?.error).toBeTruthy();
      expect(s?.keys).toBeUndefined();
    } finally {
      handle.client.disconnect();
    }
  });

  it('reads the slow log with escaped, truncated and redacted arguments', async () => {
    await admin.call('SLOWLOG', 'RESET');
    await admin.call('CLIENT', 'SETNAME', 'stats-test');
    await admin.set('line\nbreak\u0007', 'x'.repeat(100));
    await admin.call('AUTH', 'hunter2-secret').catch(() => undefined);
    await admin.call('HELLO', '2', 'AUTH', 'default', 'hello-secret-pw').catch(() => undefined);
    await admin.call('ECHO', 'AUTH echo-secret-pw');
    const opened = await openNodes(target());
    try {
      const { entries, failed } = await readSlowlogs(opened.nodes, 100);
      expect(failed).toEqual([]);
      const all = JSON.stringify(entries);
      if (process.env.MEMCTL_TEST_LOG === '1') console.error(entries.map((e) => e.command).join('\n'));
      for (const secret of ['hunter2-secret', 'hello-secret-pw', 'echo-secret-pw']) expect(all).not.toContain(secret);
      const set = entries.find((e) => e.args[0]?.toUpperCase() === 'SET');
      expect(set?.args[1]).toBe('line\\nbreak\\x07');
      expect(set?.args[2]).toMatch(/^x{64}\.\.\.\(\+36\)$/);
      expect(set).toMatchObject({ node: `127.0.0.1:${port}`, clientName: 'stats-test' });
      expect(set?.clientAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      // Milliseconds to the microsecond, the one duration unit of JSON output.
      expect(set?.durationMs).toBeGreaterThanOrEqual(0);
      expect(Math.round((set?.durationMs ?? 0) * 1000)).toBe((set?.durationMs ?? 0) * 1000);
      expect(set?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      const auth = entries.find((e) => e.args[0]?.toUpperCase() === 'AUTH');
      if (auth !== undefined) expect(auth.command).toMatch(/^AUTH (\[REDACTED\]|\(redacted\))$/i);
      // Oldest first, and ids increase within the node.
      const ids = entries.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      opened.close();
    }
  });
});

describe('local 2x1 cluster', () => {
  let t: TestPlane;
  let target: ResolvedTarget;

  beforeAll(async () => {
    t = await startPlane();
    await t.client.send(new CreateClusterCommand({ ClusterName: 'stats', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 1 }));
    const cluster = await eventually(async () => {
      const c = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'stats' }))).Clusters?.[0];
      return c?.Status === 'available' ? c : undefined;
    }, 40_000);
    const ca = readFileSync(join(t.stateDir, 'tls', 'ca.crt'));
    target = { label: 'stats', seed: { address: '127.0.0.1', port: cluster.ClusterEndpoint?.Port ?? 0 }, tls: { ca, rejectUnauthorized: true }, readFrom: 'primary', db: 0 };
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('reports every node sorted by shard, with slots, keys and replica lag', async () => {
    const opened = await openNodes(target, { inventory: true });
    try {
      const primaries = opened.nodes.filter((n) => n.role === 'primary');
      // Write through each primary directly (hash tags choose the slot) so DBSIZE is known.
      const written = new Map<string, number>();
      for (const p of primaries) {
        const slots = String(await p.client.call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself')) ?? '';
        let count = 0;
        for (let i = 0; count < 40 && i < 5000; i++) {
          const key = `n{${i}}`;
          const slot = Number(await p.client.call('CLUSTER', 'KEYSLOT', key));
          const range = slots.split(' ').slice(8).map((r) => r.split('-').map(Number));
          if (!range.some(([a = -1, b = a]) => slot >= a && slot <= b)) continue;
          await p.client.set(key, 'v');
          count++;
        }
        written.set(p.id, count);
      }
      await sleep(300);
      const stats = await collectNodeStats(opened.nodes, true);
      expect(stats.map((s) => s.role)).toEqual(['primary', 'replica', 'primary', 'replica']);
      expect(stats.every((s) => s.status === 'ok')).toBe(true);
      expect(stats.map((s) => s.slots?.ranges)).toEqual([['0-8191'], ['0-8191'], ['8192-16383'], ['8192-16383']]);
      expect(stats.map((s) => s.slots?.count)).toEqual([8192, 8192, 8192, 8192]);
      const [p1, r1, p2, r2] = stats as [NodeStats, NodeStats, NodeStats, NodeStats];
      expect(r1.primaryId).toBe(p1.id);
      expect(r1.primary).toBe(`${p1.address}:${p1.port}`);
      expect(r2.primaryId).toBe(p2.id);
      expect(p1.keys).toBe(written.get(p1.id));
      expect(p2.keys).toBe(written.get(p2.id));
      await eventually(async () => {
        const again = await collectNodeStats(opened.nodes, true);
        return again[1]?.keys === written.get(p1.id) ? true : undefined;
      }, 10_000);
      for (const r of [r1, r2]) {
        expect(r.replication?.linkStatus).toBe('up');
        expect(typeof r.replication?.lagBytes).toBe('number');
        expect(r.replication?.lagBytes).toBeGreaterThanOrEqual(0);
        expect(typeof r.replication?.lastIoAgoMs).toBe('number');
      }
      expect(p1.replication).toBeUndefined();
    } finally {
      opened.close();
    }
  });

  it('merges the slow logs of all nodes by time, newest last', async () => {
    const opened = await openNodes(target, { inventory: true });
    try {
      // CONFIG is for the service only: the test sets it as the plane's own user, as an operator would.
      for (const n of opened.nodes) {
        const admin = await adminConnection(t.stateDir, 'stats', n.port);
        try {
          await admin.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
        } finally {
          admin.disconnect();
        }
        await n.client.call('SLOWLOG', 'RESET');
      }
      const [a, b] = opened.nodes.filter((n) => n.role === 'primary') as [NodeHandle, NodeHandle];
      // Redis logs whole seconds: space the markers so their order is unambiguous.
      await a.client.call('ECHO', 'marker-1');
      await sleep(1100);
      await b.client.call('ECHO', 'marker-2');
      await sleep(1100);
      await a.client.call('ECHO', 'marker-3');
      const { entries, failed } = await readSlowlogs(opened.nodes, 128);
      expect(failed).toEqual([]);
      const markers = entries.filter((e) => /^marker-\d$/.test(e.args[1] ?? ''));
      expect(markers.map((e) => e.args[1])).toEqual(['marker-1', 'marker-2', 'marker-3']);
      expect(markers.map((e) => e.node)).toEqual([`${a.address}:${a.port}`, `${b.address}:${b.port}`, `${a.address}:${a.port}`]);
      const times = entries.map((e) => e.timestamp);
      expect(times).toEqual([...times].sort((x, y) => x - y));
    } finally {
      for (const n of opened.nodes) {
        const admin = await adminConnection(t.stateDir, 'stats', n.port);
        await admin.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000').catch(() => undefined);
        admin.disconnect();
      }
      opened.close();
    }
  });
});
