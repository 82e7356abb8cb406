// Resharding with hot slots, through the unmodified SDK client against the local control plane:
// one slot holds several migration batches (GETKEYSINSLOT/MIGRATE move 1,000 keys a round, see
// engine/ops/migrate.ts), another exactly one batch and one key, and big keys (a 4 MB string, a
// 50,000-field hash, a 100,000-element list) and keys with TTLs share them. After 1 → 2 shards and
// back to 1, every key reads back with its value and type, TTLs are still set (and no longer than
// they were), keys without one still have none, and each hot slot lives whole on its owner.
import { CreateClusterCommand, DescribeClustersCommand, UpdateClusterCommand, type Cluster } from '@aws-sdk/client-memorydb';
import { createHash } from 'node:crypto';
import type { Cluster as RedisCluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evenSlotRanges, planReshard, slotsOf } from '../../src/lib/control/slots.js';
import { connectNode } from '../../src/lib/local/engine/nodes/redis-node.js';
import { keySlot } from '../../src/lib/redis/slot.js';
import { clusterClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';

const NAME = 'hot';
/** One slot, four batches (1,000 + 1,000 + 1,000 + 500, plus the big keys and TTL keys). */
const HOT_KEYS = 3_500;
/** Another slot: one full batch and one key over it. */
const EDGE_KEYS = 1_001;
const TTL_KEYS = 300;
const TTL_MS = 3_600_000;
const SPREAD_KEYS = 400;
const BIG_STRING_BYTES = 4 * 1024 * 1024;
const HASH_FIELDS = 50_000;
const LIST_ITEMS = 100_000;

let t: TestPlane;
let port = 0;
let redis: RedisCluster;

/** A hash tag (of the form {prefix-N}) whose slot moves to the new shard on 1 → 2 and back on 2 → 1. */
function movingTag(prefix: string, not: number[] = []): { tag: string; slot: number } {
  const moving = new Set(slotsOf(planReshard([{ name: '0001', slots: evenSlotRanges(1)[0] ?? [] }], ['0001', '0002']).moves.flatMap((m) => m.slots)));
  for (let i = 0; i < 10_000; i++) {
    const tag = `${prefix}-${i}`;
    const slot = keySlot(tag);
    if (moving.has(slot) && !not.includes(slot)) return { tag, slot };
  }
  throw new Error('no moving slot found');
}

const hot = movingTag('hot');
const edge = movingTag('edge', [hot.slot]);
const hotKey = (i: number): string => `{${hot.tag}}:k:${i}`;
const edgeKey = (i: number): string => `{${edge.tag}}:k:${i}`;
const ttlKey = (i: number): string => `{${hot.tag}}:ttl:${i}`;
const spreadKey = (i: number): string => `spread:${i}`;
const value = (key: string): string => `${key}=${createHash('sha1').update(key).digest('hex')}`;
const BIG = { string: `{${hot.tag}}:big:string`, hash: `{${hot.tag}}:big:hash`, list: `{${hot.tag}}:big:list`, zset: `{${hot.tag}}:big:zset` };
const bigString = Buffer.from(Array.from({ length: BIG_STRING_BYTES }, (_, i) => (i * 31 + 7) % 251));
const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

async function describeCluster(): Promise<Cluster> {
  return (await t.client.send(new DescribeClustersCommand({ ClusterName: NAME, ShowShardDetails: true }))).Clusters?.[0] as Cluster;
}

async function waitShards(count: number): Promise<Cluster> {
  return eventually(async () => {
    const c = await describeCluster();
    return c.Status === 'available' && c.NumberOfShards === count ? c : undefined;
  }, 240_000, 200);
}

/** In chunks of one slot each (a cluster pipeline must stay in one slot). */
async function inSlot<T>(keys: string[], each: (pipeline: ReturnType<RedisCluster['pipeline']>, key: string) => void): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const pipeline = redis.pipeline();
    for (const key of keys.slice(i, i + 500)) each(pipeline, key);
    for (const [error, reply] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      out.push(reply as T);
    }
  }
  return out;
}

