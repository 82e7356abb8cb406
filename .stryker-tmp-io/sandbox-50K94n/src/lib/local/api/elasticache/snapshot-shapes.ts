// @ts-nocheck
// ElastiCache snapshots as the service shows them (awsQuery: ISO times, lowercase statuses,
// NodeSnapshots wrapped in <NodeSnapshot>): one node snapshot per node group.
import { allNodes } from '../../engine/cluster-nodes.js';
import { availabilityZones, LOCAL_VPC } from '../../store/account.js';
import { isoTime, xmlList } from '../shared/query-input.js';
import type { LocalSnapshot, LocalSnapshotShard, LocalState } from '../../store/state.js';

/** Sizes as ElastiCache writes them, whole megabytes ("5 MB"). */
function cacheSize(bytes: number): string {
  return `${Math.ceil(bytes / 1_048_576)} MB`;
}

function region(arn: string): string {
  return arn.split(':')[3] ?? 'us-east-1';
}

export function snapshotShape(state: LocalState, snapshot: LocalSnapshot, showNodeGroupConfig: boolean): Record<string, unknown> {
  const c = snapshot.cluster;
  const rg = snapshot.replicationGroup;
  const clusterModeEnabled = rg?.clusterMode !== 'disabled';
  const zones = availabilityZones(region(snapshot.arn));
  const zone = zones[0];
  // A cluster-mode-disabled snapshot names the member cluster it was taken from.
  const group = state.clusters[c.name];
  const cacheClusterId = clusterModeEnabled ? undefined : (rg?.cacheClusterId ?? (group === undefined ? `${c.name}-001` : allNodes(group)[0]?.name));
  const nodeSnapshot = (shard: LocalSnapshotShard): Record<string, unknown> => ({
    CacheClusterId: cacheClusterId,
    NodeGroupId: shard.name,
    CacheNodeId: clusterModeEnabled ? undefined : '0001',
    NodeGroupConfiguration: showNodeGroupConfig
      ? {
          NodeGroupId: shard.name,
          Slots: clusterModeEnabled ? shard.slots : undefined,
          ReplicaCount: shard.replicaCount,
          PrimaryAvailabilityZone: zone,
          // Replicas go to the zones after the primary's, in turn (as the local plane places them).
          ReplicaAvailabilityZones: shard.replicaCount === 0 ? undefined : xmlList('AvailabilityZone', Array.from({ length: shard.replicaCount }, (_, i) => zones[(i + 1) % zones.length])),
        }
      : undefined,
    CacheSize: cacheSize(shard.bytes),
    // The source node's creation: the group's while it exists, else the snapshot's own start.
    CacheNodeCreateTime: isoTime(group?.createdAt ?? snapshot.createdAt),
    SnapshotCreateTime: isoTime(shard.createdAt),
  });
  return {
    SnapshotName: snapshot.name,
    ReplicationGroupId: c.name,
    ReplicationGroupDescription: c.description,
    CacheClusterId: cacheClusterId,
    SnapshotStatus: snapshot.status,
    SnapshotSource: snapshot.source,
    CacheNodeType: c.nodeType,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    PreferredMaintenanceWindow: c.maintenanceWindow,
    TopicArn: c.snsTopicArn,
    Port: c.port,
    CacheParameterGroupName: rg?.cacheParameterGroup ?? c.parameterGroup,
    CacheSubnetGroupName: rg?.cacheSubnetGroup ?? c.subnetGroup,
    VpcId: LOCAL_VPC,
    AutoMinorVersionUpgrade: true,
    SnapshotRetentionLimit: c.snapshotRetentionLimit,
    SnapshotWindow: c.snapshotWindow,
    // While a snapshot is being taken its node groups are the group's.
    NumNodeGroups: snapshot.shards.length > 0 ? snapshot.shards.length : group?.shards.length,
    AutomaticFailover: rg?.automaticFailover === true ? 'enabled' : 'disabled',
    NodeSnapshots: xmlList('NodeSnapshot', snapshot.shards.map(nodeSnapshot)),
    KmsKeyId: snapshot.kmsKeyId,
    ARN: snapshot.arn,
    DataTiering: c.dataTiering ? 'enabled' : 'disabled',
  };
}
