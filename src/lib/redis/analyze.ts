// memctl analyze: one sweep over every primary (or replica) — SCAN per node (scan.ts), then TYPE,
// PTTL, MEMORY USAGE, length and (for one key in ENCODING_EVERY) OBJECT ENCODING per batch
// (analyze-read.ts) — folded into the bounded Aggregator, then summarised with balance figures and
// recommendations. Shards run in parallel by default; `parallel: 1` walks them one by one (the
// hidden --parallel flag, for the bench comparison).
import { Aggregator, TTL_BUCKETS, type KeySample, type NamespaceStats, type ShardStats, type TopKey, type TtlBucket } from './analyze-stats.js';
import { ENCODING_EVERY, KeyReader } from './analyze-read.js';
import type { LatencyFigures } from './latency-guard.js';
import { nodeLabel } from './scan.js';
import { sweep, withRetry, type OpenedNodes, type SweepFailure, type SweepOutcome } from './sweep.js';
import { sweepNodes, type ReadFrom, type ResolvedTarget } from './target.js';

export { ENCODING_EVERY };
const EMPTY = Buffer.alloc(0);
/** Batches of a node read at once: the server works on one while memctl reads the replies of another. */
export const WORK_IN_FLIGHT = 3;
/** A key whose MEMORY USAGE is at least this is a "big key". */
export const BIG_KEY_BYTES = 1024 * 1024;
/** A collection with at least this many elements is "oversized" (slow O(N) commands, uneven slots). */
export const BIG_COLLECTION = 10_000;
/** Shards are "imbalanced" when the largest holds this much more than the mean. */
export const SKEW_LIMIT = 1.5;
/** Top-level namespaces that usually hold cache data, which should expire. */
const CACHE_LIKE = /^(cache|caches|session|sessions|sess|tmp|temp|token|tokens|otp|ratelimit|rate-limit|lock|locks)$|cache/i;

export interface AnalyzeOptions {
  delimiter: string;
  depth: number;
  top: number;
  /** Keys per node (in SCAN order); undefined: the whole keyspace. */
  sample?: number | undefined;
  /** Only keys matching this glob (SCAN MATCH); undefined: every key. */
  match?: string | undefined;
  count: number;
  maxOps?: number | undefined;
  /** Nodes swept at once; undefined: all of them. */
  parallel?: number | undefined;
  signal?: AbortSignal | undefined;
  onBatch?: (scanned: number, node: string) => void;
  /** Default: the target's --read-from. */
  readFrom?: ReadFrom | undefined;
  /** How long to wait out a fault mid-sweep (default 30 s). */
  recoveryMs?: number | undefined;
  /**
   * The latency guard: the PING round trip of each node swept is watched, and above this many ms
   * its batches are spaced out (0: watched only); undefined: no guard and no figures.
   */
  maxLatencyMs?: number | undefined;
  onNotice?: ((text: string) => void) | undefined;
}

export interface Recommendation {
  kind: 'big-keys' | 'big-collections' | 'cache-without-ttl' | 'shard-imbalance';
  severity: 'warning' | 'info';
  message: string;
  /** Key names or namespaces the recommendation is about (at most 10). */
  subjects: string[];
}

/** The `-o json` shape of `analyze` (documented in docs/json.md). */
export interface AnalyzeReport {
  target: string;
  cluster: boolean;
  /** The --sample size per node, or null for the whole keyspace. */
  sample: number | null;
  /** False when interrupted (Ctrl-C) or when a node stayed down: the figures cover the keys seen. */
  complete: boolean;
  /** What stopped an incomplete sweep (null when complete or interrupted). */
  failure: SweepFailure | null;
  /** Faults the sweep recovered from (a failover, a restart), each with its node. */
  recovered: SweepOutcome['recovered'];
  /** Wall time of the sweep, ms. */
  durationMs: number;
  options: { delimiter: string; depth: number; top: number; encodingEvery: number };
  totals: { keys: number; memory: number; withoutTtl: number; vanished: number; dbsize: number; estimatedMemory: number };
  types: Array<{ type: string; keys: number; memory: number; elements: number; withoutTtl: number }>;
  namespaces: Array<NamespaceStats>;
  ttl: Array<{ bucket: TtlBucket; keys: number; memory: number }>;
  encodings: Array<{ type: string; encoding: string; keys: number }>;
  topByMemory: TopKey[];
  topByLength: TopKey[];
  shards: ShardStats[];
  balance: { keySkew: number; memorySkew: number; hotShard: string | null };
  recommendations: Recommendation[];
  /** The nodes' PING round trips during the sweep (the latency guard), or null without it. */
  latency: { limitMs: number; nodes: LatencyFigures[] } | null;
}

