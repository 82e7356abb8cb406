// Input checks memctl makes before any API call (exit 2 with one clear line).
import { UsageError } from '../io/errors.js';
import type { ServiceName } from './model.js';
import { isKnownNodeType, nodeTypes } from './node-types.js';
import { maintenanceSpan, snapshotSpan, windowsOverlap } from './windows.js';

export const LIMITS = {
  shards: { min: 1, max: 500 },
  replicas: { min: 0, max: 5 },
  nameLength: 40,
} as const;

/**
 * Cluster, ACL, user and replication-group names: a letter first, then letters, digits and
 * hyphens; at most 40 characters; no trailing hyphen and no "--". Returned lowercased, as AWS stores them.
 */
export function validateName(kind: string, name: string): string {
  const problem = nameProblem(name);
  if (problem !== undefined) throw new UsageError(`invalid ${kind} name "${name}": ${problem}`);
  return name.toLowerCase();
}

function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > LIMITS.nameLength) return `it has ${name.length} characters (at most ${LIMITS.nameLength})`;
  if (!/^[A-Za-z]/.test(name)) return 'it must start with a letter';
  const bad = /[^A-Za-z0-9-]/.exec(name);
  if (bad) return `"${bad[0]}" is not allowed (letters, digits and hyphens only)`;
  if (name.endsWith('-')) return 'it must not end with a hyphen';
  if (name.includes('--')) return 'it must not contain two hyphens in a row';
  return undefined;
}

/** Snapshot names: a letter first, then letters, digits, dots and hyphens (automated ones hold a dot). */
export function validateSnapshotName(name: string): string {
  if (name.length === 0 || name.length > 255) throw new UsageError(`invalid snapshot name "${name}": it must have 1-255 characters`);
  if (!/^[A-Za-z]/.test(name)) throw new UsageError(`invalid snapshot name "${name}": it must start with a letter`);
  const bad = /[^A-Za-z0-9.-]/.exec(name);
  if (bad) throw new UsageError(`invalid snapshot name "${name}": "${bad[0]}" is not allowed (letters, digits, dots and hyphens only)`);
  if (name.endsWith('-') || name.includes('--')) throw new UsageError(`invalid snapshot name "${name}": no trailing hyphen and no two hyphens in a row`);
  return name.toLowerCase();
}

/** Parses a whole number flag, naming the flag in the error. */
export function parseInteger(flag: string, value: string): number {
  // No spaces around it either: ' 2' is a typo (or a quoting mistake) until shown otherwise.
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  return Number.parseInt(value, 10);
}

export function validateRange(flag: string, value: number, range: { min: number; max: number }): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`${flag} must be between ${range.min} and ${range.max}, got ${value}`);
  }
  return value;
}

export function validateShards(value: number): number {
  return validateRange('--shards', value, LIMITS.shards);
}

export function validateReplicas(value: number): number {
  return validateRange('--replicas', value, LIMITS.replicas);
}

export function validateNodeType(service: ServiceName, nodeType: string): string {
  if (!isKnownNodeType(service, nodeType)) {
    const known = nodeTypes(service);
    const family = nodeType.split('.').slice(0, 2).join('.');
    const near = known.filter((t) => t.startsWith(family));
    const suggestion = near.length > 0 ? near : known.slice(0, 6);
    throw new UsageError(`unknown ${service} node type "${nodeType}"; try one of: ${suggestion.join(', ')}${near.length === 0 ? ', ...' : ''}`);
  }
  return nodeType;
}

/** Durations like 90s, 15m, 2h, 1h30m, or plain seconds. */
export function parseDuration(flag: string, value: string): number {
  const text = value;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== text.length) {
    throw new UsageError(`${flag} must be a duration like 30s, 15m or 1h, got "${value}"`);
  }
  return total;
}

/** A duration that must be longer than nothing (a timeout of 0 would give up before starting). */
export function parsePositiveDuration(flag: string, value: string): number {
  const ms = parseDuration(flag, value);
  if (ms <= 0) throw new UsageError(`${flag} must be longer than 0, got "${value}"`);
  return ms;
}

/** Tags given as key=value. */
export function parseTag(value: string): { key: string; value: string } {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (key.length === 0 || key.length > 128) throw new UsageError(`invalid --tag "${value}": expected key=value with a key of 1-128 characters`);
  if (key.toLowerCase().startsWith('aws:')) throw new UsageError(`invalid --tag "${value}": keys starting with "aws:" are reserved`);
  const tagValue = value.slice(key.length + 1);
  if (tagValue.length > 256) throw new UsageError(`invalid --tag "${value}": the value is longer than 256 characters`);
  return { key, value: tagValue };
}

/** ddd:hh24:mi-ddd:hh24:mi, as both services take maintenance windows. */
export function validateMaintenanceWindow(value: string): string {
  const span = maintenanceSpan(value);
  if (typeof span === 'string') throw new UsageError(`invalid --maintenance-window "${value}": ${span}`);
  return value.toLowerCase();
}

/** hh24:mi-hh24:mi, as both services take snapshot windows. */
export function validateSnapshotWindow(value: string): string {
  const span = snapshotSpan(value);
  if (typeof span === 'string') throw new UsageError(`invalid --snapshot-window "${value}": ${span}`);
  return value;
}

/** Both windows given: the daily snapshot window must stay out of the weekly maintenance window. */
export function validateWindows(maintenance: string | undefined, snapshot: string | undefined): void {
  if (maintenance === undefined || snapshot === undefined) return;
  const m = maintenanceSpan(maintenance);
  const s = snapshotSpan(snapshot);
  if (typeof m !== 'string' && typeof s !== 'string' && windowsOverlap(m, s)) {
    throw new UsageError(`--snapshot-window ${snapshot} overlaps --maintenance-window ${maintenance}: pick times that do not overlap`);
  }
}
