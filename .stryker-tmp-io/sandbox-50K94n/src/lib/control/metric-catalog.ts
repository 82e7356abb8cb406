// @ts-nocheck
// The CloudWatch metrics of each service that memctl reads and the local plane publishes: the
// namespace, each node's dimensions, and the standard set per node (name and unit), as MemoryDB
// (AWS/MemoryDB; ClusterName, NodeName) and ElastiCache (AWS/ElastiCache; CacheClusterId,
// CacheNodeId) name them.
import type { ServiceName } from './model.js';

export type MetricUnit = 'Percent' | 'Bytes' | 'Count' | 'Seconds' | 'Microseconds';

export interface MetricDefinition {
  name: string;
  unit: MetricUnit;
  /** What it says, for help and docs. */
  about: string;
}

export const NAMESPACES: Record<ServiceName, string> = { memorydb: 'AWS/MemoryDB', elasticache: 'AWS/ElastiCache' };

const common = (bytesUsed: string, hits: string, misses: string, primary: string): MetricDefinition[] => [
  { name: 'CPUUtilization', unit: 'Percent', about: 'CPU of the node (its process locally)' },
  { name: 'EngineCPUUtilization', unit: 'Percent', about: "CPU of the engine's main thread" },
  { name: 'DatabaseMemoryUsagePercentage', unit: 'Percent', about: 'used memory / maxmemory' },
  { name: bytesUsed, unit: 'Bytes', about: 'memory used for data' },
  { name: 'FreeableMemory', unit: 'Bytes', about: 'memory still free' },
  { name: 'SwapUsage', unit: 'Bytes', about: 'swap used' },
  { name: 'CurrConnections', unit: 'Count', about: 'client connections' },
  { name: 'NewConnections', unit: 'Count', about: 'connections accepted' },
  { name: 'CurrItems', unit: 'Count', about: 'keys' },
  { name: 'Evictions', unit: 'Count', about: 'keys evicted for memory' },
  { name: hits, unit: 'Count', about: 'successful key lookups' },
  { name: misses, unit: 'Count', about: 'key lookups that found nothing' },
  { name: 'NetworkBytesIn', unit: 'Bytes', about: 'bytes read from the network' },
  { name: 'NetworkBytesOut', unit: 'Bytes', about: 'bytes sent to the network' },
  { name: 'ReplicationLag', unit: 'Seconds', about: 'how far a replica is behind (replicas only)' },
  { name: 'ReplicationBytes', unit: 'Bytes', about: 'bytes the primary sends its replicas (primaries only)' },
  { name: primary, unit: 'Count', about: '1 on the primary, 0 on a replica' },
  { name: 'GetTypeCmds', unit: 'Count', about: 'read-only commands' },
  { name: 'SetTypeCmds', unit: 'Count', about: 'write commands' },
  { name: 'GetTypeCmdsLatency', unit: 'Microseconds', about: 'server time per read-only command' },
  { name: 'SetTypeCmdsLatency', unit: 'Microseconds', about: 'server time per write command' },
];

export const METRICS: Record<ServiceName, MetricDefinition[]> = {
  memorydb: common('BytesUsedForMemoryDB', 'KeyspaceHits', 'KeyspaceMisses', 'IsPrimary'),
  elasticache: [...common('BytesUsedForCache', 'CacheHits', 'CacheMisses', 'IsMaster'), { name: 'CacheHitRate', unit: 'Percent', about: 'hits / (hits + misses)' }],
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
