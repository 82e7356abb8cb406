// @ts-nocheck
// memctl snapshot create|list|describe|copy|delete|restore.
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import type { Snapshot } from '../../lib/control/model.js';
import { parseInteger, parseTag, validateName, validateSnapshotName } from '../../lib/control/validate.js';
import { exportName, exportTag, exportsToPrune, newestSnapshot, type ExportSource } from '../../lib/control/snapshot-export.js';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
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

export interface CopyFlags extends WaitFlags {
  bucket?: string;
  kmsKeyId?: string;
  latest?: boolean;
  cluster?: string;
  source?: string;
  prefix?: string;
  keep?: string;
}

/** The bucket prerequisites AWS documents for an export: missing ones refuse it (exit 6), unreadable ones warn. */
async function checkBucket(ctx: Context, bucket: string): Promise<void> {
  const settings = await ctx.awsSettings();
  const [{ s3Client }, { checkExportBucket }] = await Promise.all([import('../../lib/aws/clients.js'), import('../../lib/control/bucket-check.js')]);
  const client = await s3Client({ settings, debug: ctx.debug });
  try {
    const region = settings.region ?? (await client.config.region());
    const check = await checkExportBucket(client, bucket, region, ctx.service);
    if (!ctx.quiet) for (const w of check.warnings) ctx.io.stderr.write(`warning: ${w}\n`);
    if (check.problems.length > 0) {
      throw new ConflictError(`cannot export to bucket ${bucket}: ${check.problems.join('; ')}`, { hint: "fix the bucket as AWS's guide to exporting snapshots says, then run this again" });
    }
  } finally {
    client.destroy();
  }
}

function checkBucketName(bucket: string | undefined): void {
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UsageError(`invalid --bucket "${bucket}": expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)`);
  }
}

