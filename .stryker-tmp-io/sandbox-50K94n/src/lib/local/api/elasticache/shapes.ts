// @ts-nocheck
// Local state → ElastiCache wire shapes (awsQuery XML: ISO timestamps, lists wrapped in their
// member names, lowercase statuses). Roles of cluster-mode-disabled members are the live ones.
import { availabilityZones, elasticacheArn } from '../../store/account.js';
import type { NodeRole } from '../../engine/ops/failover.js';
import { isoTime, xmlList } from '../shared/query-input.js';
import type { LocalCluster, LocalEvent, LocalNode, LocalShard } from '../../store/state.js';
import { accessPendingValues } from './access.js';
import { cacheEngineVersion } from './catalog.js';
import { clusterModeEnabled, memberIds, wireStatus } from './groups.js';

/** Live roles by port; nodes missing from it (not answering) fall back to their recorded role. */
export type LiveRoles = ReadonlyMap<number, NodeRole>;

const LOCALHOST = '127.0.0.1';

function endpoint(node: LocalNode): Record<string, unknown> {
  return { Address: LOCALHOST, Port: node.port };
}

function roleOf(node: LocalNode, live: LiveRoles): 'primary' | 'replica' {
  return live.get(node.port)?.role ?? node.role;
}

/** The shard's primary now: the node that says it is one (after failovers), else the recorded one. */
export function primaryOf(shard: LocalShard, live: LiveRoles): LocalNode | undefined {
  return shard.nodes.find((n) => live.get(n.port)?.role === 'primary') ?? shard.nodes.find((n) => n.role === 'primary');
}

/** A replica to read from: one whose link is up, else the primary. */
function readerOf(shard: LocalShard, live: LiveRoles): LocalNode | undefined {
  const primary = primaryOf(shard, live);
  return shard.nodes.find((n) => n !== primary && roleOf(n, live) === 'replica' && live.get(n.port)?.linkUp !== false) ?? primary;
}

function nodeGroupStatus(group: LocalCluster): string {
  switch (group.status) {
    case 'available':
    case 'snapshotting':
      return 'available';
    case 'deleting':
      return 'deleting';
    case 'creating':
    case 'create-failed':
      return 'creating';
    default:
      return 'modifying';
  }
}

function zoneOf(group: LocalCluster, index: number): string {
  const zones = availabilityZones(group.region);
  return zones[index % zones.length] as string;
}

function pendingModifiedValues(group: LocalCluster): Record<string, unknown> {
  const resharding = group.pendingUpdate?.kind === 'resharding' ? { SlotMigration: { ProgressPercentage: group.pendingUpdate.progress } } : undefined;
  return { Resharding: resharding, ...accessPendingValues(group) };
}

export function replicationGroupShape(group: LocalCluster, live: LiveRoles): Record<string, unknown> {
  const settings = group.elasticache;
  const enabled = clusterModeEnabled(group);
  const serving = group.status !== 'creating' && group.status !== 'create-failed' && group.status !== 'deleting';
  const nodeGroups = group.shards.map((shard) => {
    const primary = primaryOf(shard, live);
    const reader = readerOf(shard, live);
    return {
      NodeGroupId: shard.name,
      Status: nodeGroupStatus(group),
      PrimaryEndpoint: !enabled && serving && primary !== undefined ? endpoint(primary) : undefined,
      ReaderEndpoint: !enabled && serving && reader !== undefined ? endpoint(reader) : undefined,
      Slots: enabled ? shard.slots : undefined,
      NodeGroupMembers: xmlList(
        'NodeGroupMember',
        shard.nodes.map((node, i) => ({
          CacheClusterId: node.name,
          CacheNodeId: '0001',
          ReadEndpoint: !enabled && serving ? endpoint(node) : undefined,
          PreferredAvailabilityZone: node.availabilityZone ?? zoneOf(group, i),
          CurrentRole: enabled ? undefined : roleOf(node, live),
        })),
      ),
    };
  });
  const first = group.shards[0]?.nodes[0];
  return {
    ReplicationGroupId: group.name,
    Description: group.description,
    Status: wireStatus(group),
    PendingModifiedValues: pendingModifiedValues(group),
    MemberClusters: xmlList('ClusterId', memberIds(group)),
    NodeGroups: xmlList('NodeGroup', nodeGroups),
    SnapshottingClusterId: settings?.snapshottingClusterId,
    AutomaticFailover: settings?.automaticFailover === true ? 'enabled' : 'disabled',
    MultiAZ: settings?.multiAz === true ? 'enabled' : 'disabled',
    ConfigurationEndpoint: enabled && serving && first !== undefined ? endpoint(first) : undefined,
    SnapshotRetentionLimit: group.snapshotRetentionLimit,
    SnapshotWindow: group.snapshotWindow,
    ClusterEnabled: enabled,
    CacheNodeType: group.nodeType,
    AuthTokenEnabled: (settings?.authTokenHashes.length ?? 0) > 0,
    AuthTokenLastModifiedDate: settings?.authTokenLastModified === undefined ? undefined : isoTime(settings.authTokenLastModified),
    TransitEncryptionEnabled: group.tls,
    AtRestEncryptionEnabled: settings?.atRestEncryption ?? false,
    KmsKeyId: group.kmsKeyId,
    ARN: group.arn,
    UserGroupIds: xmlList('member', settings?.userGroupIds ?? []),
    LogDeliveryConfigurations: xmlList('LogDeliveryConfiguration', []),
    ReplicationGroupCreateTime: isoTime(group.createdAt),
    DataTiering: 'disabled',
    AutoMinorVersionUpgrade: group.autoMinorVersionUpgrade,
    NetworkType: 'ipv4',
    IpDiscovery: 'ipv4',
    TransitEncryptionMode: group.tls ? 'required' : undefined,
    ClusterMode: enabled ? 'enabled' : 'disabled',
    Engine: group.engine,
  };
}

