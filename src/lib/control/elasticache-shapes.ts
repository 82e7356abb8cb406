// Pure mappings from ElastiCache API shapes to the engine-neutral model (unit-tested): replication
// groups with their node groups and member cache clusters, snapshots, users, user groups, events.
import type {
  CacheCluster as SdkCacheCluster,
  Event as SdkEvent,
  NodeGroup as SdkNodeGroup,
  ReplicationGroup as SdkReplicationGroup,
  Snapshot as SdkSnapshot,
  User as SdkUser,
  UserGroup as SdkUserGroup,
} from '@aws-sdk/client-elasticache';
import { dropUndefined, endpointOf, minimum } from './memorydb-shapes.js';
import type { Acl, Cluster, ClusterEvent, ClusterNode, EventType, NodeRole, Shard, Snapshot, User } from './model.js';

/** The model's event source types and ElastiCache's names for them. */
const EVENT_SOURCE: Record<EventType, string> = {
  cluster: 'replication-group',
  node: 'cache-cluster',
  user: 'user',
  acl: 'user-group',
  'parameter-group': 'cache-parameter-group',
  'subnet-group': 'cache-subnet-group',
};

export function elasticacheSourceType(type: EventType): string {
  return EVENT_SOURCE[type];
}

/** ElastiCache's source type in the model's words (unknown ones pass through). */
export function modelSourceType(sourceType: string | undefined): string {
  const found = (Object.entries(EVENT_SOURCE) as Array<[EventType, string]>).find(([, ec]) => ec === sourceType);
  return found?.[0] ?? sourceType ?? '';
}

function lower(value: string | undefined, fallback = 'unknown'): string {
  return value === undefined || value === '' ? fallback : value.toLowerCase();
}

