// Local state → MemoryDB wire shapes (awsJson: epoch-second timestamps, lowercase statuses).
import { epochSeconds } from '../json-protocol.js';
import type { LocalCluster, LocalSubnetGroup } from '../state.js';
import { availabilityZones, findEngineVersion, memorydbArn } from './catalog.js';

export type NodeStatusOf = (cluster: LocalCluster, node: LocalCluster['shards'][number]['nodes'][number]) => string;

export function clusterShape(cluster: LocalCluster, nodeStatus: NodeStatusOf, showShards: boolean): Record<string, unknown> {
  const first = cluster.shards[0]?.nodes[0];
  const available = cluster.status === 'available';
  const zones = availabilityZones(cluster.region);
  const shape: Record<string, unknown> = {
    Name: cluster.name,
    Description: cluster.description,
    Status: cluster.status,
    PendingUpdates: {},
    NumberOfShards: cluster.shards.length,
    AvailabilityMode: cluster.replicasPerShard > 0 ? 'multiaz' : 'singleaz',
    // Like MemoryDB: only the port is known while the cluster is being created.
    ClusterEndpoint: first === undefined ? undefined : available ? { Address: '127.0.0.1', Port: first.port } : { Port: first.port },
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
      Status: cluster.status === 'available' ? 'available' : cluster.status === 'deleting' ? 'deleting' : 'creating',
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
