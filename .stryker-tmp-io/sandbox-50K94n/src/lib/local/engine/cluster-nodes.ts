// @ts-nocheck
// A cluster's nodes as the state records them: all of them, whether it is a Redis Cluster or a
// standalone primary with replicas, who replicates from whom, and the names new shards and nodes
// take.
import type { LocalCluster, LocalNode, LocalService, LocalShard, LocalState } from '../store/state.js';
import type { ReplicationMember } from './ops/replication.js';

export function allNodes(cluster: LocalCluster): LocalNode[] {
  return cluster.shards.flatMap((s) => s.nodes);
}

/** An ElastiCache replication group with cluster mode disabled: standalone nodes, not a Redis Cluster. */
export function isStandalone(cluster: LocalCluster): boolean {
  return cluster.service === 'elasticache' && cluster.elasticache?.clusterMode === 'disabled';
}

/** Each node of a standalone group with the primary it should replicate from (per the state). */
export function replicationMembers(cluster: LocalCluster): ReplicationMember[] {
  return cluster.shards.flatMap((shard) => {
    const primary = shard.nodes.find((n) => n.role === 'primary');
    return shard.nodes.map((n) => (n.role === 'primary' || primary === undefined ? { port: n.port } : { port: n.port, primaryPort: primary.port }));
  });
}

/**
 * The cluster whose node names a new cluster's could collide with, if any. Nodes are named
 * `<cluster>-<shard>-<n>` (MemoryDB, cluster mode enabled) or `<group>-<n>` (cluster mode
 * disabled), and both services share one namespace locally: a standalone group named
 * `orders-0002` and a cluster `orders` would both own `orders-0002-001` one day.
 */
export function nodeNameClash(state: LocalState, name: string, standalone: boolean): string | undefined {
  const clusters = Object.values(state.clusters);
  if (standalone) {
    const match = /^(.+)-\d{4}$/.exec(name);
    const other = match === null ? undefined : state.clusters[match[1] as string];
    return other !== undefined && !isStandalone(other) ? other.name : undefined;
  }
  return clusters.find((c) => isStandalone(c) && c.name.startsWith(`${name}-`) && /^\d{4}$/.test(c.name.slice(name.length + 1)))?.name;
}

/** ElastiCache node types are cache.*, MemoryDB's db.*. */
export function nodeTypeService(nodeType: string): LocalService {
  return nodeType.startsWith('cache.') ? 'elasticache' : 'memorydb';
}

export function shardName(index: number): string {
  return String(index + 1).padStart(4, '0');
}

/** `<cluster>-<shard>-<n>`; a standalone group's nodes are `<group>-<n>` (ElastiCache's member cluster ids). */
export function nodeName(cluster: LocalCluster, shard: string, index: number): string {
  const n = String(index + 1).padStart(3, '0');
  return isStandalone(cluster) ? `${cluster.name}-${n}` : `${cluster.name}-${shard}-${n}`;
}

/** How events name things: MemoryDB's clusters and shards, ElastiCache's replication groups and node groups. */
export function words(cluster: LocalCluster): { cluster: string; shards: string; shard: string } {
  return cluster.service === 'elasticache' ? { cluster: 'replication group', shards: 'node groups', shard: 'node group' } : { cluster: 'cluster', shards: 'shards', shard: 'shard' };
}

/** The next free shard name: one above the highest (node group ids are never reused while the group lives). */
export function nextShardIndex(cluster: LocalCluster): number {
  return Math.max(0, ...cluster.shards.map((s) => Number(s.name)));
}

/** The next free node number in a shard (names are never reused while the shard lives). */
export function nextNodeIndex(shard: LocalShard): number {
  const used = shard.nodes.map((n) => Number(n.name.slice(n.name.lastIndexOf('-') + 1)) - 1);
  return used.length === 0 ? 0 : Math.max(...used) + 1;
}
