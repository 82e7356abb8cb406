// memctl create <cluster>: provision a cluster, optionally waiting until it is available.
import type { Context } from '../context.js';
import { writeOutput } from '../lib/io/output.js';
import type { Cluster, CreateClusterSpec } from '../lib/control/model.js';
import { DEFAULT_NODE_TYPE } from '../lib/control/node-types.js';
import {
  parseDuration,
  parseInteger,
  parseTag,
  validateMaintenanceWindow,
  validateName,
  validateNodeType,
  validateRange,
  validateReplicas,
  validateShards,
  validateSnapshotName,
  validateSnapshotWindow,
} from '../lib/control/validate.js';
import { UsageError } from '../lib/io/errors.js';
import { clusterDetailView } from './cluster-view.js';
import { memctlCommand, waitForAvailable } from './waits.js';

export interface CreateFlags {
  nodeType?: string;
  shards?: string;
  replicas?: string;
  engine?: string;
  engineVersion?: string;
  description?: string;
  acl?: string;
  tls?: boolean;
  kmsKeyId?: string;
  subnetGroup?: string;
  securityGroupIds?: string[];
  parameterGroup?: string;
  port?: string;
  snapshotRetention?: string;
  snapshotWindow?: string;
  maintenanceWindow?: string;
  snsTopicArn?: string;
  dataTiering?: boolean;
  autoMinorVersionUpgrade?: boolean;
  tag?: string[];
  wait?: boolean;
  timeout?: string;
  ifNotExists?: boolean;
  fromSnapshot?: string;
}

/** Flags → spec, with every check made before any API call. */
export function createSpec(ctx: Pick<Context, 'service'>, name: string, flags: CreateFlags): CreateClusterSpec {
  const engine = flags.engine?.toLowerCase();
  if (engine !== undefined && engine !== 'redis' && engine !== 'valkey') throw new UsageError(`invalid --engine "${flags.engine}": expected redis or valkey`);
  if (flags.engineVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(flags.engineVersion)) {
    throw new UsageError(`invalid --engine-version "${flags.engineVersion}": expected a version such as 7.1`);
  }
  const securityGroupIds = (flags.securityGroupIds ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const badGroup = securityGroupIds.find((g) => !/^sg-[0-9a-z]+$/.test(g));
  if (badGroup !== undefined) throw new UsageError(`invalid --security-group-ids entry "${badGroup}": expected sg-...`);
  if (flags.snsTopicArn !== undefined && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(flags.snsTopicArn)) {
    throw new UsageError(`invalid --sns-topic-arn "${flags.snsTopicArn}": expected arn:aws:sns:<region>:<account>:<topic>`);
  }
  const fromSnapshot = flags.fromSnapshot === undefined ? undefined : validateSnapshotName(flags.fromSnapshot);
  if (fromSnapshot !== undefined && flags.shards !== undefined) {
    // The snapshot decides the shard count; scale afterwards.
    throw new UsageError('--shards cannot be combined with --from-snapshot: a restore keeps the snapshot\'s shards (scale afterwards)');
  }
  return {
    name: validateName('cluster', name),
    snapshotName: fromSnapshot,
    nodeType: validateNodeType(ctx.service, flags.nodeType ?? DEFAULT_NODE_TYPE[ctx.service]),
    shards: fromSnapshot === undefined ? validateShards(parseInteger('--shards', flags.shards ?? '1')) : 0,
    replicas: validateReplicas(parseInteger('--replicas', flags.replicas ?? '1')),
    engine,
    engineVersion: flags.engineVersion,
    description: flags.description,
    acl: flags.acl === undefined ? undefined : validateName('ACL', flags.acl),
    tls: flags.tls ?? true,
    kmsKeyId: flags.kmsKeyId,
    subnetGroup: flags.subnetGroup,
    securityGroupIds: securityGroupIds.length > 0 ? securityGroupIds : undefined,
    parameterGroup: flags.parameterGroup,
    port: flags.port === undefined ? undefined : validateRange('--port', parseInteger('--port', flags.port), { min: 1024, max: 65535 }),
    snapshotRetentionLimit: flags.snapshotRetention === undefined ? undefined : validateRange('--snapshot-retention', parseInteger('--snapshot-retention', flags.snapshotRetention), { min: 0, max: 35 }),
    snapshotWindow: flags.snapshotWindow === undefined ? undefined : validateSnapshotWindow(flags.snapshotWindow),
    maintenanceWindow: flags.maintenanceWindow === undefined ? undefined : validateMaintenanceWindow(flags.maintenanceWindow),
    snsTopicArn: flags.snsTopicArn,
    dataTiering: flags.dataTiering,
    autoMinorVersionUpgrade: flags.autoMinorVersionUpgrade,
    tags: (flags.tag ?? []).map(parseTag),
  };
}

export function waitTimeoutMs(ctx: Pick<Context, 'local'>, flag: string | undefined, awsDefaultMs: number): number {
  if (flag !== undefined) return parseDuration('--timeout', flag);
  return ctx.local ? 120_000 : awsDefaultMs;
}

export async function run(ctx: Context, name: string, flags: CreateFlags): Promise<void> {
  const spec = createSpec(ctx, name, flags);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 90 * 60_000);
  const plane = await ctx.controlPlane();
  let cluster: Cluster | undefined;
  if (flags.ifNotExists === true) {
    cluster = await plane.findCluster(spec.name);
    if (cluster !== undefined && !ctx.quiet) ctx.io.stderr.write(`cluster ${spec.name} already exists (${cluster.status}); nothing to create\n`);
  }
  cluster ??= await plane.createCluster(spec);
  if (flags.wait === true) {
    cluster = await waitForAvailable(ctx, plane, spec.name, {
      what: `cluster ${spec.name} to become available`,
      resume: memctlCommand(ctx, `create ${spec.name} --if-not-exists --wait`),
      timeoutMs,
    });
  }
  await writeOutput(ctx.io, clusterDetailView(cluster), ctx.output);
}
