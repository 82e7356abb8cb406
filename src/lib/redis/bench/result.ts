// The benchmark's result as the -o json contract (docs/json.md), and what can be done with saved
// results: merge several machines' runs into one (histograms merged, throughput summed over the
// time they overlapped) and compare two runs side by side.
import { BUCKET_COUNT, checkHistogramJson, highestEquivalent, Histogram, SUB_BUCKETS, type HistogramJson, type LatencySummary } from './histogram.js';
import type { ErrorWindow } from './stats.js';

export const RESULT_KIND = 'memctl-bench';
/** 2: every duration in milliseconds (latencyMs, p50Ms, sendLagMs); 1 had microseconds (…Us). */
export const FORMAT_VERSION = 2;

/** Microseconds (what the histograms count) as milliseconds, to the microsecond. */
export function msOf(us: number): number {
  return Math.round(us) / 1000;
}

/** A latency summary in milliseconds (the JSON convention: every duration in ms). */
export function summaryMs(s: LatencySummary): LatencySummary {
  return { count: s.count, min: msOf(s.min), mean: Math.round(s.mean * 1000) / 1e6, p50: msOf(s.p50), p90: msOf(s.p90), p99: msOf(s.p99), p999: msOf(s.p999), p9999: msOf(s.p9999), max: msOf(s.max) };
}

export interface BenchConfigJson {
  threads: number;
  clientsPerThread: number;
  clients: number;
  pipeline: number;
  commands: Array<{ name: string; command: string }>;
  ratio: string | null;
  keyPattern: string;
  keyMinimum: number;
  keyMaximum: number;
  keyPrefix: string;
  dataSize: { min: number; max: number };
  /** The TTL the SET of --ratio gives its keys, in ms (whole seconds: SET ... EX). */
  ttlMs: number | null;
  requests: number | null;
  testTimeMs: number | null;
  warmupMs: number;
  rate: number | null;
  timeoutMs: number;
}

export interface CommandResultJson {
  name: string;
  requests: number;
  ok: number;
  failed: number;
  opsPerSec: number;
  /** Milliseconds. */
  latencyMs: LatencySummary;
  histogram: HistogramJson;
}

export interface ErrorWindowJson {
  start: string;
  end: string;
  durationMs: number;
  errors: number;
  kinds: Record<string, number>;
}

export interface TimelineJson {
  second: number;
  ok: number;
  failed: number;
  p50Ms?: number;
  p99Ms?: number;
}

export interface BenchResult {
  kind: typeof RESULT_KIND;
  formatVersion: number;
  target: string;
  cluster: boolean;
  primaries: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  config: BenchConfigJson;
  totals: CommandResultJson;
  commands: CommandResultJson[];
  errors: Record<string, number>;
  redirects: { moved: number; ask: number };
  errorWindows: ErrorWindowJson[];
  timeline: TimelineJson[];
  reconnects: number;
  /** Open loop: how late requests left after they were due. */
  sendLagMs?: LatencySummary;
  client?: {
    threads: Array<{ eventLoopUtilization: number; cpuMs: number | null; wallMs: number }>;
    processCpuMs: number;
    processCpuPercent: number;
  };
  /** The run reached its planned end (false: stopped early by a fault, or interrupted). */
  complete?: boolean;
  abandoned?: string;
  interrupted?: boolean;
  /** Present on the result of `bench merge`. */
  merged?: { sources: string[]; overlapMs: number };
}

export function commandResult(name: string, histogram: Histogram, ok: number, failed: number, durationMs: number): CommandResultJson {
  const requests = ok + failed;
  return {
    name,
    requests,
    ok,
    failed,
    opsPerSec: durationMs > 0 ? Math.round((requests / durationMs) * 1000 * 10) / 10 : 0,
    latencyMs: summaryMs(histogram.summary()),
    histogram: histogram.toJSON(),
  };
}

export function windowJson(w: ErrorWindow): ErrorWindowJson {
  return { start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString(), durationMs: Math.round(w.end - w.start), errors: w.errors, kinds: w.kinds };
}

// ---- merge ----

/** Requests of one run counted inside [from, to] (epoch ms), from its per-second timeline. */
function requestsWithin(r: BenchResult, from: number, to: number): number {
  const start = Date.parse(r.startedAt);
  if (r.timeline.length === 0) {
    // No timeline: assume an even rate over the run.
    const overlap = Math.max(0, Math.min(to, Date.parse(r.endedAt)) - Math.max(from, start));
    return r.durationMs > 0 ? (r.totals.requests * overlap) / r.durationMs : 0;
  }
  let n = 0;
  for (const s of r.timeline) {
    const a = start + (s.second - 1) * 1000;
    const b = Math.min(a + 1000, Date.parse(r.endedAt));
    const inside = Math.max(0, Math.min(to, b) - Math.max(from, a));
    if (b > a) n += ((s.ok + s.failed) * inside) / (b - a);
  }
  return n;
}

/**
 * Several runs (usually of several machines against one cluster at once) as one result: counts
 * and histograms added, percentiles from the merged histograms, throughput the sum of what every
 * run did while all of them were running (when they did not overlap: all requests over the whole
 * span).
 */
