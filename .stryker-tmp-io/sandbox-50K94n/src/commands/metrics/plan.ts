// @ts-nocheck
// What `memctl metrics` was asked (flags checked before any call) and how its answer reads: the
// table (node, metric, min, average, max, last, sparkline) and the JSON shape docs/output.md
// documents.
import type { Rendered } from '../../lib/io/output.js';
import { UsageError } from '../../lib/io/errors.js';
import { sparkline } from '../../lib/io/sparkline.js';
import { formatBytes } from '../../lib/io/units.js';
import type { ServiceName } from '../../lib/control/model.js';
import { clusterSeries, summarize, type MetricRequest, type MetricsResult } from '../../lib/control/metrics.js';
import { parseDuration } from '../../lib/control/validate.js';

export interface MetricsFlags {
  since?: string;
  period?: string;
  stat?: string;
  metric?: string[];
  node?: string[];
  watch?: boolean;
}

export interface MetricsPlan {
  metrics: string[];
  nodes: string[];
  stat: string;
  periodSeconds: number;
  watch: boolean;
  /** The start of the window for a read ending at `end`. */
  start: (end: Date) => Date;
}

/** How long CloudWatch keeps metric data (15 months). */
const RETENTION_MS = 455 * 86_400_000;
const STANDARD = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100)$/;
/** Periods the default picks from: about 180 datapoints over the window. */
const PERIODS = [1, 5, 10, 30, 60, 300, 900, 3600, 21_600, 86_400];

export function parseMetricsFlags(flags: MetricsFlags, options: { service: ServiceName; local: boolean; metrics: string[]; defaults: string[] }): MetricsPlan {
  const stat = flags.stat ?? 'Average';
  const canonical = STANDARD.find((s) => s.toLowerCase() === stat.toLowerCase());
  if (canonical === undefined && !PERCENTILE.test(stat)) {
    throw new UsageError(`invalid --stat "${stat}": expected ${STANDARD.join(', ')} or a percentile such as p99 or p99.9`);
  }
  const asked = flags.metric ?? [];
  let metrics: string[];
  if (asked.includes('all')) {
    metrics = options.metrics;
  } else {
    metrics = asked.length === 0 ? options.defaults : asked.map((m) => options.metrics.find((known) => known.toLowerCase() === m.toLowerCase()) ?? m);
    const unknown = metrics.filter((m) => !options.metrics.includes(m));
    if (unknown.length > 0) throw new UsageError(`unknown --metric ${unknown.join(', ')} for ${options.service}: expected one of ${options.metrics.join(', ')} (or all)`);
  }
  metrics = [...new Set(metrics)];

  const since = flags.since ?? '3h';
  let start: (end: Date) => Date;
  let windowMs: number;
  if (/^\d{4}-\d{2}-\d{2}/.test(since)) {
    const at = Date.parse(since);
    if (!Number.isFinite(at)) throw new UsageError(`invalid --since "${since}": expected a duration such as 3h or an ISO time such as 2026-01-31T12:00:00Z`);
    if (at >= Date.now()) throw new UsageError(`--since ${since} is not in the past`);
    windowMs = Date.now() - at;
    start = () => new Date(at);
  } else {
    windowMs = parseDuration('--since', since);
    if (windowMs <= 0) throw new UsageError('--since must be longer than 0');
    start = (end) => new Date(end.getTime() - windowMs);
  }
  if (windowMs > RETENTION_MS) throw new UsageError(`--since ${since} reaches back more than 455 days, the longest CloudWatch keeps metrics`);

  let periodSeconds: number;
  if (flags.period === undefined) {
    // On AWS the services publish each minute: shorter periods have nothing in them.
    const least = options.local ? 1 : 60;
    periodSeconds = PERIODS.find((p) => p >= least && windowMs / 1000 / p <= 180) ?? 86_400;
  } else {
    if (!/^\d+$/.test(flags.period)) throw new UsageError(`invalid --period "${flags.period}": expected whole seconds`);
    periodSeconds = Number(flags.period);
    if (!(periodSeconds === 1 || periodSeconds === 5 || periodSeconds === 10 || periodSeconds === 30 || (periodSeconds >= 60 && periodSeconds % 60 === 0))) {
      throw new UsageError(`invalid --period ${periodSeconds}: CloudWatch periods are 1, 5, 10 or 30 seconds (high resolution) or a multiple of 60`);
    }
  }
  const nodes = [...new Set(flags.node ?? [])];
  return { metrics, nodes, stat: canonical ?? stat, periodSeconds, watch: flags.watch === true, start };
}

function shown(value: number | undefined, unit: string): string {
  if (value === undefined) return '-';
  if (unit === 'Bytes') return formatBytes(Math.round(value));
  if (unit === 'Percent') return `${value.toFixed(1)}%`;
  if (unit === 'Seconds') return `${value.toFixed(1)}s`;
  if (unit === 'Microseconds') return `${value.toFixed(0)}µs`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function metricsView(request: MetricRequest, namespace: string, result: MetricsResult, ms: number, shards: string[][]): Rendered {
  const series = result.series.map((s) => ({ ...s, summary: summarize(s.points) }));
  // Cluster-level rows only when every node is shown (a --node subset is not the cluster).
  const whole = shards.flat().every((n) => request.nodes.includes(n));
  const cluster = whole ? clusterSeries(result.series, shards).map((c) => ({ ...c, summary: summarize(c.points) })) : [];
  const data = {
    cluster: request.cluster,
    service: request.service,
    namespace,
    stat: request.stat,
    periodSeconds: request.periodSeconds,
    start: request.start.toISOString(),
    end: request.end.toISOString(),
    calls: result.calls,
    ms,
    clusterSeries: cluster.map((c) => ({
      metric: c.metric,
      unit: c.unit,
      rule: c.rule,
      min: c.summary.min ?? null,
      average: c.summary.average ?? null,
      max: c.summary.max ?? null,
      last: c.summary.last ?? null,
      points: c.points.map((p) => ({ time: p.time.toISOString(), value: p.value })),
    })),
    series: series.map((s) => ({
      node: s.node,
      metric: s.metric,
      unit: s.unit,
      min: s.summary.min ?? null,
      average: s.summary.average ?? null,
      max: s.summary.max ?? null,
      last: s.summary.last ?? null,
      partial: s.partial,
      points: s.points.map((p) => ({ time: p.time.toISOString(), value: p.value })),
    })),
  };
  const clusterRows = cluster.map((c) => [`(cluster, ${c.rule})`, c.metric, shown(c.summary.min, c.unit), shown(c.summary.average, c.unit), shown(c.summary.max, c.unit), shown(c.summary.last, c.unit), sparkline(c.points.map((p) => p.value), 24) || '-']);
  const rows = series.map((s) => [s.node, s.metric, shown(s.summary.min, s.unit), shown(s.summary.average, s.unit), shown(s.summary.max, s.unit), shown(s.summary.last, s.unit), sparkline(s.points.map((p) => p.value), 24) || '-']);
  const empty = series.filter((s) => s.points.length === 0).length;
  return {
    data,
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['cluster', request.cluster],
          ['window', `${data.start} to ${data.end}, ${request.stat} per ${request.periodSeconds}s`],
          ['read', `${series.length} series in ${result.calls} GetMetricData call(s), ${ms} ms${empty > 0 ? `; ${empty} without datapoints` : ''}`],
        ],
      },
      { kind: 'table', headers: ['node', 'metric', 'min', 'avg', 'max', 'last', 'trend'], rows: [...clusterRows, ...rows] },
    ],
  };
}