/**
 * Sweeps the target (sweep.ts: complete, or says which node stopped it) and returns the report;
 * complete=false when interrupted or when a node stayed down, with the figures of the keys seen.
 */
export async function analyzeNodes(target: ResolvedTarget, opened: OpenedNodes, options: AnalyzeOptions): Promise<AnalyzeReport> {
  const started = Date.now();
  const readFrom = options.readFrom ?? target.readFrom;
  const agg = new Aggregator({ delimiter: options.delimiter, depth: options.depth, top: options.top });
  const signal = options.signal;
  // DBSIZE of every node swept, as the sweep starts (a node that takes over later: when it does).
  const sized = new Set<string>();
  await Promise.all(
    sweepNodes(opened.nodes, readFrom).map(async (n) => {
      const label = nodeLabel(n);
      agg.shard(label, label, Number(await withRetry(label, 'DBSIZE', () => n.client.call('DBSIZE'), signal)));
      sized.add(label);
    }),
  );
  const readers = new Map<string, KeyReader>();
  const outcome = await sweep(
    target,
    opened,
    {
      readFrom,
      match: options.match,
      count: options.count,
      maxOps: options.maxOps,
      maxLatencyMs: options.maxLatencyMs,
      perShardLimit: options.sample,
      parallel: options.parallel,
      workInFlight: WORK_IN_FLIGHT,
      signal,
      recoveryMs: options.recoveryMs ?? 30_000,
      onNotice: options.onNotice,
    },
    async ({ keys, node, label, shard, guard }) => {
      if (!sized.has(label)) {
        agg.shard(shard, label, Number(await withRetry(label, 'DBSIZE', () => node.client.call('DBSIZE'), signal)));
        sized.add(label);
      }
      const wire = await withRetry(label, 'TYPE/PTTL/MEMORY USAGE', () => node.wire(), signal);
      let reader = readers.get(label);
      if (reader === undefined || reader.wire !== wire) {
        reader = new KeyReader(wire, options.maxOps, signal, guard);
        readers.set(label, reader);
      }
      const current = reader;
      const facts = await withRetry(label, current.command, () => current.read(keys), signal);
      const absent: Buffer[] = [];
      // One sample object for the batch, filled key by key (the aggregator keeps nothing of it).
      const sample: KeySample = { key: EMPTY, node: label, shard, type: '', memory: 0, length: null, pttl: -1 };
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as Buffer;
        const type = facts.type[i] as string;
        const memory = facts.memory[i] as number;
        const pttl = facts.pttl[i] as number;
        if (type === 'none' || memory < 0 || pttl === -2) {
          // Gone between SCAN and this read: deleted, expired, or moved by a migration (then the
          // sweep finds it again on the node it went to).
          agg.vanished++;
          absent.push(key);
          continue;
        }
        const length = facts.length[i] as number;
        sample.key = key;
        sample.type = type;
        sample.memory = memory;
        sample.length = Number.isNaN(length) ? null : length;
        sample.pttl = pttl;
        agg.add(sample);
        const encoding = facts.encoding[i] as string;
        if (encoding !== '') agg.encoding(type, encoding);
      }
      options.onBatch?.(agg.total.keys, label);
      return { absent };
    },
  );
  const report = summarise(agg, options.match === undefined, {
    target: target.label,
    cluster: opened.cluster,
    sample: options.sample ?? null,
    complete: outcome.complete,
    durationMs: Date.now() - started,
  });
  report.failure = outcome.failure ?? null;
  report.latency = outcome.latency ?? null;
  report.recovered = outcome.recovered;
  return report;
}

const byMemory = <T extends { memory: number }>(a: T, b: T): number => b.memory - a.memory;
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

