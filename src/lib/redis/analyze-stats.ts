// Streaming aggregation for `analyze`: every key is folded into fixed-size counters the moment it
// arrives (by type, namespace, TTL bucket, encoding, shard) and into two bounded heaps (top keys
// by memory and by length). Nothing per key is kept beyond the heaps, so memory does not grow with
// the keyspace: the namespace table is capped and later namespaces fold into "(other)".
import { jsonText } from './display.js';

export const TTL_BUCKETS = ['none', '<1h', '<1d', '<7d', '>=7d'] as const;
export type TtlBucket = (typeof TTL_BUCKETS)[number];
/** Namespaces kept before new ones fold into OTHER_NAMESPACE (bounds memory on random key names). */
export const MAX_NAMESPACES = 2000;
export const OTHER_NAMESPACE = '(other)';
/** Keys with no delimiter in their name. */
export const ROOT_NAMESPACE = '(root)';

export interface Totals {
  keys: number;
  memory: number;
}

export interface TypeStats extends Totals {
  /** Sum of lengths: elements for collections, bytes for strings. */
  elements: number;
  withoutTtl: number;
}

export interface NamespaceStats extends TypeStats {
  prefix: string;
  depth: number;
}

export interface TopKey {
  key: string;
  /** Set when the key name is not valid UTF-8. */
  keyHex?: string;
  node: string;
  type: string;
  memory: number;
  length: number | null;
  /** Seconds to expiry (rounded up); null without a TTL. */
  /** Milliseconds to expiry (PTTL); null without a TTL. */
  ttlMs: number | null;
}

export interface ShardStats extends Totals {
  /** The node that served the shard last (after a failover, the new primary). */
  node: string;
  /** DBSIZE when the sweep started (what --sample results are scaled by). */
  dbsize: number;
}

export interface KeySample {
  key: Buffer;
  node: string;
  /** The shard's stats to add to (default: the node's). */
  shard?: string;
  type: string;
  memory: number;
  length: number | null;
  pttl: number;
}

/**
 * Bounded min-heap: keeps the `size` largest items by score, O(log size) per offer. Of items with
 * equal scores, those whose key's bytes sort first are kept: the same keys whatever order they
 * come in (batches of a sweep finish in any order).
 */
export class TopHeap {
  private readonly items: HeapEntry[] = [];
  constructor(private readonly size: number) {}

  /** Cheap test first so the common case (not a top key) builds no record. */
  wants(score: number, raw: Uint8Array): boolean {
    if (this.size <= 0) return false;
    const root = this.items[0];
    return this.items.length < this.size || root === undefined || score > root.score || (score === root.score && Buffer.compare(raw, root.raw) < 0);
  }

  offer(score: number, item: TopKey, raw: Uint8Array): void {
    if (!this.wants(score, raw)) return;
    const a = this.items;
    const entry = { score, item, raw: Buffer.from(raw) };
    if (a.length < this.size) {
      a.push(entry);
      let i = a.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!below(entry, a[parent] as HeapEntry)) break;
        [a[i], a[parent]] = [a[parent] as HeapEntry, a[i] as HeapEntry];
        i = parent;
      }
      return;
    }
    a[0] = entry;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && below(a[l] as HeapEntry, a[m] as HeapEntry)) m = l;
      if (r < a.length && below(a[r] as HeapEntry, a[m] as HeapEntry)) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as HeapEntry, a[i] as HeapEntry];
      i = m;
    }
  }

  /** Largest first; ties by key name so output is stable. */
  sorted(): TopKey[] {
    return [...this.items].sort((x, y) => y.score - x.score || (x.item.key < y.item.key ? -1 : x.item.key > y.item.key ? 1 : 0)).map((x) => x.item);
  }
}

interface HeapEntry {
  score: number;
  item: TopKey;
  /** The key's bytes (a copy). */
  raw: Buffer;
}

/** x ranks below y: a lower score, or the same score and a key whose bytes sort later. */
function below(x: HeapEntry, y: HeapEntry): boolean {
  return x.score < y.score || (x.score === y.score && Buffer.compare(x.raw, y.raw) > 0);
}

export function ttlBucket(pttl: number): TtlBucket {
  if (pttl < 0) return 'none';
  if (pttl < 3_600_000) return '<1h';
  if (pttl < 86_400_000) return '<1d';
  if (pttl < 7 * 86_400_000) return '<7d';
  return '>=7d';
}

/**
 * The namespace prefixes of a key, one per depth: the name split on the delimiter without its last
 * segment (the id), numeric segments shown as "*" so "user:42:cart" and "user:43:cart" share
 * "user:*". A key with no delimiter belongs to ROOT_NAMESPACE.
 */
export function namespacesOf(key: Buffer, delimiter: string, depth: number): string[] {
  if (delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80) {
    const fast = asciiNamespaces(key, delimiter.charCodeAt(0), depth);
    if (fast !== undefined) return fast;
  }
  return splitNamespaces(key.toString('latin1').includes(delimiter) ? jsonText(key) : '', delimiter, depth);
}

