// @ts-nocheck
// Snapshots and events: CreateSnapshot, DescribeSnapshots, CopySnapshot, DeleteSnapshot and
// DescribeEvents. The files themselves are handled by snapshots.ts.
import type { ClusterRuntime } from '../../engine/runtime.js';
import type { LocalEventSource, LocalSnapshot, LocalTag, StateStore } from '../../store/state.js';
import { bool, int, requiredStr, str, tagList } from '../shared/json-input.js';
import { ApiError, invalidParameter } from '../shared/errors.js';
import { paginate } from '../shared/pagination.js';
import { beginCopy, beginSnapshot, beginSnapshotDelete, newSnapshot, serviceOf, snapshotInUse } from '../../engine/snapshots.js';
import { memorydbArn, regionOfArn } from '../../store/account.js';
import { clusterOrFault, requireAvailable, snapshotOrFault } from './common.js';
import { checkSnapshotName } from '../shared/names.js';
import type { Operation } from '../shared/operation.js';
import { eventShape, snapshotShape } from './shapes.js';

export interface SnapshotDeps {
  store: StateStore;
  runtime: ClusterRuntime;
  setTags: (arn: string, tags: LocalTag[]) => void;
}

const EVENT_SOURCES: LocalEventSource[] = ['node', 'parameter-group', 'subnet-group', 'cluster', 'user', 'acl'];
const MAX_LOOKBACK_MINUTES = 14 * 24 * 60;

export function snapshotOperations(deps: SnapshotDeps): Record<string, Operation> {
  const { store, runtime } = deps;
  const state = store.state;

  return {
    async CreateSnapshot(input, ctx) {
      const cluster = clusterOrFault(state, requiredStr(input, 'ClusterName'), ctx.region);
      const name = checkSnapshotName(requiredStr(input, 'SnapshotName'));
      if (state.snapshots[name] !== undefined) throw new ApiError('SnapshotAlreadyExistsFault', `Snapshot ${name} already exists`);
      requireAvailable(cluster, 'be snapshotted');
      const snapshot = newSnapshot(cluster, name, 'manual', str(input, 'KmsKeyId'));
      const tags = tagList(input, 'Tags') ?? [];
      beginSnapshot(runtime, cluster, snapshot);
      if (tags.length > 0) deps.setTags(snapshot.arn, tags);
      store.save();
      return { Snapshot: snapshotShape(snapshot, false) };
    },

    async DescribeSnapshots(input, ctx) {
      const clusterName = str(input, 'ClusterName')?.toLowerCase();
      const name = str(input, 'SnapshotName');
      // The filter says "system" (automated snapshots) or "user" (manual ones), as the API defines.
      const filter = str(input, 'Source');
      if (filter !== undefined && filter !== 'user' && filter !== 'system') throw invalidParameter('Source must be user or system');
      const source = filter === undefined ? undefined : filter === 'user' ? 'manual' : 'automated';
      const showDetail = bool(input, 'ShowDetail') ?? false;
      if (name !== undefined) snapshotOrFault(state, name, ctx.region);
      const matches = Object.values(state.snapshots)
        .filter((s) => serviceOf(s) === 'memorydb' && regionOfArn(s.arn) === ctx.region)
        .filter((s) => (name === undefined || s.name === name.toLowerCase()) && (clusterName === undefined || s.cluster.name === clusterName) && (source === undefined || s.source === source))
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = paginate(matches, (s) => s.name, int(input, 'MaxResults'), str(input, 'NextToken'));
      return { Snapshots: page.items.map((s) => snapshotShape(s, showDetail)), NextToken: page.nextToken };
    },

    async CopySnapshot(input, ctx) {
      const source = snapshotOrFault(state, requiredStr(input, 'SourceSnapshotName'), ctx.region);
      const targetName = checkSnapshotName(requiredStr(input, 'TargetSnapshotName'));
      const bucket = str(input, 'TargetBucket');
      if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw invalidParameter(`TargetBucket ${bucket} is not a valid bucket name`);
      if (state.snapshots[targetName] !== undefined) throw new ApiError('SnapshotAlreadyExistsFault', `Snapshot ${targetName} already exists`);
      if (source.status !== 'available') throw new ApiError('InvalidSnapshotStateFault', `Snapshot ${source.name} is ${source.status}; it can be copied only when available`);
      const target: LocalSnapshot = {
        ...source,
        name: targetName,
        arn: memorydbArn(ctx.region, 'snapshot', targetName),
        status: 'copying',
        source: 'manual',
        kmsKeyId: str(input, 'KmsKeyId') ?? source.kmsKeyId,
        createdAt: Date.now(),
        shards: [],
      };
      delete target.exportedTo;
      beginCopy(runtime, source, target, bucket);
      const tags = tagList(input, 'Tags') ?? [];
      if (tags.length > 0) deps.setTags(target.arn, tags);
      store.save();
      return { Snapshot: snapshotShape(target, false) };
    },

    async DeleteSnapshot(input, ctx) {
      const snapshot = snapshotOrFault(state, requiredStr(input, 'SnapshotName'), ctx.region);
      const busy = snapshotInUse(state, snapshot);
      if (busy !== undefined && snapshot.status !== 'deleting') throw new ApiError('InvalidSnapshotStateFault', `Snapshot ${snapshot.name} cannot be deleted: ${busy}`);
      if (snapshot.status !== 'deleting') beginSnapshotDelete(runtime, snapshot);
      return { Snapshot: snapshotShape(snapshot, false) };
    },

    async DescribeEvents(input) {
      const sourceName = str(input, 'SourceName');
      const sourceType = str(input, 'SourceType');
      if (sourceType !== undefined && !EVENT_SOURCES.includes(sourceType as LocalEventSource)) {
        throw invalidParameter(`SourceType must be one of ${EVENT_SOURCES.join(', ')}`);
      }
      const duration = int(input, 'Duration');
      if (duration !== undefined && (duration < 1 || duration > MAX_LOOKBACK_MINUTES)) throw invalidParameter(`Duration must be between 1 and ${MAX_LOOKBACK_MINUTES} minutes`);
      const start = timestamp(input, 'StartTime');
      const end = timestamp(input, 'EndTime') ?? Date.now();
      const from = start ?? end - (duration ?? 60) * 60_000;
      if (Date.now() - from > MAX_LOOKBACK_MINUTES * 60_000 + 60_000) throw invalidParameter('Events can be read for the last 14 days only');
      // Newest first, as the service answers; the key makes token paging follow that order.
      const matches = state.events
        .map((e, i) => ({ e, key: `${String(9e15 - e.date).padStart(16, '0')}.${String(1e9 - i).padStart(10, '0')}` }))
        .filter(({ e }) => e.service !== 'elasticache' && e.date >= from && e.date <= end && (sourceName === undefined || e.sourceName === sourceName) && (sourceType === undefined || e.sourceType === sourceType))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      const page = paginate(matches, (m) => m.key, int(input, 'MaxResults'), str(input, 'NextToken'));
      return { Events: page.items.map((m) => eventShape(m.e)), NextToken: page.nextToken };
    },
  };
}

function timestamp(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  throw new ApiError('SerializationException', `${key} must be a timestamp`);
}