function summarise(agg: Aggregator, wholeKeyspace: boolean, head: Pick<AnalyzeReport, 'target' | 'cluster' | 'sample' | 'complete' | 'durationMs'>): AnalyzeReport {
  const shards = [...agg.shards.values()];
  const mean = (f: (s: ShardStats) => number): number => (shards.length === 0 ? 0 : shards.reduce((sum, s) => sum + f(s), 0) / shards.length);
  const skew = (f: (s: ShardStats) => number): number => (mean(f) === 0 ? 1 : round3(Math.max(...shards.map(f)) / mean(f)));
  const hot = shards.length === 0 ? null : [...shards].sort(byMemory)[0]?.node ?? null;
  // With --sample, memory per shard scaled by DBSIZE / sampled keys: an estimate of the whole. With
  // --match, DBSIZE counts keys the pattern leaves out, so the keys read are all there is to go by.
  const estimatedMemory = Math.round(shards.reduce((sum, s) => sum + (s.keys === 0 ? 0 : wholeKeyspace ? (s.memory * Math.max(s.dbsize, s.keys)) / s.keys : s.memory), 0));
  const report: AnalyzeReport = {
    ...head,
    failure: null,
    recovered: [],
    options: { delimiter: agg.options.delimiter, depth: agg.options.depth, top: agg.options.top, encodingEvery: ENCODING_EVERY },
    totals: { ...agg.total, vanished: agg.vanished, dbsize: shards.reduce((sum, s) => sum + s.dbsize, 0), estimatedMemory },
    types: [...agg.types].map(([type, s]) => ({ type, ...s })).sort(byMemory),
    namespaces: [...agg.namespaces.values()].sort((a, b) => b.memory - a.memory || a.prefix.localeCompare(b.prefix)),
    ttl: TTL_BUCKETS.map((bucket) => ({ bucket, ...(agg.ttl.get(bucket) ?? { keys: 0, memory: 0 }) })),
    encodings: [...agg.encodings].flatMap(([type, m]) => [...m].map(([encoding, keys]) => ({ type, encoding, keys }))).sort((a, b) => a.type.localeCompare(b.type) || b.keys - a.keys),
    topByMemory: agg.byMemory.sorted(),
    topByLength: agg.byLength.sorted(),
    shards: shards.sort((a, b) => a.node.localeCompare(b.node)),
    balance: { keySkew: skew((s) => s.keys), memorySkew: skew((s) => s.memory), hotShard: shards.length > 1 ? hot : null },
    recommendations: [],
    latency: null,
  };
  report.recommendations = recommend(report);
  return report;
}

const MB = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Advice from the figures; the heap-based ones only see the top keys, which is what matters. */
export function recommend(r: AnalyzeReport): Recommendation[] {
  const out: Recommendation[] = [];
  const big = r.topByMemory.filter((k) => k.memory >= BIG_KEY_BYTES);
  if (big.length > 0) {
    out.push({
      kind: 'big-keys',
      severity: 'warning',
      message: `${big.length}${big.length === r.topByMemory.length ? '+' : ''} key(s) use ${MB(BIG_KEY_BYTES)} or more (largest ${MB(big[0]?.memory ?? 0)}): big keys block the node while they are read, copied or deleted; split them or use UNLINK`,
      subjects: big.slice(0, 10).map((k) => k.key),
    });
  }
  const long = r.topByLength.filter((k) => (k.length ?? 0) >= BIG_COLLECTION);
  if (long.length > 0) {
    out.push({
      kind: 'big-collections',
      severity: 'warning',
      message: `${long.length}${long.length === r.topByLength.length ? '+' : ''} collection(s) hold ${BIG_COLLECTION} or more elements: O(N) commands (HGETALL, SMEMBERS, LRANGE 0 -1) on them are slow; paginate (HSCAN/SSCAN/ZSCAN) or shard the collection`,
      subjects: long.slice(0, 10).map((k) => k.key),
    });
  }
  const cacheLike = r.namespaces.filter((n) => n.depth === 1 && n.withoutTtl > 0 && CACHE_LIKE.test(n.prefix));
  if (cacheLike.length > 0) {
    const keys = cacheLike.reduce((sum, n) => sum + n.withoutTtl, 0);
    out.push({
      kind: 'cache-without-ttl',
      severity: 'warning',
      message: `${keys} key(s) in cache-like namespaces have no TTL (${cacheLike.map((n) => n.prefix).join(', ')}): set an expiry so they cannot grow without bound`,
      subjects: cacheLike.slice(0, 10).map((n) => n.prefix),
    });
  }
  if (r.shards.length > 1 && (r.balance.memorySkew >= SKEW_LIMIT || r.balance.keySkew >= SKEW_LIMIT)) {
    out.push({
      kind: 'shard-imbalance',
      severity: 'warning',
      message: `shards are uneven (memory skew ${r.balance.memorySkew}, key skew ${r.balance.keySkew}; hot shard ${r.balance.hotShard ?? '-'}): look for big keys or hash tags that pin data to one slot, or rebalance slots`,
      subjects: r.balance.hotShard === null ? [] : [r.balance.hotShard],
    });
  }
  return out;
}