export async function copy(ctx: Context, source: string | undefined, target: string | undefined, flags: CopyFlags): Promise<void> {
  if (flags.latest === true) {
    if (source !== undefined || target !== undefined) throw new UsageError('--latest picks the snapshot itself: give no source or target names');
    await copyLatest(ctx, flags);
    return;
  }
  const latestOnly = (['cluster', 'source', 'prefix', 'keep'] as const).find((f) => flags[f] !== undefined);
  if (latestOnly !== undefined) throw new UsageError(`--${latestOnly} goes with --latest`);
  if (source === undefined || target === undefined) throw new UsageError('snapshot copy needs a source and a target name (or --latest --cluster C --bucket B)');
  const sourceName = validateSnapshotName(source);
  const targetName = validateSnapshotName(target);
  checkBucketName(flags.bucket);
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

/**
 * `snapshot copy --latest --cluster C --bucket B`: exports C's newest snapshot once. The export is
 * recorded on the source snapshot (a tag) after the service accepts it; a run that finds the tag
 * exports nothing. Locally `--keep N` removes the exported files of older snapshots beyond N.
 */
async function copyLatest(ctx: Context, flags: CopyFlags): Promise<void> {
  if (flags.cluster === undefined) throw new UsageError('--latest needs --cluster');
  if (flags.bucket === undefined) throw new UsageError('--latest needs --bucket (the export goes to S3)');
  const cluster = validateName(clusterNoun(ctx.service), flags.cluster);
  checkBucketName(flags.bucket);
  const source = (flags.source ?? 'automated') as ExportSource;
  if (!['automated', 'manual', 'any'].includes(source)) throw new UsageError(`invalid --source "${flags.source ?? ''}": expected automated, manual or any`);
  const prefix = flags.prefix ?? '';
  if (!/^[A-Za-z0-9.-]*$/.test(prefix)) throw new UsageError(`invalid --prefix "${prefix}": letters, digits, dots and hyphens only (it starts the export's name)`);
  const keep = flags.keep === undefined ? undefined : parseInteger('--keep', flags.keep);
  if (keep !== undefined && keep < 1) throw new UsageError('--keep must be at least 1');
  const localDir = ctx.localDirectory();
  if (keep !== undefined && localDir === undefined) {
    throw new UsageError('--keep prunes exports on the local plane only: on AWS, expire old exports with an S3 lifecycle rule on the bucket');
  }
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 6 * 60 * 60_000);
  const plane = await ctx.controlPlane();
  const snapshots = await plane.listSnapshots({ cluster, ...(source === 'any' ? {} : { source }) });
  const newest = newestSnapshot(snapshots, cluster, source, prefix);
  if (newest === undefined) throw new NotFoundError(`${clusterNoun(ctx.service)} ${cluster} has no available ${source === 'any' ? '' : `${source} `}snapshot to export`);
  if (newest.dataTiering === true) {
    throw new ConflictError(`snapshot ${newest.name} is of a cluster with data tiering, which AWS does not export to S3`, { hint: 'restore it into a cluster without data tiering and export that one' });
  }
  const name = validateSnapshotName(exportName(prefix, newest));
  const tag = exportTag(flags.bucket);
  const done = newest.arn === undefined ? undefined : (await plane.listTags(newest.arn)).find((t) => t.key === tag)?.value;
  let exported = false;
  if (done === name) {
    if (!ctx.quiet) ctx.io.stderr.write(`snapshot ${newest.name} was exported to ${flags.bucket} as ${name} already; nothing to do\n`);
  } else {
    // On AWS the bucket must be ready for the export: said before the export is asked for.
    if (localDir === undefined) await checkBucket(ctx, flags.bucket);
    await plane.copySnapshot(newest.name, name, { bucket: flags.bucket, kmsKeyId: flags.kmsKeyId });
    // Recorded once the service took the export: a run after this one finds it.
    if (newest.arn !== undefined) await plane.tagResource(newest.arn, [{ key: tag, value: name }]);
    exported = true;
    if (flags.wait === true && localDir !== undefined) {
      await waitForSnapshot(ctx, plane, name, { what: `snapshot ${name} to be exported`, resume: memctlCommand(ctx, `snapshot describe ${name} --wait`), timeoutMs });
    }
  }
  const pruned = keep === undefined || localDir === undefined ? [] : await pruneLocalExports(plane, snapshots, cluster, flags.bucket, keep, localDir);
  const data = { cluster, snapshot: newest.name, snapshotCreatedAt: newest.createdAt?.toISOString() ?? null, bucket: flags.bucket, export: name, exported, pruned };
  await writeOutput(
    ctx.io,
    {
      data,
      blocks: [{ kind: 'fields', fields: [['snapshot', newest.name], ['bucket', flags.bucket], ['export', name], ['exported', exported ? 'yes' : 'no (done before)'], ['pruned', pruned.length === 0 ? undefined : pruned.join(', ')]] }],
    },
    ctx.output,
  );
}

/** The local bucket's exports of older snapshots (by their tags) beyond the newest `keep`: files removed. */
async function pruneLocalExports(plane: Awaited<ReturnType<Context['controlPlane']>>, snapshots: Snapshot[], cluster: string, bucket: string, keep: number, localDir: string): Promise<string[]> {
  const tag = exportTag(bucket);
  const exported: Array<{ snapshot: Snapshot; name: string }> = [];
  for (const snapshot of snapshots.filter((s) => s.clusterName === cluster && s.arn !== undefined)) {
    const name = (await plane.listTags(snapshot.arn as string)).find((t) => t.key === tag)?.value;
    if (name !== undefined) exported.push({ snapshot, name });
  }
  const dir = join(localDir, 's3', bucket);
  const files = await readdir(dir).catch(() => [] as string[]);
  const gone: string[] = [];
  for (const { name } of exportsToPrune(exported, keep)) {
    const ofExport = files.filter((f) => f.startsWith(`${name}-`) && f.endsWith('.rdb'));
    await Promise.all(ofExport.map((f) => rm(join(dir, f), { force: true })));
    if (ofExport.length > 0) gone.push(name);
  }
  return gone;
}
