// keys scan / get / delete logic on real redis-server: a standalone server without TLS and a
// local 2-shard TLS cluster created through the unmodified AWS SDK: parallel SCAN, binary-safe
// keys, columns, limits, Ctrl-C, every value type, slot routing, and UNLINK across shards.
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-memorydb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context } from '../../src/context.js';
import { captureStreams } from '../../src/lib/io/streams.js';
import { escapeKey } from '../../src/lib/redis/display.js';
import { keyInSlots, keySlot } from '../../src/lib/redis/slot.js';
import { readClusterAdminCredential } from '../../src/lib/local/engine/access/admin.js';
import { inspectKey, type InspectOptions } from '../../src/lib/redis/inspect.js';
import { keyInfo, type KeyColumn, type ScanBatch } from '../../src/lib/redis/scan.js';
import { sweep, type OpenedNodes } from '../../src/lib/redis/sweep.js';
import { openNodes, type ResolvedTarget } from '../../src/lib/redis/target.js';
import { adminConnection, clusterClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';
import { seedKeys, SPECIAL_KEYS, startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

const OPTIONS: InspectOptions = { maxBytes: 1024, maxElements: 100, range: [0, 99], full: false, hex: false };

interface CollectOptions {
  count: number;
  match?: string;
  type?: string;
  limit?: number;
  maxOps?: number;
  columns?: KeyColumn[];
  signal?: AbortSignal;
  onBatch?: (batch: ScanBatch) => void | Promise<void>;
}

/** A sweep of the primaries, as keys scan runs it; every batch (with its columns) collected. */
async function collect(target: ResolvedTarget, opened: OpenedNodes, o: CollectOptions): Promise<ScanBatch[]> {
  const out: ScanBatch[] = [];
  const outcome = await sweep(target, opened, { readFrom: 'primary', recoveryMs: 5000, ...o }, async ({ keys, node, label }) => {
    const batch: ScanBatch = { node: label, keys, ...(o.columns === undefined ? {} : { info: await keyInfo(node.client, keys, o.columns, o.type) }) };
    out.push(batch);
    await o.onBatch?.(batch);
  });
  expect(outcome.complete || outcome.limited || outcome.interrupted).toBe(true);
  return out;
}

const keysOf = (batches: ScanBatch[]): Buffer[] => batches.flatMap((b) => b.keys);

describe('standalone redis-server (no TLS)', () => {
  let server: StandaloneServer;
  let total: number;
  const target = (): ResolvedTarget => ({ label: server.url, seed: { address: '127.0.0.1', port: server.port }, tls: null, readFrom: 'primary', db: 0 });

  beforeAll(async () => {
    server = await startStandalone();
    total = await seedKeys(server.client, 500);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('scans every key, binary-safe, and shows them escaped', async () => {
    const opened = await openNodes(target());
    try {
      expect(opened.cluster).toBe(false);
      const keys = keysOf(await collect(target(), opened, { count: 100 }));
      expect(keys).toHaveLength(total);
      expect(keys.some((k) => k.equals(SPECIAL_KEYS.binary))).toBe(true);
      expect(escapeKey(SPECIAL_KEYS.binary)).toBe('bin\\xff\\x00\\xfe');
      expect(escapeKey(SPECIAL_KEYS.control)).toBe('ctl:line\\nbreak\\ttab\\x1bescape');
      expect(escapeKey(SPECIAL_KEYS.unicode)).toBe('ünïcødé:🔑');
    } finally {
      opened.close();
    }
  });

  it('filters by MATCH and TYPE, stops at --limit, and reads columns in pipelines', async () => {
    const opened = await openNodes(target());
    try {
      expect(keysOf(await collect(target(), opened, { count: 1000, match: 't:bulk:*' }))).toHaveLength(500);
      const hashes = await collect(target(), opened, { count: 1000, type: 'hash', columns: ['type', 'ttl', 'memory', 'length'] });
      expect(keysOf(hashes).map(String)).toEqual(['t:hash']);
      expect(hashes[0]?.info?.[0]).toMatchObject({ type: 'hash', pttl: -1, length: 2 });
      expect(hashes[0]?.info?.[0]?.memory).toBeGreaterThan(0);
      expect(keysOf(await collect(target(), opened, { count: 7, limit: 25 }))).toHaveLength(25);
      const ttl = await collect(target(), opened, { count: 1000, match: 't:ttl', columns: ['ttl'] });
      expect(ttl[0]?.info?.[0]?.pttl).toBeGreaterThan(3_500_000);
    } finally {
      opened.close();
    }
  });

  it('stops on abort and keeps what was gathered', async () => {
    const opened = await openNodes(target());
    try {
      const controller = new AbortController();
      const got: Buffer[] = [];
      await collect(target(), opened, {
        count: 10,
        maxOps: 200,
        signal: controller.signal,
        onBatch: (b) => {
          got.push(...b.keys);
          if (got.length >= 30) controller.abort();
        },
      });
      expect(got.length).toBeGreaterThanOrEqual(30);
      expect(got.length).toBeLessThan(total);
    } finally {
      opened.close();
    }
  });

  it('reads each type by its own commands, truncating large values', async () => {
    const opened = await openNodes(target());
    const c = opened.nodes[0]!.client;
    try {
      const get = (key: string | Buffer, o: Partial<InspectOptions> = {}) => inspectKey(c, Buffer.isBuffer(key) ? key : Buffer.from(key), { ...OPTIONS, ...o });
      expect((await get('t:string'))?.value).toEqual({ kind: 'string', format: 'text', text: 'hello world', raw: Buffer.from('hello world') });
      const stored = '{"name":"memctl","tags":["a","b"]}';
      expect((await get('t:json-string'))?.value).toEqual({ kind: 'string', format: 'json', text: stored, pretty: JSON.stringify(JSON.parse(stored), null, 2), raw: Buffer.from(stored) });
      expect((await get('t:binary-value'))?.value).toEqual({ kind: 'string', format: 'hex', text: '0001fffe', raw: Buffer.from([0, 1, 0xff, 0xfe]) });
      const big = await get('t:big');
      expect(big).toMatchObject({ truncated: true, length: 100_000 });
      expect((await get('t:big', { full: true }))?.truncated).toBe(false);
      expect((await get('t:hash'))?.value).toMatchObject({ kind: 'hash' });
      const list = await get('t:list');
      expect(list).toMatchObject({ length: 150, truncated: true, range: [0, 99] });
      expect((await get('t:list', { range: [148, -1] }))?.value).toEqual({ kind: 'list', items: ['item148', 'item149'] });
      expect((await get('t:set'))?.value).toMatchObject({ kind: 'set' });
      expect((await get('t:zset'))?.value).toEqual({ kind: 'zset', items: [{ member: 'one', score: 1 }, { member: 'two', score: 2.5 }] });
      expect((await get('t:stream'))?.value).toEqual({ kind: 'stream', entries: [{ id: '1-1', fields: { sensor: 'a', value: '1' } }, { id: '1-2', fields: { sensor: 'b', value: '2' } }] });
      const ttl = await get('t:ttl');
      expect(ttl?.pttl).toBeGreaterThan(0);
      expect(ttl?.encoding).toBe('embstr');
      expect((await get(SPECIAL_KEYS.binary))?.value).toMatchObject({ text: 'binary name' });
      expect(await get('t:missing')).toBeNull();
    } finally {
      opened.close();
    }
  });
});

describe('local 2-shard TLS cluster', () => {
  let t: TestPlane;
  let port: number;
  let cluster: Cluster;
  let total: number;
  const target = (): ResolvedTarget => ({ label: 'keys', seed: { address: '127.0.0.1', port }, tls: { ca: readFileSync(join(t.stateDir, 'tls', 'ca.crt')), rejectUnauthorized: true }, readFrom: 'primary', db: 0 });

  beforeAll(async () => {
    t = await startPlane();
    await t.client.send(new CreateClusterCommand({ ClusterName: 'keys', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 0 }));
    const c = await eventually(async () => {
      const out = await t.client.send(new DescribeClustersCommand({ ClusterName: 'keys' }));
      return out.Clusters?.[0]?.Status === 'available' ? out.Clusters[0] : undefined;
    }, 40_000);
    port = c.ClusterEndpoint?.Port as number;
    cluster = clusterClient(t.stateDir, port);
    total = await seedKeys(cluster, 300);
  });
  afterAll(async () => {
    cluster?.disconnect();
    await t?.stop();
  });

  it('scans both shards in parallel and finds every key once', async () => {
    const opened = await openNodes(target());
    try {
      expect(opened.cluster).toBe(true);
      expect(opened.nodes.filter((n) => n.role === 'primary')).toHaveLength(2);
      const batches = await collect(target(), opened, { count: 50, columns: ['type'] });
      const keys = keysOf(batches);
      expect(keys).toHaveLength(total);
      expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(total);
      expect(new Set(batches.map((b) => b.node)).size).toBe(2);
    } finally {
      opened.close();
    }
  });

  it('keys get routes to the owning shard; keys delete unlinks across shards', async () => {
    const streams = await captureStreams();
    const ctx = new Context({ io: streams, flags: { output: 'json' }, env: {} });
    const url = `rediss://127.0.0.1:${port}`;
    const flags = { cacert: join(t.stateDir, 'tls', 'ca.crt') };
    const { run: get } = await import('../../src/commands/keys/get.js');
    for (const key of ['t:hash', 't:zset', 't:stream', SPECIAL_KEYS.control.toString('utf8')]) await get(ctx, url, key, flags);
    await get(ctx, url, SPECIAL_KEYS.binary.toString('hex'), { ...flags, keyHex: true });
    const views = streams.out().split(/\n(?=\{)/).map((s) => JSON.parse(s) as { type: string; keyHex?: string; node: string });
    expect(views.map((v) => v.type)).toEqual(['hash', 'zset', 'stream', 'string', 'string']);
    expect(views[4]?.keyHex).toBe(SPECIAL_KEYS.binary.toString('hex'));
    await expect(get(ctx, url, 't:missing', flags)).rejects.toMatchObject({ exitCode: 3 });

    const del = await captureStreams();
    const dctx = new Context({ io: del, flags: { output: 'json', yes: true, quiet: true }, env: {} });
    const { run: remove } = await import('../../src/commands/keys/delete.js');
    await remove(dctx, url, { ...flags, match: 't:bulk:*' });
    const result = JSON.parse(del.out()) as { matched: number; deleted: number; perNode: Array<{ deleted: number }> };
    expect(result).toMatchObject({ matched: 300, deleted: 300 });
    expect(result.perNode.every((p) => p.deleted > 0)).toBe(true);
    expect((await cluster.exists('t:bulk:1')) + (await cluster.exists('t:bulk:299'))).toBe(0);
    expect(await cluster.exists('t:hash')).toBe(1);
  });

  // Last in this block: each moves one slot to the other shard.
  it.each([
    { what: 'the keys already moved are found once on the new owner', batchMoves: false },
    { what: 'keys the work found gone (moved after SCAN returned them) are offered again on the new owner', batchMoves: true },
  ])('a slot migrating away while its node is scanned: $what', async ({ batchMoves }) => {
    const opened = await openNodes(target());
    const admins: Redis[] = [];
    let finish: NodeJS.Timeout | undefined;
    let finishing: Promise<void> | undefined;
    try {
      const [from, to] = opened.nodes.filter((n) => n.role === 'primary');
      if (from === undefined || to === undefined || from.slots === undefined) throw new Error('expected two primaries with slots');
      const tag = keyInSlots(batchMoves ? 'gone' : 'mig', from.slots);
      const slot = keySlot(tag);
      const names = Array.from({ length: 1500 }, (_, i) => `{${tag}}:${i}`);
      for (let i = 0; i < names.length; i += 500) await cluster.mset(...names.slice(i, i + 500).flatMap((k) => [k, 'v']));
      const expected = (await Promise.all(opened.nodes.map((n) => n.client.dbsize()))).reduce((a, b) => a + b, 0);
      const [src, dst] = await Promise.all([adminConnection(t.stateDir, 'keys', from.port), adminConnection(t.stateDir, 'keys', to.port)]);
      admins.push(src, dst);
      const credential = await readClusterAdminCredential(t.stateDir, 'keys');
      let migrated = 0;
      let reportedAbsent = 0;
      const handed: Buffer[] = [];
      // What the sweep said as it went, to show with a failure.
      const notices: string[] = [];
      const started = Date.now();
      const outcome = await sweep(target(), opened, { readFrom: 'primary', recoveryMs: 5000, count: 20, maxOps: 40, onNotice: (n) => notices.push(`${Date.now() - started} ms ${n}`) }, async ({ keys, node }) => {
        let absent: Buffer[] = [];
        if (migrated === 0 && node.id === from.id) {
          // The other node's scan (a few hundred keys, no pacing to speak of) is over by now.
          await sleep(300);
          await dst.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', from.id);
          await src.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id);
          const inBatch = new Set(keys.map((k) => k.toString()));
          // Every key of the slot (seeded keys may share it), so the slot can change owner.
          const inSlot = (await src.call('CLUSTER', 'GETKEYSINSLOT', String(slot), '100000')) as string[];
          const move = batchMoves ? inSlot : inSlot.filter((k) => !inBatch.has(k));
          for (let i = 0; i < move.length; i += 200) {
            await src.call('MIGRATE', '127.0.0.1', String(to.port), '', '0', '5000', 'AUTH2', credential?.user ?? '', credential?.password ?? '', 'KEYS', ...move.slice(i, i + 200));
          }
          migrated = move.length;
          notices.push(`${Date.now() - started} ms test: moved ${migrated} keys of slot ${slot}; ${keys.length} in the batch`);
          // The migration ends a little later: the sweep first sees the slot half-way.
          finish = setTimeout(() => {
            finishing = (async () => {
              const rest = (await src.call('CLUSTER', 'GETKEYSINSLOT', String(slot), '100000')) as string[];
              if (rest.length > 0) await src.call('MIGRATE', '127.0.0.1', String(to.port), '', '0', '5000', 'AUTH2', credential?.user ?? '', credential?.password ?? '', 'KEYS', ...rest);
              await Promise.all([dst.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id), src.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id)]);
            })();
          }, 1500);
          // As analyze does: what is no longer on the node is not handed on.
          if (batchMoves) absent = keys.filter((k) => keySlot(k) === slot);
          reportedAbsent += absent.length;
        }
        const gone = new Set(absent.map((k) => k.toString('hex')));
        handed.push(...keys.filter((k) => !gone.has(k.toString('hex'))));
        return { absent };
      });
      await finishing;
      const story = `${JSON.stringify({ ...outcome, ends: Date.now() - started, finished: finishing !== undefined })}\n${notices.join('\n')}`;
      expect(outcome.complete, story).toBe(true);
      expect(migrated).toBeGreaterThan(1000);
      if (batchMoves) expect(reportedAbsent).toBeGreaterThan(0);
      const keys = handed.map((k) => k.toString('hex'));
      expect(new Set(keys).size, story).toBe(expected);
      expect(keys).toHaveLength(expected);
      expect(outcome.keys).toBe(expected);
    } finally {
      if (finish !== undefined) clearTimeout(finish);
      for (const a of admins) a.disconnect();
      opened.close();
    }
  });
});
