// @ts-nocheck
// memctl keys get <target> <key>: one value shown by its type, with TTL, encoding and memory.
// In cluster mode the key goes to the primary that owns its slot (CLUSTER SLOTS; one MOVED is
// followed if the slot moved meanwhile). A missing key exits 3.
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../lib/io/errors.js';
import { formatOutput, isTable, type Block } from '../../lib/io/output.js';
import { escapeControl } from '../../lib/io/sanitize.js';
import { isUtf8, jsonText } from '../../lib/redis/display.js';
import type { Inspected, InspectOptions } from '../../lib/redis/inspect.js';
import type { TargetFlags } from '../../lib/redis/target.js';
import { parseKey } from '../options/keys.js';
import { resolveTarget } from '../options/target.js';

export interface KeysGetFlags extends TargetFlags {
  keyHex?: boolean;
  keyEscaped?: boolean;
  raw?: boolean;
  full?: boolean;
  hex?: boolean;
  range?: string;
}

const MAX_BYTES = 64 * 1024;
const MAX_ELEMENTS = 100;

export function parseRange(value: string | undefined): [number, number] {
  if (value === undefined) return [0, MAX_ELEMENTS - 1];
  const m = /^(\d+):(-?\d+)$/.exec(value);
  if (m === null) throw new UsageError(`invalid --range "${value}": expected start:stop, e.g. 0:99 or 100:-1`);
  return [Number(m[1]), Number(m[2])];
}

export async function run(ctx: Context, target: string, keyArg: string, flags: KeysGetFlags): Promise<void> {
  const key = parseKey(keyArg, { hex: flags.keyHex, escaped: flags.keyEscaped });
  const range = parseRange(flags.range);
  if (flags.raw === true && (flags.hex === true || flags.range !== undefined)) throw new UsageError('--raw writes the stored bytes of a string: it takes no --hex or --range');
  // --raw: the whole value, its bytes exactly as stored.
  const options: InspectOptions = { maxBytes: MAX_BYTES, maxElements: MAX_ELEMENTS, range, full: flags.full === true || flags.raw === true, hex: flags.hex === true };
  const resolved = await resolveTarget(ctx, target, flags);
  const [{ openNodes }, { inspectKey }, { onKeyOwner }] = await Promise.all([import('../../lib/redis/target.js'), import('../../lib/redis/inspect.js'), import('../../lib/redis/route.js')]);
  const opened = await openNodes(resolved);
  try {
    const { node, result: inspected } = await onKeyOwner(resolved, opened, key, 'TYPE/GET', (n) => inspectKey(n.client, key, options), resolved.readFrom);
    const shown = jsonText(key);
    if (inspected === null) {
      throw new NotFoundError(`key "${shown}" not found on ${resolved.label}`, flags.keyHex === true || flags.keyEscaped === true ? {} : { hint: 'give a key as keys scan printed it with --key-escaped, or as hex with --key-hex' });
    }
    if (flags.raw === true) {
      if (inspected.value.kind !== 'string') throw new ConflictError(`key "${shown}" is a ${inspected.type}: --raw writes the bytes of a string`);
      await writeBytes(ctx, inspected.value.raw);
      return;
    }
    const data = keyView(key, `${node.address}:${node.port}`, inspected);
    let text = await formatOutput({ data, blocks: humanBlocks(data, inspected) }, ctx.output, ctx.io.color);
    const fmt = ctx.output.format;
    if ((isTable(fmt) || fmt === 'text') && ctx.output.query === undefined && inspected.value.kind === 'string') {
      // The string itself, line by line, control characters escaped (pretty JSON keeps its lines).
      const shownValue = inspected.value.pretty ?? inspected.value.text;
      text += `\n${shownValue.split('\n').map(escapeControl).join('\n')}\n`;
    }
    ctx.io.stdout.write(text);
  } finally {
    opened.close();
  }
}

