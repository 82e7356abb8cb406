// @ts-nocheck
// Reading one key for `keys get`: its type, TTL, encoding and memory, then its value by type,
// bounded (a string prefix, a range of elements, a few SSCAN/HSCAN calls) unless `full`.
import type { Redis } from 'ioredis';
import { isUtf8, jsonText } from './display.js';

export interface InspectOptions {
  /** Bytes of a string shown without --full. */
  maxBytes: number;
  /** Elements of a hash or set shown without --full (lists, zsets and streams use the range). */
  maxElements: number;
  range: [number, number];
  full: boolean;
  hex: boolean;
}

export type Value =
  /** text: the value as stored (as hex with --hex); pretty: JSON indented for people, when it parses. */
  | { kind: 'string'; format: 'text' | 'json' | 'hex'; text: string; pretty?: string; raw: Buffer }
  | { kind: 'hash'; entries: Array<{ field: string; value: string }> }
  | { kind: 'list' | 'set'; items: string[] }
  | { kind: 'zset'; items: Array<{ member: string; score: number }> }
  | { kind: 'stream'; entries: Array<{ id: string; fields: Record<string, string> }> }
  | { kind: 'json'; document: unknown }
  | { kind: 'unavailable'; reason: string };

export interface Inspected {
  type: string;
  /** Milliseconds to expiry, -1 without TTL. */
  pttl: number;
  encoding: string | null;
  memory: number | null;
  /** Bytes for strings, elements otherwise (null when Redis has no length command for the type). */
  length: number | null;
  value: Value;
  /** True when only part of the value is shown. */
  truncated: boolean;
  /** For lists, sorted sets and streams: the element range shown. */
  range?: [number, number];
}

/** null when the key does not exist. */
export async function inspectKey(client: Redis, key: Buffer, options: InspectOptions): Promise<Inspected | null> {
  const meta = (await client.pipeline().type(key).pttl(key).call('OBJECT', 'ENCODING', key).call('MEMORY', 'USAGE', key, 'SAMPLES', '0').exec()) ?? [];
  // TYPE and PTTL must answer (a lost connection or a MOVED is not "no such key"); OBJECT
  // ENCODING and MEMORY USAGE are optional (a user may not run them): an empty field.
  for (const entry of meta.slice(0, 2)) if (entry?.[0] !== null && entry?.[0] !== undefined) throw entry[0];
  if (meta.length < 2) throw new Error('no reply to TYPE');
  const type = String(meta[0]?.[1] ?? 'none');
  if (type === 'none') return null;
  const base = {
    type,
    pttl: Number(meta[1]?.[1] ?? -1),
    encoding: meta[2]?.[0] === null && meta[2]?.[1] !== null ? String(meta[2]?.[1]) : null,
    memory: meta[3]?.[0] === null && meta[3]?.[1] !== null ? Number(meta[3]?.[1]) : null,
  };
  return { ...base, ...(await readValue(client, key, type, options)) };
}

type Read = Pick<Inspected, 'value' | 'truncated' | 'length' | 'range'>;

const text = (b: Buffer): string => jsonText(b);

