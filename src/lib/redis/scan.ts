// SCAN across every node of a sweep in parallel, as one stream of batches. Each node keeps one
// SCAN in flight ahead of the consumer (the next cursor is requested before the batch is handed
// on), so nodes overlap their round trips with output; optional columns are read per batch in one
// pipeline per node. Only SCAN, TYPE, PTTL, MEMORY USAGE and length commands are sent: never
// KEYS, CONFIG, DEBUG, SYNC or MONITOR, which managed services block or which stall a node.
import type { Redis } from 'ioredis';
import type { NodeHandle } from './target.js';
import { RateLimiter } from './rate.js';

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

export interface ScanOptions {
  match?: string | undefined;
  type?: string | undefined;
  /** SCAN COUNT: keys examined per call, which bounds the work of each call on the server. */
  count: number;
  limit?: number | undefined;
  /** At most this many commands per second per node. */
  maxOps?: number | undefined;
  columns?: readonly KeyColumn[];
  signal?: AbortSignal | undefined;
}

const LENGTH_COMMAND: Record<string, string> = { string: 'STRLEN', hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' };

export function nodeLabel(node: Pick<NodeHandle, 'address' | 'port'>): string {
  return `${node.address}:${node.port}`;
}

/**
 * Batches of keys from every node, in arrival order; ends when every node's cursor is back at 0,
 * `limit` keys were produced, or the signal aborts (the caller keeps what it got).
 */
export async function* scanNodes(nodes: readonly NodeHandle[], options: ScanOptions): AsyncGenerator<ScanBatch, void, undefined> {
  const signal = options.signal;
  const sources = nodes.map((n) => scanOneNode(n, options));
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<ScanBatch, void> }>>();
  const pull = (index: number): void => {
    const source = sources[index] as AsyncGenerator<ScanBatch, void, undefined>;
    const p = source.next().then((result) => ({ index, result }));
    p.catch(() => undefined); // surfaced when awaited; never an unhandled rejection after a stop
    pending.set(index, p);
  };
  sources.forEach((_, i) => pull(i));
  let produced = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal?.aborted === true) resolve('aborted');
    signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    while (pending.size > 0 && produced < limit) {
      const next = await Promise.race([...pending.values(), aborted]);
      if (next === 'aborted') return;
      pending.delete(next.index);
      if (next.result.done === true) continue;
      let batch = next.result.value;
      if (produced + batch.keys.length > limit) {
        const keep = limit - produced;
        batch = { node: batch.node, keys: batch.keys.slice(0, keep), ...(batch.info === undefined ? {} : { info: batch.info.slice(0, keep) }) };
      }
      produced += batch.keys.length;
      if (produced < limit) pull(next.index);
      if (batch.keys.length > 0) yield batch;
    }
  } finally {
    // Stop every node loop; their in-flight replies are dropped when the caller disconnects.
    for (const source of sources) void source.return(undefined).catch(() => undefined);
  }
}

async function* scanOneNode(node: NodeHandle, options: ScanOptions): AsyncGenerator<ScanBatch, void, undefined> {
  const client = node.client;
  const label = nodeLabel(node);
  const limiter = new RateLimiter(options.maxOps);
  const args: Array<string | number> = [];
  if (options.match !== undefined) args.push('MATCH', options.match);
  if (options.type !== undefined) args.push('TYPE', options.type);
  args.push('COUNT', options.count);
  const scan = async (cursor: string): Promise<[string, Buffer[]]> => {
    await limiter.take(1, options.signal);
    const [next, keys] = (await client.scanBuffer(cursor, ...(args as ['COUNT', number]))) as [Buffer, Buffer[]];
    return [next.toString('latin1'), keys];
  };
  let inFlight = scan('0');
  inFlight.catch(() => undefined);
  // A full SCAN ends when the cursor returns to 0; the bound only guards against a server bug.
  for (let round = 0; round < 100_000_000; round++) {
    const [cursor, keys] = await inFlight;
    const more = cursor !== '0';
    if (more) {
      inFlight = scan(cursor);
      inFlight.catch(() => undefined);
    }
    if (keys.length > 0) {
      const columns = options.columns ?? [];
      if (columns.length === 0) yield { node: label, keys };
      else yield { node: label, keys, info: await keyInfo(client, keys, columns, options.type, limiter, options.signal) };
    }
    if (!more || options.signal?.aborted === true) return;
  }
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
      if (needType) info.type = String(replies[r++]?.[1] ?? 'none');
      if (want.has('ttl')) info.pttl = Number(replies[r++]?.[1] ?? -2);
      if (want.has('memory')) {
        const [err, value] = replies[r++] ?? [null, null];
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
        const [err, value] = replies[r++] ?? [null, null];
        info.length = err === null ? Number(value) : null;
      }
    });
  }
  if (!want.has('type') && knownType === undefined) for (const info of infos) delete info.type;
  return infos;
}
