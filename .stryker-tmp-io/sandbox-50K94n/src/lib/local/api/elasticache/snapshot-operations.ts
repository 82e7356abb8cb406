// @ts-nocheck
// ElastiCache snapshots: CreateSnapshot, DescribeSnapshots, CopySnapshot (TargetBucket exports),
// DeleteSnapshot, plus what replication-group operations need (final snapshots).
// The files are handled by snapshots.ts, the same RDB machinery MemoryDB uses; ElastiCache and
// MemoryDB snapshots share one namespace of names but each service only sees its own.
import type { ClusterRuntime } from '../../engine/runtime.js';
import { ApiError } from '../shared/errors.js';
import { checkSnapshotName } from '../shared/names.js';
import { beginCopy, beginSnapshot, beginSnapshotDelete, newSnapshot, serviceOf, snapshotInUse, writeSnapshot } from '../../engine/snapshots.js';
import { qBool, qInt, qRequiredStr, qStr, qTags, xmlList } from '../shared/query-input.js';
import type { LocalCluster, LocalSnapshot, LocalState } from '../../store/state.js';
import { allNodes } from '../../engine/cluster-nodes.js';
import { invalidParameterCombination, invalidParameterValue, notFound } from './common.js';
import { elasticacheArn, regionOfArn } from '../../store/account.js';
import { elasticacheGroups, groupOrFault, markerPage } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { snapshotShape } from './snapshot-shapes.js';
import { withElastiCacheCodes } from './user-shapes.js';

const MAX_TAGS = 50;

function isElastiCache(snapshot: LocalSnapshot | undefined): snapshot is LocalSnapshot {
  return snapshot !== undefined && serviceOf(snapshot) === 'elasticache';
}

/** An ElastiCache snapshot of the region by name (MemoryDB's, and other regions', are not found). */
export function ecSnapshotOrFault(state: LocalState, name: string, region: string): LocalSnapshot {
  const snapshot = state.snapshots[name.toLowerCase()];
  if (!isElastiCache(snapshot) || regionOfArn(snapshot.arn) !== region) throw notFound('SnapshotNotFoundFault', `Snapshot ${name} not found`);
  return snapshot;
}

/** A name for a new snapshot: valid, and free in the namespace both services share. */
export function checkNewSnapshotName(state: LocalState, value: string): string {
  const name = withElastiCacheCodes(() => checkSnapshotName(value));
  if (state.snapshots[name] !== undefined) throw new ApiError('SnapshotAlreadyExistsFault', `Snapshot ${name} already exists`);
  return name;
}

/**
 * Takes a snapshot of a replication group and resolves once it is available (or rejects, the
 * snapshot then "failed"). The record exists from the moment this is called, before any await.
 * For DeleteReplicationGroup's FinalSnapshotIdentifier: check the name with checkNewSnapshotName
 * while answering, then run this before the nodes go (e.g. as `runtime.beginDelete`'s `before`).
 */
export async function takeGroupSnapshot(deps: { runtime: ClusterRuntime }, group: LocalCluster, name: string, source: 'manual' | 'automated'): Promise<LocalSnapshot> {
  const rt = deps.runtime;
  const snapshot = newSnapshot(group, name, source);
  rt.store.state.snapshots[name] = snapshot;
  rt.store.save();
  try {
    await writeSnapshot(rt, group, snapshot);
  } catch (err) {
    snapshot.status = 'failed';
    snapshot.failure = (err as Error).message;
    rt.store.save();
    throw err;
  }
  return snapshot;
}

/** The replication group of the region a member cluster (one node: `<group>-001`, `<group>-0001-001`) belongs to. */
function groupOfCacheCluster(state: LocalState, cacheClusterId: string, region: string): LocalCluster | undefined {
  const id = cacheClusterId.toLowerCase();
  return elasticacheGroups(state, region).find((c) => allNodes(c).some((n) => n.name === id));
}

