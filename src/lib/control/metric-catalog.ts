// The CloudWatch metrics of each service that memctl reads and the local plane publishes: the
// namespace, each node's dimensions, and the standard set per node (name and unit), as MemoryDB
// (AWS/MemoryDB; ClusterName, NodeName) and ElastiCache (AWS/ElastiCache; CacheClusterId,
// CacheNodeId) name them.
import type { ServiceName } from './model.js';

export type MetricUnit = 'Percent' | 'Bytes' | 'Count' | 'Seconds' | 'Microseconds';

export interface MetricDefinition {
  name: string;
  unit: MetricUnit;
}

export const NAMESPACES: Record<ServiceName, string> = { memorydb: 'AWS/MemoryDB', elasticache: 'AWS/ElastiCache' };

const common = (bytesUsed: string, hits: string, misses: string, primary: string): MetricDefinition[] => [
  { name: 'CPUUtilization', unit: 'Percent' },
  { name: 'EngineCPUUtilization', unit: 'Percent' },
  { name: 'DatabaseMemoryUsagePercentage', unit: 'Percent' },
  { name: bytesUsed, unit: 'Bytes' },
  { name: 'FreeableMemory', unit: 'Bytes' },
  { name: 'SwapUsage', unit: 'Bytes' },
  { name: 'CurrConnections', unit: 'Count' },
  { name: 'NewConnections', unit: 'Count' },
  { name: 'CurrItems', unit: 'Count' },
  { name: 'Evictions', unit: 'Count' },
  { name: hits, unit: 'Count' },
  { name: misses, unit: 'Count' },
  { name: 'NetworkBytesIn', unit: 'Bytes' },
  { name: 'NetworkBytesOut', unit: 'Bytes' },
  { name: 'ReplicationLag', unit: 'Seconds' },
  { name: 'ReplicationBytes', unit: 'Bytes' },
  { name: primary, unit: 'Count' },
  { name: 'GetTypeCmds', unit: 'Count' },
  { name: 'SetTypeCmds', unit: 'Count' },
  { name: 'GetTypeCmdsLatency', unit: 'Microseconds' },
  { name: 'SetTypeCmdsLatency', unit: 'Microseconds' },
];

export const METRICS: Record<ServiceName, MetricDefinition[]> = {
  memorydb: common('BytesUsedForMemoryDB', 'KeyspaceHits', 'KeyspaceMisses', 'IsPrimary'),
  elasticache: [...common('BytesUsedForCache', 'CacheHits', 'CacheMisses', 'IsMaster'), { name: 'CacheHitRate', unit: 'Percent' }],
};

/** What `memctl metrics` shows when no --metric is given: the twelve an operator looks at first. */
export const DEFAULT_METRICS: Record<ServiceName, string[]> = {
  memorydb: ['CPUUtilization', 'EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'FreeableMemory', 'SwapUsage', 'CurrConnections', 'NewConnections', 'CurrItems', 'Evictions', 'KeyspaceHits', 'NetworkBytesIn', 'ReplicationLag'],
  elasticache: ['CPUUtilization', 'EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'FreeableMemory', 'SwapUsage', 'CurrConnections', 'NewConnections', 'CurrItems', 'Evictions', 'CacheHitRate', 'NetworkBytesIn', 'ReplicationLag'],
};

export interface MetricDimension {
  Name: string;
  Value: string;
}

/** A node's dimensions: MemoryDB's cluster and node names; ElastiCache's member cluster id and node id. */
export function nodeDimensions(service: ServiceName, cluster: string, node: string): MetricDimension[] {
  return service === 'elasticache'
    ? [
        { Name: 'CacheClusterId', Value: node },
        { Name: 'CacheNodeId', Value: '0001' },
      ]
    : [
        { Name: 'ClusterName', Value: cluster },
        { Name: 'NodeName', Value: node },
      ];
}

export function metricDefinition(service: ServiceName, name: string): MetricDefinition | undefined {
  return METRICS[service].find((m) => m.name === name);
}
