// Output sinks for `keys scan`. text and ndjson (and json without --query) are written batch by
// batch in large chunks, so memory stays constant however many keys there are; table, yaml and
// json with --query need the whole list and collect it.
import type { Context } from '../../context.js';
import { formatOutput, ndjsonLines, type OutputFormat } from '../../lib/io/output.js';
import { writeWithBackpressure } from '../../lib/io/streams.js';
import { escapeKey, isUtf8, jsonText } from '../../lib/redis/display.js';
import type { KeyColumn, KeyInfo, ScanBatch } from '../../lib/redis/scan.js';

/** One key as -o json / ndjson shows it (the documented shape). */
export interface KeyRecord {
  /** The key as text; bytes that are not UTF-8 appear as \xNN (and keyHex is set). */
  key: string;
  keyHex?: string;
  node: string;
  type?: string;
  /** Milliseconds to expiry (PTTL); null without a TTL. */
  ttlMs?: number | null;
  memory?: number | null;
  length?: number | null;
}

export interface KeySink {
  add(batch: ScanBatch): Promise<void>;
  end(): Promise<void>;
}

const CHUNK = 256 * 1024;
/** Longest that found keys wait in the buffer (ms). */
const FLUSH_MS = 100;

function ttlSeconds(pttl: number | undefined): number | null {
  return pttl === undefined || pttl < 0 ? null : Math.ceil(pttl / 1000);
}

export function keyRecord(key: Buffer, node: string, info: KeyInfo | undefined, columns: readonly KeyColumn[]): KeyRecord {
  const record: KeyRecord = { key: jsonText(key), node };
  if (!isUtf8(key)) record.keyHex = key.toString('hex');
  for (const column of columns) {
    if (column === 'type') record.type = info?.type ?? 'none';
    else if (column === 'ttl') record.ttlMs = info?.pttl === undefined || info.pttl < 0 ? null : info.pttl;
    else if (column === 'memory') record.memory = info?.memory ?? null;
    else record.length = info?.length ?? null;
  }
  return record;
}

function columnText(info: KeyInfo | undefined, column: KeyColumn): string {
  if (column === 'type') return info?.type ?? 'none';
  // Text: an empty field where there is no value (docs/output.md).
  if (column === 'ttl') return String(ttlSeconds(info?.pttl) ?? '');
  const value = column === 'memory' ? info?.memory : info?.length;
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Buffers output and writes it in big chunks, waiting for 'drain' so a slow reader bounds memory;
 * what is buffered goes out within FLUSH_MS all the same, so keys found by a slow sweep (--max-ops,
 * a node in failover) reach a reader as they come rather than 256 KB later.
 */
class ChunkWriter {
  private parts: Array<string | Buffer> = [];
  private size = 0;
  private lastFlush = Date.now();
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly ctx: Context) {}

  async push(text: string | Buffer): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK || Date.now() - this.lastFlush >= FLUSH_MS) await this.flush();
    // The sweep may not push again for a while: what is here goes out then anyway.
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), FLUSH_MS).unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = Date.now();
    if (this.size === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    const chunk = parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    await writeWithBackpressure(this.ctx.io.stdout, chunk);
  }
}

/**
 * One line per key, as bytes: a name that prints as it is (printable ASCII, no backslash) is
 * copied byte by byte as it is checked, any other escaped (escapeKey) in its place.
 */
export function keyLines(keys: Buffer[]): Buffer {
  let size = 0;
  for (const key of keys) size += key.length + 1;
  let out = Buffer.allocUnsafe(size);
  let at = 0;
  const room = (n: number): void => {
    if (at + n <= out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, at + n + size));
    out.copy(bigger, 0, 0, at);
    out = bigger;
  };
  for (const key of keys) {
    room(key.length + 1);
    const start = at;
    let plain = true;
    for (let i = 0; i < key.length; i++) {
      const b = key[i] as number;
      if (b < 0x20 || b > 0x7e || b === 0x5c) {
        plain = false;
        break;
      }
      out[at++] = b;
    }
    if (!plain) {
      at = start;
      const escaped = Buffer.from(escapeKey(key), 'utf8');
      room(escaped.length + 1);
      escaped.copy(out, at);
      at += escaped.length;
    }
    out[at++] = 10;
  }
  return out.subarray(0, at);
}

export function createSink(ctx: Context, format: OutputFormat, columns: readonly KeyColumn[]): KeySink {
  const out = new ChunkWriter(ctx);
  const streamedJson = format === 'json' && ctx.output.query === undefined;
  if (format === 'text' && ctx.output.query === undefined) {
    return {
      async add(batch) {
        if (columns.length === 0) {
          await out.push(keyLines(batch.keys));
          return;
        }
        const lines = new Array<string>(batch.keys.length);
        batch.keys.forEach((key, i) => {
          // Reversible: what is printed can be given back (keys get/delete --key-escaped).
          const text = escapeKey(key);
          lines[i] = columns.length === 0 ? text : [text, ...columns.map((c) => columnText(batch.info?.[i], c))].join('\t');
        });
        await out.push(`${lines.join('\n')}\n`);
      },
      end: () => out.flush(),
    };
  }
  if (format === 'ndjson' || streamedJson) {
    let first = true;
    return {
      async add(batch) {
        if (format === 'ndjson' && ctx.output.query !== undefined) {
          // --query runs on each record (ndjsonLines).
          await out.push(ndjsonLines(batch.keys.map((key, i) => keyRecord(key, batch.node, batch.info?.[i], columns)), ctx.output.query));
          return;
        }
        // The records are plain already: one JSON.stringify each, on the hot path of a big scan.
        const items = batch.keys.map((key, i) => JSON.stringify(keyRecord(key, batch.node, batch.info?.[i], columns)));
        if (format === 'ndjson') {
          await out.push(`${items.join('\n')}\n`);
          return;
        }
        await out.push(`${first ? '[\n  ' : ',\n  '}${items.join(',\n  ')}`);
        first = false;
      },
      async end() {
        if (streamedJson) await out.push(first ? '[]\n' : '\n]\n');
        await out.flush();
      },
    };
  }
  // table, yaml, json with --query: the whole list.
  const records: KeyRecord[] = [];
  const shown: string[] = [];
  return {
    async add(batch) {
      batch.keys.forEach((key, i) => {
        records.push(keyRecord(key, batch.node, batch.info?.[i], columns));
        shown.push(escapeKey(key));
      });
    },
    async end() {
      const headers = ['key', ...columns, 'node'];
      const rows = records.map((r, i) => [shown[i], ...columns.map((c) => (c === 'ttl' ? (r.ttlMs === null || r.ttlMs === undefined ? null : Math.ceil(r.ttlMs / 1000)) : r[c])), r.node]);
      const text = await formatOutput({ data: records, blocks: [{ kind: 'table', headers, rows }] }, ctx.output, ctx.io.color);
      await out.push(text);
      await out.flush();
    },
  };
}
