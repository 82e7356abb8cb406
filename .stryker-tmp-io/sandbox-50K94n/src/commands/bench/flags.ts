// @ts-nocheck
// memctl bench flags → a checked plan. Every value is validated here, before anything connects
// (UsageError, exit 2).
import { availableParallelism } from 'node:os';
import { parseDuration } from '../../lib/control/validate.js';
import { UsageError } from '../../lib/io/errors.js';
import type { TargetFlags } from '../../lib/redis/target.js';
import { KEY_PATTERNS, type KeyPattern, type KeySpace } from '../../lib/redis/bench/keys.js';
import type { BenchPlan } from '../../lib/redis/bench/run.js';
import { DATA_PLACEHOLDER, KEY_PLACEHOLDER, type CommandSpec } from '../../lib/redis/bench/workload.js';

export interface BenchFlags extends TargetFlags {
  threads?: string;
  clients?: string;
  pipeline?: string;
  ratio?: string;
  command?: string[];
  keyPattern?: string;
  keyMinimum?: string;
  keyMaximum?: string;
  keyspace?: string;
  keyStddev?: string;
  zipfExponent?: string;
  keyPrefix?: string;
  dataSize?: string;
  dataSizeRange?: string;
  ttl?: string;
  requests?: string;
  testTime?: string;
  warmup?: string;
  rate?: string;
  timeout?: string;
  cleanup?: boolean;
  keepKeys?: boolean;
  hdrOut?: string;
  latency?: boolean;
  history?: boolean;
  interval?: string;
  duration?: string;
  samples?: string;
}

export const DEFAULT_PREFIX = 'memctl-bench:';
/** SET ... EX of the default SET:GET workload when --ttl is not given. */
export const DEFAULT_TTL_SECONDS = 3600;
export const DEFAULT_CLIENTS = 50;
export const DEFAULT_REQUESTS = 100_000;
export const DEFAULT_RATIO = '1:10';
/** --warmup when --rate is given and --warmup is not. */
export const OPEN_LOOP_WARMUP_MS = 1000;
export const DEFAULT_KEY_MAXIMUM = 9_999_999;
export const MAX_DATA_SIZE = 64 * 1024 * 1024;

export interface BenchOptions {
  plan: BenchPlan;
  ratio: string | null;
  ttlSeconds: number | null;
  cleanup: boolean;
  hdrOut: string | undefined;
  /** Whether the workload may write (SET, or any custom command). */
  writes: boolean;
  custom: boolean;
}

export interface LatencyOptions {
  history: boolean;
  intervalMs: number;
  durationMs: number;
  samples: number | null;
}

/** A whole number in [min, max]. */
export function wholeNumber(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = value.trim().replace(/_/g, '');
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`invalid ${flag} "${value}": expected a whole number from ${min} to ${max.toLocaleString('en-US')}`);
  }
  return Number(text);
}

function positiveNumber(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`invalid ${flag} "${value}": expected a number above 0 (at most ${max})`);
  return n;
}

function duration(flag: string, value: string, minMs: number, maxMs: number): number {
  const ms = parseDuration(flag, value);
  if (ms < minMs || ms > maxMs) throw new UsageError(`invalid ${flag} "${value}": expected from ${minMs} ms to ${maxMs / 3_600_000} h`);
  return ms;
}

/** The default thread count: half the cores (at least 1), leaving the rest to a local server. */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** --ratio SET:GET, e.g. 1:10; each part 0-1000, not both 0. */
export function parseRatio(value: string): [number, number] {
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(value);
  const set = Number(m?.[1]);
  const get = Number(m?.[2]);
  if (m === null || set > 1000 || get > 1000 || set + get === 0) throw new UsageError(`invalid --ratio "${value}": expected SET:GET such as 1:10 or 1:1 (each 0-1000, not both 0)`);
  return [set, get];
}