const all = (n: number, key: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => key(i));

beforeAll(async () => {
  t = await startPlane({ metricsIntervalMs: 0 });
  await t.client.send(new CreateClusterCommand({ ClusterName: NAME, NodeType: 'db.r6g.large', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0 }));
  port = (await waitShards(1)).ClusterEndpoint?.Port as number;
  redis = clusterClient(t.stateDir, port);
  await inSlot(all(HOT_KEYS, hotKey), (p, k) => p.set(k, value(k)));
  await inSlot(all(EDGE_KEYS, edgeKey), (p, k) => p.set(k, value(k)));
  await inSlot(all(TTL_KEYS, ttlKey), (p, k) => p.set(k, value(k), 'PX', TTL_MS));
  await redis.set(BIG.string, bigString);
  for (let i = 0; i < HASH_FIELDS; i += 5_000) await redis.hset(BIG.hash, Object.fromEntries(Array.from({ length: 5_000 }, (_, j) => [`f${i + j}`, `v${i + j}`])));
  for (let i = 0; i < LIST_ITEMS; i += 10_000) await redis.rpush(BIG.list, ...Array.from({ length: 10_000 }, (_, j) => `item-${i + j}`));
  await redis.zadd(BIG.zset, ...Array.from({ length: 2_000 }, (_, i) => [i, `m${i}`]).flat());
  await redis.pexpire(BIG.hash, TTL_MS);
  // Keys all over the slot space: some stay, some move; every tenth with a TTL.
  await Promise.all(all(SPREAD_KEYS, spreadKey).map((k, i) => (i % 10 === 0 ? redis.set(k, value(k), 'PX', TTL_MS) : redis.set(k, value(k)))));
}, 120_000);

afterAll(async () => {
  redis?.disconnect();
  await t?.stop();
});

const TOTAL = HOT_KEYS + EDGE_KEYS + TTL_KEYS + Object.keys(BIG).length + SPREAD_KEYS;

