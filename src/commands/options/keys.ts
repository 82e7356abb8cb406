// Flag parsing shared by the keys commands: every value checked before any connection (exit 2).
import { UsageError } from '../../lib/io/errors.js';
import { parsePositiveDuration } from '../../lib/control/validate.js';
import { escapeControl } from '../../lib/io/sanitize.js';
import { unescapeKey } from '../../lib/redis/display.js';
import type { LatencyFigures } from '../../lib/redis/latency-guard.js';
import { KEY_COLUMNS, KEY_TYPES, type KeyColumn } from '../../lib/redis/scan.js';

/** How long a sweep waits for the cluster to serve every slot again after a fault (--timeout). */
export const DEFAULT_RECOVERY_MS = 30_000;

export function recoveryMs(value: string | undefined): number {
  return value === undefined ? DEFAULT_RECOVERY_MS : parsePositiveDuration('--timeout', value);
}

/** SCAN COUNT when --count is not given: keys a node examines per call. */
export const DEFAULT_SCAN_COUNT = 1000;

export function positiveInt(value: string | undefined, flag: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`invalid ${flag} "${value}": expected a whole number of at least 1`);
  }
  return Number(value);
}

/** --max-latency-ms: milliseconds (decimals allowed), 0 to watch only; `fallback` when not given. */
export function latencyLimit(value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n > 60_000) {
    throw new UsageError(`invalid --max-latency-ms "${value}": expected milliseconds, 0 to 60000 (0 watches without slowing down)`);
  }
  return n;
}

/** "PING p50 0.2 / p99 0.9 ms on 127.0.0.1:6379, …; held back 1.2 s": the guard's figures in a line. */
export function latencyLine(latency: { limitMs: number; nodes: LatencyFigures[] }): string {
  const nodes = latency.nodes.map((n) => (n.samples === 0 ? `${n.node} no PING answered yet` : `${n.node} p50 ${n.p50Ms} / p99 ${n.p99Ms} ms (${n.samples} PINGs)`)).join(', ');
  const held = latency.nodes.reduce((ms, n) => ms + n.heldMs, 0);
  const verdict = guardVerdict(latency);
  return `PING during the sweep: ${nodes || 'no samples'}${held > 0 ? `; held back ${(held / 1000).toFixed(1)} s above ${latency.limitMs} ms` : ''}${verdict === '' ? '' : `; ${verdict}`}`;
}

/**
 * The nodes whose latency holding back did not lower, with the shares of PINGs over the limit
 * while held back and while running ('' when there are none): the guard stopped holding them back.
 */
export function guardVerdict(latency: { limitMs: number; nodes: LatencyFigures[] }): string {
  const percent = (share: number | null): string => `${Math.round((share ?? 0) * 100)}%`;
  const futile = latency.nodes.filter((n) => n.holdingHelps === false);
  if (futile.length === 0) return '';
  const each = futile.map((n) => `${n.node}: ${percent(n.overLimitHeld)} of PINGs over ${latency.limitMs} ms while held back, ${percent(n.overLimitRunning)} while running`).join('; ');
  return `holding back did not lower the latency of ${futile.length === 1 ? 'the node' : `${futile.length} nodes`} (${each}), so the guard stopped holding back`;
}

/** SCAN TYPE names: the core types in lower case, module types as Redis spells them. */
export function keyType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const found = KEY_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw new UsageError(`invalid --type "${value}": expected one of ${KEY_TYPES.join(', ')}`);
  return found;
}

export function keyColumns(value: string | undefined): KeyColumn[] {
  if (value === undefined) return [];
  const names = value.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
  if (names.length === 0) throw new UsageError('invalid --columns "": expected some of type,ttl,memory,length');
  for (const name of names) {
    if (!(KEY_COLUMNS as readonly string[]).includes(name)) throw new UsageError(`invalid --columns "${value}": unknown column "${name}" (expected type, ttl, memory, length)`);
  }
  return [...new Set(names)] as KeyColumn[];
}

/** The key as given: as is, as hex (--key-hex), or as `keys scan` printed it (--key-escaped). */
export function parseKey(key: string, form: { hex?: boolean; escaped?: boolean }): Buffer {
  if (form.hex === true && form.escaped === true) throw new UsageError('give the key with --key-hex or --key-escaped, not both');
  if (form.escaped === true) {
    const bytes = unescapeKey(key);
    if (bytes === undefined) throw new UsageError(`invalid key "${escapeControl(key)}" for --key-escaped: a backslash must start \\\\ or \\xNN, as keys scan prints them`);
    return bytes;
  }
  if (form.hex !== true) return Buffer.from(key, 'utf8');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(key) || key === '') throw new UsageError(`invalid key "${escapeControl(key)}" for --key-hex: expected an even number of hex digits`);
  return Buffer.from(key, 'hex');
}