/** One member cache cluster (a node of a group), as DescribeCacheClusters shows it. */
export function cacheClusterShape(group: LocalCluster, shard: LocalShard, node: LocalNode, nodeStatus: string, showNodes: boolean): Record<string, unknown> {
  const settings = group.elasticache;
  const index = shard.nodes.indexOf(node);
  const zone = node.availabilityZone ?? zoneOf(group, index < 0 ? 0 : index);
  const status = group.status === 'available' ? nodeStatus : wireStatus(group);
  return {
    CacheClusterId: node.name,
    ClientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
    CacheNodeType: group.nodeType,
    Engine: group.engine,
    EngineVersion: cacheEngineVersion(group.engine, group.engineVersion)?.patch ?? group.engineVersion,
    CacheClusterStatus: status,
    NumCacheNodes: 1,
    PreferredAvailabilityZone: zone,
    CacheClusterCreateTime: isoTime(node.createdAt),
    PreferredMaintenanceWindow: group.maintenanceWindow,
    PendingModifiedValues: {},
    NotificationConfiguration: group.snsTopicArn === undefined ? undefined : { TopicArn: group.snsTopicArn, TopicStatus: 'active' },
    CacheSecurityGroups: xmlList('CacheSecurityGroup', []),
    CacheParameterGroup: { CacheParameterGroupName: settings?.cacheParameterGroup ?? group.parameterGroup, ParameterApplyStatus: 'in-sync', CacheNodeIdsToReboot: xmlList('CacheNodeId', []) },
    CacheSubnetGroupName: settings?.cacheSubnetGroup ?? group.subnetGroup,
    CacheNodes: showNodes
      ? xmlList('CacheNode', [
          {
            CacheNodeId: '0001',
            CacheNodeStatus: nodeStatus,
            CacheNodeCreateTime: isoTime(node.createdAt),
            Endpoint: nodeStatus === 'creating' ? undefined : endpoint(node),
            ParameterGroupStatus: 'in-sync',
            CustomerAvailabilityZone: zone,
          },
        ])
      : undefined,
    AutoMinorVersionUpgrade: group.autoMinorVersionUpgrade,
    SecurityGroups: xmlList('member', group.securityGroupIds.map((id) => ({ SecurityGroupId: id, Status: 'active' }))),
    ReplicationGroupId: group.name,
    SnapshotRetentionLimit: group.snapshotRetentionLimit,
    SnapshotWindow: group.snapshotWindow,
    AuthTokenEnabled: (settings?.authTokenHashes.length ?? 0) > 0,
    AuthTokenLastModifiedDate: settings?.authTokenLastModified === undefined ? undefined : isoTime(settings.authTokenLastModified),
    TransitEncryptionEnabled: group.tls,
    AtRestEncryptionEnabled: settings?.atRestEncryption ?? false,
    ARN: elasticacheArn(group.region, 'cluster', node.name),
    ReplicationGroupLogDeliveryEnabled: false,
    LogDeliveryConfigurations: xmlList('LogDeliveryConfiguration', []),
    NetworkType: 'ipv4',
    IpDiscovery: 'ipv4',
    TransitEncryptionMode: group.tls ? 'required' : undefined,
  };
}

export function eventShape(event: LocalEvent): Record<string, unknown> {
  return { SourceIdentifier: event.sourceName, SourceType: event.sourceType, Message: event.message, Date: isoTime(event.date) };
}
