// @ts-nocheck
import type { Node as SdkNode, Cluster as SdkCluster } from '@aws-sdk/client-memorydb';
import { describe, expect, it } from 'vitest';
import { clusterFromMemoryDb } from '../../src/lib/control/memorydb.js';
import type { Cluster } from '../../src/lib/control/model.js';

const T1 = new Date('2024-03-01T10:00:00.000Z');
const T2 = new Date('2024-03-01T10:05:00.000Z');

function node(cluster: string, shard: string, n: number, port = 6379): SdkNode {
  return {
    Name: `${cluster}-${shard}-00${n}`,
    Status: 'available',
    AvailabilityZone: `us-east-1${'abc'[n - 1] ?? 'a'}`,
    CreateTime: n === 1 ? T1 : T2,
    Endpoint: { Address: `${cluster}-${shard}-00${n}.demo.memorydb.us-east-1.amazonaws.com`, Port: port },
  };
}

function fullCluster(): SdkCluster {
  return {
    Name: 'devices',
    Description: 'device sessions',
    Status: 'available',
    PendingUpdates: {},
    NumberOfShards: 2,
    AvailabilityMode: 'multiaz',
    ClusterEndpoint: { Address: 'clustercfg.devices.abc123.memorydb.us-east-1.amazonaws.com', Port: 6379 },
    NodeType: 'db.r7g.large',
    Engine: 'valkey',
    EngineVersion: '7.2',
    EnginePatchVersion: '7.2.6',
    ParameterGroupName: 'default.memorydb-valkey7',
    ParameterGroupStatus: 'in-sync',
    SecurityGroups: [
      { SecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' },
      { SecurityGroupId: 'sg-0fedcba9876543210', Status: 'active' },
      { Status: 'active' },
    ],
    SubnetGroupName: 'default',
    TLSEnabled: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
    ARN: 'arn:aws:memorydb:us-east-1:123456789012:cluster/devices',
    SnsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
    SnsTopicStatus: 'ACTIVE',
    SnapshotRetentionLimit: 7,
    MaintenanceWindow: 'sun:23:00-mon:01:30',
    SnapshotWindow: '05:00-09:00',
    ACLName: 'open-access',
    AutoMinorVersionUpgrade: true,
    DataTiering: 'true',
    Shards: [
      { Name: '0001', Status: 'available', Slots: '0-8191', NumberOfNodes: 3, Nodes: [node('devices', '0001', 1), node('devices', '0001', 2), node('devices', '0001', 3)] },
      { Name: '0002', Status: 'available', Slots: '8192-16383', NumberOfNodes: 2, Nodes: [node('devices', '0002', 1), node('devices', '0002', 2)] },
    ],
  };
}

function undefinedKeys(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}.${k}`] : undefinedKeys(v, `${path}.${k}`)));
}

describe('clusterFromMemoryDb', () => {
  it('maps a full cluster with shard details', () => {
    const c = clusterFromMemoryDb(fullCluster());
    const expected: Cluster = {
      service: 'memorydb',
      name: 'devices',
      status: 'available',
      description: 'device sessions',
      arn: 'arn:aws:memorydb:us-east-1:123456789012:cluster/devices',
      engine: 'valkey',
      engineVersion: '7.2',
      enginePatchVersion: '7.2.6',
      nodeType: 'db.r7g.large',
      shardCount: 2,
      replicasPerShard: 1,
      clusterMode: 'enabled',
      tls: true,
      endpoint: { address: 'clustercfg.devices.abc123.memorydb.us-east-1.amazonaws.com', port: 6379 },
      acl: 'open-access',
      parameterGroup: 'default.memorydb-valkey7',
      subnetGroup: 'default',
      securityGroups: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
      snapshotRetentionLimit: 7,
      snapshotWindow: '05:00-09:00',
      maintenanceWindow: 'sun:23:00-mon:01:30',
      availabilityMode: 'multiaz',
      dataTiering: true,
      autoMinorVersionUpgrade: true,
      shards: [
        {
          id: '0001',
          status: 'available',
          slots: '0-8191',
          nodes: [1, 2, 3].map((n) => ({
            name: `devices-0001-00${n}`,
            status: 'available',
            availabilityZone: `us-east-1${'abc'[n - 1]}`,
            createdAt: n === 1 ? T1 : T2,
            endpoint: { address: `devices-0001-00${n}.demo.memorydb.us-east-1.amazonaws.com`, port: 6379 },
          })),
        },
        {
          id: '0002',
          status: 'available',
          slots: '8192-16383',
          nodes: [1, 2].map((n) => ({
            name: `devices-0002-00${n}`,
            status: 'available',
            availabilityZone: `us-east-1${'abc'[n - 1]}`,
            createdAt: n === 1 ? T1 : T2,
            endpoint: { address: `devices-0002-00${n}.demo.memorydb.us-east-1.amazonaws.com`, port: 6379 },
          })),
        },
      ],
    };
    expect(c).toEqual(expected);
    // Dates stay Dates (output renders them).
    expect(c.shards?.[0]?.nodes[0]?.createdAt).toBeInstanceOf(Date);
    expect(c.shards?.[0]?.nodes[0]?.createdAt?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('leaves no undefined keys anywhere (the JSON contract has no nulls)', () => {
    expect(undefinedKeys(clusterFromMemoryDb(fullCluster()))).toEqual([]);
    const minimal = clusterFromMemoryDb({ Name: 'x', Status: 'creating' });
    expect(undefinedKeys(minimal)).toEqual([]);
    expect(Object.keys(minimal).sort()).toEqual(['clusterMode', 'engine', 'name', 'nodeType', 'service', 'shardCount', 'status', 'tls']);
  });

  it('uses the smallest shard for replicasPerShard', () => {
    const sdk = fullCluster();
    expect(clusterFromMemoryDb(sdk).replicasPerShard).toBe(1);
    sdk.Shards![1]!.Nodes!.push(node('devices', '0002', 3));
    expect(clusterFromMemoryDb(sdk).replicasPerShard).toBe(2);
    sdk.Shards![0]!.Nodes = [node('devices', '0001', 1)];
    expect(clusterFromMemoryDb(sdk).replicasPerShard).toBe(0);
    sdk.Shards![0]!.Nodes = [];
    expect(clusterFromMemoryDb(sdk).replicasPerShard).toBe(0);
  });

  it('has no replicasPerShard or shards without shard details', () => {
    const sdk = fullCluster();
    delete sdk.Shards;
    const c = clusterFromMemoryDb(sdk);
    expect('replicasPerShard' in c).toBe(false);
    expect('shards' in c).toBe(false);
    expect(c.shardCount).toBe(2);
  });

  it('falls back to the number of shards listed when NumberOfShards is missing', () => {
    const sdk = fullCluster();
    delete sdk.NumberOfShards;
    expect(clusterFromMemoryDb(sdk).shardCount).toBe(2);
    delete sdk.Shards;
    expect(clusterFromMemoryDb(sdk).shardCount).toBe(0);
  });

  it('gives no endpoint for a creating cluster whose ClusterEndpoint has only a Port', () => {
    const c = clusterFromMemoryDb({
      Name: 'fresh',
      Status: 'creating',
      NumberOfShards: 1,
      ClusterEndpoint: { Port: 6379 },
      NodeType: 'db.t4g.small',
      Engine: 'redis',
      EngineVersion: '7.1',
      TLSEnabled: false,
      ACLName: 'open-access',
      DataTiering: 'false',
    });
    expect(c).toEqual({
      service: 'memorydb',
      name: 'fresh',
      status: 'creating',
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: 'db.t4g.small',
      shardCount: 1,
      clusterMode: 'enabled',
      tls: false,
      acl: 'open-access',
      dataTiering: false,
    });
    expect('endpoint' in c).toBe(false);
  });

  it('gives no node endpoint while a node has an empty address', () => {
    const sdk = fullCluster();
    sdk.Shards![0]!.Nodes![0]!.Endpoint = { Address: '', Port: 6379 };
    const c = clusterFromMemoryDb(sdk);
    expect(c.shards![0]!.nodes[0]!.endpoint).toBeUndefined();
    expect(c.shards![0]!.nodes[0]!.name).toBe('devices-0001-001');
    expect(c.shards![0]!.nodes[1]!.endpoint).toEqual({ address: 'devices-0001-002.demo.memorydb.us-east-1.amazonaws.com', port: 6379 });
  });

  it('maps DataTiering "false" to false and leaves it out when missing', () => {
    const sdk = fullCluster();
    sdk.DataTiering = 'false';
    expect(clusterFromMemoryDb(sdk).dataTiering).toBe(false);
    delete sdk.DataTiering;
    expect('dataTiering' in clusterFromMemoryDb(sdk)).toBe(false);
  });

  it('keeps non-empty pending updates and drops an empty description', () => {
    const sdk = fullCluster();
    sdk.Description = '';
    sdk.PendingUpdates = { Resharding: { SlotMigration: { ProgressPercentage: 40 } } };
    const c = clusterFromMemoryDb(sdk);
    expect('description' in c).toBe(false);
    expect(c.pendingUpdates).toEqual({ Resharding: { SlotMigration: { ProgressPercentage: 40 } } });
  });

  it('fills defaults for a bare cluster', () => {
    expect(clusterFromMemoryDb({})).toEqual({
      service: 'memorydb',
      name: '',
      status: 'unknown',
      engine: 'redis',
      nodeType: '',
      shardCount: 0,
      clusterMode: 'enabled',
      tls: false,
    });
  });

  it('defaults missing shard and node fields', () => {
    const c = clusterFromMemoryDb({ Name: 'x', Shards: [{ Nodes: [{}] }] });
    expect(c.shards).toEqual([{ id: '', status: 'unknown', nodes: [{ name: '', status: 'unknown' }] }]);
    expect(c.replicasPerShard).toBe(0);
    expect(c.shardCount).toBe(1);
  });
});