/** The -o json shape: documented and stable. */
export interface KeyView {
  key: string;
  keyHex?: string;
  node: string;
  type: string;
  /** Milliseconds to expiry (PTTL); null without a TTL. */
  ttlMs: number | null;
  encoding: string | null;
  memory: number | null;
  length: number | null;
  truncated: boolean;
  range?: [number, number];
  /** For strings: what `value` holds (text; json, as stored, indented only in text output; or hex). */
  format?: 'text' | 'json' | 'hex';
  value: unknown;
  note?: string;
}

/** Bytes to stdout as they are (a reader that goes away early is not an error). */
function writeBytes(ctx: Context, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    ctx.io.stdout.write(bytes, (err) => (err === null || err === undefined ? resolve() : reject(err)));
  });
}

function keyView(key: Buffer, node: string, i: Inspected): KeyView {
  const v = i.value;
  const value =
    v.kind === 'string' ? v.text : v.kind === 'hash' ? v.entries : v.kind === 'list' || v.kind === 'set' ? v.items : v.kind === 'zset' ? v.items : v.kind === 'stream' ? v.entries : v.kind === 'json' ? v.document : null;
  const view: KeyView = {
    key: jsonText(key),
    node,
    type: i.type,
    ttlMs: i.pttl < 0 ? null : i.pttl,
    encoding: i.encoding,
    memory: i.memory,
    length: i.length,
    truncated: i.truncated,
    value,
  };
  if (!isUtf8(key)) view.keyHex = key.toString('hex');
  if (i.range !== undefined) view.range = i.range;
  if (v.kind === 'string') view.format = v.format;
  if (v.kind === 'unavailable') view.note = v.reason;
  else if (i.truncated) view.note = `truncated: showing part of the value (${describeShown(i)}); use --full${i.range === undefined ? '' : ' or --range'} to see more`;
  return view;
}

function describeShown(i: Inspected): string {
  const v = i.value;
  if (v.kind === 'string') return `${MAX_BYTES} of ${i.length ?? '?'} bytes`;
  const count = v.kind === 'hash' ? v.entries.length : v.kind === 'stream' ? v.entries.length : v.kind === 'list' || v.kind === 'set' || v.kind === 'zset' ? v.items.length : 0;
  return `${count} of ${i.length ?? '?'} elements`;
}

function humanBlocks(view: KeyView, i: Inspected): Block[] {
  const fields: Array<[string, unknown]> = [
    ['key', view.keyHex === undefined ? view.key : `${view.key} (hex ${view.keyHex})`],
    ['type', view.type],
    ['ttl', view.ttlMs === null ? null : `${Math.ceil(view.ttlMs / 1000)} s`],
    ['encoding', view.encoding],
    ['memory', view.memory === null ? null : `${view.memory} bytes`],
    ['length', view.length],
    ['node', view.node],
  ];
  if (view.format !== undefined) fields.push(['format', view.format]);
  if (view.note !== undefined) fields.push(['note', view.note]);
  const blocks: Block[] = [{ kind: 'fields', fields }];
  const v = i.value;
  const start = i.range?.[0] ?? 0;
  if (v.kind === 'hash') blocks.push({ kind: 'table', headers: ['field', 'value'], rows: v.entries.map((e) => [e.field, e.value]) });
  else if (v.kind === 'list') blocks.push({ kind: 'table', headers: ['index', 'value'], rows: v.items.map((item, n) => [start + n, item]) });
  else if (v.kind === 'set') blocks.push({ kind: 'table', headers: ['member'], rows: v.items.map((m) => [m]) });
  else if (v.kind === 'zset') blocks.push({ kind: 'table', headers: ['member', 'score'], rows: v.items.map((m) => [m.member, m.score]) });
  else if (v.kind === 'stream') blocks.push({ kind: 'table', headers: ['id', 'fields'], rows: v.entries.map((e) => [e.id, e.fields]) });
  else if (v.kind === 'json') blocks.push({ kind: 'table', headers: ['document'], rows: [[v.document]] });
  return blocks;
}
