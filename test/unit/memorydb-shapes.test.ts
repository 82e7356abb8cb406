// MemoryDB's user, ACL and snapshot shapes (as the SDK types them) mapped to memctl's model, field
// by field, with the defaults for what the service leaves out.
import type { ACL as SdkAcl, Snapshot as SdkSnapshot, User as SdkUser } from '@aws-sdk/client-memorydb';
import { describe, expect, it } from 'vitest';
import { aclFromMemoryDb, clusterFromMemoryDb, dropUndefined, endpointOf, minimum, snapshotFromMemoryDb, userFromMemoryDb } from '../../src/lib/control/memorydb-shapes.js';

const T1 = new Date('2024-03-01T10:00:00.000Z');
const T2 = new Date('2024-03-01T10:05:00.000Z');

describe('userFromMemoryDb', () => {
  it('maps a password user', () => {
    const u: SdkUser = {
      Name: 'app',
      Status: 'active',
      AccessString: 'on ~app:* &* +@all',
      ACLNames: ['app-acl'],
      MinimumEngineVersion: '6.2',
      Authentication: { Type: 'password', PasswordCount: 2 },
      ARN: 'arn:aws:memorydb:us-east-1:123456789012:user/app',
    };
    expect(userFromMemoryDb(u)).toStrictEqual({
      service: 'memorydb',
      name: 'app',
      status: 'active',
      accessString: 'on ~app:* &* +@all',
      authentication: 'password',
      passwordCount: 2,
      acls: ['app-acl'],
      minimumEngineVersion: '6.2',
      arn: 'arn:aws:memorydb:us-east-1:123456789012:user/app',
    });
  });

  it('fills what a bare user leaves out', () => {
    expect(userFromMemoryDb({})).toStrictEqual({ service: 'memorydb', name: '', status: 'unknown', authentication: 'no-password', acls: [] });
  });
});

describe('aclFromMemoryDb', () => {
  it('maps an ACL with pending changes', () => {
    const a: SdkAcl = {
      Name: 'app-acl',
      Status: 'modifying',
      UserNames: ['default', 'app'],
      Clusters: ['orders'],
      MinimumEngineVersion: '6.2',
      PendingChanges: { UserNamesToAdd: ['reader'], UserNamesToRemove: [] },
      ARN: 'arn:aws:memorydb:us-east-1:123456789012:acl/app-acl',
    };
    expect(aclFromMemoryDb(a)).toStrictEqual({
      service: 'memorydb',
      name: 'app-acl',
      status: 'modifying',
      users: ['default', 'app'],
      clusters: ['orders'],
      minimumEngineVersion: '6.2',
      pendingChanges: { usersToAdd: ['reader'], usersToRemove: [] },
      arn: 'arn:aws:memorydb:us-east-1:123456789012:acl/app-acl',
    });
    expect(aclFromMemoryDb({ Name: 'x', PendingChanges: { UserNamesToRemove: ['old'] } }).pendingChanges).toStrictEqual({ usersToAdd: undefined, usersToRemove: ['old'] });
  });

  it('has no pending changes when none or only empty ones are reported, and fills defaults', () => {
    expect(aclFromMemoryDb({})).toStrictEqual({ service: 'memorydb', name: '', status: 'unknown', users: [], clusters: [] });
    expect('pendingChanges' in aclFromMemoryDb({ PendingChanges: {} })).toBe(false);
    expect('pendingChanges' in aclFromMemoryDb({ PendingChanges: { UserNamesToAdd: [], UserNamesToRemove: [] } })).toBe(false);
  });
});

