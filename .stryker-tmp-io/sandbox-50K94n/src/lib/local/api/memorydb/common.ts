// @ts-nocheck
// Look-ups and checks the MemoryDB operations share.
import { ApiError, invalidParameter } from '../shared/errors.js';
import type { WindowErrors } from '../shared/windows.js';
import type { LocalCluster, LocalSnapshot, LocalState } from '../../store/state.js';
import { inRegion, OPEN_ACCESS_ACL, regionOfArn } from '../../store/account.js';
import { workInProgress } from '../../engine/reshard.js';

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function checkName(kind: string, value: string): string {
  const name = value.toLowerCase();
  if (!NAME.test(name) || name.endsWith('-') || name.includes('--')) {
    throw invalidParameter(
      `${kind} name "${value}" is invalid: it must begin with a letter, contain only letters, digits and hyphens, be at most 40 characters, and not end with a hyphen or contain two consecutive hyphens`,
    );
  }
  return name;
}

/** A MemoryDB cluster: ElastiCache replication groups share the state (and names) but are not clusters here. */
/** A MemoryDB cluster of the request's region (another region's are not there to see). */
export function clusterOrFault(state: LocalState, name: string, region: string): LocalCluster {
  const cluster = state.clusters[name.toLowerCase()];
  if (cluster === undefined || cluster.service === 'elasticache' || cluster.region !== region) throw new ApiError('ClusterNotFoundFault', `Cluster ${name} not found`);
  return cluster;
}

/** MemoryDB's clusters of a region, without ElastiCache's replication groups. */
export function memorydbClusters(state: LocalState, region: string): LocalCluster[] {
  return Object.values(state.clusters).filter((c) => c.service !== 'elasticache' && c.region === region);
}

/** A MemoryDB snapshot of the region (ElastiCache's share the namespace but are not MemoryDB's to see). */
export function snapshotOrFault(state: LocalState, name: string, region: string): LocalSnapshot {
  const snapshot = state.snapshots[name.toLowerCase()];
  if (snapshot === undefined || (snapshot.service ?? 'memorydb') !== 'memorydb' || regionOfArn(snapshot.arn) !== region) throw new ApiError('SnapshotNotFoundFault', `Snapshot ${name} not found`);
  return snapshot;
}

/**
 * A name taken in another region: the local plane keeps one name space for every region (its state
 * is keyed by name), so it refuses what AWS would allow, and says why.
 */
export function takenElsewhere(state: LocalState, name: string, region: string): string | undefined {
  const other = state.clusters[name.toLowerCase()];
  return other !== undefined && other.region !== region ? other.region : undefined;
}

/** Operations that change a cluster need it available (and not busy with anything else). */
export function requireAvailable(cluster: LocalCluster, action: string): void {
  if (cluster.status !== 'available') {
    const work = workInProgress(cluster);
    throw new ApiError('InvalidClusterStateFault', `Cluster ${cluster.name} is ${cluster.status}${work === undefined ? '' : ` (${work})`}; it must be available to ${action}`);
  }
}

export function objectMember(input: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ApiError('SerializationException', `${key} must be a structure`);
  return v as Record<string, unknown>;
}

/** An ACL a cluster of the region can use: open-access or a stored ACL of the region that is not being deleted. */
export function checkAclUsable(state: LocalState, name: string, region: string): string {
  const acl = name.toLowerCase();
  if (acl === OPEN_ACCESS_ACL) return acl;
  const found = state.acls[acl];
  if (found === undefined || found.status === 'deleting' || !inRegion(found, region)) throw new ApiError('ACLNotFoundFault', `ACL ${name} not found`);
  return acl;
}

/** MemoryDB's names for a window's faults. */
export const MEMORYDB_WINDOW_ERRORS: WindowErrors = {
  value: invalidParameter,
  combination: (message) => new ApiError('InvalidParameterCombinationException', message),
};
