// @ts-nocheck
// Local state → MemoryDB wire shapes (awsJson: epoch-second timestamps, lowercase statuses).
import { epochSeconds } from '../shared/json-input.js';
import type { LocalAcl, LocalCluster, LocalEvent, LocalSnapshot, LocalSubnetGroup, LocalUser } from '../../store/state.js';
import { findEngineVersion } from './catalog.js';
import { availabilityZones, DEFAULT_ACCESS_STRING, DEFAULT_USER, LOCAL_VPC, memorydbArn, OPEN_ACCESS_ACL } from '../../store/account.js';

export type NodeStatusOf = (cluster: LocalCluster, node: LocalCluster['shards'][number]['nodes'][number]) => string;

export function clusterShape(cluster: LocalCluster, nodeStatus: NodeStatusOf, showShards: boolean): Record<string, unknown> {
  // The configuration endpoint is a node that is up (AWS's DNS name leads to a live node).
  const nodes = cluster.shards.flatMap((s) => s.nodes);
  const first = nodes.find((n) => nodeStatus(cluster, n) === 'available') ?? nodes[0];
  // The endpoint serves throughout updates and snapshots, as MemoryDB's does.
  const serving = cluster.status !== 'creating' && cluster.status !== 'create-failed';
  const zones = availabilityZones(cluster.region);
  const shape: Record<string, unknown> = {
    Name: cluster.name,
    Description: cluster.description,
    Status: cluster.status,
    PendingUpdates: pendingUpdates(cluster),
    NumberOfShards: cluster.shards.length,
    AvailabilityMode: cluster.replicasPerShard > 0 ? 'multiaz' : 'singleaz',
    // Like MemoryDB: only the port is known while the cluster is being created.
    ClusterEndpoint: first === undefined ? undefined : serving ? { Address: '127.0.0.1', Port: first.port } : { Port: first.port },
    NodeType: cluster.nodeType,
    Engine: cluster.engine,
    EngineVersion: cluster.engineVersion,
    EnginePatchVersion: findEngineVersion(cluster.engine, cluster.engineVersion)?.patch,
    ParameterGroupName: cluster.parameterGroup,
    ParameterGroupStatus: 'in-sync',
    SecurityGroups: cluster.securityGroupIds.map((id) => ({ SecurityGroupId: id, Status: 'active' })),
    SubnetGroupName: cluster.subnetGroup,
    TLSEnabled: cluster.tls,
    KmsKeyId: cluster.kmsKeyId,
    ARN: cluster.arn,
    SnsTopicArn: cluster.snsTopicArn,
    SnsTopicStatus: cluster.snsTopicArn === undefined ? undefined : 'active',
    SnapshotRetentionLimit: cluster.snapshotRetentionLimit,
    MaintenanceWindow: cluster.maintenanceWindow,
    SnapshotWindow: cluster.snapshotWindow,
    ACLName: cluster.aclName,
    AutoMinorVersionUpgrade: cluster.autoMinorVersionUpgrade,
    DataTiering: cluster.dataTiering ? 'true' : 'false',
    NetworkType: 'ipv4',
    IpDiscovery: 'ipv4',
  };
  if (showShards) {
    shape.Shards = cluster.shards.map((shard) => ({
      Name: shard.name,
      Status: shardStatus(cluster),
      Slots: shard.slots,
      NumberOfNodes: shard.nodes.length,
      Nodes: shard.nodes.map((node, i) => {
        const status = nodeStatus(cluster, node);
        return {
          Name: node.name,
          Status: status,
          AvailabilityZone: zones[i % zones.length],
          CreateTime: epochSeconds(node.createdAt),
          Endpoint: status === 'creating' ? undefined : { Address: '127.0.0.1', Port: node.port },
        };
      }),
    }));
  }
  return withoutUndefined(shape);
}

function pendingUpdates(cluster: LocalCluster): Record<string, unknown> {
  switch (cluster.pendingUpdate?.kind) {
    case 'resharding':
      return { Resharding: { SlotMigration: { ProgressPercentage: cluster.pendingUpdate.progress } } };
    case 'acl':
      return { ACLs: { ACLToApply: String(cluster.pendingUpdate.target) } };
    default:
      return {};
  }
}

/** IAM authentication needs Redis 7 on the service. */
function userEngineVersion(user: LocalUser | undefined): string {
  return user?.authentication === 'iam' ? '7.0' : '6.2';
}

