// @ts-nocheck
// The local control plane's persisted state: everything needed to bring clusters back after
// `local down` / `local up`. Written atomically (temp file + rename) after every change.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type LocalClusterStatus = 'creating' | 'available' | 'updating' | 'modifying' | 'snapshotting' | 'deleting' | 'create-failed';

/** The change an "updating" cluster is going through (MemoryDB's PendingUpdates). */
export interface LocalPendingUpdate {
  kind: 'resharding' | 'replicas' | 'node-type' | 'acl' | 'engine';
  /** Resharding progress, 0-100. */
  progress: number;
  /** Shard count, replica count, node type, the ACL being applied, or "engine version". */
  target: number | string;
}

/**
 * A multi-step change in progress, recorded before its first step and kept until it is confirmed
 * on the nodes, so that a failed step or a restart of the plane continues it (or rolls it back)
 * from what the live nodes say.
 */
export interface LocalReshardJournal {
  kind: 'reshard';
  /** The shards before the change, in order. */
  from: string[];
  /** The shards the change ends with, in plan order (new shards are named before they exist). */
  target: string[];
  /** forward: reaching `target`; rollback: it gave up and returns to `from`. */
  direction: 'forward' | 'rollback';
  /** Attempts in the current direction. */
  attempts: number;
  startedAt: number;
  /** Why it turned back, for the closing event. */
  failure?: string;
}

/** An engine and version, and the redis-server binary that runs it (absent: the plane's default). */
export interface LocalEngineRelease {
  engine: string;
  version: string;
  server?: string;
  /** The parameter group the cluster moves to with it (a new family's default). */
  parameterGroup?: string;
}

/**
 * A rolling engine upgrade: every node restarted on the target's binary, replicas first, each
 * shard failed over to an upgraded replica before its primary goes. Which nodes are done is read
 * from the live nodes (the binary each one runs), not from this record.
 */
export interface LocalUpgradeJournal {
  kind: 'upgrade';
  from: LocalEngineRelease;
  target: LocalEngineRelease;
  direction: 'forward' | 'rollback';
  attempts: number;
  startedAt: number;
  failure?: string;
}

export type LocalJournal = LocalReshardJournal | LocalUpgradeJournal;

export interface LocalNode {
  name: string;
  port: number;
  /** Role when the cluster was formed; the live role is read from the nodes. */
  role: 'primary' | 'replica';
  createdAt: number;
  dir: string;
  /** The zone the request placed it in (absent: the nodes of a shard take the region's zones in turn). */
  availabilityZone?: string;
  /** The redis-server binary it runs while an engine upgrade moves it (absent: its cluster's version's). */
  server?: string;
}

export interface LocalShard {
  name: string;
  slots: string;
  nodes: LocalNode[];
}

export interface LocalTag {
  Key: string;
  Value: string;
}

/** Which API a resource belongs to. Both share one namespace of cluster names locally. */
export type LocalService = 'memorydb' | 'elasticache';

/** What only an ElastiCache replication group has (its MemoryDB-like fields live in LocalCluster). */
export interface LocalReplicationGroupSettings {
  clusterMode: 'enabled' | 'disabled';
  automaticFailover: boolean;
  multiAz: boolean;
  atRestEncryption: boolean;
  /** SHA-256 hex of the AUTH token(s): two while a ROTATE is in progress. Never the tokens. */
  authTokenHashes: string[];
  /** After a ROTATE that added the first token: clients without a token still get in until SET. */
  authTokenAllowsNoAuth?: boolean;
  authTokenLastModified?: number;
  /** User groups enforced on the nodes (RBAC); empty when the group uses an AUTH token or none. */
  userGroupIds: string[];
  /** A user-group change in progress (PendingModifiedValues.UserGroups). */
  pendingUserGroups?: { add: string[]; remove: string[] };
  cacheParameterGroup: string;
  cacheSubnetGroup: string;
  /** The member cluster automated snapshots are taken from. */
  snapshottingClusterId?: string;
}

