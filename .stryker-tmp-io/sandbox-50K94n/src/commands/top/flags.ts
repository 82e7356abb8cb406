// @ts-nocheck
// memctl top's own flags, checked before any connection (exit 2).
import { UsageError } from '../../lib/io/errors.js';
import { TOP_SORTS, type TopSort } from '../../lib/redis/node-rates.js';

export interface TopFlagValues {
  interval?: string;
  sort?: string;
  count?: string;
}

export interface TopOptions {
  intervalMs: number;
  sort: TopSort;
  /** Refreshes before stopping; undefined: until stopped. */
  count: number | undefined;
}

export const MIN_INTERVAL_MS = 200;
export const MAX_INTERVAL_MS = 60_000;

/** Seconds ("1", "0.5") or a number with ms or s ("500ms", "2s"). */
export function parseInterval(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?\s*$/.exec(value);
  const ms = m === null ? Number.NaN : Number(m[1]) * (m[2] === 'ms' ? 1 : 1000);
  if (!Number.isFinite(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new UsageError(`invalid --interval "${value}": expected seconds from ${MIN_INTERVAL_MS / 1000} to ${MAX_INTERVAL_MS / 1000} (e.g. 1, 0.5 or 500ms)`);
  }
  return ms;
}

export function parseSort(value: string): TopSort {
  const sort = value.trim().toLowerCase();
  if (!(TOP_SORTS as readonly string[]).includes(sort)) throw new UsageError(`invalid --sort "${value}": expected one of ${TOP_SORTS.join(', ')}`);
  return sort as TopSort;
}

export function parseCount(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new UsageError(`invalid --count "${value}": expected a whole number of refreshes, 1 or more`);
  return Number(text);
}

export function parseTopFlags(flags: TopFlagValues): TopOptions {
  return {
    intervalMs: flags.interval === undefined ? 1000 : parseInterval(flags.interval),
    sort: flags.sort === undefined ? 'ops' : parseSort(flags.sort),
    count: flags.count === undefined ? undefined : parseCount(flags.count),
  };
}
