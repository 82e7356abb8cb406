// ElastiCache's shapes (as the SDK types them) mapped to memctl's model: the rules each field
// follows, the defaults for what the service leaves out, and the event source types checked
// against the SDK's own SourceType values.
import { SourceType, type ReplicationGroup, type Snapshot as SdkSnapshot } from '@aws-sdk/client-elasticache';
import { describe, expect, it } from 'vitest';
import {
  aclFromElastiCache,
  clusterFromElastiCache,
  clusterModeOf,
  elasticacheSourceType,
  eventFromElastiCache,
  modelSourceType,
  snapshotClusterMode,
  snapshotFromElastiCache,
  userFromElastiCache,
  withCacheClusters,
} from '../../src/lib/control/elasticache-shapes.js';
import { EVENT_TYPES } from '../../src/lib/control/model.js';

const T1 = new Date('2024-03-01T10:00:00.000Z');
const T2 = new Date('2024-03-01T10:05:00.000Z');

describe('event source types', () => {
  it("are ElastiCache's own (the SDK's SourceType values), each read back", () => {
    const values = Object.values(SourceType) as string[];
    expect(EVENT_TYPES.map(elasticacheSourceType)).toEqual(['replication-group', 'cache-cluster', 'user', 'user-group', 'cache-parameter-group', 'cache-subnet-group']);
    for (const type of EVENT_TYPES) expect(values).toContain(elasticacheSourceType(type));
    expect(modelSourceType('serverless-cache')).toBe('serverless-cache');
    expect(modelSourceType(undefined)).toBe('');
  });

  it('an event the service says little about', () => {
    expect(eventFromElastiCache({})).toStrictEqual({ date: new Date(0), sourceName: '', sourceType: '', message: '' });
  });
});

describe('clusterModeOf', () => {
  it('reads ClusterMode first ("compatible" is a step towards enabled), else ClusterEnabled', () => {
    expect(clusterModeOf({ ClusterMode: 'disabled', ClusterEnabled: true })).toBe('disabled');
    expect(clusterModeOf({ ClusterMode: 'compatible' })).toBe('enabled');
    expect(clusterModeOf({ ClusterMode: 'enabled', ClusterEnabled: false })).toBe('enabled');
    expect(clusterModeOf({ ClusterEnabled: true })).toBe('enabled');
    expect(clusterModeOf({ ClusterEnabled: false })).toBe('disabled');
    expect(clusterModeOf({})).toBe('disabled');
  });
});