export interface LocalCluster {
  service: LocalService;
  /** Present exactly when service is "elasticache". */
  elasticache?: LocalReplicationGroupSettings;
  name: string;
  arn: string;
  region: string;
  /** The Port the request asked for: its endpoint node listens on it when it was free. */
  port?: number;
  description: string;
  status: LocalClusterStatus;
  failure?: string;
  nodeType: string;
  engine: string;
  engineVersion: string;
  parameterGroup: string;
  subnetGroup: string;
  securityGroupIds: string[];
  aclName: string;
  tls: boolean;
  kmsKeyId?: string;
  snsTopicArn?: string;
  snapshotRetentionLimit: number;
  snapshotWindow: string;
  maintenanceWindow: string;
  autoMinorVersionUpgrade: boolean;
  dataTiering: boolean;
  replicasPerShard: number;
  createdAt: number;
  shards: LocalShard[];
  pendingUpdate?: LocalPendingUpdate;
  journal?: LocalJournal;
  /** The snapshot a cluster being created is restored from. */
  restoringFrom?: string;
  /** Or the RDB files it is seeded from (relative to the state dir, one per shard): S3 objects named in SnapshotArns. */
  seedFiles?: string[];
  /** Last automated snapshot time (ms), for the daily schedule. */
  lastAutoSnapshotAt?: number;
}

export interface LocalSnapshotShard {
  name: string;
  slots: string;
  replicaCount: number;
  bytes: number;
  keys: number;
  /** RDB file, relative to the state directory. */
  file: string;
  createdAt: number;
}

export type LocalSnapshotStatus = 'creating' | 'available' | 'copying' | 'restoring' | 'deleting' | 'failed';

export interface LocalSnapshot {
  /** Absent on snapshots from before ElastiCache support: MemoryDB. */
  service?: LocalService;
  name: string;
  arn: string;
  status: LocalSnapshotStatus;
  source: 'manual' | 'automated';
  kmsKeyId?: string;
  createdAt: number;
  failure?: string;
  /** S3 export location when copied with a target bucket (a directory under the state dir). */
  exportedTo?: string;
  cluster: {
    name: string;
    description: string;
    nodeType: string;
    engine: string;
    engineVersion: string;
    maintenanceWindow: string;
    snsTopicArn?: string;
    port: number;
    parameterGroup: string;
    subnetGroup: string;
    snapshotRetentionLimit: number;
    snapshotWindow: string;
    tls: boolean;
    aclName: string;
    dataTiering: boolean;
    /** Shards when the snapshot began (its shards list fills as each is written); absent in older states. */
    numShards?: number;
  };
  shards: LocalSnapshotShard[];
  /** What only a snapshot of an ElastiCache replication group records. */
  replicationGroup?: LocalSnapshotReplicationGroup;
}

export interface LocalSnapshotReplicationGroup {
  clusterMode: 'enabled' | 'disabled';
  automaticFailover: boolean;
  cacheParameterGroup: string;
  cacheSubnetGroup: string;
  /** The member cluster (node) the snapshot was asked of, for cluster-mode-disabled groups. */
  cacheClusterId?: string;
}

/** MemoryDB's event source types, then ElastiCache's (each service's SourceType on the wire). */
export type LocalEventSource =
  | 'node'
  | 'parameter-group'
  | 'subnet-group'
  | 'cluster'
  | 'user'
  | 'acl'
  | 'replication-group'
  | 'cache-cluster'
  | 'user-group'
  | 'cache-parameter-group'
  | 'cache-subnet-group';

export interface LocalEvent {
  /** Which service lists the event; absent means MemoryDB (and on events from before ElastiCache). */
  service?: LocalService;
  sourceName: string;
  sourceType: LocalEventSource;
  message: string;
  date: number;
}

export interface LocalSubnetGroup {
  name: string;
  arn: string;
  description: string;
  vpcId: string;
  subnets: Array<{ id: string; availabilityZone: string }>;
}

export type LocalUserStatus = 'active' | 'modifying' | 'deleting';

/** A MemoryDB user. The built-in `default` user is not stored: it is synthesized (catalog.ts). */
export interface LocalUser {
  name: string;
  arn: string;
  status: LocalUserStatus;
  accessString: string;
  authentication: 'password' | 'iam';
  /** SHA-256 hex of each password (what Redis's `#<hash>` rule takes). Never the passwords. */
  passwordHashes: string[];
  createdAt: number;
}

export type LocalAclStatus = 'creating' | 'active' | 'modifying' | 'deleting';