/** Every key, its value, type and TTL; each hot slot whole on its owner; the key count of the primaries. */
async function expectEverything(stage: string, cluster: Cluster): Promise<void> {
  const problems: string[] = [];
  const check = (what: string, keys: string[], got: Array<string | null>, expected: (key: string) => string): void => {
    const wrong = keys.filter((k, i) => got[i] !== expected(k));
    if (wrong.length > 0) problems.push(`${wrong.length} of ${keys.length} ${what} lost or changed (e.g. ${wrong.slice(0, 3).join(', ')}: ${JSON.stringify(got[keys.indexOf(wrong[0] as string)])})`);
  };
  for (const [what, keys] of [[`keys of hot slot ${hot.slot}`, all(HOT_KEYS, hotKey)], [`keys of slot ${edge.slot}`, all(EDGE_KEYS, edgeKey)], ['keys with a TTL', all(TTL_KEYS, ttlKey)]] as const) {
    check(what, keys, await inSlot<string | null>(keys, (p, k) => p.get(k)), value);
  }
  const spread = all(SPREAD_KEYS, spreadKey);
  check('spread keys', spread, await Promise.all(spread.map((k) => redis.get(k))), value);

  // Types, and the content of the big keys.
  const types = await inSlot<string>(Object.values(BIG), (p, k) => p.type(k));
  if (types.join(',') !== 'string,hash,list,zset') problems.push(`big keys have types ${types.join(',')}`);
  const big = await redis.getBuffer(BIG.string);
  if (big === null || sha(big) !== sha(bigString)) problems.push(`the ${BIG_STRING_BYTES}-byte string ${big === null ? 'is gone' : `differs (${big.length} bytes)`}`);
  const hash = await redis.hgetall(BIG.hash);
  const hashWrong = Object.keys(hash).length !== HASH_FIELDS || Array.from({ length: HASH_FIELDS }, (_, i) => hash[`f${i}`] === `v${i}`).includes(false);
  if (hashWrong) problems.push(`the ${HASH_FIELDS}-field hash has ${Object.keys(hash).length} fields or other values`);
  const list = await redis.lrange(BIG.list, 0, -1);
  if (list.length !== LIST_ITEMS || list.some((item, i) => item !== `item-${i}`)) problems.push(`the ${LIST_ITEMS}-element list has ${list.length} elements or another order`);
  if ((await redis.zcard(BIG.zset)) !== 2_000 || (await redis.zscore(BIG.zset, 'm1999')) !== '1999') problems.push('the sorted set differs');

  // TTLs: still set, never longer than given; keys without one have none.
  const ttls = await inSlot<number>([...all(TTL_KEYS, ttlKey), BIG.hash], (p, k) => p.pttl(k));
  const badTtl = ttls.filter((ms) => !(ms > 0 && ms <= TTL_MS));
  if (badTtl.length > 0) problems.push(`${badTtl.length} keys lost their TTL or have a longer one (e.g. PTTL ${badTtl[0]})`);
  const spreadTtls = await Promise.all(spread.map((k) => redis.pttl(k)));
  const spreadBad = spread.filter((_, i) => (i % 10 === 0 ? !((spreadTtls[i] as number) > 0 && (spreadTtls[i] as number) <= TTL_MS) : spreadTtls[i] !== -1));
  if (spreadBad.length > 0) problems.push(`${spreadBad.length} spread keys have a wrong TTL (e.g. ${spreadBad[0]}: ${spreadTtls[spread.indexOf(spreadBad[0] as string)]})`);
  const persistent = await inSlot<number>(all(HOT_KEYS, hotKey).slice(0, 200), (p, k) => p.pttl(k));
  const notPersistent = persistent.filter((ms) => ms !== -1);
  if (notPersistent.length > 0) problems.push(`${notPersistent.length} of 200 keys without a TTL have one now or are gone (e.g. PTTL ${notPersistent[0]})`);

  // Each hot slot whole on one primary, and the primaries hold every key once.
  const tls = await t.plane.runtime.tls();
  const primaries = (cluster.Shards ?? []).map((s) => s.Nodes?.[0]?.Endpoint?.Port as number);
  let total = 0;
  for (const primaryPort of primaries) {
    const node = connectNode(primaryPort, tls);
    try {
      total += await node.dbsize();
      for (const [slot, expected] of [[hot.slot, HOT_KEYS + TTL_KEYS + Object.keys(BIG).length], [edge.slot, EDGE_KEYS]] as const) {
        const count = Number(await node.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)));
        if (count !== 0 && count !== expected) problems.push(`slot ${slot} is split: ${count} of its ${expected} keys on port ${primaryPort}`);
      }
    } finally {
      node.disconnect();
    }
  }
  if (total !== TOTAL) problems.push(`the primaries hold ${total} keys, not ${TOTAL}`);
  expect(problems, `after ${stage}:\n${problems.join('\n')}`).toEqual([]);
}

describe('resharding with hot slots', () => {
  it('slots of several migration batches, big keys and TTLs survive 1 → 2 → 1 shards, every key read back', async () => {
    await expectEverything('writing', await describeCluster());

    await t.client.send(new UpdateClusterCommand({ ClusterName: NAME, ShardConfiguration: { ShardCount: 2 } }));
    const two = await waitShards(2);
    // The hot slots did move: the new shard's primary holds them.
    const newPrimary = connectNode(two.Shards?.[1]?.Nodes?.[0]?.Endpoint?.Port as number, await t.plane.runtime.tls());
    try {
      expect(Number(await newPrimary.call('CLUSTER', 'COUNTKEYSINSLOT', String(hot.slot))), `hot slot ${hot.slot} on the new shard`).toBeGreaterThan(0);
    } finally {
      newPrimary.disconnect();
    }
    await expectEverything('scaling out to 2 shards', two);

    await t.client.send(new UpdateClusterCommand({ ClusterName: NAME, ShardConfiguration: { ShardCount: 1 } }));
    await expectEverything('scaling back in to 1 shard', await waitShards(1));
  }, 300_000);
});