/** Refused as custom commands: they touch the whole server, not keys under the prefix. */
const FORBIDDEN = new Set(['FLUSHALL', 'FLUSHDB', 'SHUTDOWN', 'DEBUG', 'CONFIG', 'KEYS', 'SWAPDB', 'MIGRATE', 'MOVE', 'SELECT', 'MONITOR', 'SYNC', 'PSYNC', 'REPLICAOF', 'SLAVEOF', 'CLUSTER', 'ACL', 'AUTH', 'HELLO', 'MULTI', 'EXEC', 'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'BGSAVE', 'SAVE', 'BGREWRITEAOF', 'SCRIPT', 'FUNCTION', 'CLIENT', 'QUIT', 'RESET', 'FAILOVER']);

/** Splits a --command into arguments: spaces separate, "double" or 'single' quotes group. */
export function splitCommand(text: string): string[] {
  const args: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) args.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return args;
}

export function parseCommands(values: string[]): CommandSpec[] {
  const seen = new Map<string, number>();
  return values.map((text) => {
    const args = splitCommand(text);
    const name = (args[0] ?? '').toUpperCase();
    if (name === '') throw new UsageError('invalid --command "": expected a command such as "HSET __key__ f __data__"');
    if (FORBIDDEN.has(name) || name.includes(KEY_PLACEHOLDER.toUpperCase())) throw new UsageError(`--command "${text}": ${name} cannot be benchmarked (it is not a command on keys)`);
    if (!args.some((a) => a.includes(KEY_PLACEHOLDER))) throw new UsageError(`--command "${text}" has no ${KEY_PLACEHOLDER}: every benchmark command works on keys under the bench prefix`, { hint: `e.g. --command "HSET ${KEY_PLACEHOLDER} field ${DATA_PLACEHOLDER}"` });
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return { name: n === 1 ? name : `${name}#${n}`, args };
  });
}

function keySpace(flags: BenchFlags): KeySpace {
  const pattern = (flags.keyPattern ?? 'uniform').toLowerCase();
  if (!(KEY_PATTERNS as readonly string[]).includes(pattern)) throw new UsageError(`invalid --key-pattern "${flags.keyPattern}": expected ${KEY_PATTERNS.join(', ')}`);
  let minimum: number;
  let maximum: number;
  if (flags.keyspace !== undefined) {
    if (flags.keyMinimum !== undefined || flags.keyMaximum !== undefined) throw new UsageError('--keyspace and --key-minimum/--key-maximum cannot be used together');
    minimum = 0;
    maximum = wholeNumber('--keyspace', flags.keyspace, 0, 1, 2 ** 48) - 1;
  } else {
    minimum = wholeNumber('--key-minimum', flags.keyMinimum, 0, 0, 2 ** 48);
    maximum = wholeNumber('--key-maximum', flags.keyMaximum, Math.max(minimum, DEFAULT_KEY_MAXIMUM), 0, 2 ** 48);
    if (maximum < minimum) throw new UsageError(`--key-maximum ${maximum} is below --key-minimum ${minimum}`);
  }
  const space: KeySpace = { minimum, maximum, pattern: pattern as KeyPattern };
  if (flags.keyStddev !== undefined) {
    if (pattern !== 'gaussian') throw new UsageError('--key-stddev goes with --key-pattern gaussian');
    space.stddev = positiveNumber('--key-stddev', flags.keyStddev, 2 ** 48);
  }
  if (flags.zipfExponent !== undefined) {
    if (pattern !== 'zipf') throw new UsageError('--zipf-exponent goes with --key-pattern zipf');
    space.zipfExponent = positiveNumber('--zipf-exponent', flags.zipfExponent, 10);
  }
  return space;
}

function dataSize(flags: BenchFlags): { min: number; max: number } {
  if (flags.dataSize !== undefined && flags.dataSizeRange !== undefined) throw new UsageError('--data-size and --data-size-range cannot be used together');
  if (flags.dataSizeRange !== undefined) {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(flags.dataSizeRange);
    const min = Number(m?.[1]);
    const max = Number(m?.[2]);
    if (m === null || min < 1 || max < min || max > MAX_DATA_SIZE) throw new UsageError(`invalid --data-size-range "${flags.dataSizeRange}": expected MIN-MAX bytes such as 16-1024 (1 to ${MAX_DATA_SIZE})`);
    return { min, max };
  }
  const size = wholeNumber('--data-size', flags.dataSize, 32, 1, MAX_DATA_SIZE);
  return { min: size, max: size };
}

/** Flags of the latency probe: refused outside --latency, and workload flags refused with it. */
const LATENCY_ONLY = ['history', 'interval', 'duration', 'samples'] as const;
const WORKLOAD_ONLY = ['threads', 'clients', 'pipeline', 'ratio', 'command', 'rate', 'requests', 'testTime', 'warmup', 'cleanup', 'keepKeys', 'hdrOut', 'keyPattern', 'keyspace', 'dataSize', 'dataSizeRange', 'ttl'] as const;
const flagName = (k: string): string => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseLatencyFlags(flags: BenchFlags): LatencyOptions {
  const stray = WORKLOAD_ONLY.find((k) => flags[k] !== undefined);
  if (stray !== undefined) throw new UsageError(`${flagName(stray)} does not go with --latency (the probe sends one PING at a time)`);
  if (flags.duration !== undefined && flags.samples !== undefined) throw new UsageError('--duration and --samples cannot be used together');
  const intervalMs = flags.interval === undefined ? 1000 : duration('--interval', flags.interval, 100, 3_600_000);
  const samples = flags.samples === undefined ? null : wholeNumber('--samples', flags.samples, 0, 1, 10_000_000);
  // With --samples the probe stops after them; the bound covers a PING every 10 ms plus slow ones.
  const durationMs = flags.duration !== undefined ? duration('--duration', flags.duration, 100, 24 * 3_600_000) : samples !== null ? samples * 1000 : 10_000;
  return { history: flags.history === true, intervalMs, durationMs, samples };
}

export function parseBenchFlags(flags: BenchFlags): BenchOptions {
  const stray = LATENCY_ONLY.find((k) => flags[k] !== undefined);
  if (stray !== undefined) throw new UsageError(`${flagName(stray)} goes with --latency`);
  if (flags.readFrom !== undefined && flags.readFrom !== 'primary') throw new UsageError('bench sends every request to the primaries: --read-from replica is not supported');
  const threads = wholeNumber('--threads', flags.threads, defaultThreads(), 1, 64);
  const clients = wholeNumber('--clients', flags.clients, DEFAULT_CLIENTS, 1, 10_000);
  const pipeline = wholeNumber('--pipeline', flags.pipeline, 1, 1, 10_000);
  const prefix = flags.keyPrefix ?? DEFAULT_PREFIX;
  if (prefix === '' || /[\s*?[\]\\]/.test(prefix) || prefix.length > 128) throw new UsageError(`invalid --key-prefix "${prefix}": expected 1-128 characters without spaces or glob characters (* ? [ ] \\)`);
  const keys = keySpace(flags);
  const data = dataSize(flags);
  // Bench keys expire by themselves (an hour by default) even if the run is killed before its cleanup.
  let ttlSeconds: number | null = flags.command !== undefined && flags.command.length > 0 ? null : DEFAULT_TTL_SECONDS;
  if (flags.ttl !== undefined) {
    const ms = duration('--ttl', flags.ttl, 1000, 365 * 24 * 3_600_000);
    if (ms % 1000 !== 0) throw new UsageError(`invalid --ttl "${flags.ttl}": expected whole seconds (SET ... EX)`);
    ttlSeconds = ms / 1000;
  }
  const custom = flags.command !== undefined && flags.command.length > 0;
  let commands: CommandSpec[];
  let weights: number[];
  let ratio: string | null = null;
  if (custom) {
    if (flags.ratio !== undefined) throw new UsageError('--ratio sets the SET:GET mix; with --command the commands are sent in turn');
    if (ttlSeconds !== null) throw new UsageError('--ttl applies to the SET of --ratio; put EXPIRE-style arguments in --command instead');
    commands = parseCommands(flags.command as string[]);
    weights = commands.map(() => 1);
  } else {
    ratio = flags.ratio ?? DEFAULT_RATIO;
    const [set, get] = parseRatio(ratio);
    ratio = `${set}:${get}`;
    const setArgs = ['SET', KEY_PLACEHOLDER, DATA_PLACEHOLDER, ...(ttlSeconds === null ? [] : ['EX', String(ttlSeconds)])];
    commands = [];
    weights = [];
    if (set > 0) {
      commands.push({ name: 'SET', args: setArgs });
      weights.push(set);
    }
    if (get > 0) {
      commands.push({ name: 'GET', args: ['GET', KEY_PLACEHOLDER] });
      weights.push(get);
    }
  }
  if (flags.requests !== undefined && flags.testTime !== undefined) throw new UsageError('--requests and --test-time cannot be used together');
  const testTimeMs = flags.testTime === undefined ? null : duration('--test-time', flags.testTime, 100, 7 * 24 * 3_600_000);
  const requests = testTimeMs !== null ? null : wholeNumber('--requests', flags.requests, DEFAULT_REQUESTS, 1, 1e12);
  const rate = flags.rate === undefined ? null : positiveNumber('--rate', flags.rate, 100_000_000);
  // An open loop counts from when each request was due, so memctl's own start-up (its code not
  // compiled yet for the first fraction of a second) would show as latency: it warms up first.
  const warmupMs = flags.warmup === undefined ? (rate === null ? 0 : OPEN_LOOP_WARMUP_MS) : duration('--warmup', flags.warmup, 0, 3_600_000);
  if (rate !== null && rate / (threads * clients) > 1_000_000) throw new UsageError(`--rate ${flags.rate} is more than a million requests per second per client`);
  const timeoutMs = flags.timeout === undefined ? 5000 : duration('--timeout', flags.timeout, 10, 3_600_000);
  if (flags.hdrOut === '') throw new UsageError('--hdr-out needs a file name');
  const writes = custom || commands.some((c) => c.name === 'SET');
  return {
    plan: {
      threads,
      clients,
      pipeline,
      workload: { commands, weights, keyPrefix: prefix, dataSize: data },
      keySpace: keys,
      requests,
      rate,
      warmupMs,
      testTimeMs,
      timeoutMs,
    },
    ratio,
    ttlSeconds,
    cleanup: flags.keepKeys !== true,
    hdrOut: flags.hdrOut,
    writes,
    custom,
  };
}
