// @ts-nocheck
// How bench results look: the summary, the per-command latency table, errors and their windows,
// the client's own load; the latency probe; compare's side-by-side table; the progress line.
import type { Block, Rendered } from '../../lib/io/output.js';
import type { ProbeResult } from '../../lib/redis/bench/latency.js';
import type { BenchResult, CommandResultJson, CompareRow } from '../../lib/redis/bench/result.js';
import type { SecondReport } from '../../lib/redis/bench/run.js';

/** Milliseconds with 3 decimals. */
export const ms = (value: number): string => value.toFixed(3);
/** Microseconds (the live per-second report counts them) as milliseconds with 3 decimals. */
const msFromUs = (us: number): string => (us / 1000).toFixed(3);
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function latencyRow(c: CommandResultJson): unknown[] {
  const l = c.latencyMs;
  return [c.name, c.requests, c.failed, Math.round(c.opsPerSec), ms(l.mean), ms(l.min), ms(l.p50), ms(l.p90), ms(l.p99), ms(l.p999), ms(l.p9999), ms(l.max)];
}

export function benchView(r: BenchResult): Rendered {
  const c = r.config;
  const workload = r.config.ratio !== null ? `SET:GET ${r.config.ratio}` : c.commands.map((x) => x.command).join(' | ');
  const loop = c.rate === null ? `closed loop, pipeline ${c.pipeline}` : `open loop at ${count(c.rate)} requests/s, pipeline ${c.pipeline}`;
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        ['target', `${r.target} (${r.cluster ? `cluster, ${r.primaries} primaries` : 'standalone'})`],
        ['workload', `${workload}; keys ${c.keyPrefix}{${c.keyMinimum}..${c.keyMaximum}} ${c.keyPattern}; values ${c.dataSize.min === c.dataSize.max ? c.dataSize.min : `${c.dataSize.min}-${c.dataSize.max}`} bytes${c.ttlMs === null ? '' : `, TTL ${c.ttlMs / 1000}s`}`],
        ['load', `${c.threads} thread${c.threads === 1 ? '' : 's'} x ${c.clientsPerThread} clients, ${loop}`],
        ['duration', `${(r.durationMs / 1000).toFixed(2)} s${c.warmupMs > 0 ? ` (after ${c.warmupMs / 1000} s of warm-up)` : ''}`],
        ['requests', `${count(r.totals.requests)} (${count(r.totals.ok)} ok, ${count(r.totals.failed)} failed)`],
        ['throughput', `${count(r.totals.opsPerSec)} ops/s`],
        ...(r.merged === undefined ? [] : [['merged', `${r.merged.sources.length} results, overlapping for ${(r.merged.overlapMs / 1000).toFixed(1)} s`] as [string, unknown]]),
        ...(r.sendLagMs === undefined ? [] : [['send lag', `p50 ${ms(r.sendLagMs.p50)} ms, p99 ${ms(r.sendLagMs.p99)} ms, max ${ms(r.sendLagMs.max)} ms (client delay, included in latency)`] as [string, unknown]]),
        ...(r.client === undefined
          ? []
          : [['client load', `${r.client.processCpuPercent}% of one core; event loop busy ${r.client.threads.map((t) => `${Math.round(t.eventLoopUtilization * 100)}%`).join(', ')}`] as [string, unknown]]),
        ...(r.abandoned === undefined ? [] : [['stopped early', r.abandoned] as [string, unknown]]),
      ],
    },
    {
      kind: 'table',
      title: 'latency (ms)',
      headers: ['command', 'requests', 'failed', 'ops/s', 'mean', 'min', 'p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'],
      rows: [...r.commands.map(latencyRow), ...(r.commands.length > 1 ? [latencyRow(r.totals)] : [])],
    },
  ];
  const errorKinds = Object.entries(r.errors);
  if (errorKinds.length > 0 || r.redirects.moved + r.redirects.ask > 0) {
    blocks.push({
      kind: 'table',
      title: 'errors',
      headers: ['kind', 'count'],
      rows: [...errorKinds.map(([k, n]) => [k, n]), ...(r.redirects.moved > 0 ? [['MOVED (followed)', r.redirects.moved]] : []), ...(r.redirects.ask > 0 ? [['ASK (followed)', r.redirects.ask]] : [])],
    });
  }
  if (r.errorWindows.length > 0) {
    blocks.push({
      kind: 'table',
      title: 'error windows',
      headers: ['start', 'end', 'duration ms', 'errors', 'kinds'],
      rows: r.errorWindows.map((w) => [w.start, w.end, w.durationMs, w.errors, Object.entries(w.kinds).map(([k, n]) => `${k} ${n}`).join(', ')]),
    });
  }
  return { data: r, blocks };
}

export function progressLine(s: SecondReport, perCommand: Array<{ name: string; ok: number }>): string {
  const ops = s.ok + s.failed;
  const split = perCommand.length > 1 ? `  (${perCommand.map((c) => `${c.name} ${count(c.ok)}`).join(', ')})` : '';
  return `[${String(s.second).padStart(4)}s] ${count(ops).padStart(10)} ops/s${split}  p50 ${msFromUs(s.p50)} ms  p99 ${msFromUs(s.p99)} ms  errors ${count(s.failed)}`;
}

export function probeView(target: string, p: ProbeResult, history: boolean): Rendered {
  const o = p.overall;
  const data = { target, mode: 'latency', ...p };
  const blocks: Block[] = [];
  if (history) {
    blocks.push({
      kind: 'table',
      title: 'PING latency per window (ms)',
      headers: ['start', 'samples', 'errors', 'min', 'avg', 'max', 'p50', 'p99'],
      rows: p.windows.map((w) => [w.start, w.samples, w.errors, ms(w.minMs), ms(w.avgMs), ms(w.maxMs), ms(w.p50Ms), ms(w.p99Ms)]),
    });
  }
  blocks.push({
    kind: 'fields',
    title: history ? 'overall' : undefined,
    fields: [
      ['target', target],
      ['samples', o.samples],
      ['errors', o.errors],
      ['min ms', ms(o.minMs)],
      ['avg ms', ms(o.avgMs)],
      ['max ms', ms(o.maxMs)],
      ['p50 ms', ms(o.p50Ms)],
      ['p99 ms', ms(o.p99Ms)],
    ],
  } as Block);
  return { data, blocks };
}

export function compareView(a: string, b: string, rows: CompareRow[]): Rendered {
  return {
    data: { a, b, rows },
    blocks: [
      {
        kind: 'table',
        headers: ['command', 'metric', 'A', 'B', 'delta', 'change'],
        rows: rows.map((r) => [r.command, r.metric, r.a, r.b, r.delta > 0 ? `+${r.delta}` : r.delta, r.percent === null ? '' : `${r.percent > 0 ? '+' : ''}${r.percent}%`]),
      },
    ],
  };
}
