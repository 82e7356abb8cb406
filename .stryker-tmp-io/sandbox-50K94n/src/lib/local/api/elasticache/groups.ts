// @ts-nocheck
// Look-ups and checks the replication-group operations share: which state entries are
// ElastiCache groups, their member clusters (one per node), their statuses on the wire, the
// service's error codes, and Marker/MaxRecords paging.
import { workInProgress } from '../../engine/reshard.js';
import { ApiError } from '../shared/errors.js';
import { paginate } from '../shared/pagination.js';
import { allNodes } from '../../engine/cluster-nodes.js';
import type { LocalCluster, LocalNode, LocalShard, LocalState } from '../../store/state.js';
import { invalidParameterValue, notFound } from './common.js';

/** Faults with the model's error codes (not the shape names). */
export const faults = {
  groupNotFound: (id: string): ApiError => notFound('ReplicationGroupNotFoundFault', `ReplicationGroup ${id} not found.`),
  groupExists: (id: string, why?: string): ApiError => new ApiError('ReplicationGroupAlreadyExists', `Replication group ${id} already exists${why === undefined ? '' : `: ${why}`}.`),
  groupState: (message: string): ApiError => new ApiError('InvalidReplicationGroupState', message),
  cacheClusterNotFound: (id: string): ApiError => notFound('CacheClusterNotFound', `CacheCluster ${id} not found.`),
  nodeGroupNotFound: (group: string, nodeGroup: string): ApiError => notFound('NodeGroupNotFoundFault', `Node group ${nodeGroup} not found in replication group ${group}.`),
  noOperation: (message: string): ApiError => new ApiError('NoOperationFault', message),
  nodeQuota: (message: string): ApiError => new ApiError('NodeQuotaForCustomerExceeded', message),
  nodeGroupQuota: (max: number): ApiError => new ApiError('NodeGroupsPerReplicationGroupQuotaExceeded', `A replication group can have at most ${max} node groups.`),
  testFailoverNotAvailable: (message: string): ApiError => new ApiError('TestFailoverNotAvailableFault', message),
  parameterGroupNotFound: (name: string): ApiError => notFound('CacheParameterGroupNotFound', `CacheParameterGroup ${name} not found.`),
  subnetGroupNotFound: (name: string): ApiError => new ApiError('CacheSubnetGroupNotFoundFault', `Cache subnet group ${name} not found.`),
  snapshotNotFound: (name: string): ApiError => notFound('SnapshotNotFoundFault', `Snapshot ${name} not found.`),
  snapshotState: (message: string): ApiError => new ApiError('InvalidSnapshotState', message),
  tagQuota: (max: number): ApiError => new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${max} tags.`),
};

/** Node groups per replication group (the service's default quota). */
export const MAX_NODE_GROUPS = 90;
export const MAX_REPLICAS = 5;

const ID = /^[a-z][a-z0-9-]{0,39}$/;

/** Replication group ids: a letter first, letters, digits and hyphens, at most 40, no `--` or trailing hyphen; stored lowercase. */
export function checkGroupId(value: string): string {
  const id = value.toLowerCase();
  if (!ID.test(id) || id.endsWith('-') || id.includes('--')) {
    throw invalidParameterValue(
      `Invalid replication group id ${value}: it must begin with a letter, contain only letters, digits and hyphens, be at most 40 characters, and not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
  return id;
}

/** The replication groups of a region. */
export function elasticacheGroups(state: LocalState, region: string): LocalCluster[] {
  return Object.values(state.clusters)
    .filter((c) => c.service === 'elasticache' && c.region === region)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A replication group of the region by id; MemoryDB clusters sharing the namespace are not groups. */
export function groupOrFault(state: LocalState, id: string, region: string): LocalCluster {
  const group = state.clusters[id.toLowerCase()];
  if (group === undefined || group.service !== 'elasticache' || group.region !== region) throw faults.groupNotFound(id);
  return group;
}

export function clusterModeEnabled(group: LocalCluster): boolean {
  return group.elasticache?.clusterMode !== 'disabled';
}

/** Operations that change a group need it available (one change at a time). */
export function requireGroupAvailable(group: LocalCluster): void {
  if (group.status !== 'available') {
    const work = workInProgress(group);
    throw faults.groupState(`Replication group ${group.name} is not in available state (it is ${wireStatus(group)}${work === undefined ? '' : `: ${work}`}).`);
  }
}

/** Statuses as ElastiCache spells them ("updating" is MemoryDB's word for "modifying"). */
export function wireStatus(group: LocalCluster): string {
  return group.status === 'updating' ? 'modifying' : group.status;
}

/** A member cache cluster: one node of a group (ElastiCache names each node's cluster after it). */
export interface Member {
  group: LocalCluster;
  shard: LocalShard;
  node: LocalNode;
}

export function members(state: LocalState, region: string): Member[] {
  return elasticacheGroups(state, region).flatMap((group) => group.shards.flatMap((shard) => shard.nodes.map((node) => ({ group, shard, node }))));
}

export function memberOrFault(state: LocalState, id: string, region: string): Member {
  const found = members(state, region).find((m) => m.node.name === id.toLowerCase());
  if (found === undefined) throw faults.cacheClusterNotFound(id);
  return found;
}

export function memberIds(group: LocalCluster): string[] {
  return allNodes(group).map((n) => n.name).sort();
}

/** Node group ids are 1-4 digits; "1" and "0001" name the same group. */
export function nodeGroupId(value: string): string {
  if (!/^\d{1,4}$/.test(value)) throw invalidParameterValue(`Invalid node group id ${value}: it must be 1 to 4 digits.`);
  return value.padStart(4, '0');
}

export function shardOrFault(group: LocalCluster, id: string): LocalShard {
  const name = /^\d{1,4}$/.test(id) ? id.padStart(4, '0') : id;
  const shard = group.shards.find((s) => s.name === name);
  if (shard === undefined) throw faults.nodeGroupNotFound(group.name, id);
  return shard;
}

export interface MarkerPage<T> {
  items: T[];
  marker: string | undefined;
}

/** ElastiCache paging: MaxRecords 20-100 (100 by default; some operations differ), an opaque Marker. */
export function markerPage<T>(items: T[], keyOf: (item: T) => string, maxRecords: number | undefined, marker: string | undefined, limits = { min: 20, max: 100 }): MarkerPage<T> {
  if (maxRecords !== undefined && (maxRecords < limits.min || maxRecords > limits.max)) throw invalidParameterValue(`MaxRecords must be between ${limits.min} and ${limits.max}.`);
  try {
    const page = paginate(items, keyOf, maxRecords ?? limits.max, marker, { max: limits.max });
    return { items: page.items, marker: page.nextToken };
  } catch (err) {
    if (err instanceof ApiError) throw invalidParameterValue('The Marker is not valid.');
    throw err;
  }
}

/** Total nodes of every cluster and group: the machine-wide limit counts them all. */
export function nodeCount(state: LocalState): number {
  return Object.values(state.clusters).reduce((sum, c) => sum + allNodes(c).length, 0);
}