/** namespacesOf on the name as text ('' when it has no delimiter). */
export function splitNamespaces(text: string, delimiter: string, depth: number): string[] {
  if (text === '') return [ROOT_NAMESPACE];
  const segments = text.split(delimiter);
  segments.pop();
  const out: string[] = [];
  let prefix = '';
  for (let i = 0; i < Math.min(depth, segments.length); i++) {
    const segment = /^\d+$/.test(segments[i] as string) ? '*' : (segments[i] as string);
    prefix = i === 0 ? segment : `${prefix}${delimiter}${segment}`;
    out.push(prefix);
  }
  return out;
}

/**
 * namespacesOf for a name of ASCII bytes and a one-byte delimiter, read byte by byte (the hot
 * path of a big analyze); undefined for any other name, which takes the general path.
 */
function asciiNamespaces(key: Buffer, delimiter: number, depth: number): string[] | undefined {
  let out: string[] | undefined;
  let prefix = '';
  let start = 0;
  let digits = true;
  for (let i = 0; i < key.length; i++) {
    const b = key[i] as number;
    if (b >= 0x80) return undefined;
    if (b !== delimiter) {
      if (b < 0x30 || b > 0x39) digits = false;
      continue;
    }
    const level = out === undefined ? 0 : out.length;
    if (level < depth) {
      const segment = digits && i > start ? '*' : key.toString('latin1', start, i);
      prefix = level === 0 ? segment : `${prefix}${String.fromCharCode(delimiter)}${segment}`;
      (out ??= []).push(prefix);
    }
    start = i + 1;
    digits = true;
  }
  return out ?? [ROOT_NAMESPACE];
}

function count(ns: NamespaceStats, memory: number, elements: number, noTtl: number): void {
  ns.keys++;
  ns.memory += memory;
  ns.elements += elements;
  ns.withoutTtl += noTtl;
}