/** A MemoryDB ACL. The built-in `open-access` is not stored. */
export interface LocalAcl {
  name: string;
  arn: string;
  status: LocalAclStatus;
  /** Members, `default` included when listed; kept sorted. */
  userNames: string[];
  /** What the running UpdateACL adds and removes (ACLPendingChanges). */
  pendingChanges?: { add: string[]; remove: string[] };
  createdAt: number;
}

export type LocalEcUserStatus = 'active' | 'modifying' | 'deleting';

/** An ElastiCache user (its id and name differ; Redis knows it by name). `default` is synthesized. */
export interface LocalEcUser {
  userId: string;
  userName: string;
  arn: string;
  status: LocalEcUserStatus;
  engine: string;
  accessString: string;
  authentication: 'password' | 'iam' | 'no-password';
  /** SHA-256 hex of each password. Never the passwords. */
  passwordHashes: string[];
  createdAt: number;
}

export type LocalUserGroupStatus = 'creating' | 'active' | 'modifying' | 'deleting';

/** An ElastiCache user group: the ElastiCache counterpart of a MemoryDB ACL. */
export interface LocalUserGroup {
  id: string;
  arn: string;
  status: LocalUserGroupStatus;
  engine: string;
  /** Member user ids, kept sorted; one of them must be named `default`. */
  userIds: string[];
  pendingChanges?: { add: string[]; remove: string[] };
  createdAt: number;
}

export type LocalAlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One entry of an alarm's history (DescribeAlarmHistory). */
export interface LocalAlarmHistoryItem {
  at: number;
  type: 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
  summary: string;
  /** JSON, as CloudWatch gives it. */
  data: string;
}

/** A CloudWatch metric alarm (one metric, one statistic). */
export interface LocalAlarm {
  name: string;
  arn: string;
  region: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  namespace: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  statistic?: string;
  extendedStatistic?: string;
  period: number;
  unit?: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator: string;
  treatMissingData?: string;
  evaluateLowSampleCountPercentile?: string;
  state: LocalAlarmState;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedAt: number;
  stateTransitionedAt: number;
  configurationUpdatedAt: number;
  /** Newest last, bounded. */
  history: LocalAlarmHistoryItem[];
}

export interface LocalState {
  version: 1;
  clusters: Record<string, LocalCluster>;
  subnetGroups: Record<string, LocalSubnetGroup>;
  snapshots: Record<string, LocalSnapshot>;
  /** Oldest first; pruned to 14 days and a bounded count. */
  events: LocalEvent[];
  /** Tags by resource ARN. */
  tags: Record<string, LocalTag[]>;
  users: Record<string, LocalUser>;
  acls: Record<string, LocalAcl>;
  /** ElastiCache users by user id. */
  ecUsers: Record<string, LocalEcUser>;
  /** ElastiCache user groups by id. */
  userGroups: Record<string, LocalUserGroup>;
  /** CloudWatch metric alarms by ARN (names are unique per region). */
  alarms: Record<string, LocalAlarm>;
}

/** The state in memory and how to persist it: every change is followed by save(). */
export interface StateStore {
  readonly state: LocalState;
  save(): void;
}

export function emptyState(): LocalState {
  return { version: 1, clusters: {}, subnetGroups: {}, snapshots: {}, events: [], tags: {}, users: {}, acls: {}, ecUsers: {}, userGroups: {}, alarms: {} };
}

const EVENT_RETENTION_MS = 14 * 86_400_000;
const MAX_EVENTS = 10_000;

export function recordEvent(state: LocalState, event: Omit<LocalEvent, 'date'>, now = Date.now()): void {
  state.events.push({ ...event, date: now });
  const cutoff = now - EVENT_RETENTION_MS;
  let drop = 0;
  while (drop < state.events.length && ((state.events[drop]?.date ?? now) < cutoff || state.events.length - drop > MAX_EVENTS)) drop++;
  if (drop > 0) state.events.splice(0, drop);
}

export function loadState(file: string): LocalState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<LocalState>;
  if (parsed.version !== 1) throw new Error(`${file}: unsupported state version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed } as LocalState;
}

export function saveState(file: string, state: LocalState): void {
  writeJsonAtomic(file, state);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
