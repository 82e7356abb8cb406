// @ts-nocheck
// What a sweep (sweep.ts) reads besides SCAN: the key types SCAN filters by, and the optional
// columns of a batch (type, TTL, memory, length) in one pipeline per node. Only TYPE, PTTL,
// MEMORY USAGE and length commands are sent: never KEYS, CONFIG, DEBUG, SYNC or MONITOR, which
// managed services block or which stall a node.
import type { Redis } from 'ioredis';
import type { NodeHandle } from './target.js';
import type { RateLimiter } from './rate.js';

export const KEY_TYPES = ['string', 'hash', 'list', 'set', 'zset', 'stream', 'ReJSON-RL'] as const;
export const KEY_COLUMNS = ['type', 'ttl', 'memory', 'length'] as const;
export type KeyColumn = (typeof KEY_COLUMNS)[number];

export interface KeyInfo {
  type?: string;
  /** Milliseconds to expiry; -1 without a TTL, -2 when the key vanished meanwhile. */
  pttl?: number;
  /** MEMORY USAGE in bytes (null when the key vanished). */
  memory?: number | null;
  /** Elements (bytes for strings); null for types without a length command. */
  length?: number | null;
}

export interface ScanBatch {
  /** host:port of the node the keys came from. */
  node: string;
  keys: Buffer[];
  /** Present when columns were asked for: one entry per key. */
  info?: KeyInfo[];
}

const LENGTH_COMMAND: Record<string, string> = { string: 'STRLEN', hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' };

export function nodeLabel(node: Pick<NodeHandle, 'address' | 'port'>): string {
  return `${node.address}:${node.port}`;
}

/** A pipeline reply's value; an error reply (MOVED, LOADING, a lost connection) is thrown. */
function reply(entry: [Error | null, unknown] | undefined): unknown {
  if (entry === undefined) return undefined;
  if (entry[0] !== null) throw entry[0];
  return entry[1];
}

/** Type, TTL, memory and length of a batch of keys: one pipeline, two when lengths need types. */
export async function keyInfo(client: Redis, keys: Buffer[], columns: readonly KeyColumn[], knownType: string | undefined, limiter?: RateLimiter, signal?: AbortSignal): Promise<KeyInfo[]> {
  const want = new Set(columns);
  const needType = (want.has('type') || want.has('length')) && knownType === undefined;
  const infos: KeyInfo[] = keys.map(() => (knownType === undefined ? {} : { type: knownType }));
  const perKey = (needType ? 1 : 0) + (want.has('ttl') ? 1 : 0) + (want.has('memory') ? 1 : 0);
  if (perKey > 0) {
    await limiter?.take(perKey * keys.length, signal);
    const pipeline = client.pipeline();
    for (const key of keys) {
      if (needType) pipeline.type(key);
      if (want.has('ttl')) pipeline.pttl(key);
      if (want.has('memory')) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    }
    const replies = (await pipeline.exec()) ?? [];
    let r = 0;
    for (const info of infos) {
      if (needType) info.type = String(reply(replies[r++]) ?? 'none');
      if (want.has('ttl')) info.pttl = Number(reply(replies[r++]) ?? -2);
      if (want.has('memory')) {
        // MEMORY USAGE is optional: a user who may not run it gets an empty column.
        const [err, value] = replies[r++] ?? [null, null];
        if (err !== null && !/NOPERM|unknown command/i.test(err.message)) throw err;
        info.memory = err === null && value !== null ? Number(value) : null;
      }
    }
  }
  if (want.has('length')) {
    const pipeline = client.pipeline();
    let sent = 0;
    keys.forEach((key, i) => {
      const command = LENGTH_COMMAND[infos[i]?.type ?? ''];
      if (command !== undefined) {
        pipeline.call(command, key);
        sent++;
      }
    });
    if (sent > 0) await limiter?.take(sent, signal);
    const replies = sent > 0 ? ((await pipeline.exec()) ?? []) : [];
    let r = 0;
    keys.forEach((_, i) => {
      const info = infos[i] as KeyInfo;
      if (LENGTH_COMMAND[info.type ?? ''] === undefined) info.length = null;
      else {
        // A key that changed type since TYPE answers WRONGTYPE: no length. Any other error stops.
        const [err, value] = replies[r++] ?? [null, null];
        if (err !== null && !/^WRONGTYPE/.test(err.message)) throw err;
        info.length = err === null ? Number(value) : null;
      }
    });
  }
  if (!want.has('type') && knownType === undefined) for (const info of infos) delete info.type;
  return infos;
}