export function mergeResults(results: Array<{ source: string; result: BenchResult }>): BenchResult {
  const runs = results.map((r) => r.result);
  const first = runs[0];
  if (first === undefined) throw new Error('nothing to merge');
  const starts = runs.map((r) => Date.parse(r.startedAt));
  const ends = runs.map((r) => Date.parse(r.endedAt));
  const startedAt = Math.min(...starts);
  const endedAt = Math.max(...ends);
  const overlapFrom = Math.max(...starts);
  const overlapTo = Math.min(...ends);
  const overlapMs = Math.max(0, overlapTo - overlapFrom);
  const names = [...new Set(runs.flatMap((r) => r.commands.map((c) => c.name)))];
  const totalRequests = runs.reduce((n, r) => n + r.totals.requests, 0);
  const totalOps =
    overlapMs > 0 ? (runs.reduce((n, r) => n + requestsWithin(r, overlapFrom, overlapTo), 0) / overlapMs) * 1000 : endedAt > startedAt ? (totalRequests / (endedAt - startedAt)) * 1000 : 0;
  const merge = (name: string, pick: (r: BenchResult) => CommandResultJson | undefined): CommandResultJson => {
    const h = new Histogram();
    let ok = 0;
    let failed = 0;
    for (const r of runs) {
      const c = pick(r);
      if (c === undefined) continue;
      h.addJSON(c.histogram);
      ok += c.ok;
      failed += c.failed;
    }
    const merged = commandResult(name, h, ok, failed, 0);
    merged.opsPerSec = totalRequests > 0 ? Math.round(((totalOps * merged.requests) / totalRequests) * 10) / 10 : 0;
    return merged;
  };
  const errors: Record<string, number> = {};
  const redirects = { moved: 0, ask: 0 };
  for (const r of runs) {
    for (const [k, n] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + n;
    redirects.moved += r.redirects.moved;
    redirects.ask += r.redirects.ask;
  }
  const timeline = new Map<number, TimelineJson>();
  runs.forEach((r, i) => {
    for (const s of r.timeline) {
      const second = Math.floor(((starts[i] as number) + (s.second - 1) * 1000 - startedAt) / 1000) + 1;
      const t = timeline.get(second) ?? { second, ok: 0, failed: 0 };
      t.ok += s.ok;
      t.failed += s.failed;
      timeline.set(second, t);
    }
  });
  return {
    kind: RESULT_KIND,
    formatVersion: FORMAT_VERSION,
    target: [...new Set(runs.map((r) => r.target))].join(', '),
    cluster: runs.some((r) => r.cluster),
    primaries: Math.max(...runs.map((r) => r.primaries)),
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationMs: endedAt - startedAt,
    config: { ...first.config, threads: runs.reduce((n, r) => n + r.config.threads, 0), clients: runs.reduce((n, r) => n + r.config.clients, 0) },
    totals: merge('all', (r) => r.totals),
    commands: names.map((n) => merge(n, (r) => r.commands.find((c) => c.name === n))),
    errors,
    redirects,
    errorWindows: runs
      .flatMap((r) => r.errorWindows)
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
    timeline: [...timeline.values()].sort((a, b) => a.second - b.second),
    reconnects: runs.reduce((n, r) => n + r.reconnects, 0),
    // Results saved before `complete` existed count as complete.
    complete: runs.every((r) => r.complete !== false),
    merged: { sources: results.map((r) => r.source), overlapMs },
  };
}

/** A saved result, or a message saying why it is not one. */
export function checkResult(value: unknown): BenchResult | string {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const r = value as Partial<BenchResult>;
  if (r.kind !== RESULT_KIND) return `not a memctl bench result (kind is ${JSON.stringify(r.kind)})`;
  if (typeof r.formatVersion !== 'number' || r.formatVersion > FORMAT_VERSION) return `format version ${String(r.formatVersion)} is newer than this memctl reads`;
  if (typeof r.startedAt !== 'string' || typeof r.endedAt !== 'string' || Number.isNaN(Date.parse(r.startedAt))) return 'startedAt/endedAt missing';
  if (typeof r.totals !== 'object' || !Array.isArray(r.commands) || !Array.isArray(r.timeline)) return 'totals, commands or timeline missing';
  for (const c of [r.totals, ...r.commands]) {
    const histogram = checkHistogramJson(c?.histogram);
    if (typeof histogram === 'string') return `command ${String(c?.name)} has no valid histogram (${histogram})`;
  }
  return r.formatVersion < 2 ? fromVersion1(r as BenchResult) : (r as BenchResult);
}

/** A result saved by a memctl of format 1 (microseconds, …Us names) in today's form. */
function fromVersion1(r: BenchResult): BenchResult {
  const old = r as unknown as { sendLagUs?: LatencySummary; timeline: Array<TimelineJson & { p50Us?: number; p99Us?: number }> };
  const command = (c: CommandResultJson): CommandResultJson => {
    const { latencyUs, ...rest } = c as CommandResultJson & { latencyUs?: LatencySummary };
    return { ...rest, latencyMs: latencyUs === undefined ? c.latencyMs : summaryMs(latencyUs) };
  };
  const { sendLagUs, ...rest } = r as BenchResult & { sendLagUs?: LatencySummary };
  const { ttlSeconds, ...config } = r.config as BenchConfigJson & { ttlSeconds?: number | null };
  return {
    ...rest,
    config: { ...config, ttlMs: config.ttlMs ?? (ttlSeconds === undefined || ttlSeconds === null ? null : ttlSeconds * 1000) },
    formatVersion: FORMAT_VERSION,
    totals: command(r.totals),
    commands: r.commands.map(command),
    timeline: old.timeline.map(({ p50Us, p99Us, ...t }) => ({ ...t, ...(p50Us === undefined ? {} : { p50Ms: msOf(p50Us) }), ...(p99Us === undefined ? {} : { p99Ms: msOf(p99Us) }) })),
    ...(sendLagUs === undefined ? {} : { sendLagMs: summaryMs(sendLagUs) }),
  };
}

// ---- compare ----

export interface CompareRow {
  command: string;
  metric: string;
  a: number;
  b: number;
  delta: number;
  /** (b - a) / a in percent; null when a is 0. */
  percent: number | null;
}

const METRICS: Array<[string, (c: CommandResultJson) => number]> = [
  ['ops/s', (c) => c.opsPerSec],
  ['p50 ms', (c) => c.latencyMs.p50],
  ['p90 ms', (c) => c.latencyMs.p90],
  ['p99 ms', (c) => c.latencyMs.p99],
  ['p99.9 ms', (c) => c.latencyMs.p999],
  ['p99.99 ms', (c) => c.latencyMs.p9999],
  ['max ms', (c) => c.latencyMs.max],
  ['mean ms', (c) => c.latencyMs.mean],
  ['failed', (c) => c.failed],
];

export function compareResults(a: BenchResult, b: BenchResult): CompareRow[] {
  const rows: CompareRow[] = [];
  const pairs: Array<[string, CommandResultJson, CommandResultJson]> = [['all', a.totals, b.totals]];
  for (const ca of a.commands) {
    const cb = b.commands.find((c) => c.name === ca.name);
    if (cb !== undefined) pairs.push([ca.name, ca, cb]);
  }
  for (const [command, ca, cb] of pairs) {
    for (const [metric, get] of METRICS) {
      const va = get(ca);
      const vb = get(cb);
      const delta = Math.round((vb - va) * 1000) / 1000;
      rows.push({ command, metric, a: va, b: vb, delta, percent: va === 0 ? null : Math.round(((vb - va) / va) * 1000) / 10 });
    }
  }
  return rows;
}

// ---- --hdr-out ----

/**
 * A histogram as HdrHistogram's text percentile distribution (values in milliseconds), which
 * HdrHistogram's plotting tools read: value, percentile, count up to it, 1/(1-percentile).
 */
export function percentileDistribution(h: Histogram): string {
  const lines = [`${'Value'.padStart(12)} ${'Percentile'.padStart(14)} ${'TotalCount'.padStart(10)} 1/(1-Percentile)`, ''];
  const buckets = h.toJSON().buckets;
  const total = h.total;
  const ms = (us: number): string => (us / 1000).toFixed(3).padStart(12);
  if (total > 0) {
    let level = 0;
    let cumulative = 0;
    let b = 0;
    for (let steps = 0; steps < 10_000; steps++) {
      // Walk to the first bucket where the cumulative share reaches the level.
      while (b < buckets.length && (cumulative === 0 || (cumulative / total) * 100 < level)) {
        cumulative += (buckets[b] as [number, number])[1];
        b++;
      }
      const value = Math.min(h.max, highestEquivalent((buckets[b - 1] as [number, number])[0]));
      if (cumulative >= total) {
        lines.push(`${ms(h.max)} ${(1).toFixed(12).padStart(14)} ${String(total).padStart(10)}`);
        break;
      }
      const p = level / 100;
      lines.push(`${ms(value)} ${p.toFixed(12).padStart(14)} ${String(cumulative).padStart(10)} ${(1 / (1 - p)).toFixed(2).padStart(14)}`);
      // HdrHistogram's ladder: 5 ticks per halving of the distance to 100%.
      const ticks = 5 * 2 ** (Math.floor(Math.log2(100 / (100 - level))) + 1);
      level += 100 / ticks;
    }
  }
  const mean = h.mean();
  let variance = 0;
  for (const [v, c] of buckets) variance += c * (v - mean) ** 2;
  const std = total > 0 ? Math.sqrt(variance / total) : 0;
  const num = (us: number): string => (us / 1000).toFixed(3).padStart(12);
  lines.push(`#[Mean    = ${num(mean)}, StdDeviation   = ${num(std)}]`);
  lines.push(`#[Max     = ${num(h.max)}, Total count    = ${String(total).padStart(12)}]`);
  lines.push(`#[Buckets = ${String(BUCKET_COUNT).padStart(12)}, SubBuckets     = ${String(SUB_BUCKETS).padStart(12)}]`);
  return `${lines.join('\n')}\n`;
}
