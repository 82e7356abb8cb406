// MemoryDB charges for the data written to a cluster. CloudWatch has no metric of exactly that; the
// nearest is NetworkBytesIn, the bytes a node read from the network. A shard's writes reach its
// primary (which also reads the requests of reads) and, replicated, its replicas; so per shard the
// node that read most, summed over the shards, bounds the data written from above. Pure.
import { HOURS_PER_MONTH } from './pricing.js';
import type { MetricSeries } from './metrics.js';

export interface WriteVolume {
  /** GB a month (30.4 days), scaled from the days observed. */
  value: number;
  source: string;
}

const GB = 1024 ** 3;

/**
 * GB written a month from daily Sum series of NetworkBytesIn (one per node), or undefined when no
 * node has a datapoint. `shards` lists each shard's node names.
 */
export function writeVolumeFromMetrics(series: MetricSeries[], shards: string[][]): WriteVolume | undefined {
  let bytes = 0;
  let days = 0;
  for (const nodes of shards) {
    const sums = series.filter((s) => nodes.includes(s.node) && s.metric === 'NetworkBytesIn' && s.points.length > 0);
    if (sums.length === 0) continue;
    bytes += Math.max(...sums.map((s) => s.points.reduce((total, p) => total + p.value, 0)));
    days = Math.max(days, ...sums.map((s) => s.points.length));
  }
  if (days === 0) return undefined;
  const perMonth = (bytes / GB) * (HOURS_PER_MONTH / 24 / days);
  return {
    value: Math.round(perMonth * 1000) / 1000,
    source: `NetworkBytesIn of the busiest node of each shard over ${days} day${days === 1 ? '' : 's'}, scaled to a month (an upper bound: it counts the requests of reads too)`,
  };
}
