// @ts-nocheck
// The flags that describe a new cluster, read into a CreateClusterSpec with every check made before
// any API call: `create` and `snapshot restore` take them alike.
import type { Context } from '../../context.js';
import type { CreateClusterSpec } from '../../lib/control/model.js';
import { DEFAULT_NODE_TYPE } from '../../lib/control/node-types.js';
import {
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
} from '../../lib/control/validate.js';
import { UsageError } from '../../lib/io/errors.js';
import { rejectOtherServiceFlags, type AuthTokenFlags, type ServiceOnlyFlag, wantsAuthToken } from './service.js';

export interface CreateFlags extends AuthTokenFlags {
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
  failOnDrift?: boolean;
  /** false with --no-alarms. */
  alarms?: boolean;
  alarmSnsTopicArn?: string[];
  /** Show the request (a restore: resolved from the snapshot) and create nothing. */
  dryRun?: boolean;
  fromSnapshot?: string;
  snapshotArn?: string[];
  clusterMode?: string;
  multiAz?: boolean;
  automaticFailover?: boolean;
  atRestEncryption?: boolean;
  userGroups?: string[];
}

/** Flags of `create` (and `snapshot restore`) that only one service takes. */
export const CREATE_SERVICE_FLAGS: readonly ServiceOnlyFlag[] = [
  { key: 'clusterMode', flag: '--cluster-mode', service: 'elasticache', instead: 'MemoryDB clusters always run in cluster mode' },
  { key: 'multiAz', flag: '--multi-az', service: 'elasticache', instead: 'MemoryDB places each shard\'s nodes across zones by itself' },
  { key: 'automaticFailover', flag: '--automatic-failover / --no-automatic-failover', service: 'elasticache', instead: 'MemoryDB always fails over automatically' },
  { key: 'atRestEncryption', flag: '--at-rest-encryption', service: 'elasticache', instead: 'MemoryDB always encrypts at rest (--kms-key-id picks the key)' },
  { key: 'authToken', flag: '--auth-token', service: 'elasticache', instead: 'MemoryDB authenticates users: see `memctl users create` and --acl' },
  { key: 'authTokenStdin', flag: '--auth-token-stdin', service: 'elasticache', instead: 'MemoryDB authenticates users: see `memctl users create` and --acl' },
  { key: 'authTokenFile', flag: '--auth-token-file', service: 'elasticache', instead: 'MemoryDB authenticates users: see `memctl users create` and --acl' },
  { key: 'generateAuthToken', flag: '--generate-auth-token', service: 'elasticache', instead: 'MemoryDB authenticates users: see `memctl users create` and --acl' },
  { key: 'userGroups', flag: '--user-groups', service: 'elasticache', instead: 'MemoryDB clusters take one ACL: --acl NAME' },
];

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** ElastiCache's choices (cluster mode, failover, Multi-AZ, encryption, access), checked together. */
function elasticacheSpec(flags: CreateFlags, counts: { shards: number; replicas: number; restoring: boolean; tls: boolean }): Partial<CreateClusterSpec> {
  const mode = flags.clusterMode?.toLowerCase();
  if (mode !== undefined && mode !== 'enabled' && mode !== 'disabled') throw new UsageError(`invalid --cluster-mode "${flags.clusterMode}": expected enabled or disabled`);
  if (mode === 'disabled' && flags.shards !== undefined && counts.shards !== 1) {
    throw new UsageError(`--cluster-mode disabled has exactly one shard (a primary and its replicas); got --shards ${counts.shards}`, { hint: 'use --cluster-mode enabled to shard' });
  }
  const effective = (mode as 'enabled' | 'disabled' | undefined) ?? (counts.restoring ? undefined : 'enabled');
  if (effective === 'enabled' && flags.automaticFailover === false) throw new UsageError('--no-automatic-failover needs --cluster-mode disabled: cluster mode enabled always fails over automatically');
  if (flags.multiAz === true) {
    if (flags.automaticFailover === false) throw new UsageError('--multi-az needs automatic failover: drop --no-automatic-failover');
    if (counts.replicas < 1) throw new UsageError('--multi-az needs at least one replica (--replicas 1 or more)');
  }
  if (mode === 'disabled' && flags.automaticFailover === true && counts.replicas < 1) throw new UsageError('--automatic-failover needs at least one replica (--replicas 1 or more)');
  if (flags.atRestEncryption === false && flags.kmsKeyId !== undefined) throw new UsageError('--kms-key-id needs encryption at rest: drop --no-at-rest-encryption');
  const userGroups = [...list(flags.userGroups), ...(flags.acl === undefined ? [] : [flags.acl])].map((g) => validateName('user group', g));
  if (flags.acl !== undefined && flags.userGroups !== undefined) throw new UsageError('give the user groups with --user-groups only (--acl is the same thing with --service elasticache)');
  if (wantsAuthToken(flags)) {
    if (!counts.tls) throw new UsageError('the auth-token options need in-transit encryption (TLS): drop --no-tls');
    if (userGroups.length > 0) throw new UsageError('use either an auth-token option or user groups, not both');
  }
  return {
    clusterMode: effective,
    automaticFailover: flags.automaticFailover,
    multiAz: flags.multiAz,
    atRestEncryption: flags.atRestEncryption,
    userGroups: userGroups.length > 0 ? userGroups : undefined,
  };
}

/** Flags → spec, with every check made before any API call. */
export function createSpec(ctx: Pick<Context, 'service'>, name: string, flags: CreateFlags): CreateClusterSpec {
  const engine = flags.engine?.toLowerCase();
  if (engine !== undefined && engine !== 'redis' && engine !== 'valkey') throw new UsageError(`invalid --engine "${flags.engine}": expected redis or valkey`);
  if (flags.engineVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(flags.engineVersion)) {
    throw new UsageError(`invalid --engine-version "${flags.engineVersion}": expected a version such as 7.1`);
  }
  rejectOtherServiceFlags(ctx.service, flags, CREATE_SERVICE_FLAGS);
  const securityGroupIds = list(flags.securityGroupIds);
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
  const snapshotArns = list(flags.snapshotArn);
  const badArn = snapshotArns.find((a) => !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/.test(a));
  if (badArn !== undefined) throw new UsageError(`invalid --snapshot-arn "${badArn}": expected arn:aws:s3:::<bucket>/<file>.rdb`);
  if (snapshotArns.length > 0 && fromSnapshot !== undefined) throw new UsageError('use either --from-snapshot or --snapshot-arn, not both');
  const shards = fromSnapshot === undefined ? validateShards(parseInteger('--shards', flags.shards ?? '1')) : 0;
  const replicas = validateReplicas(parseInteger('--replicas', flags.replicas ?? '1'));
  const tls = flags.tls ?? true;
  const perService =
    ctx.service === 'elasticache'
      ? elasticacheSpec(flags, { shards, replicas, restoring: fromSnapshot !== undefined, tls })
      : { acl: flags.acl === undefined ? undefined : validateName('ACL', flags.acl) };
  return {
    name: validateName(ctx.service === 'memorydb' ? 'cluster' : 'replication group', name),
    snapshotName: fromSnapshot,
    snapshotArns: snapshotArns.length > 0 ? snapshotArns : undefined,
    nodeType: validateNodeType(ctx.service, flags.nodeType ?? DEFAULT_NODE_TYPE[ctx.service]),
    shards,
    replicas,
    engine,
    engineVersion: flags.engineVersion,
    description: flags.description,
    ...perService,
    tls,
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
