// @ts-nocheck
// Reusable test data for cluster tests and benchmarks: a deterministic mixed-type dataset written
// through a cluster client, a content checksum read straight from the primaries, and a write loop
// that records which writes were acknowledged.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Cluster, type Redis } from 'ioredis';
import { readTopology } from '../../src/lib/local/engine/nodes/topology.js';
import { connectNode } from '../../src/lib/local/engine/nodes/redis-node.js';
import type { TlsFiles } from '../../src/lib/local/engine/nodes/tls.js';

export type KeyType = 'string' | 'hash' | 'list' | 'set' | 'zset';
const TYPES: readonly KeyType[] = ['string', 'hash', 'list', 'set', 'zset'];

/** A cluster client for the local nodes, trusting the local CA; gives up instead of retrying forever. */
export function clusterClientFor(port: number, tls: TlsFiles | null): Cluster {
  const cluster = new Cluster([{ host: '127.0.0.1', port }], {
    redisOptions: tls ? { tls: { ca: readFileSync(tls.caCertFile), servername: 'localhost' } } : {},
    slotsRefreshTimeout: 3_000,
    clusterRetryStrategy: (times) => (times > 10 ? null : 100),
    retryDelayOnMoved: 0,
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    retryDelayOnTryAgain: 50,
    maxRedirections: 32,
  });
  cluster.on('error', () => {});
  return cluster;
}

// CRC16-XMODEM, as Redis Cluster uses for key slots.
const CRC_TABLE = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});

/** The hash slot of a key (honouring {hash tags}). */
export function keySlot(key: string | Buffer): number {
  let bytes = typeof key === 'string' ? Buffer.from(key) : key;
  const open = bytes.indexOf(0x7b);
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ (CRC_TABLE[((crc >> 8) ^ byte) & 0xff] as number);
  return crc % 16384;
}

let tagsBySlot: string[] | undefined;
/** A short hash tag for every slot: `{tag}` makes a key land in exactly that slot. */
export function slotTag(slot: number): string {
  if (!tagsBySlot) {
    const found: string[] = new Array<string>(16384);
    let missing = 16384;
    // Every slot is hit after ~170k candidates; the bound only guards against a broken CRC.
    for (let i = 0; missing > 0 && i < 10_000_000; i++) {
      const tag = i.toString(36);
      const s = keySlot(tag);
      if (found[s] === undefined) {
        found[s] = tag;
        missing--;
      }
    }
    tagsBySlot = found;
  }
  const tag = tagsBySlot[slot];
  if (tag === undefined) throw new Error(`no hash tag for slot ${slot}`);
  return tag;
}

export interface DatasetOptions {
  count: number;
  /** Key prefix (default "ds:"); also what checksum({ match }) filters on. */
  prefix?: string;
  /** The key of the i-th entry (default `${prefix}${i}`); e.g. to aim keys at chosen slots. */
  keyOf?: (i: number) => string;
  /** Every n-th key gets a one-hour TTL (default 7). */
  ttlEvery?: number;
  /** Commands in flight at once (default 2000). */
  window?: number;
}

/** The type of the i-th key: strings, hashes, lists, sets and sorted sets in turn. */
export function typeOf(i: number): KeyType {
  return TYPES[i % TYPES.length] as KeyType;
}

/**
 * Writes `count` keys of mixed types through the cluster client (no pipelines: ioredis sends the
 * in-flight window on each node's connection without waiting, which is as fast and works across
 * slots). Values are deterministic; every 11th string is binary. Returns keys written per type.
 */
