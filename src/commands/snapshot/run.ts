// memctl snapshot create|list|describe|copy|delete|restore.
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import type { Snapshot } from '../../lib/control/model.js';
import { parseTag, validateName, validateSnapshotName } from '../../lib/control/validate.js';
import { memctlCommand, waitForSnapshot, waitTimeoutMs } from '../options/wait.js';
import { createSpec, type CreateFlags } from '../options/cluster-spec.js';
import { clusterNoun } from '../options/service.js';
import { provision } from '../options/provision.js';
import { provisionedView } from '../views/cluster.js';

const TOTAL = (s: Snapshot): number | undefined => {
  const sizes = (s.shards ?? []).map((x) => Number.parseFloat(x.size ?? ''));
  return sizes.length === 0 || sizes.some(Number.isNaN) ? undefined : Math.round(sizes.reduce((a, b) => a + b, 0) * 10) / 10;
};

export function snapshotListView(snapshots: Snapshot[]): Rendered {
  return {
    data: snapshots,
    blocks: [
      {
        kind: 'table',
        headers: ['name', 'status', 'source', 'cluster', 'shards', 'size (MB)', 'created'],
        rows: snapshots.map((s) => [s.name, s.status, s.source, s.clusterName, s.shardCount, TOTAL(s), s.createdAt]),
      },
    ],
  };
}

export function snapshotDetailView(s: Snapshot): Rendered {
  return {
    data: s,
    blocks: [
      {
        kind: 'fields',
        title: `Snapshot ${s.name}`,
        fields: [
          ['name', s.name],
          ['status', s.status],
          ['source', s.source],
          ['cluster', s.clusterName],
          ['engine', `${s.engine ?? ''} ${s.engineVersion ?? ''}`.trim()],
          ['node type', s.nodeType],
          ['shards', s.shardCount],
          ['size (MB)', TOTAL(s)],
          ['created', s.createdAt],
          ['kms key', s.kmsKeyId],
          ['arn', s.arn],
        ],
      },
      ...(s.shards === undefined
        ? []
        : [{ kind: 'table' as const, title: 'Shards', headers: ['shard', 'slots', 'replicas', 'size', 'created'], rows: s.shards.map((x) => [x.name, x.slots, x.replicaCount, x.size, x.createdAt]) }]),
    ],
  };
}

interface WaitFlags {
  wait?: boolean;
  timeout?: string;
}

export async function create(ctx: Context, cluster: string, name: string, flags: WaitFlags & { kmsKeyId?: string; tag?: string[] }): Promise<void> {
  const clusterName = validateName(clusterNoun(ctx.service), cluster);
  const snapshotName = validateSnapshotName(name);
  const tags = (flags.tag ?? []).map(parseTag);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 6 * 60 * 60_000);
  const plane = await ctx.controlPlane();
  let snapshot: Snapshot | undefined = await plane.createSnapshot(clusterName, snapshotName, { kmsKeyId: flags.kmsKeyId, tags });
  if (flags.wait === true) {
    snapshot = await waitForSnapshot(ctx, plane, snapshotName, {
      what: `snapshot ${snapshotName} to become available`,
      resume: memctlCommand(ctx, `snapshot describe ${snapshotName} --wait`),
      timeoutMs,
    });
  }
  await writeOutput(ctx.io, snapshotDetailView(snapshot as Snapshot), ctx.output);
}

export async function list(ctx: Context, flags: { cluster?: string; source?: string }): Promise<void> {
  const cluster = flags.cluster === undefined ? undefined : validateName(clusterNoun(ctx.service), flags.cluster);
  if (flags.source !== undefined && flags.source !== 'manual' && flags.source !== 'automated') {
    throw new UsageError(`invalid --source "${flags.source}": expected manual or automated`);
  }
  const plane = await ctx.controlPlane();
  const snapshots = await plane.listSnapshots({ cluster, source: flags.source as 'manual' | 'automated' | undefined, detail: true });
  await writeOutput(ctx.io, snapshotListView(snapshots), ctx.output);
}