describe('snapshotFromMemoryDb', () => {
  it('maps a snapshot and its shards, the earliest shard time as its time', () => {
    const s: SdkSnapshot = {
      Name: 'orders-snap',
      Status: 'available',
      Source: 'automated',
      KmsKeyId: 'key',
      ARN: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/orders-snap',
      DataTiering: 'false',
      ClusterConfiguration: {
        Name: 'orders',
        Description: 'orders cache',
        NodeType: 'db.r7g.large',
        Engine: 'redis',
        EngineVersion: '7.1',
        MaintenanceWindow: 'sun:23:00-mon:01:30',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
        Port: 6379,
        ParameterGroupName: 'default.memorydb-redis7',
        SubnetGroupName: 'default',
        SnapshotRetentionLimit: 3,
        SnapshotWindow: '05:00-09:00',
        NumShards: 2,
        Shards: [
          { Name: '0001', Configuration: { Slots: '0-8191', ReplicaCount: 2 }, Size: '11 MB', SnapshotCreationTime: T2 },
          { Name: '0002', Configuration: { Slots: '8192-16383', ReplicaCount: 1 }, Size: '12 MB', SnapshotCreationTime: T1 },
        ],
      },
    };
    expect(snapshotFromMemoryDb(s)).toStrictEqual({
      service: 'memorydb',
      name: 'orders-snap',
      status: 'available',
      source: 'automated',
      arn: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/orders-snap',
      kmsKeyId: 'key',
      clusterName: 'orders',
      nodeType: 'db.r7g.large',
      engine: 'redis',
      engineVersion: '7.1',
      shardCount: 2,
      description: 'orders cache',
      replicasPerShard: 1,
      parameterGroup: 'default.memorydb-redis7',
      subnetGroup: 'default',
      port: 6379,
      maintenanceWindow: 'sun:23:00-mon:01:30',
      snapshotWindow: '05:00-09:00',
      snapshotRetentionLimit: 3,
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
      dataTiering: false,
      createdAt: T1,
      shards: [
        { name: '0001', slots: '0-8191', replicaCount: 2, size: '11 MB', createdAt: T2 },
        { name: '0002', slots: '8192-16383', replicaCount: 1, size: '12 MB', createdAt: T1 },
      ],
    });
  });

  it('fills what a bare snapshot leaves out, and keeps what shards do say', () => {
    expect(snapshotFromMemoryDb({})).toStrictEqual({ service: 'memorydb', name: '', status: 'unknown', source: 'manual', clusterName: '' });
    const partial = snapshotFromMemoryDb({ Name: 's', DataTiering: 'true', ClusterConfiguration: { Name: 'c', Description: '', Shards: [{}, { Name: '0002', SnapshotCreationTime: T2 }] } });
    expect(partial).toStrictEqual({ service: 'memorydb', name: 's', status: 'unknown', source: 'manual', clusterName: 'c', dataTiering: true, createdAt: T2, shards: [{ name: '' }, { name: '0002', createdAt: T2 }] });
    expect('replicasPerShard' in snapshotFromMemoryDb({ ClusterConfiguration: { Shards: [] } })).toBe(false);
    expect(snapshotFromMemoryDb({ ClusterConfiguration: { Name: 'c', NodeType: 'db.r7g.large' } })).toStrictEqual({ service: 'memorydb', name: '', status: 'unknown', source: 'manual', clusterName: 'c', nodeType: 'db.r7g.large' });
  });
});

describe('the small helpers', () => {
  it('endpointOf needs an address and a port', () => {
    expect(endpointOf({ Address: '127.0.0.1', Port: 6379 })).toEqual({ address: '127.0.0.1', port: 6379 });
    expect(endpointOf({ Address: '127.0.0.1', Port: 0 })).toEqual({ address: '127.0.0.1', port: 0 });
    for (const e of [undefined, {}, { Port: 1 }, { Address: '', Port: 1 }, { Address: '127.0.0.1' }]) expect(endpointOf(e), JSON.stringify(e)).toBeUndefined();
  });

  it('minimum ignores unknowns; dropUndefined removes only undefined members', () => {
    expect(minimum([3, undefined, 1, 2])).toBe(1);
    expect(minimum([undefined])).toBeUndefined();
    expect(minimum([])).toBeUndefined();
    expect(dropUndefined({ a: undefined, b: null, c: 0, d: '' })).toStrictEqual({ b: null, c: 0, d: '' });
  });

  it('a shard without nodes makes replicasPerShard 0, never negative', () => {
    expect(clusterFromMemoryDb({ Name: 'c', Shards: [{ Name: '0001', Nodes: [] }] }).replicasPerShard).toBe(0);
    expect(clusterFromMemoryDb({ Name: 'c', Shards: [{ Name: '0001' }] }).shards).toStrictEqual([{ id: '0001', status: 'unknown', slots: undefined, nodes: [] }]);
  });
});
