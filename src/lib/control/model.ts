// The engine-neutral control model. MemoryDB clusters and ElastiCache replication groups both map
// onto it; commands only ever see these types (see docs/json.md for the JSON contract).

export const SERVICES = ['memorydb', 'elasticache'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Endpoint {
  address: string;
  port: number;
}

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
  /** Only when asked for (describe): shards with their nodes. */
  shards?: Shard[];
}

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
}

export interface DeleteClusterOptions {
  finalSnapshot?: string;
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
}