export async function writeMixedDataset(cluster: Cluster, options: DatasetOptions): Promise<Record<KeyType, number>> {
  const prefix = options.prefix ?? 'ds:';
  const keyOf = options.keyOf ?? ((i: number) => `${prefix}${i}`);
  const ttlEvery = options.ttlEvery ?? 7;
  const window = options.window ?? 2000;
  const byType: Record<KeyType, number> = { string: 0, hash: 0, list: 0, set: 0, zset: 0 };
  const writeOne = async (i: number): Promise<void> => {
    const key = keyOf(i);
    const type = typeOf(i);
    byType[type]++;
    const ttl = i % ttlEvery === 0;
    switch (type) {
      case 'string':
        if (i % 11 === 0) await cluster.set(key, Buffer.from([0, 255, i & 0xff, 13, 10, (i >> 8) & 0xff]));
        else await cluster.set(key, `value-${i}-${'x'.repeat(i % 40)}`);
        break;
      case 'hash':
        await cluster.hset(key, { name: `n${i}`, count: String(i), flag: i % 2 === 0 ? 'yes' : 'no', [`f${i % 13}`]: 'extra' });
        break;
      case 'list':
        await cluster.rpush(key, `a${i}`, `b${i}`, `a${i}`, String(i % 97));
        break;
      case 'set':
        await cluster.sadd(key, `m${i}`, `m${i + 1}`, `m${i * 7}`, 'shared');
        break;
      case 'zset':
        await cluster.zadd(key, i % 50, `z${i}`, 1.5, 'half', -(i % 3), `neg${i}`);
        break;
    }
    if (ttl) await cluster.expire(key, 3600);
  };
  for (let start = 0; start < options.count; start += window) {
    const batch: Array<Promise<void>> = [];
    for (let i = start; i < Math.min(options.count, start + window); i++) batch.push(writeOne(i));
    await Promise.all(batch);
  }
  return byType;
}

export interface Checksum {
  keys: number;
  /** sha256 over every key's name, type, value and TTL presence, in key order. */
  digest: string;
  byType: Record<string, number>;
  withTtl: number;
  /** Keys found on each primary (by port). */
  perPort: Map<number, number>;
}

/** The cluster's primaries, as the node on `anyPort` sees them. */
export async function primaryPorts(anyPort: number, tls: TlsFiles | null): Promise<number[]> {
  return (await readTopology(anyPort, tls)).filter((entry) => entry.role === 'primary' && entry.slots.length > 0).map((entry) => entry.port).sort((a, b) => a - b);
}

type Reply = [Error | null, unknown];

function pairs(items: Buffer[]): Array<[Buffer, Buffer]> {
  const out: Array<[Buffer, Buffer]> = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i] as Buffer, items[i + 1] as Buffer]);
  return out;
}

function canonical(type: string, value: unknown): string {
  const hex = (b: Buffer): string => b.toString('hex');
  const list = value as Buffer[];
  switch (type) {
    case 'string':
      return hex(value as Buffer);
    case 'hash':
      return pairs(list).map(([f, v]) => `${hex(f)}=${hex(v)}`).sort().join(',');
    case 'list':
      return list.map(hex).join(',');
    case 'set':
      return list.map(hex).sort().join(',');
    case 'zset':
      return pairs(list).map(([m, s]) => `${hex(m)}@${s.toString()}`).join(',');
    default:
      return `unsupported:${type}`;
  }
}

function readCommand(type: string): string[] | undefined {
  switch (type) {
    case 'string':
      return ['GET'];
    case 'hash':
      return ['HGETALL'];
    case 'list':
      return ['LRANGE', '0', '-1'];
    case 'set':
      return ['SMEMBERS'];
    case 'zset':
      return ['ZRANGE', '0', '-1', 'WITHSCORES'];
    default:
      return undefined;
  }
}

async function exec(pipeline: ReturnType<Redis['pipeline']>, port: number): Promise<unknown[]> {
  const results = ((await pipeline.exec()) ?? []) as Reply[];
  return results.map(([error, value]) => {
    // A MOVED here means the key sits on a node that does not own its slot.
    if (error) throw new Error(`127.0.0.1:${port}: ${error.message}`);
    return value;
  });
}

/**
 * Reads every key (matching `match`) from each primary directly (SCAN there, values read on the same
 * node, so a key stranded on a node that does not own its slot fails with MOVED) and digests the
 * whole content. Equal digests mean the same keys with the same types, values and TTL presence.
 */
