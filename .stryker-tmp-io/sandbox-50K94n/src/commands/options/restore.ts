// @ts-nocheck
// What a restore asks for: the snapshot's own configuration (node type, replicas, engine version,
// parameter and subnet groups, port, windows, KMS key, tags) for every flag not given, and what the
// snapshot does not record (ACL or user groups, TLS) from the cluster it was taken from while that
// still exists. A node type too small for the snapshot's largest shard is refused before any call.
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../lib/io/errors.js';
import type { ControlPlane, CreateClusterSpec, Snapshot } from '../../lib/control/model.js';
import { nodeMemoryBytes } from '../../lib/control/node-types.js';
import { createSpec, type CreateFlags } from './cluster-spec.js';

export interface ResolvedRestore {
  spec: CreateClusterSpec;
  snapshot: Snapshot;
  /** Where each setting came from: "flag", "snapshot", "source cluster" (or "default"). */
  from: Record<string, string>;
}

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
/** The port both services give a cluster that asks for none. */
const DEFAULT_PORT = 6379;

/** A snapshot size as the services write it ("11.0 MB", "3 GB") in bytes; undefined when unreadable. */
export function sizeBytes(text: string | undefined): number | undefined {
  const m = /^\s*([\d.]+)\s*([KMGT]?B)\s*$/i.exec(text ?? '');
  if (m === null) return undefined;
  const value = Number(m[1]);
  const unit = UNITS[(m[2] ?? 'B').toUpperCase()];
  return Number.isFinite(value) && unit !== undefined ? Math.round(value * unit) : undefined;
}

export async function resolveRestore(ctx: Context, plane: ControlPlane, cluster: string, snapshotName: string, flags: CreateFlags): Promise<ResolvedRestore> {
  const snapshot = await plane.findSnapshot(snapshotName, { detail: true });
  if (snapshot === undefined) throw new NotFoundError(`snapshot "${snapshotName}" not found`, { hint: `run \`memctl${ctx.service === 'elasticache' ? ' --service elasticache' : ''} snapshot list\`` });
  if (snapshot.status !== 'available') throw new ConflictError(`snapshot ${snapshotName} is ${snapshot.status}; a restore needs it available`, { hint: `wait for it: memctl snapshot describe ${snapshotName} --wait` });
  const from: Record<string, string> = {};
  const merged: CreateFlags = { ...flags };
  /** Takes the snapshot's value for a flag not given. */
  const take = <K extends keyof CreateFlags>(key: K, label: string, value: CreateFlags[K] | undefined, source = 'snapshot'): void => {
    if (flags[key] !== undefined) from[label] = 'flag';
    else if (value !== undefined) {
      merged[key] = value;
      from[label] = source;
    }
  };
  take('nodeType', 'node type', snapshot.nodeType);
  take('replicas', 'replicas', snapshot.replicasPerShard === undefined ? undefined : String(snapshot.replicasPerShard));
  take('engineVersion', 'engine version', snapshot.engineVersion);
  take('description', 'description', snapshot.description);
  take('parameterGroup', 'parameter group', snapshot.parameterGroup);
  take('subnetGroup', 'subnet group', snapshot.subnetGroup);
  // 6379 is both services' default: asking for it is asking for nothing.
  take('port', 'port', snapshot.port === undefined || snapshot.port === DEFAULT_PORT ? undefined : String(snapshot.port));
  take('maintenanceWindow', 'maintenance window', snapshot.maintenanceWindow);
  take('snapshotWindow', 'snapshot window', snapshot.snapshotWindow);
  take('snapshotRetention', 'snapshot retention', snapshot.snapshotRetentionLimit === undefined ? undefined : String(snapshot.snapshotRetentionLimit));
  take('snsTopicArn', 'SNS topic', snapshot.snsTopicArn);
  take('kmsKeyId', 'KMS key', snapshot.kmsKeyId);
  if (snapshot.dataTiering === true) take('dataTiering', 'data tiering', true);
  if (flags.tag === undefined && snapshot.arn !== undefined) {
    const tags = await plane.listTags(snapshot.arn);
    if (tags.length > 0) take('tag', 'tags', tags.map((t) => `${t.key}=${t.value}`));
  } else if (flags.tag !== undefined) from.tags = 'flag';
  // Not in a snapshot: the access control and TLS of the cluster it came from, if it is still there.
  const source = snapshot.clusterName === '' ? undefined : await plane.findCluster(snapshot.clusterName).catch(() => undefined);
  if (source !== undefined) {
    const origin = `source cluster ${source.name}`;
    if (ctx.service === 'memorydb') take('acl', 'ACL', source.acl, origin);
    else if (source.userGroups !== undefined && source.userGroups.length > 0) take('userGroups', 'user groups', [source.userGroups.join(',')], origin);
    // There is no --tls flag (TLS is on unless --no-tls): a source without TLS gives a restore without it.
    if (flags.tls === false) from.TLS = 'flag';
    else if (!source.tls) {
      merged.tls = false;
      from.TLS = origin;
    }
  }
  const spec = createSpec(ctx, cluster, { ...merged, fromSnapshot: snapshotName });
  checkFits(ctx, spec.nodeType, snapshot, from['node type'] === 'flag');
  return { spec, snapshot, from };
}

/** Refuses a node type whose memory is below the snapshot's largest shard (exit 2, before any call). */
function checkFits(ctx: Context, nodeType: string, snapshot: Snapshot, overridden: boolean): void {
  const memory = nodeMemoryBytes(ctx.service, nodeType);
  const largest = Math.max(0, ...(snapshot.shards ?? []).map((s) => sizeBytes(s.size) ?? 0));
  if (memory === undefined || largest === 0 || largest <= memory) return;
  const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(2)} GiB`;
  throw new UsageError(
    `node type ${nodeType} offers ${gib(memory)} per node, but snapshot ${snapshot.name}'s largest shard holds ${gib(largest)}${overridden ? '' : ` (the snapshot was taken on ${snapshot.nodeType ?? 'an unknown type'})`}`,
    { hint: `pick a node type with more memory than ${gib(largest)}${snapshot.nodeType === undefined ? '' : `, such as the snapshot's own ${snapshot.nodeType}`}` },
  );
}
