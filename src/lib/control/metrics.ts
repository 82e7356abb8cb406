// Reads a cluster's node metrics from CloudWatch in as few GetMetricData calls as its limits allow:
// one query per (node, metric), 500 queries a call, every page of each call followed (bounded).
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { metricDefinition, NAMESPACES, nodeDimensions } from './metric-catalog.js';
import type { ServiceName } from './model.js';

/** The most queries one GetMetricData call takes. */
export const MAX_QUERIES_PER_CALL = 500;
/** Pages followed per call before giving up (each page holds up to 100,800 datapoints). */
const MAX_PAGES = 50;

export interface MetricRequest {
  service: ServiceName;
  cluster: string;
  nodes: string[];
  metrics: string[];
  /** Average, Minimum, Maximum, Sum, SampleCount or a percentile such as p99. */
  stat: string;
  periodSeconds: number;
  start: Date;
  end: Date;
}

export interface MetricPoint {
  time: Date;
  value: number;
}

export interface MetricSeries {
  node: string;
  metric: string;
  unit: string;
  points: MetricPoint[];
  /** Not every datapoint could be read (the service said PartialData and paging gave out). */
  partial: boolean;
}

export interface MetricsResult {
  series: MetricSeries[];
  /** GetMetricData calls made. */
  calls: number;
}

type Sender = Pick<CloudWatchClient, 'send'>;

export async function readMetrics(client: Sender, request: MetricRequest): Promise<MetricsResult> {
  const wanted = request.nodes.flatMap((node) => request.metrics.map((metric) => ({ node, metric })));
  const queries: MetricDataQuery[] = wanted.map(({ node, metric }, i) => ({
    Id: `m${i}`,
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: NAMESPACES[request.service], MetricName: metric, Dimensions: nodeDimensions(request.service, request.cluster, node) },
      Period: request.periodSeconds,
      Stat: request.stat,
    },
  }));
  const points = new Map<string, MetricPoint[]>();
  const partial = new Set<string>();
  let calls = 0;
  for (let first = 0; first < queries.length; first += MAX_QUERIES_PER_CALL) {
    const chunk = queries.slice(first, first + MAX_QUERIES_PER_CALL);
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await client.send(new GetMetricDataCommand({ MetricDataQueries: chunk, StartTime: request.start, EndTime: request.end, ScanBy: 'TimestampAscending', ...(token === undefined ? {} : { NextToken: token }) }));
      calls++;
      for (const result of out.MetricDataResults ?? []) {
        if (result.Id === undefined) continue;
        const list = points.get(result.Id) ?? [];
        const times = result.Timestamps ?? [];
        const values = result.Values ?? [];
        for (let i = 0; i < Math.min(times.length, values.length); i++) list.push({ time: times[i] as Date, value: values[i] as number });
        points.set(result.Id, list);
        if (result.StatusCode === 'PartialData') partial.add(result.Id);
        else partial.delete(result.Id);
      }
      token = out.NextToken;
      if (token === undefined) break;
    }
  }
  return {
    calls,
    series: wanted.map(({ node, metric }, i) => ({
      node,
      metric,
      unit: metricDefinition(request.service, metric)?.unit ?? 'None',
      points: (points.get(`m${i}`) ?? []).sort((a, b) => a.time.getTime() - b.time.getTime()),
      partial: partial.has(`m${i}`),
    })),
  };
}

export interface SeriesSummary {
  min?: number;
  average?: number;
  max?: number;
  last?: number;
}

/** Minimum, average, maximum and newest of a series' datapoints (none: all undefined). */
export function summarize(points: MetricPoint[]): SeriesSummary {
  if (points.length === 0) return {};
  const values = points.map((p) => p.value);
  return {
    min: Math.min(...values),
    average: values.reduce((a, b) => a + b, 0) / values.length,
    max: Math.max(...values),
    last: values[values.length - 1] as number,
  };
}

/** How a cluster-level series is made from its nodes' series, per metric. */
export type ClusterRule = 'max' | 'min' | 'sum' | 'sum-of-shards';

/**
 * The rule for a metric at the cluster level: the busiest node for utilisation, lag and latency
 * (max), the scarcest for free memory and hit rate (min), totals for traffic, connections and
 * commands (sum over nodes), and data held once per shard (keys, bytes: the sum over shards of
 * each shard's largest, since a shard's replicas hold the same data).
 */
export function clusterRule(metric: string, unit: string): ClusterRule {
  if (metric === 'FreeableMemory' || metric === 'CacheHitRate') return 'min';
  if (metric === 'CurrItems' || metric.startsWith('BytesUsedFor')) return 'sum-of-shards';
  if (unit === 'Count' || metric.startsWith('Network') || metric === 'ReplicationBytes') return 'sum';
  return 'max';
}

export interface ClusterSeries {
  metric: string;
  unit: string;
  rule: ClusterRule;
  points: MetricPoint[];
}

/** The cluster-level series of each metric, from the node series; `shards` groups node names by shard. */
export function clusterSeries(series: MetricSeries[], shards: string[][]): ClusterSeries[] {
  const shardOf = new Map(shards.flatMap((nodes, i) => nodes.map((n) => [n, i] as const)));
  const metrics = [...new Set(series.map((s) => s.metric))];
  return metrics.map((metric) => {
    const ofMetric = series.filter((s) => s.metric === metric);
    // Every metric listed comes from a series of it.
    const unit = (ofMetric[0] as MetricSeries).unit;
    const rule = clusterRule(metric, unit);
    const byTime = new Map<number, Array<{ node: string; value: number }>>();
    for (const s of ofMetric) {
      for (const p of s.points) {
        const at = byTime.get(p.time.getTime());
        if (at === undefined) byTime.set(p.time.getTime(), [{ node: s.node, value: p.value }]);
        else at.push({ node: s.node, value: p.value });
      }
    }
    const points = [...byTime]
      .sort(([a], [b]) => a - b)
      .map(([t, values]) => {
        const nums = values.map((v) => v.value);
        let value: number;
        if (rule === 'max') value = Math.max(...nums);
        else if (rule === 'min') value = Math.min(...nums);
        else if (rule === 'sum') value = nums.reduce((a, b) => a + b, 0);
        else {
          const perShard = new Map<number, number>();
          for (const v of values) {
            const shard = shardOf.get(v.node) ?? -1;
            perShard.set(shard, Math.max(perShard.get(shard) ?? Number.NEGATIVE_INFINITY, v.value));
          }
          value = [...perShard.values()].reduce((a, b) => a + b, 0);
        }
        return { time: new Date(t), value };
      });
    return { metric, unit, rule, points };
  });
}