describe('clusterFromElastiCache, field rules', () => {
  const member = (id: string, role?: string) => ({ CacheClusterId: id, CurrentRole: role, ReadEndpoint: { Address: `${id}.example`, Port: 6379 } });

  it('a bare group: defaults, one shard when cluster mode is disabled, none when enabled', () => {
    expect(clusterFromElastiCache({})).toStrictEqual({ service: 'elasticache', name: '', status: 'unknown', engine: 'redis', nodeType: '', shardCount: 1, clusterMode: 'disabled', tls: false });
    expect(clusterFromElastiCache({ ClusterEnabled: true, Status: '' }).shardCount).toBe(0);
    expect(clusterFromElastiCache({ Status: 'Available' }).status).toBe('available');
  });

  it('counts replicas over the node groups that have members, never below 0', () => {
    const rg: ReplicationGroup = { ClusterEnabled: true, NodeGroups: [{ NodeGroupId: '0001', NodeGroupMembers: [member('a'), member('b'), member('c')] }, { NodeGroupId: '0002', NodeGroupMembers: [] }, { NodeGroupId: '0003', NodeGroupMembers: [member('d'), member('e')] }] };
    expect(clusterFromElastiCache(rg).replicasPerShard).toBe(1);
    expect(clusterFromElastiCache({ ClusterEnabled: true, NodeGroups: [{ NodeGroupMembers: [member('a')] }] }).replicasPerShard).toBe(0);
    expect('replicasPerShard' in clusterFromElastiCache({ ClusterEnabled: true, NodeGroups: [{ NodeGroupMembers: [] }] })).toBe(false);
  });

  it('a node group: its status lower case for each member, roles only primary or replica, slots only when given', () => {
    const rg: ReplicationGroup = { ClusterEnabled: true, NodeGroups: [{ NodeGroupId: '0001', Status: 'Modifying', Slots: '', NodeGroupMembers: [member('a', 'Primary'), member('b', 'replica'), member('c', 'witness'), {}] }] };
    expect(clusterFromElastiCache(rg).shards).toStrictEqual([
      {
        id: '0001',
        status: 'modifying',
        nodes: [
          { name: 'a', status: 'modifying', role: 'primary', endpoint: { address: 'a.example', port: 6379 } },
          { name: 'b', status: 'modifying', role: 'replica', endpoint: { address: 'b.example', port: 6379 } },
          { name: 'c', status: 'modifying', endpoint: { address: 'c.example', port: 6379 } },
          { name: '', status: 'modifying' },
        ],
      },
    ]);
    expect(clusterFromElastiCache({ NodeGroups: [{}] }).shards).toStrictEqual([{ id: '', status: 'unknown', nodes: [] }]);
  });

  it('primary and reader endpoints only with cluster mode disabled; user groups joined; data tiering and Multi-AZ as booleans', () => {
    const group = { NodeGroups: [{ PrimaryEndpoint: { Address: 'p.example', Port: 1 }, ReaderEndpoint: { Address: 'r.example', Port: 2 } }] };
    expect(clusterFromElastiCache({ ...group, ClusterEnabled: true })).not.toHaveProperty('primaryEndpoint');
    expect(clusterFromElastiCache({ ...group, ClusterEnabled: true })).not.toHaveProperty('readerEndpoint');
    const cmd = clusterFromElastiCache({ ...group, UserGroupIds: ['a', 'b'], DataTiering: 'disabled', MultiAZ: 'disabled', Description: '' });
    expect(cmd).toMatchObject({ endpoint: { address: 'p.example', port: 1 }, primaryEndpoint: { address: 'p.example', port: 1 }, readerEndpoint: { address: 'r.example', port: 2 }, acl: 'a,b', userGroups: ['a', 'b'], dataTiering: false, multiAz: false, availabilityMode: 'singleaz' });
    expect(cmd).not.toHaveProperty('description');
    expect(clusterFromElastiCache({ DataTiering: 'enabled', MultiAZ: 'enabled', UserGroupIds: [] })).toMatchObject({ dataTiering: true, multiAz: true, availabilityMode: 'multiaz' });
    expect(clusterFromElastiCache({ UserGroupIds: [] })).not.toHaveProperty('acl');
  });
});

describe('withCacheClusters, what the member clusters add', () => {
  const base = clusterFromElastiCache({ ReplicationGroupId: 'g', NodeGroups: [{ NodeGroupId: '0001', Status: 'available', NodeGroupMembers: [{ CacheClusterId: 'g-001' }, { CacheClusterId: 'g-002', PreferredAvailabilityZone: 'us-east-1b' }] }] });

  it("uses the member's own status and zone when it has no node details, and the node's own zone first", () => {
    const out = withCacheClusters(base, [
      { CacheClusterId: 'g-001', CacheClusterStatus: 'Rebooting Cache Cluster Nodes', PreferredAvailabilityZone: 'us-east-1a', CacheClusterCreateTime: T1 },
      { CacheClusterId: 'g-002', CacheNodes: [{ CacheNodeStatus: 'available', CustomerAvailabilityZone: 'us-east-1c', CacheNodeCreateTime: T2, Endpoint: { Address: 'g-002.example', Port: 6379 } }] },
      { CacheClusterStatus: 'deleting' },
    ]);
    expect(out.shards?.[0]?.nodes).toStrictEqual([
      { name: 'g-001', status: 'rebooting cache cluster nodes', availabilityZone: 'us-east-1a', createdAt: T1 },
      { name: 'g-002', status: 'available', availabilityZone: 'us-east-1b', createdAt: T2, endpoint: { address: 'g-002.example', port: 6379 } },
    ]);
  });

  it('keeps the security groups that have an id, and none when none has', () => {
    expect(withCacheClusters(base, [{ CacheClusterId: 'x', SecurityGroups: [{ SecurityGroupId: 'sg-1' }, { Status: 'active' }, { SecurityGroupId: '' }] }]).securityGroups).toEqual(['sg-1']);
    expect(withCacheClusters(base, [{ CacheClusterId: 'x', SecurityGroups: [{ Status: 'active' }] }])).not.toHaveProperty('securityGroups');
  });
});

