// analyze on a real standalone redis-server: the sweep equals an independent MEMORY USAGE
// reference, one-by-one (parallel 1) gives the same figures, an abort returns partial figures,
// and the bounded parts (heaps, namespace cap) behave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Aggregator, namespacesOf, OTHER_NAMESPACE, splitNamespaces, TopHeap, ttlBucket, type TopKey } from '../../src/lib/redis/analyze-stats.js';
import { analyzeNodes, type AnalyzeOptions } from '../../src/lib/redis/analyze.js';
import { openNodes, type ResolvedTarget } from '../../src/lib/redis/target.js';
import { ANALYZE_TOTAL, referenceSweep, seedAnalyzeData, type Reference } from '../helpers/analyze-data.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';
import { seededRandom } from '../helpers/random.js';

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
      expect(Object.fromEntries(a.types.map((t) => [t.type, t.elements]))).toEqual(ref.elements);
      expect(Object.fromEntries(b.types.map((t) => [t.type, t.elements]))).toEqual(ref.elements);
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

  it('reads with plain commands only (no script), as the least-privilege user docs/permissions.md gives', async () => {
    await server.client.call('ACL', 'SETUSER', 'reader', 'on', '>reader-pw', '~*', '+@read', '+@connection', '+cluster|slots');
    const reader: ResolvedTarget = { ...target(), credentials: { user: 'reader', password: async () => 'reader-pw' } };
    const opened = await openNodes(reader);
    try {
      await server.client.call('CONFIG', 'RESETSTAT');
      const report = await analyzeNodes(reader, opened, OPTIONS);
      expect(report.totals).toMatchObject({ keys: ANALYZE_TOTAL, memory: ref.memory, vanished: 0 });
      expect(Object.fromEntries(report.types.map((t) => [t.type, { keys: t.keys, memory: t.memory }]))).toEqual(ref.byType);
      expect(report.encodings.reduce((s, e) => s + e.keys, 0)).toBe(Math.ceil(ANALYZE_TOTAL / 10));
      // What the server ran: SCAN and one TYPE, PTTL and MEMORY USAGE per key, a length command
      // per key of a type that has one (and one that failed, WRONGTYPE, for each wrong guess of a
      // key's type), OBJECT ENCODING for one key in ten; no script.
      const info = String(await server.client.info('commandstats'));
      const stats = Object.fromEntries([...info.matchAll(/cmdstat_([a-z|]+):calls=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
      const failed = Object.fromEntries([...info.matchAll(/cmdstat_([a-z|]+):calls=.*failed_calls=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
      expect(Object.keys(stats).filter((c) => /eval|fcall|script/.test(c))).toEqual([]);
      expect([stats.type, stats.pttl, stats['memory|usage'], stats['object|encoding']]).toEqual([ANALYZE_TOTAL, ANALYZE_TOTAL, ANALYZE_TOTAL, Math.ceil(ANALYZE_TOTAL / 10)]);
      const lengthCommands = ['strlen', 'hlen', 'llen', 'scard', 'zcard', 'xlen'];
      const lengths = lengthCommands.reduce((n, c) => n + (stats[c] ?? 0) - (failed[c] ?? 0), 0);
      const wrongGuesses = lengthCommands.reduce((n, c) => n + (failed[c] ?? 0), 0);
      expect(lengths).toBe(report.types.filter((t) => ['string', 'hash', 'list', 'set', 'zset', 'stream'].includes(t.type)).reduce((n, t) => n + t.keys, 0));
      // Nine shapes of key here; a shape's type is known once a batch has shown one of its keys.
      expect(wrongGuesses).toBeLessThanOrEqual(9);
    } finally {
      opened.close();
      await server.client.call('ACL', 'DELUSER', 'reader');
    }
  });

  it('reads a length in the same round as TYPE for keys whose shape tells the type, and exactly in any case', async () => {
    const mixed = await startStandalone();
    try {
      // 3,000 keys of three shapes (a type each), then 300 of one shape whose type changes key by key.
      const batch = mixed.client.pipeline();
      for (let i = 0; i < 1000; i++) batch.hset(`h:${i}`, 'a', '1', 'b', String(i)).sadd(`s:${i}`, 'x', 'y', 'z').zadd(`z:${i}`, 1, 'one');
      for (let i = 0; i < 300; i++) {
        if (i % 3 === 0) batch.set(`m:${i}`, 'v'.repeat(i));
        else if (i % 3 === 1) batch.rpush(`m:${i}`, 'a', 'b');
        else batch.hset(`m:${i}`, 'f', 'v');
      }
      await batch.exec();
      const expected = await referenceSweep([{ label: `127.0.0.1:${mixed.port}`, client: mixed.client }]);
      const rounds: string[] = [];
      const t: ResolvedTarget = { label: mixed.url, seed: { address: '127.0.0.1', port: mixed.port }, tls: null, readFrom: 'primary', db: 0, trace: (line) => rounds.push(line) };
      const opened = await openNodes(t);
      try {
        await mixed.client.call('CONFIG', 'RESETSTAT');
        const report = await analyzeNodes(t, opened, { ...OPTIONS, count: 100 });
        expect(report.totals.keys).toBe(3300);
        expect(Object.fromEntries(report.types.map((t) => [t.type, t.elements]))).toEqual(expected.elements);
        // Second rounds (length commands alone) only for keys whose type was not the one expected:
        // the first batches (nothing learnt yet) and the mixed shape.
        const second = rounds.filter((l) => / (STRLEN|HLEN|LLEN|SCARD|ZCARD|XLEN)\b/.test(l) && !/ TYPE/.test(l));
        const secondKeys = second.reduce((n, l) => n + Number(/commands=(\d+)/.exec(l)?.[1] ?? 0), 0);
        expect(secondKeys).toBeGreaterThan(0);
        expect(secondKeys).toBeLessThan(3 * 100 + 300);
      } finally {
        opened.close();
      }
    } finally {
      await mixed.stop();
    }
  });

  it('--sample: the memory read, scaled by DBSIZE / keys read, estimates the whole keyspace', async () => {
    const opened = await openNodes(target());
    try {
      const sample = Math.floor(ANALYZE_TOTAL / 2);
      const report = await analyzeNodes(target(), opened, { ...OPTIONS, sample });
      const [shard] = report.shards;
      expect(report.shards).toHaveLength(1);
      expect(shard?.keys).toBeGreaterThanOrEqual(sample);
      expect(shard?.dbsize).toBe(ANALYZE_TOTAL);
      expect(report.totals.estimatedMemory).toBe(Math.round(((shard?.memory ?? 0) * ANALYZE_TOTAL) / (shard?.keys ?? 1)));
      // The estimate is of the whole keyspace: above what the sample read (the keys are not alike
      // enough here for it to be near the reference's total).
      expect(report.totals.estimatedMemory).toBeGreaterThan(report.totals.memory);
    } finally {
      opened.close();
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
    [5, 1, 9, 3, 7, 9, 2].forEach((m, i) => heap.offer(m, key(`k${i}`, m), Buffer.from(`k${i}`)));
    expect(heap.sorted().map((k) => k.memory)).toEqual([9, 9, 7]);
  });

  it('TopHeap keeps the same keys of equal scores whatever order they come in', () => {
    const offers = [4, 2, 4, 4, 1, 4, 3, 4, 4].map((m, i) => ({ m, name: `k${i}` }));
    const kept = (order: typeof offers): string[] => {
      const heap = new TopHeap(4);
      for (const o of order) heap.offer(o.m, key(o.name, o.m), Buffer.from(o.name));
      return heap.sorted().map((k) => k.key);
    };
    // Six keys score 4: the four whose names sort first, in every order.
    const expected = ['k0', 'k2', 'k3', 'k5'];
    expect(kept(offers)).toEqual(expected);
    expect(kept([...offers].reverse())).toEqual(expected);
    for (let seed = 1; seed <= 20; seed++) {
      const shuffled = [...offers].sort((a, b) => ((a.name.charCodeAt(1) * seed * 7919) % 13) - ((b.name.charCodeAt(1) * seed * 7919) % 13));
      expect(kept(shuffled)).toEqual(expected);
    }
  });

  it('namespaces: numeric segments as *, depth, root, and the cap folds into (other)', () => {
    expect(namespacesOf(Buffer.from('user:42:cart'), ':', 2)).toEqual(['user', 'user:*']);
    expect(namespacesOf(Buffer.from('a:b:c:d'), ':', 5)).toEqual(['a', 'a:b', 'a:b:c']);
    expect(namespacesOf(Buffer.from('plain'), ':', 2)).toEqual(['(root)']);
    // The byte-by-byte path for ASCII names equals the split of the name as text, on names made
    // of delimiters, digits, letters and empty segments; non-ASCII names take the text path.
    const alphabet = ['a', 'b', '1', '2', ':', ':', '/', '0'];
    let seed = 11;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed / 2 ** 32);
    const differ: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const name = Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      for (const [delimiter, depth] of [[':', 2], [':', 4], ['/', 3]] as const) {
        const a = namespacesOf(Buffer.from(name), delimiter, depth);
        const b = name.includes(delimiter) ? splitNamespaces(name, delimiter, depth) : ['(root)'];
        if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${name} ${delimiter}${depth}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
    expect(differ.slice(0, 5)).toEqual([]);
    expect(namespacesOf(Buffer.from('caf\u00e9:12:x'), ':', 2)).toEqual(['caf\u00e9', 'caf\u00e9:*']);
    const agg = new Aggregator({ delimiter: ':', depth: 1, top: 1, maxNamespaces: 3 });
    for (let i = 0; i < 10; i++) agg.add({ key: Buffer.from(`ns${i}:x`), node: 'n', type: 'string', memory: 10, length: 1, pttl: -1 });
    expect(agg.namespaces.size).toBe(4);
    expect(agg.namespaces.get(OTHER_NAMESPACE)?.keys).toBe(7);
    expect([...agg.namespaces.values()].reduce((s, n) => s + n.keys, 0)).toBe(10);
  });

  it('the aggregator counts namespaces as namespacesOf names them, with the cap, on ASCII and other names', () => {
    // A reference built from namespacesOf and the documented folding: a prefix gets its own entry
    // while there is room; after that a top-level one counts into (other), a deeper one is not
    // counted (its parent is).
    const alphabet = ['a', 'b', '7', '42', ':', ':', '/', '', '\u00e9'];
    const next = seededRandom(5);
    for (const [delimiter, depth, max] of [[':', 2, 2000], [':', 3, 12], ['/', 1, 5], ['::', 2, 2000]] as const) {
      const agg = new Aggregator({ delimiter, depth, top: 1, maxNamespaces: max });
      const reference = new Map<string, number>();
      for (let n = 0; n < 4000; n++) {
        const name = Array.from({ length: 1 + Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
        agg.add({ key: Buffer.from(name), node: 'n', type: 'string', memory: 1, length: 1, pttl: -1 });
        namespacesOf(Buffer.from(name), delimiter, depth).forEach((prefix, i) => {
          if (reference.has(prefix)) reference.set(prefix, (reference.get(prefix) as number) + 1);
          else if (reference.size < max) reference.set(prefix, 1);
          else {
            if (!reference.has(OTHER_NAMESPACE)) reference.set(OTHER_NAMESPACE, 0);
            if (i === 0) reference.set(OTHER_NAMESPACE, (reference.get(OTHER_NAMESPACE) as number) + 1);
          }
        });
      }
      const counted = Object.fromEntries([...agg.namespaces].map(([prefix, ns]) => [prefix, ns.keys]));
      expect(counted, `${delimiter} depth ${depth} cap ${max}`).toEqual(Object.fromEntries(reference));
    }
  });

  it('TTL buckets', () => {
    expect([-1, 0, 3_599_999, 3_600_000, 86_400_000, 7 * 86_400_000].map(ttlBucket)).toEqual(['none', '<1h', '<1h', '<1d', '<7d', '>=7d']);
  });
});