function fnv1a(bytes: Uint8Array, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

function emptyType(): TypeStats {
  return { keys: 0, memory: 0, elements: 0, withoutTtl: 0 };
}

export interface AggregatorOptions {
  delimiter: string;
  depth: number;
  top: number;
  maxNamespaces?: number;
}

export class Aggregator {
  readonly types = new Map<string, TypeStats>();
  readonly namespaces = new Map<string, NamespaceStats>();
  readonly ttl = new Map<TtlBucket, Totals>(TTL_BUCKETS.map((b) => [b, { keys: 0, memory: 0 }]));
  /** type → encoding → keys (from the keys whose encoding was read). */
  readonly encodings = new Map<string, Map<string, number>>();
  readonly shards = new Map<string, ShardStats>();
  readonly byMemory: TopHeap;
  readonly byLength: TopHeap;
  total: Totals & { withoutTtl: number } = { keys: 0, memory: 0, withoutTtl: 0 };
  /** Keys that vanished between SCAN and the follow-up commands. */
  vanished = 0;
  private readonly maxNamespaces: number;

  constructor(readonly options: AggregatorOptions) {
    this.byMemory = new TopHeap(options.top);
    this.byLength = new TopHeap(options.top);
    this.maxNamespaces = options.maxNamespaces ?? MAX_NAMESPACES;
  }

  /** A shard and the node serving it, with that node's DBSIZE (a failover updates both). */
  shard(shard: string, node: string, dbsize: number): void {
    const known = this.shards.get(shard);
    if (known === undefined) this.shards.set(shard, { node, dbsize, keys: 0, memory: 0 });
    else {
      known.node = node;
      known.dbsize = dbsize;
    }
  }

  add(k: KeySample): void {
    const noTtl = k.pttl < 0 ? 1 : 0;
    const elements = k.length ?? 0;
    this.total.keys++;
    this.total.memory += k.memory;
    this.total.withoutTtl += noTtl;
    const type = this.types.get(k.type) ?? emptyType();
    this.types.set(k.type, type);
    type.keys++;
    type.memory += k.memory;
    type.elements += elements;
    type.withoutTtl += noTtl;
    const bucket = this.ttl.get(ttlBucket(k.pttl)) as Totals;
    bucket.keys++;
    bucket.memory += k.memory;
    const id = k.shard ?? k.node;
    const shard = this.shards.get(id) ?? { node: k.node, dbsize: 0, keys: 0, memory: 0 };
    this.shards.set(id, shard);
    shard.keys++;
    shard.memory += k.memory;
    if (!this.namespacesInPlace(k.key, k.memory, elements, noTtl)) {
      const prefixes = namespacesOf(k.key, this.options.delimiter, this.options.depth);
      for (let i = 0; i < prefixes.length; i++) {
        const ns = this.namespaceOf(prefixes[i] as string, i);
        if (ns !== undefined) count(ns, k.memory, elements, noTtl);
      }
    }
    const wantMemory = this.byMemory.wants(k.memory, k.key);
    const wantLength = k.length !== null && k.type !== 'string' && this.byLength.wants(k.length, k.key);
    if (wantMemory || wantLength) {
      const record: TopKey = { key: jsonText(k.key), node: k.node, type: k.type, memory: k.memory, length: k.length, ttlMs: k.pttl < 0 ? null : k.pttl };
      if (record.key !== k.key.toString('utf8') || !Buffer.from(record.key, 'utf8').equals(k.key)) record.keyHex = k.key.toString('hex');
      if (wantMemory) this.byMemory.offer(k.memory, record, k.key);
      if (wantLength) this.byLength.offer(k.length as number, record, k.key);
    }
  }

  /**
   * The stats a namespace prefix (at depth index i) counts into: its own while there is room,
   * else (other); undefined for a deeper level that did not fit (its parent counts the key).
   */
  private namespaceOf(prefix: string, i: number): NamespaceStats | undefined {
    let ns = this.namespaces.get(prefix);
    if (ns !== undefined) return ns;
    const name = this.namespaces.size < this.maxNamespaces ? prefix : OTHER_NAMESPACE;
    ns = this.namespaces.get(name) ?? { prefix: name, depth: name === OTHER_NAMESPACE ? 0 : i + 1, keys: 0, memory: 0, elements: 0, withoutTtl: 0 };
    this.namespaces.set(name, ns);
    if (name !== OTHER_NAMESPACE) this.remember(ns);
    // (other) holds keys whose top-level namespace did not fit; a deeper level that did not
    // fit is still counted by its parent, so it is not counted twice.
    return name === OTHER_NAMESPACE && i > 0 ? undefined : ns;
  }

  /** Namespaces by the bytes of their prefix (FNV-1a), for namespacesInPlace. */
  private readonly byBytes = new Map<number, Array<{ bytes: Buffer; stats: NamespaceStats }>>();
  /** The prefixes of the key being counted, as namespacesOf would print them. */
  private scratch = Buffer.allocUnsafe(256);
  /** The namespaces of the key being counted (the first `depth` slots; filled, never shrunk). */
  private readonly levels: Array<NamespaceStats | undefined> = [];

  private remember(ns: NamespaceStats): void {
    if (ns.prefix === ROOT_NAMESPACE) return;
    const bytes = Buffer.from(ns.prefix, 'latin1');
    const hash = fnv1a(bytes, bytes.length);
    const known = this.byBytes.get(hash);
    if (known === undefined) this.byBytes.set(hash, [{ bytes, stats: ns }]);
    else known.push({ bytes, stats: ns });
  }

  private known(length: number): NamespaceStats | undefined {
    const candidates = this.byBytes.get(fnv1a(this.scratch, length));
    if (candidates === undefined) return undefined;
    for (const c of candidates) {
      if (c.bytes.length !== length) continue;
      let same = true;
      for (let j = 0; j < length && same; j++) same = c.bytes[j] === this.scratch[j];
      if (same) return c.stats;
    }
    return undefined;
  }

  /**
   * Counts the key into its namespaces as namespacesOf would, without a string per key: for an
   * ASCII name and a one-byte delimiter, each prefix is written into a scratch buffer ("*" for a
   * numeric segment) and found by its bytes; a prefix met for the first time goes through
   * namespaceOf once. False (nothing counted) for any other name: the caller takes the text path.
   */
  private namespacesInPlace(key: Buffer, memory: number, elements: number, noTtl: number): boolean {
    const delimiter = this.options.delimiter;
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) >= 0x80) return false;
    const d = delimiter.charCodeAt(0);
    for (let i = 0; i < key.length; i++) if ((key[i] as number) >= 0x80) return false;
    if (key.length + 1 > this.scratch.length) this.scratch = Buffer.allocUnsafe(2 * (key.length + 1));
    const scratch = this.scratch;
    const levels = this.levels;
    let found = 0;
    let length = 0;
    let start = 0;
    let digits = true;
    for (let i = 0; i < key.length && found < this.options.depth; i++) {
      const b = key[i] as number;
      if (b !== d) {
        if (b < 0x30 || b > 0x39) digits = false;
        continue;
      }
      if (found > 0) scratch[length++] = d;
      if (digits && i > start) scratch[length++] = 0x2a;
      else for (let j = start; j < i; j++) scratch[length++] = key[j] as number;
      const ns = this.known(length) ?? this.namespaceOf(scratch.toString('latin1', 0, length), found);
      if (ns === undefined) break;
      levels[found++] = ns;
      start = i + 1;
      digits = true;
    }
    if (found === 0) {
      const root = this.namespaceOf(ROOT_NAMESPACE, 0);
      if (root !== undefined) count(root, memory, elements, noTtl);
      return true;
    }
    for (let l = 0; l < found; l++) count(levels[l] as NamespaceStats, memory, elements, noTtl);
    return true;
  }

  encoding(type: string, encoding: string): void {
    const counts = this.encodings.get(type) ?? new Map<string, number>();
    this.encodings.set(type, counts);
    counts.set(encoding, (counts.get(encoding) ?? 0) + 1);
  }
}