export async function describe(ctx: Context, name: string, flags: WaitFlags): Promise<void> {
  const snapshotName = validateSnapshotName(name);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 6 * 60 * 60_000);
  const plane = await ctx.controlPlane();
  let snapshot = await plane.findSnapshot(snapshotName, { detail: true });
  if (snapshot === undefined) throw new NotFoundError(`snapshot "${snapshotName}" not found`, { hint: `run \`${memctlCommand(ctx, 'snapshot list')}\`` });
  if (flags.wait === true && snapshot.status !== 'available') {
    snapshot = await waitForSnapshot(ctx, plane, snapshotName, {
      what: `snapshot ${snapshotName} to become available`,
      resume: memctlCommand(ctx, `snapshot describe ${snapshotName} --wait`),
      timeoutMs,
    });
  }
  await writeOutput(ctx.io, snapshotDetailView(snapshot as Snapshot), ctx.output);
}

export async function copy(ctx: Context, source: string, target: string, flags: WaitFlags & { bucket?: string; kmsKeyId?: string }): Promise<void> {
  const sourceName = validateSnapshotName(source);
  const targetName = validateSnapshotName(target);
  if (flags.bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(flags.bucket)) {
    throw new UsageError(`invalid --bucket "${flags.bucket}": expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)`);
  }
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 6 * 60 * 60_000);
  const plane = await ctx.controlPlane();
  let snapshot: Snapshot | undefined = await plane.copySnapshot(sourceName, targetName, { bucket: flags.bucket, kmsKeyId: flags.kmsKeyId });
  if (flags.wait === true) {
    snapshot = await waitForSnapshot(ctx, plane, targetName, {
      what: `snapshot ${targetName} to become available`,
      resume: memctlCommand(ctx, `snapshot describe ${targetName} --wait`),
      timeoutMs,
    });
  }
  await writeOutput(ctx.io, snapshotDetailView(snapshot as Snapshot), ctx.output);
}

export async function remove(ctx: Context, name: string, flags: WaitFlags): Promise<void> {
  const snapshotName = validateSnapshotName(name);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 60 * 60_000);
  await confirmDestructive(ctx.io, { question: `Delete snapshot ${snapshotName}?`, action: `to delete snapshot ${snapshotName}`, yes: ctx.yes });
  const plane = await ctx.controlPlane();
  let snapshot = await plane.deleteSnapshot(snapshotName);
  if (flags.wait === true) {
    await waitForSnapshot(ctx, plane, snapshotName, {
      what: `snapshot ${snapshotName} to be deleted`,
      resume: memctlCommand(ctx, `snapshot delete ${snapshotName} --yes --wait`),
      timeoutMs,
      gone: true,
    });
    snapshot = { ...snapshot, status: 'deleted' };
  }
  await writeOutput(ctx.io, { data: { name: snapshot.name, status: snapshot.status }, blocks: [{ kind: 'fields', fields: [['name', snapshot.name], ['status', snapshot.status]] }] }, ctx.output);
}

/** `snapshot restore SNAPSHOT CLUSTER` = `create CLUSTER --from-snapshot SNAPSHOT`, into a new name. */
export async function restore(ctx: Context, snapshot: string, cluster: string, flags: CreateFlags): Promise<void> {
  if (flags.dryRun !== true) {
    createSpec(ctx, cluster, { ...flags, fromSnapshot: snapshot });
    const plane = await ctx.controlPlane();
    if ((await plane.findCluster(cluster)) !== undefined) {
      throw new ConflictError(`${clusterNoun(ctx.service)} "${cluster}" already exists; restore into a new name`);
    }
  }
  await writeOutput(ctx.io, provisionedView(await provision(ctx, cluster, { ...flags, fromSnapshot: snapshot })), ctx.output);
}
