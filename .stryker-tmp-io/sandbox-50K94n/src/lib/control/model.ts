// @ts-nocheck
// The engine-neutral control model. MemoryDB clusters and ElastiCache replication groups both map
// onto it; commands only ever see these types (see docs/json.md for the JSON contract).
import type { Endpoint } from '../redis/connect.js';

export const SERVICES = ['memorydb', 'elasticache'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Where a node listens (defined beside the Redis connections, which take it too). */
export type { Endpoint };

export type NodeRole = 'primary' | 'replica';

export interface ClusterNode {
  name: string;
  status: string;
  /** Known for ElastiCache; MemoryDB's API does not report roles. */
  role?: NodeRole;
  availabilityZone?: string;
  createdAt?: Date;
  endpoint?: Endpoint;
}

export interface Shard {
  /** MemoryDB shard name ("0001") or ElastiCache node group id. */
  id: string;
  status: string;
  /** Slot ranges as the service reports them, e.g. "0-8191". */
  slots?: string;
  nodes: ClusterNode[];
}

export interface Cluster {
  service: ServiceName;
  name: string;
  status: string;
  description?: string;
  arn?: string;
  engine: string;
  engineVersion?: string;
  enginePatchVersion?: string;
  nodeType: string;
  shardCount: number;
  /** Replicas per shard, when the service says (or the shards show) it. */
  replicasPerShard?: number;
  clusterMode: 'enabled' | 'disabled';
  tls: boolean;
  /** Cluster (configuration) endpoint. */
  endpoint?: Endpoint;
  /** ElastiCache cluster-mode-disabled groups: primary and reader endpoints. */
  primaryEndpoint?: Endpoint;
  readerEndpoint?: Endpoint;
  /** MemoryDB ACL or ElastiCache user groups. */
  acl?: string;
  parameterGroup?: string;
  subnetGroup?: string;
  securityGroups?: string[];
  kmsKeyId?: string;
  snsTopicArn?: string;
  snapshotRetentionLimit?: number;
  snapshotWindow?: string;
  maintenanceWindow?: string;
  availabilityMode?: string;
  dataTiering?: boolean;
  autoMinorVersionUpgrade?: boolean;
  pendingUpdates?: Record<string, unknown>;
  createdAt?: Date;
  /** ElastiCache: AUTH token protection (the token itself is never reported). */
  authTokenEnabled?: boolean;
  authTokenLastModified?: Date;
  /** ElastiCache: enabled, disabled, enabling or disabling. */
  automaticFailover?: string;
  multiAz?: boolean;
  atRestEncryption?: boolean;
  /** ElastiCache: the user groups attached (`acl` holds them joined with commas). */
  userGroups?: string[];
  /** ElastiCache: the cache clusters (one per node) of the replication group. */
  memberClusters?: string[];
  /** Only when asked for (describe): shards with their nodes. */
  shards?: Shard[];
}

/** Statuses in which a cluster is busy with a change (MemoryDB says updating, ElastiCache modifying). */
export const BUSY_STATUSES: readonly string[] = ['updating', 'modifying', 'snapshotting'];

export interface Tag {
  key: string;
  value: string;
}

/** What `memctl create` asks for, service-neutral. */
export interface CreateClusterSpec {
  name: string;
  nodeType: string;
  shards: number;
  replicas: number;
  engine?: string;
  engineVersion?: string;
  description?: string;
  acl?: string;
  tls: boolean;
  kmsKeyId?: string;
  subnetGroup?: string;
  securityGroupIds?: string[];
  parameterGroup?: string;
  port?: number;
  snapshotRetentionLimit?: number;
  snapshotWindow?: string;
  maintenanceWindow?: string;
  snapshotName?: string;
  snapshotArns?: string[];
  snsTopicArn?: string;
  dataTiering?: boolean;
  autoMinorVersionUpgrade?: boolean;
  tags: Tag[];
  /** ElastiCache: cluster mode (MemoryDB is always enabled). Undefined on a restore: the snapshot's. */
  clusterMode?: 'enabled' | 'disabled';
  automaticFailover?: boolean;
  multiAz?: boolean;
  atRestEncryption?: boolean;
  /** ElastiCache AUTH token: plaintext here and only on its way to the service. */
  authToken?: string;
  /** ElastiCache user groups (instead of an ACL). */
  userGroups?: string[];
}

export interface DeleteClusterOptions {
  finalSnapshot?: string;
}

/** One structural change; services take them one at a time. */
export interface ClusterChange {
  shards?: number;
  replicas?: number;
  nodeType?: string;
  /** An engine upgrade: a later version of the engine, or (from redis) valkey. */
  engine?: { engine: string; version?: string };
  /** Attach another ACL (MemoryDB) / user group (ElastiCache: it replaces the groups attached). */
  acl?: string;
  /**
   * ElastiCache AUTH token change: rotate adds the token beside the current one, set keeps only
   * it. Plaintext here and only on its way to the service.
   */
  authToken?: { token: string; strategy: 'rotate' | 'set' };
}

export type AuthenticationType = 'password' | 'iam' | 'no-password';

/** A user as the service reports it: never a password, only how many there are. */
export interface User {
  service: ServiceName;
  name: string;
  status: string;
  accessString?: string;
  authentication: AuthenticationType;
  passwordCount?: number;
  acls: string[];
  minimumEngineVersion?: string;
  arn?: string;
  /** ElastiCache: the name Redis knows the user by, when it differs from its id (`name`). */
  userName?: string;
  /** ElastiCache: redis or valkey. */
  engine?: string;
}

/** Authentication to set: passwords are plaintext here and only on their way to the service. */
export type UserAuthentication = { type: 'password'; passwords: string[] } | { type: 'iam' };

export interface UserSpec {
  name: string;
  accessString: string;
  authentication: UserAuthentication;
  tags: Tag[];
  /** ElastiCache: redis (default) or valkey. */
  engine?: string;
  /** ElastiCache: the name Redis knows the user by, when it differs from the id (a replacement default user). */
  userName?: string;
}

export interface UserChange {
  accessString?: string;
  authentication?: UserAuthentication;
}

export interface Acl {
  service: ServiceName;
  name: string;
  status: string;
  users: string[];
  clusters: string[];
  minimumEngineVersion?: string;
  pendingChanges?: { usersToAdd?: string[]; usersToRemove?: string[] };
  arn?: string;
  /** ElastiCache: redis or valkey. */
  engine?: string;
}

export interface SnapshotShard {
  name: string;
  slots?: string;
  replicaCount?: number;
  /** As the service reports it, e.g. "11.0 MB". */
  size?: string;
  createdAt?: Date;
}

export interface Snapshot {
  service: ServiceName;
  name: string;
  status: string;
  /** manual or automated. */
  source: string;
  arn?: string;
  kmsKeyId?: string;
  clusterName: string;
  nodeType?: string;
  engine?: string;
  engineVersion?: string;
  shardCount?: number;
  dataTiering?: boolean;
  createdAt?: Date;
  /** ElastiCache: the cluster mode of the group it was taken from (a restore keeps it). */
  clusterMode?: 'enabled' | 'disabled';
  /** What the source cluster was configured with, as the snapshot records it (a restore keeps it). */
  description?: string;
  replicasPerShard?: number;
  parameterGroup?: string;
  subnetGroup?: string;
  port?: number;
  maintenanceWindow?: string;
  snapshotWindow?: string;
  snapshotRetentionLimit?: number;
  snsTopicArn?: string;
  /** With detail: per-shard slots, size and time. */
  shards?: SnapshotShard[];
}

export const EVENT_TYPES = ['cluster', 'node', 'user', 'acl', 'parameter-group', 'subnet-group'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ClusterEvent {
  date: Date;
  sourceName: string;
  sourceType: string;
  message: string;
}

export interface EventFilter {
  sourceName?: string;
  sourceType?: EventType;
  since: Date;
}

/** The operations commands need from a service. Each adapter paginates fully. */
export interface ControlPlane {
  readonly service: ServiceName;
  listClusters(): Promise<Cluster[]>;
  /** Throws NotFoundError when there is no such cluster. */
  getCluster(name: string, options?: { shards?: boolean }): Promise<Cluster>;
  /** Like getCluster, but undefined when it does not exist (used by waiting for deletion). */
  findCluster(name: string, options?: { shards?: boolean }): Promise<Cluster | undefined>;
  createCluster(spec: CreateClusterSpec): Promise<Cluster>;
  deleteCluster(name: string, options?: DeleteClusterOptions): Promise<Cluster>;
  updateCluster(name: string, change: ClusterChange): Promise<Cluster>;
  failoverShard(name: string, shard: string): Promise<Cluster>;
  createSnapshot(cluster: string, name: string, options?: { kmsKeyId?: string; tags?: Tag[] }): Promise<Snapshot>;
  listSnapshots(filter?: { cluster?: string; source?: 'manual' | 'automated'; detail?: boolean }): Promise<Snapshot[]>;
  findSnapshot(name: string, options?: { detail?: boolean }): Promise<Snapshot | undefined>;
  copySnapshot(source: string, target: string, options?: { bucket?: string; kmsKeyId?: string }): Promise<Snapshot>;
  deleteSnapshot(name: string): Promise<Snapshot>;
  /** Oldest first. */
  listEvents(filter: EventFilter): Promise<ClusterEvent[]>;
  listUsers(): Promise<User[]>;
  findUser(name: string): Promise<User | undefined>;
  createUser(spec: UserSpec): Promise<User>;
  updateUser(name: string, change: UserChange): Promise<User>;
  deleteUser(name: string): Promise<User>;
  listAcls(): Promise<Acl[]>;
  findAcl(name: string): Promise<Acl | undefined>;
  /** ElastiCache adds the built-in `default` user when no member is named default (a user group needs one). */
  createAcl(name: string, users: string[], tags?: Tag[], options?: { engine?: string }): Promise<Acl>;
  updateAcl(name: string, change: { add?: string[]; remove?: string[] }): Promise<Acl>;
  deleteAcl(name: string): Promise<Acl>;
  /** The tags of a resource (cluster, snapshot, user, ACL) by its ARN. */
  listTags(arn: string): Promise<Tag[]>;
  /** Adds (or replaces) tags on a resource by its ARN. */
  tagResource(arn: string, tags: Tag[]): Promise<void>;
}