describe('users and user groups', () => {
  it('a user given by name only; a bare user', () => {
    expect(userFromElastiCache({ UserName: 'app' })).toStrictEqual({ service: 'elasticache', name: 'app', status: 'unknown', authentication: 'no-password', acls: [] });
    expect(userFromElastiCache({})).toStrictEqual({ service: 'elasticache', name: '', status: 'unknown', authentication: 'no-password', acls: [] });
  });

  it('pending changes that only remove users are pending changes', () => {
    expect(aclFromElastiCache({ UserGroupId: 'g', PendingChanges: { UserIdsToRemove: ['old'], UserIdsToAdd: [] } }).pendingChanges).toStrictEqual({ usersToRemove: ['old'] });
    expect(aclFromElastiCache({ UserGroupId: 'g', PendingChanges: { UserIdsToAdd: ['new'] } }).pendingChanges).toStrictEqual({ usersToAdd: ['new'] });
    expect(aclFromElastiCache({})).toStrictEqual({ service: 'elasticache', name: '', status: 'unknown', users: [], clusters: [] });
  });
});

describe('snapshots', () => {
  it('tell their cluster mode by node groups, slots or a cluster.on parameter group', () => {
    expect(snapshotClusterMode({ NumNodeGroups: 2 })).toBe('enabled');
    expect(snapshotClusterMode({ NumNodeGroups: 1 })).toBe('disabled');
    expect(snapshotClusterMode({})).toBe('disabled');
    expect(snapshotClusterMode({ NodeSnapshots: [{ NodeGroupConfiguration: { Slots: '' } }, {}] })).toBe('disabled');
    expect(snapshotClusterMode({ NodeSnapshots: [{}, { NodeGroupConfiguration: { Slots: '0-16383' } }] })).toBe('enabled');
    expect(snapshotClusterMode({ CacheParameterGroupName: 'default.redis7.cluster.on' })).toBe('enabled');
    expect(snapshotClusterMode({ CacheParameterGroupName: 'default.redis7.cluster.on.custom' })).toBe('disabled');
    expect(snapshotClusterMode({ CacheParameterGroupName: 'default.redis7' })).toBe('disabled');
  });

  it('a bare snapshot, and one of a single cache cluster', () => {
    expect(snapshotFromElastiCache({})).toStrictEqual({ service: 'elasticache', name: '', status: 'unknown', source: 'manual', clusterName: '', clusterMode: 'disabled' });
    expect(snapshotFromElastiCache({ SnapshotName: 's', SnapshotSource: 'Automated', CacheClusterId: 'c', NumCacheNodes: 3, DataTiering: 'disabled', ReplicationGroupDescription: '' })).toStrictEqual({
      service: 'elasticache',
      name: 's',
      status: 'unknown',
      source: 'automated',
      clusterName: 'c',
      dataTiering: false,
      clusterMode: 'disabled',
      replicasPerShard: 2,
    });
    expect(snapshotFromElastiCache({ NumCacheNodes: 0 }).replicasPerShard).toBe(0);
    expect(snapshotFromElastiCache({ SnapshotSource: '' }).source).toBe('manual');
  });

  it('counts shards by node group, takes the earliest time, and the replicas the node groups say first', () => {
    const s: SdkSnapshot = {
      ReplicationGroupId: 'g',
      DataTiering: 'enabled',
      NumCacheNodes: 9,
      NodeSnapshots: [
        { NodeGroupId: '0001', CacheClusterId: 'g-0001-001', NodeGroupConfiguration: { Slots: '0-8191', ReplicaCount: 2 }, CacheSize: '5 MB', SnapshotCreateTime: T2 },
        { CacheClusterId: 'g-0002-001', NodeGroupConfiguration: { Slots: '', ReplicaCount: 1 }, SnapshotCreateTime: T1 },
        { NodeGroupId: '0003' },
        {},
      ],
    };
    const out = snapshotFromElastiCache(s);
    expect(out).toMatchObject({ shardCount: 4, dataTiering: true, createdAt: T1, clusterMode: 'enabled', replicasPerShard: 1 });
    expect(out.shards).toStrictEqual([
      { name: '0001', slots: '0-8191', replicaCount: 2, size: '5 MB', createdAt: T2 },
      { name: 'g-0002-001', replicaCount: 1, createdAt: T1 },
      { name: '0003' },
      { name: '' },
    ]);
    expect(snapshotFromElastiCache({ NodeSnapshots: [] })).not.toHaveProperty('shards');
    expect(snapshotFromElastiCache({ NodeSnapshots: [] }).shardCount).toBe(0);
  });
});