/** A user as DescribeUsers shows it: never a password or a hash, only how many there are. */
export function userShape(user: LocalUser, aclNames: string[]): Record<string, unknown> {
  return {
    Name: user.name,
    Status: user.status,
    AccessString: user.accessString,
    ACLNames: aclNames,
    MinimumEngineVersion: userEngineVersion(user),
    Authentication: user.authentication === 'iam' ? { Type: 'iam' } : { Type: 'password', PasswordCount: user.passwordHashes.length },
    ARN: user.arn,
  };
}

export function defaultUserShape(region: string, aclNames: string[]): Record<string, unknown> {
  return {
    Name: DEFAULT_USER,
    Status: 'active',
    AccessString: DEFAULT_ACCESS_STRING,
    ACLNames: aclNames,
    MinimumEngineVersion: '6.0',
    Authentication: { Type: 'no-password' },
    ARN: memorydbArn(region, 'user', DEFAULT_USER),
  };
}

export function aclShape(acl: LocalAcl, clusters: string[], users: Record<string, LocalUser>): Record<string, unknown> {
  const iam = acl.userNames.some((name) => users[name]?.authentication === 'iam');
  return {
    Name: acl.name,
    Status: acl.status,
    UserNames: acl.userNames,
    MinimumEngineVersion: iam ? '7.0' : '6.2',
    PendingChanges: acl.pendingChanges === undefined ? {} : { UserNamesToAdd: acl.pendingChanges.add, UserNamesToRemove: acl.pendingChanges.remove },
    Clusters: clusters,
    ARN: acl.arn,
  };
}

export function openAccessShape(region: string, clusters: string[]): Record<string, unknown> {
  return {
    Name: OPEN_ACCESS_ACL,
    Status: 'active',
    UserNames: [DEFAULT_USER],
    MinimumEngineVersion: '6.2',
    PendingChanges: {},
    Clusters: clusters,
    ARN: memorydbArn(region, 'acl', OPEN_ACCESS_ACL),
  };
}

function shardStatus(cluster: LocalCluster): string {
  switch (cluster.status) {
    case 'available':
    case 'snapshotting':
      return 'available';
    case 'updating':
      return 'modifying';
    case 'deleting':
      return 'deleting';
    default:
      return 'creating';
  }
}

export function snapshotShape(snapshot: LocalSnapshot, showDetail: boolean): Record<string, unknown> {
  const c = snapshot.cluster;
  const configuration: Record<string, unknown> = {
    Name: c.name,
    Description: c.description,
    NodeType: c.nodeType,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    MaintenanceWindow: c.maintenanceWindow,
    TopicArn: c.snsTopicArn,
    Port: c.port,
    ParameterGroupName: c.parameterGroup,
    SubnetGroupName: c.subnetGroup,
    VpcId: LOCAL_VPC,
    SnapshotRetentionLimit: c.snapshotRetentionLimit,
    SnapshotWindow: c.snapshotWindow,
    // While it is being written the shards list is not complete: the count is the cluster's.
    NumShards: snapshot.status === 'available' || c.numShards === undefined ? snapshot.shards.length : c.numShards,
  };
  if (showDetail) {
    configuration.Shards = snapshot.shards.map((s) => ({
      Name: s.name,
      Configuration: { Slots: s.slots, ReplicaCount: s.replicaCount },
      Size: formatSize(s.bytes),
      SnapshotCreationTime: epochSeconds(s.createdAt),
    }));
  }
  return withoutUndefined({
    Name: snapshot.name,
    Status: snapshot.status,
    Source: snapshot.source,
    KmsKeyId: snapshot.kmsKeyId,
    ARN: snapshot.arn,
    ClusterConfiguration: withoutUndefined(configuration),
    DataTiering: c.dataTiering ? 'true' : 'false',
  });
}

/** Sizes as the service writes them, e.g. "11.0 MB". */
export function formatSize(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function eventShape(event: LocalEvent): Record<string, unknown> {
  return { SourceName: event.sourceName, SourceType: event.sourceType, Message: event.message, Date: epochSeconds(event.date) };
}

export function subnetGroupShape(group: LocalSubnetGroup): Record<string, unknown> {
  return {
    Name: group.name,
    Description: group.description,
    VpcId: group.vpcId,
    Subnets: group.subnets.map((s) => ({ Identifier: s.id, AvailabilityZone: { Name: s.availabilityZone }, SupportedNetworkTypes: ['ipv4'] })),
    ARN: group.arn,
    SupportedNetworkTypes: ['ipv4'],
  };
}

export function subnetGroupArn(region: string, name: string): string {
  return memorydbArn(region, 'subnetgroup', name);
}

function withoutUndefined(shape: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(shape)) if (shape[key] === undefined) delete shape[key];
  return shape;
}
