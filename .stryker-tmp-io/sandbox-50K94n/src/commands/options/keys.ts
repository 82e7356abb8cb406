// @ts-nocheck
// Flag parsing shared by the keys commands: every value checked before any connection (exit 2).
import { UsageError } from '../../lib/io/errors.js';
import { parsePositiveDuration } from '../../lib/control/validate.js';
import { escapeControl } from '../../lib/io/sanitize.js';
import { unescapeKey } from '../../lib/redis/display.js';
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