function role(currentRole: string | undefined): NodeRole | undefined {
  const r = currentRole?.toLowerCase();
  return r === 'primary' ? 'primary' : r === 'replica' ? 'replica' : undefined;
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

export function clusterModeOf(rg: Pick<SdkReplicationGroup, 'ClusterMode' | 'ClusterEnabled'>): 'enabled' | 'disabled' {
  // "compatible" is a step of the migration to cluster mode: clients must already cope with it.
  if (rg.ClusterMode !== undefined) return rg.ClusterMode === 'disabled' ? 'disabled' : 'enabled';
  return rg.ClusterEnabled === true ? 'enabled' : 'disabled';
}

function shardOf(group: SdkNodeGroup): Shard {
  const status = lower(group.Status);
  return {
    id: group.NodeGroupId ?? '',
    status,
    ...(group.Slots === undefined || group.Slots === '' ? {} : { slots: group.Slots }),
    nodes: (group.NodeGroupMembers ?? []).map((m) =>
      dropUndefined<ClusterNode>({
        name: m.CacheClusterId ?? '',
        // The node group's status until the member's own cache cluster says more (withCacheClusters).
        status,
        role: role(m.CurrentRole),
        availabilityZone: m.PreferredAvailabilityZone,
        endpoint: endpointOf(m.ReadEndpoint),
      }),
    ),
  };
}

/** A replication group as a cluster. Cluster mode disabled: one shard, `endpoint` = the primary endpoint. */
export function clusterFromElastiCache(rg: SdkReplicationGroup): Cluster {
  const clusterMode = clusterModeOf(rg);
  const shards = rg.NodeGroups?.map(shardOf);
  const nodesPerShard = shards?.map((s) => s.nodes.length).filter((n) => n > 0) ?? [];
  const first = rg.NodeGroups?.[0];
  const primaryEndpoint = clusterMode === 'disabled' ? endpointOf(first?.PrimaryEndpoint) : undefined;
  const readerEndpoint = clusterMode === 'disabled' ? endpointOf(first?.ReaderEndpoint) : undefined;
  const pending = rg.PendingModifiedValues as Record<string, unknown> | undefined;
  const userGroups = nonEmpty(rg.UserGroupIds);
  return dropUndefined<Cluster>({
    service: 'elasticache',
    name: rg.ReplicationGroupId ?? '',
    status: lower(rg.Status),
    description: rg.Description || undefined,
    arn: rg.ARN,
    engine: rg.Engine ?? 'redis',
    nodeType: rg.CacheNodeType ?? '',
    shardCount: shards?.length ?? (clusterMode === 'disabled' ? 1 : 0),
    replicasPerShard: nodesPerShard.length > 0 ? Math.max(0, Math.min(...nodesPerShard) - 1) : undefined,
    clusterMode,
    tls: rg.TransitEncryptionEnabled ?? false,
    endpoint: endpointOf(rg.ConfigurationEndpoint) ?? primaryEndpoint,
    primaryEndpoint,
    readerEndpoint,
    acl: userGroups?.join(','),
    userGroups,
    kmsKeyId: rg.KmsKeyId,
    snapshotRetentionLimit: rg.SnapshotRetentionLimit,
    snapshotWindow: rg.SnapshotWindow,
    availabilityMode: rg.MultiAZ === undefined ? undefined : rg.MultiAZ === 'enabled' ? 'multiaz' : 'singleaz',
    multiAz: rg.MultiAZ === undefined ? undefined : rg.MultiAZ === 'enabled',
    automaticFailover: rg.AutomaticFailover,
    atRestEncryption: rg.AtRestEncryptionEnabled,
    authTokenEnabled: rg.AuthTokenEnabled,
    authTokenLastModified: rg.AuthTokenLastModifiedDate,
    dataTiering: rg.DataTiering === undefined ? undefined : rg.DataTiering === 'enabled',
    autoMinorVersionUpgrade: rg.AutoMinorVersionUpgrade,
    pendingUpdates: pending !== undefined && Object.keys(pending).length > 0 ? pending : undefined,
    createdAt: rg.ReplicationGroupCreateTime,
    memberClusters: nonEmpty(rg.MemberClusters),
    shards,
  });
}

/**
 * What only the member cache clusters tell: engine version, parameter and subnet group, security
 * groups, SNS topic, maintenance window, and per node its status, creation time and endpoint.
 */
export function withCacheClusters(cluster: Cluster, members: SdkCacheCluster[]): Cluster {
  const byId = new Map(members.map((m) => [m.CacheClusterId, m]));
  const any = members[0];
  const shards = cluster.shards?.map((shard) => ({
    ...shard,
    nodes: shard.nodes.map((node) => {
      const member = byId.get(node.name);
      if (member === undefined) return node;
      const cacheNode = member.CacheNodes?.[0];
      return dropUndefined<ClusterNode>({
        ...node,
        status: lower(cacheNode?.CacheNodeStatus ?? member.CacheClusterStatus, node.status),
        availabilityZone: node.availabilityZone ?? cacheNode?.CustomerAvailabilityZone ?? member.PreferredAvailabilityZone,
        createdAt: cacheNode?.CacheNodeCreateTime ?? member.CacheClusterCreateTime,
        endpoint: node.endpoint ?? endpointOf(cacheNode?.Endpoint),
      });
    }),
  }));
  if (any === undefined) return cluster;
  const securityGroups = any.SecurityGroups?.map((g) => g.SecurityGroupId ?? '').filter((g) => g !== '');
  return dropUndefined<Cluster>({
    ...cluster,
    engineVersion: cluster.engineVersion ?? any.EngineVersion,
    parameterGroup: cluster.parameterGroup ?? any.CacheParameterGroup?.CacheParameterGroupName,
    subnetGroup: cluster.subnetGroup ?? any.CacheSubnetGroupName,
    securityGroups: cluster.securityGroups ?? nonEmpty(securityGroups),
    snsTopicArn: cluster.snsTopicArn ?? any.NotificationConfiguration?.TopicArn,
    maintenanceWindow: cluster.maintenanceWindow ?? any.PreferredMaintenanceWindow,
    shards,
  });
}

export function userFromElastiCache(u: SdkUser): User {
  const id = u.UserId ?? u.UserName ?? '';
  return dropUndefined<User>({
    service: 'elasticache',
    name: id,
    userName: u.UserName !== id ? u.UserName : undefined,
    status: lower(u.Status),
    accessString: u.AccessString,
    authentication: (u.Authentication?.Type ?? 'no-password') as User['authentication'],
    passwordCount: u.Authentication?.PasswordCount,
    acls: u.UserGroupIds ?? [],
    minimumEngineVersion: u.MinimumEngineVersion,
    engine: u.Engine,
    arn: u.ARN,
  });
}

export function aclFromElastiCache(g: SdkUserGroup): Acl {
  const pending = g.PendingChanges;
  const add = nonEmpty(pending?.UserIdsToAdd);
  const remove = nonEmpty(pending?.UserIdsToRemove);
  return dropUndefined<Acl>({
    service: 'elasticache',
    name: g.UserGroupId ?? '',
    status: lower(g.Status),
    users: g.UserIds ?? [],
    clusters: g.ReplicationGroups ?? [],
    minimumEngineVersion: g.MinimumEngineVersion,
    pendingChanges: add === undefined && remove === undefined ? undefined : dropUndefined({ usersToAdd: add, usersToRemove: remove }),
    engine: g.Engine,
    arn: g.ARN,
  });
}

/** The cluster mode of the group a snapshot was taken from (a restore must keep it). */
export function snapshotClusterMode(s: SdkSnapshot): 'enabled' | 'disabled' {
  if ((s.NumNodeGroups ?? 1) > 1) return 'enabled';
  if (s.NodeSnapshots?.some((n) => (n.NodeGroupConfiguration?.Slots ?? '') !== '') === true) return 'enabled';
  return /\.cluster\.on$/.test(s.CacheParameterGroupName ?? '') ? 'enabled' : 'disabled';
}

export function snapshotFromElastiCache(s: SdkSnapshot): Snapshot {
  // One node snapshot per node group (the node it was taken from).
  const shards = s.NodeSnapshots?.map((n) =>
    dropUndefined({
      name: n.NodeGroupId ?? n.CacheClusterId ?? '',
      slots: n.NodeGroupConfiguration?.Slots || undefined,
      replicaCount: n.NodeGroupConfiguration?.ReplicaCount,
      size: n.CacheSize,
      createdAt: n.SnapshotCreateTime,
    }),
  );
  const times = (shards?.map((d) => d.createdAt?.getTime()) ?? []).filter((t): t is number => t !== undefined);
  return dropUndefined<Snapshot>({
    service: 'elasticache',
    name: s.SnapshotName ?? '',
    status: lower(s.SnapshotStatus),
    source: lower(s.SnapshotSource, 'manual'),
    arn: s.ARN,
    kmsKeyId: s.KmsKeyId,
    clusterName: s.ReplicationGroupId ?? s.CacheClusterId ?? '',
    nodeType: s.CacheNodeType,
    engine: s.Engine,
    engineVersion: s.EngineVersion,
    shardCount: s.NumNodeGroups ?? (shards === undefined ? undefined : new Set(shards.map((x) => x.name)).size),
    dataTiering: s.DataTiering === undefined ? undefined : s.DataTiering === 'enabled',
    createdAt: times.length === 0 ? undefined : new Date(Math.min(...times)),
    clusterMode: snapshotClusterMode(s),
    description: s.ReplicationGroupDescription || undefined,
    // Cluster mode disabled: one node group, its replicas are the nodes but one.
    replicasPerShard: minimum(shards?.map((x) => x.replicaCount) ?? []) ?? (s.NumCacheNodes === undefined ? undefined : Math.max(0, s.NumCacheNodes - 1)),
    parameterGroup: s.CacheParameterGroupName,
    subnetGroup: s.CacheSubnetGroupName,
    port: s.Port,
    maintenanceWindow: s.PreferredMaintenanceWindow,
    snapshotWindow: s.SnapshotWindow,
    snapshotRetentionLimit: s.SnapshotRetentionLimit,
    snsTopicArn: s.TopicArn,
    shards: nonEmpty(shards),
  });
}

export function eventFromElastiCache(e: SdkEvent): ClusterEvent {
  return { date: e.Date ?? new Date(0), sourceName: e.SourceIdentifier ?? '', sourceType: modelSourceType(e.SourceType), message: e.Message ?? '' };
}
