// @ts-nocheck
// The slow log of every node, read in parallel and merged by time (newest last). Arguments are
// shown safely: control characters escaped, long ones truncated, credentials redacted.
import { redact } from '../io/debug.js';
import { escapeControl } from '../io/sanitize.js';
import type { NodeHandle } from './target.js';

export const DEFAULT_SLOWLOG_LIMIT = 128;
export const MAX_SLOWLOG_LIMIT = 10_000;
/** Characters of one argument shown before it is cut (Redis itself cuts at 128 bytes). */
export const MAX_ARG_CHARS = 64;

export interface SlowlogEntry {
  /** address:port of the node that logged it. */
  node: string;
  nodeId: string;
  role: 'primary' | 'replica';
  /** The node's own entry id (increasing per node). */
  id: number;
  /** When the command ran, RFC 3339 (second precision, as Redis logs it). */
  time: string;
  timestamp: number;
  /** Milliseconds, to the microsecond (the JSON convention). */
  durationMs: number;
  /** The command line, escaped, truncated and redacted. */
  command: string;
  args: string[];
  clientAddress: string;
  clientName: string;
}

export interface SlowlogResult {
  entries: SlowlogEntry[];
  /** Nodes that did not answer, with why. */
  failed: Array<{ node: string; error: string }>;
}

const REDACTED = '[REDACTED]';

/**
 * Replaces credential arguments by position, before any text is built: AUTH [user] pass,
 * HELLO ... AUTH user pass, MIGRATE ... AUTH pass / AUTH2 user pass, ACL SETUSER >pass / #hash,
 * CONFIG SET requirepass|masterauth value.
 */
export function redactArgs(args: string[]): string[] {
  const out = [...args];
  const name = (out[0] ?? '').toUpperCase();
  const sub = (out[1] ?? '').toUpperCase();
  if (name === 'AUTH') return [out[0] ?? 'AUTH', ...out.slice(1).map(() => REDACTED)];
  if (name === 'HELLO' || name === 'MIGRATE') {
    for (let i = 1; i < out.length; i++) {
      const word = (out[i] ?? '').toUpperCase();
      if (word === 'AUTH' || word === 'AUTH2') {
        const take = name === 'MIGRATE' && word === 'AUTH' ? 1 : 2;
        for (let j = i + 1; j <= i + take && j < out.length; j++) out[j] = REDACTED;
        i += take;
      }
    }
  }
  if (name === 'ACL' && sub === 'SETUSER') {
    for (let i = 3; i < out.length; i++) if (/^[<>#!]/.test(out[i] ?? '')) out[i] = `${(out[i] ?? '').charAt(0)}${REDACTED}`;
  }
  if (name === 'CONFIG' && sub === 'SET') {
    for (let i = 2; i + 1 < out.length; i += 2) if (/^(requirepass|masterauth|masteruser)$/i.test(out[i] ?? '')) out[i + 1] = REDACTED;
  }
  return out;
}

/** One argument for display: escaped, cut after MAX_ARG_CHARS ("...(+N)" says how much was cut), quoted when it has spaces. */
export function showArg(arg: string): string {
  const chars = [...arg];
  const cut = chars.length > MAX_ARG_CHARS ? `${chars.slice(0, MAX_ARG_CHARS).join('')}...(+${chars.length - MAX_ARG_CHARS})` : arg;
  const escaped = escapeControl(cut);
  return escaped === '' || /[\s"]/.test(escaped) ? `"${escaped.replace(/"/g, '\\"')}"` : escaped;
}

function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return value === undefined || value === null ? '' : String(value);
}

/** One raw SLOWLOG GET entry: [id, unix time, micros, [args...], client addr, client name]. */
export function parseEntry(raw: unknown, handle: Pick<NodeHandle, 'id' | 'address' | 'port' | 'role'>): SlowlogEntry | undefined {
  if (!Array.isArray(raw) || raw.length < 4) return undefined;
  const [id, timestamp, micros, rawArgs, addr, name] = raw as unknown[];
  // Redacted before they are cut or escaped, so a secret cannot survive half-truncated; redact()
  // also catches what the positional rules miss (an "AUTH pw" inside one argument, secrets memctl knows).
  const args = redactArgs((Array.isArray(rawArgs) ? rawArgs : []).map(text))
    .map((a) => redact(a))
    .map(showArg);
  const seconds = Number(text(timestamp));
  const durationMicros = Number(text(micros));
  return {
    node: `${handle.address}:${handle.port}`,
    nodeId: handle.id,
    role: handle.role,
    id: Number(text(id)),
    time: new Date(seconds * 1000).toISOString(),
    timestamp: seconds,
    durationMs: durationMicros / 1000,
    command: args.join(' '),
    args,
    clientAddress: escapeControl(text(addr)),
    clientName: escapeControl(text(name)),
  };
}

/** Oldest first; same second: by node order, then by the node's own id. */
export function mergeEntries(perNode: SlowlogEntry[][]): SlowlogEntry[] {
  const order = new Map<string, number>();
  perNode.forEach((entries, i) => entries.forEach((e) => order.set(e.nodeId, i)));
  return perNode.flat().sort((a, b) => a.timestamp - b.timestamp || (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0) || a.id - b.id);
}

/** SLOWLOG GET on every node in parallel; a node that fails is reported, not fatal. */
export async function readSlowlogs(nodes: NodeHandle[], limit: number): Promise<SlowlogResult> {
  const failed: SlowlogResult['failed'] = [];
  const perNode = await Promise.all(
    nodes.map(async (n) => {
      try {
        // Buffers, not strings: arguments may be binary and are decoded once, for display.
        const raw = (await n.client.callBuffer('SLOWLOG', 'GET', String(limit))) as unknown;
        return (Array.isArray(raw) ? raw : []).map((r) => parseEntry(r, n)).filter((e): e is SlowlogEntry => e !== undefined);
      } catch (err) {
        failed.push({ node: `${n.address}:${n.port}`, error: ((err as Error).message ?? String(err)).split('\n')[0] ?? '' });
        return [];
      }
    }),
  );
  return { entries: mergeEntries(perNode), failed };
}