async function readValue(client: Redis, key: Buffer, type: string, o: InspectOptions): Promise<Read> {
  const [start, stop] = o.full ? [0, -1] : o.range;
  switch (type) {
    case 'string': {
      const length = Number(await client.strlen(key));
      const truncated = !o.full && length > o.maxBytes;
      const bytes = truncated ? await client.getrangeBuffer(key, 0, o.maxBytes - 1) : ((await client.getBuffer(key)) ?? Buffer.alloc(0));
      return { length, truncated, value: stringValue(bytes, o.hex || !isUtf8(bytes), truncated) };
    }
    case 'hash': {
      const length = Number(await client.hlen(key));
      const entries: Array<{ field: string; value: string }> = [];
      await sweep(o.full ? length : o.maxElements, (cursor) => client.hscanBuffer(key, cursor, 'COUNT', 100), (items) => {
        for (let i = 0; i + 1 < items.length; i += 2) entries.push({ field: text(items[i] as Buffer), value: text(items[i + 1] as Buffer) });
        return entries.length;
      });
      return { length, truncated: entries.length < length, value: { kind: 'hash', entries: o.full ? entries : entries.slice(0, o.maxElements) } };
    }
    case 'set': {
      const length = Number(await client.scard(key));
      const items: string[] = [];
      await sweep(o.full ? length : o.maxElements, (cursor) => client.sscanBuffer(key, cursor, 'COUNT', 100), (members) => {
        for (const m of members) items.push(text(m));
        return items.length;
      });
      return { length, truncated: items.length < length, value: { kind: 'set', items: o.full ? items : items.slice(0, o.maxElements) } };
    }
    case 'list': {
      const length = Number(await client.llen(key));
      const items = (await client.lrangeBuffer(key, start, stop)).map(text);
      return { length, truncated: items.length < length, range: [start, stop], value: { kind: 'list', items } };
    }
    case 'zset': {
      const length = Number(await client.zcard(key));
      const flat = (await client.zrangeBuffer(key, start, stop, 'WITHSCORES')) as Buffer[];
      const items: Array<{ member: string; score: number }> = [];
      for (let i = 0; i + 1 < flat.length; i += 2) items.push({ member: text(flat[i] as Buffer), score: Number((flat[i + 1] as Buffer).toString()) });
      return { length, truncated: items.length < length, range: [start, stop], value: { kind: 'zset', items } };
    }
    case 'stream': {
      const length = Number(await client.xlen(key));
      // Streams are read from the start: the range gives how many entries (stop - start + 1 after start).
      const want = o.full ? length : Math.max(0, stop - start + 1);
      const raw = want === 0 ? [] : ((await client.xrangeBuffer(key, '-', '+', 'COUNT', start + want)) as Array<[Buffer, Buffer[]]>).slice(start);
      const entries = raw.map(([id, fields]) => {
        const record: Record<string, string> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) record[text(fields[i] as Buffer)] = text(fields[i + 1] as Buffer);
        return { id: id.toString(), fields: record };
      });
      return { length, truncated: entries.length < length, range: [start, stop], value: { kind: 'stream', entries } };
    }
    case 'ReJSON-RL': {
      try {
        const raw = String(await client.call('JSON.GET', key));
        return { length: null, truncated: false, value: { kind: 'json', document: JSON.parse(raw) as unknown } };
      } catch (err) {
        return { length: null, truncated: false, value: { kind: 'unavailable', reason: `JSON.GET failed (is the RedisJSON module loaded?): ${(err as Error).message.split('\n')[0]}` } };
      }
    }
    default:
      return { length: null, truncated: false, value: { kind: 'unavailable', reason: `memctl cannot show values of type ${type}` } };
  }
}

function stringValue(bytes: Buffer, hex: boolean, truncated: boolean): Value {
  if (hex) return { kind: 'string', format: 'hex', text: bytes.toString('hex'), raw: bytes };
  const str = jsonText(bytes);
  if (!truncated && /^\s*[[{"]/.test(str)) {
    try {
      // The value stays as stored; only people get it indented.
      return { kind: 'string', format: 'json', text: str, pretty: JSON.stringify(JSON.parse(str) as unknown, null, 2), raw: bytes };
    } catch {
      // not JSON after all: plain text
    }
  }
  return { kind: 'string', format: 'text', text: str, raw: bytes };
}

/** HSCAN/SSCAN until `want` elements or the end; bounded in calls either way. */
async function sweep(want: number, scan: (cursor: string) => Promise<[Buffer | string, Buffer[]]>, add: (items: Buffer[]) => number): Promise<void> {
  let cursor = '0';
  for (let calls = 0; calls < 10_000_000; calls++) {
    const [next, items] = await scan(cursor);
    cursor = next.toString();
    if (add(items) >= want || cursor === '0') return;
  }
}
