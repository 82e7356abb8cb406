// memctl keys get <target> <key>: one value shown by its type, with TTL, encoding and memory.
// In cluster mode the key goes to the primary that owns its slot (CLUSTER SLOTS; one MOVED is
// followed if the slot moved meanwhile). A missing key exits 3.
import type { Context } from '../../context.js';
import { NotFoundError, UsageError } from '../../lib/io/errors.js';
import { formatOutput, type Block } from '../../lib/io/output.js';
import { escapeControl } from '../../lib/io/sanitize.js';
import { isUtf8, jsonText } from '../../lib/redis/display.js';
import type { Inspected, InspectOptions } from '../../lib/redis/inspect.js';
import type { NodeHandle, TargetFlags } from '../../lib/redis/target.js';
import { resolveTarget } from '../options/target.js';

export interface KeysGetFlags extends TargetFlags {
  keyHex?: boolean;
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

export function parseKey(key: string, hex: boolean): Buffer {
  if (!hex) return Buffer.from(key, 'utf8');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(key) || key === '') throw new UsageError(`invalid key "${escapeControl(key)}" for --key-hex: expected an even number of hex digits`);
  return Buffer.from(key, 'hex');
}

export async function run(ctx: Context, target: string, keyArg: string, flags: KeysGetFlags): Promise<void> {
  const key = parseKey(keyArg, flags.keyHex === true);
  const range = parseRange(flags.range);
  const options: InspectOptions = { maxBytes: MAX_BYTES, maxElements: MAX_ELEMENTS, range, full: flags.full === true, hex: flags.hex === true };
  const resolved = await resolveTarget(ctx, target, flags);
  const [{ openNodes }, { inspectKey }, { keySlot }] = await Promise.all([import('../../lib/redis/target.js'), import('../../lib/redis/inspect.js'), import('../../lib/redis/slot.js')]);
  const opened = await openNodes(resolved);
  try {
    let node = opened.cluster ? await slotOwner(opened.nodes, keySlot(key)) : (opened.nodes[0] as NodeHandle);
    let inspected: Inspected | null;
    try {
      inspected = await inspectKey(node.client, key, options);
    } catch (err) {
      // The slot moved between CLUSTER SLOTS and the read: follow the redirection once.
      const moved = /MOVED \d+ (\S+):(\d+)/.exec((err as Error).message);
      const next = moved === null ? undefined : opened.nodes.find((n) => n.port === Number(moved[2]) && (n.address === moved[1] || moved[1] === ''));
      if (next === undefined) throw err;
      node = next;
      inspected = await inspectKey(node.client, key, options);
    }
    const shown = jsonText(key);
    if (inspected === null) throw new NotFoundError(`key "${shown}" not found on ${resolved.label}`, flags.keyHex === true ? {} : { hint: 'binary key names can be given as hex with --key-hex' });
    const data = keyView(key, `${node.address}:${node.port}`, inspected);
    let text = await formatOutput({ data, blocks: humanBlocks(data, inspected) }, ctx.output, ctx.io.color);
    const fmt = ctx.output.format;
    if ((fmt === 'table' || fmt === 'text') && ctx.output.query === undefined && inspected.value.kind === 'string') {
      // The string itself, line by line, control characters escaped (pretty JSON keeps its lines).
      text += `\n${inspected.value.text.split('\n').map(escapeControl).join('\n')}\n`;
    }
    ctx.io.stdout.write(text);
  } finally {
    opened.close();
  }
}

async function slotOwner(nodes: NodeHandle[], slot: number): Promise<NodeHandle> {
  const seed = nodes.find((n) => n.role === 'primary') ?? (nodes[0] as NodeHandle);
  const slots = (await seed.client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string?], ...unknown[]]>;
  for (const [from, to, primary] of slots) {
    if (slot < from || slot > to) continue;
    const owner = nodes.find((n) => n.id === primary[2]) ?? nodes.find((n) => n.port === Number(primary[1]) && (n.address === primary[0] || primary[0] === ''));
    if (owner !== undefined) return owner;
  }
  throw new NotFoundError(`no node owns slot ${slot} (the cluster is not fully formed)`);
}

/** The -o json shape: documented and stable. */
export interface KeyView {
  key: string;
  keyHex?: string;
  node: string;
  type: string;
  /** Seconds to expiry (rounded up); null without a TTL. */
  ttl: number | null;
  encoding: string | null;
  memory: number | null;
  length: number | null;
  truncated: boolean;
  range?: [number, number];
  /** For strings: how `value` is written (text, json pretty-printed, or hex). */
  format?: 'text' | 'json' | 'hex';
  value: unknown;
  note?: string;
}

function keyView(key: Buffer, node: string, i: Inspected): KeyView {
  const v = i.value;
  const value =
    v.kind === 'string' ? v.text : v.kind === 'hash' ? v.entries : v.kind === 'list' || v.kind === 'set' ? v.items : v.kind === 'zset' ? v.items : v.kind === 'stream' ? v.entries : v.kind === 'json' ? v.document : null;
  const view: KeyView = {
    key: jsonText(key),
    node,
    type: i.type,
    ttl: i.pttl < 0 ? null : Math.ceil(i.pttl / 1000),
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
    ['ttl', view.ttl === null ? 'none' : `${view.ttl} s`],
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