export function snapshotOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const { store, runtime } = deps;
  const state = store.state;

  return {
    async CreateSnapshot(params, ctx) {
      const name = checkNewSnapshotName(state, qRequiredStr(params, 'SnapshotName'));
      const groupId = qStr(params, 'ReplicationGroupId');
      const cacheClusterId = qStr(params, 'CacheClusterId')?.toLowerCase();
      if ((groupId === undefined) === (cacheClusterId === undefined)) throw invalidParameterCombination('Give exactly one of ReplicationGroupId and CacheClusterId');
      let group: LocalCluster;
      if (groupId !== undefined) group = groupOrFault(state, groupId, ctx.region);
      else {
        const found = groupOfCacheCluster(state, cacheClusterId as string, ctx.region);
        if (found === undefined) throw notFound('CacheClusterNotFound', `Cache cluster ${cacheClusterId ?? ''} not found`);
        if (found.elasticache?.clusterMode === 'enabled') throw invalidParameterCombination(`Replication group ${found.name} has cluster mode enabled: snapshot it by ReplicationGroupId`);
        group = found;
      }
      if (group.status !== 'available') {
        throw cacheClusterId === undefined
          ? new ApiError('InvalidReplicationGroupState', `Replication group ${group.name} is ${group.status}; it must be available to be snapshotted`)
          : new ApiError('InvalidCacheClusterState', `Cache cluster ${cacheClusterId} is ${group.status}; it must be available to be snapshotted`);
      }
      const tags = qTags(params) ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      const snapshot = newSnapshot(group, name, 'manual', qStr(params, 'KmsKeyId'));
      if (cacheClusterId !== undefined && snapshot.replicationGroup !== undefined) snapshot.replicationGroup.cacheClusterId = cacheClusterId;
      beginSnapshot(runtime, group, snapshot);
      if (tags.length > 0) state.tags[snapshot.arn] = tags;
      store.save();
      return { Snapshot: snapshotShape(state, snapshot, false) };
    },

    async DescribeSnapshots(params, ctx) {
      const groupId = qStr(params, 'ReplicationGroupId')?.toLowerCase();
      const cacheClusterId = qStr(params, 'CacheClusterId')?.toLowerCase();
      const name = qStr(params, 'SnapshotName');
      const source = qStr(params, 'SnapshotSource');
      if (source !== undefined && source !== 'user' && source !== 'system') throw invalidParameterValue('SnapshotSource must be user or system');
      const show = qBool(params, 'ShowNodeGroupConfig') ?? false;
      if (name !== undefined) ecSnapshotOrFault(state, name, ctx.region);
      const all = Object.values(state.snapshots).filter((s): s is LocalSnapshot => isElastiCache(s) && regionOfArn(s.arn) === ctx.region);
      const ofCacheCluster = (s: LocalSnapshot): boolean =>
        s.replicationGroup?.cacheClusterId === cacheClusterId || groupOfCacheCluster(state, cacheClusterId ?? '', ctx.region)?.name === s.cluster.name;
      if (cacheClusterId !== undefined && groupOfCacheCluster(state, cacheClusterId, ctx.region) === undefined && !all.some(ofCacheCluster)) {
        throw notFound('CacheClusterNotFound', `Cache cluster ${cacheClusterId} not found`);
      }
      const wantedSource = source === undefined ? undefined : source === 'user' ? 'manual' : 'automated';
      const matches = all
        .filter((s) => name === undefined || s.name === name.toLowerCase())
        .filter((s) => (groupId === undefined || s.cluster.name === groupId) && (cacheClusterId === undefined || ofCacheCluster(s)))
        .filter((s) => wantedSource === undefined || s.source === wantedSource)
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = markerPage(matches, (s) => s.name, qInt(params, 'MaxRecords'), qStr(params, 'Marker'), { min: 20, max: 50 });
      return { Snapshots: xmlList('Snapshot', page.items.map((s) => snapshotShape(state, s, show))), Marker: page.marker };
    },

    async CopySnapshot(params, ctx) {
      const source = ecSnapshotOrFault(state, qRequiredStr(params, 'SourceSnapshotName'), ctx.region);
      const targetName = checkNewSnapshotName(state, qRequiredStr(params, 'TargetSnapshotName'));
      const bucket = qStr(params, 'TargetBucket');
      if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw invalidParameterValue(`TargetBucket ${bucket} is not a valid bucket name`);
      if (source.status !== 'available') throw new ApiError('InvalidSnapshotState', `Snapshot ${source.name} is ${source.status}; it can be copied only when available`);
      const tags = qTags(params) ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      const target: LocalSnapshot = {
        ...source,
        name: targetName,
        arn: elasticacheArn(ctx.region, 'snapshot', targetName),
        status: 'copying',
        source: 'manual',
        kmsKeyId: qStr(params, 'KmsKeyId') ?? source.kmsKeyId,
        createdAt: Date.now(),
        shards: [],
      };
      delete target.exportedTo;
      delete target.failure;
      beginCopy(runtime, source, target, bucket);
      if (tags.length > 0) state.tags[target.arn] = tags;
      store.save();
      return { Snapshot: snapshotShape(state, target, false) };
    },

    async DeleteSnapshot(params, ctx) {
      const snapshot = ecSnapshotOrFault(state, qRequiredStr(params, 'SnapshotName'), ctx.region);
      const busy = snapshotInUse(state, snapshot);
      if (busy !== undefined && snapshot.status !== 'deleting') throw new ApiError('InvalidSnapshotState', `Snapshot ${snapshot.name} cannot be deleted: ${busy}`);
      if (snapshot.status !== 'deleting') beginSnapshotDelete(runtime, snapshot);
      return { Snapshot: snapshotShape(state, snapshot, false) };
    },
  };
}
