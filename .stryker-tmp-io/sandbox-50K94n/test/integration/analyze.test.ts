// @ts-nocheck
// analyze on a real standalone redis-server: the sweep equals an independent MEMORY USAGE
// reference, one-by-one (parallel 1) gives the same figures, an abort returns partial figures,
// and the bounded parts (heaps, namespace cap) behave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aggregator, namespacesOf, OTHER_NAMESPACE, TopHeap, ttlBucket, type TopKey } from '../../src/lib/redis/analyze-stats.js';
import { analyzeNodes, type AnalyzeOptions } from '../../src/lib/redis/analyze.js';
import { openNodes, type ResolvedTarget } from '../../src/lib/redis/target.js';
import { ANALYZE_TOTAL, referenceSweep, seedAnalyzeData, type Reference } from '../helpers/analyze-data.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

const OPTIONS: AnalyzeOptions = { delimiter: ':', depth: 2, top: 5, count: 10 };

describe('analyze on a standalone redis-server', () => {
  let server: StandaloneServer;
  let ref: Reference;
  const target = (): ResolvedTarget => ({ label: server.url, seed: { address: '127.0.0.1', port: server.port }, tls: null, readFrom: 'primary', db: 0 });

  beforeAll(async () => {
    server = await startStandalone();
    await seedAnalyzeData(server.client);
    ref = await referenceSweep([{ label: `127.0.0.1:${server.port}`, client: server.client }]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('matches the reference, in parallel and one node at a time', async () => {
    const opened = await openNodes(target());
    try {
      const a = await analyzeNodes(target(), opened, OPTIONS);
      const b = await analyzeNodes(target(), opened, { ...OPTIONS, parallel: 1 });
      expect(a.totals).toMatchObject({ keys: ANALYZE_TOTAL, memory: ref.memory });
      expect(Object.fromEntries(a.types.map((t) => [t.type, { keys: t.keys, memory: t.memory }]))).toEqual(ref.byType);
      // TTLs are read in milliseconds and keep running between the two sweeps: compare them in minutes.
      const steady = (r: typeof a): unknown => ({
        ...r,
        durationMs: 0,
        topByMemory: r.topByMemory.map((k) => ({ ...k, ttlMs: k.ttlMs === null ? null : Math.round(k.ttlMs / 60_000) })),
        topByLength: r.topByLength.map((k) => ({ ...k, ttlMs: k.ttlMs === null ? null : Math.round(k.ttlMs / 60_000) })),
      });
      expect(steady(b)).toEqual(steady(a));
      expect(a.topByMemory).toHaveLength(5);
    } finally {
      opened.close();
    }
  });

  it('falls back to pipelined commands when scripting is refused (ACL without EVAL)', async () => {
    await server.client.call('ACL', 'SETUSER', 'noeval', 'on', '>noeval-pw', '~*', '+@all', '-eval');
    const noeval: ResolvedTarget = { ...target(), credentials: { user: 'noeval', password: async () => 'noeval-pw' } };
    const opened = await openNodes(noeval);
    try {
      const report = await analyzeNodes(noeval, opened, OPTIONS);
      expect(report.totals).toMatchObject({ keys: ANALYZE_TOTAL, memory: ref.memory, vanished: 0 });
      expect(Object.fromEntries(report.types.map((t) => [t.type, { keys: t.keys, memory: t.memory }]))).toEqual(ref.byType);
      expect(report.encodings.reduce((s, e) => s + e.keys, 0)).toBe(Math.ceil(ANALYZE_TOTAL / 10));
    } finally {
      opened.close();
      await server.client.call('ACL', 'DELUSER', 'noeval');
    }
  });

  it('an abort stops the sweep and returns partial figures', async () => {
    const opened = await openNodes(target());
    try {
      const controller = new AbortController();
      const report = await analyzeNodes(target(), opened, {
        ...OPTIONS,
        count: 1,
        signal: controller.signal,
        onBatch: (scanned) => {
          if (scanned >= 7) controller.abort();
        },
      });
      expect(report.complete).toBe(false);
      expect(report.totals.keys).toBeGreaterThanOrEqual(7);
      expect(report.totals.keys).toBeLessThan(ANALYZE_TOTAL);
    } finally {
      opened.close();
    }
  });
});

describe('bounded aggregation', () => {
  const key = (name: string, memory: number): TopKey => ({ key: name, node: 'n', type: 'string', memory, length: 1, ttlMs: null });

  it('TopHeap keeps the N largest, largest first', () => {
    const heap = new TopHeap(3);
    [5, 1, 9, 3, 7, 9, 2].forEach((m, i) => heap.offer(m, key(`k${i}`, m)));
    expect(heap.sorted().map((k) => k.memory)).toEqual([9, 9, 7]);
  });

  it('namespaces: numeric segments as *, depth, root, and the cap folds into (other)', () => {
    expect(namespacesOf(Buffer.from('user:42:cart'), ':', 2)).toEqual(['user', 'user:*']);
    expect(namespacesOf(Buffer.from('a:b:c:d'), ':', 5)).toEqual(['a', 'a:b', 'a:b:c']);
    expect(namespacesOf(Buffer.from('plain'), ':', 2)).toEqual(['(root)']);
    const agg = new Aggregator({ delimiter: ':', depth: 1, top: 1, maxNamespaces: 3 });
    for (let i = 0; i < 10; i++) agg.add({ key: Buffer.from(`ns${i}:x`), node: 'n', type: 'string', memory: 10, length: 1, pttl: -1 });
    expect(agg.namespaces.size).toBe(4);
    expect(agg.namespaces.get(OTHER_NAMESPACE)?.keys).toBe(7);
    expect([...agg.namespaces.values()].reduce((s, n) => s + n.keys, 0)).toBe(10);
  });

  it('TTL buckets', () => {
    expect([-1, 0, 3_599_999, 3_600_000, 86_400_000, 7 * 86_400_000].map(ttlBucket)).toEqual(['none', '<1h', '<1h', '<1d', '<7d', '>=7d']);
  });
});