export async function checksum(ports: number[], tls: TlsFiles | null, options: { match?: string } = {}): Promise<Checksum> {
  const entries: Array<[string, string]> = [];
  const byType: Record<string, number> = {};
  const perPort = new Map<number, number>();
  let withTtl = 0;
  await Promise.all(
    ports.map(async (port) => {
      const node = connectNode(port, tls, { commandTimeoutMs: 30_000 });
      let found = 0;
      try {
        let cursor = '0';
        // SCAN ends when the cursor is back at 0; the bound only guards against a runaway loop.
        for (let round = 0; round < 1_000_000; round++) {
          const [next, keys] = (await node.scanBuffer(cursor, 'MATCH', options.match ?? '*', 'COUNT', 1000)) as [Buffer, Buffer[]];
          cursor = next.toString();
          if (keys.length > 0) {
            const meta = node.pipeline();
            for (const key of keys) meta.type(key).pttl(key);
            const metaReplies = await exec(meta, port);
            const reads = node.pipeline();
            const types = keys.map((key, i) => {
              const type = String(metaReplies[i * 2]);
              const command = readCommand(type);
              if (command) reads.callBuffer(command[0] as string, key, ...command.slice(1));
              else reads.callBuffer('TYPE', key);
              return type;
            });
            const values = await exec(reads, port);
            keys.forEach((key, i) => {
              const type = types[i] as string;
              const ttl = Number(metaReplies[i * 2 + 1]) > 0;
              if (ttl) withTtl++;
              byType[type] = (byType[type] ?? 0) + 1;
              entries.push([key.toString('hex'), `${type}|${ttl ? 'ttl' : 'none'}|${canonical(type, values[i])}`]);
            });
            found += keys.length;
          }
          if (cursor === '0') break;
        }
      } finally {
        node.disconnect();
      }
      perPort.set(port, found);
    }),
  );
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hash = createHash('sha256');
  for (const [key, value] of entries) hash.update(`${key}\u0000${value}\n`);
  return { keys: entries.length, digest: hash.digest('hex'), byType, withTtl, perPort };
}

export interface WriteLoopResult {
  /** Acknowledged writes: key → value. */
  acked: Map<string, string>;
  attempts: number;
  errors: string[];
  /** The longest time between two acknowledged writes (from the start for the first), in ms. */
  maxGapMs: number;
  /** Acknowledgement times (performance.now()) in order. */
  ackTimes: number[];
}

export interface WriteLoop {
  stop(): Promise<WriteLoopResult>;
}

/**
 * Keeps writing distinct keys with SET, one at a time, every `intervalMs` (0: back to back), until
 * stop() or `maxMs`/`maxWrites`. Each write that resolved OK counts as acknowledged; one that failed
 * or took longer than `writeTimeoutMs` does not (it may still have been applied).
 */
export function startWriteLoop(cluster: Cluster, options: { keyOf: (i: number) => string; intervalMs?: number; maxMs?: number; maxWrites?: number; writeTimeoutMs?: number }): WriteLoop {
  const result: WriteLoopResult = { acked: new Map(), attempts: 0, errors: [], maxGapMs: 0, ackTimes: [] };
  const maxMs = options.maxMs ?? 60_000;
  const maxWrites = options.maxWrites ?? 1_000_000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
  let stopped = false;
  const began = performance.now();
  const loop = (async (): Promise<void> => {
    let last = began;
    for (let i = 0; !stopped && i < maxWrites && performance.now() - began < maxMs; i++) {
      const key = options.keyOf(i);
      const value = `w${i}`;
      result.attempts++;
      let timer: NodeJS.Timeout | undefined;
      try {
        const reply = await Promise.race([
          cluster.set(key, value),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`SET ${key} took over ${writeTimeoutMs} ms`)), writeTimeoutMs);
          }),
        ]);
        if (reply === 'OK') {
          const now = performance.now();
          result.acked.set(key, value);
          result.ackTimes.push(now);
          result.maxGapMs = Math.max(result.maxGapMs, now - last);
          last = now;
        }
      } catch (error) {
        if (result.errors.length < 20) result.errors.push(error instanceof Error ? error.message : String(error));
      } finally {
        clearTimeout(timer);
      }
      if ((options.intervalMs ?? 0) > 0) await new Promise((done) => setTimeout(done, options.intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return result;
    },
  };
}

/** The acknowledged writes that the cluster no longer has (read back through the cluster client). */
export async function missingWrites(cluster: Cluster, acked: Map<string, string>): Promise<string[]> {
  const missing: string[] = [];
  const entries = [...acked];
  for (let start = 0; start < entries.length; start += 1000) {
    const batch = entries.slice(start, start + 1000);
    const values = await Promise.all(batch.map(([key]) => cluster.get(key)));
    batch.forEach(([key, value], i) => {
      if (values[i] !== value) missing.push(key);
    });
  }
  return missing;
}
