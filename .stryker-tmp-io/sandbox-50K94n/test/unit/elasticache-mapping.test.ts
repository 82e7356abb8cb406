// @ts-nocheck
import type { CacheCluster, ReplicationGroup, Snapshot as SdkSnapshot } from '@aws-sdk/client-elasticache';
import { describe, expect, it } from 'vitest';
import {
  aclFromElastiCache,
  clusterFromElastiCache,
  eventFromElastiCache,
  elasticacheSourceType,
  modelSourceType,
  snapshotClusterMode,
  snapshotFromElastiCache,
  userFromElastiCache,
  withCacheClusters,
} from '../../src/lib/control/elasticache-shapes.js';
import { EVENT_TYPES } from '../../src/lib/control/model.js';

const T1 = new Date('2024-03-01T10:00:00.000Z');
const T2 = new Date('2024-03-01T10:05:00.000Z');
const HOST = 'use1.cache.amazonaws.com';

function undefinedKeys(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}.${k}`] : undefinedKeys(v, `${path}.${k}`)));
}

/** Cluster mode enabled, 2 node groups × (1 primary + 1 replica): AWS reports no roles, no member endpoints. */
function enabledGroup(): ReplicationGroup {
  return {
    ReplicationGroupId: 'sessions',
    Description: 'session store',
    Status: 'available',
    PendingModifiedValues: {},
    MemberClusters: ['sessions-0001-001', 'sessions-0001-002', 'sessions-0002-001', 'sessions-0002-002'],
    NodeGroups: [
      {
        NodeGroupId: '0001',
        Status: 'available',
        Slots: '0-8191',
        NodeGroupMembers: [
          { CacheClusterId: 'sessions-0001-001', CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1a' },
          { CacheClusterId: 'sessions-0001-002', CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1b' },
        ],
      },
      {
        NodeGroupId: '0002',
        Status: 'available',
        Slots: '8192-16383',
        NodeGroupMembers: [
          { CacheClusterId: 'sessions-0002-001', CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1a' },
          { CacheClusterId: 'sessions-0002-002', CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1b' },
        ],
      },
    ],
    AutomaticFailover: 'enabled',
    MultiAZ: 'enabled',
    ConfigurationEndpoint: { Address: `clustercfg.sessions.abc123.${HOST}`, Port: 6379 },
    SnapshotRetentionLimit: 7,
    SnapshotWindow: '05:00-06:00',
    ClusterEnabled: true,
    ClusterMode: 'enabled',
    CacheNodeType: 'cache.r7g.large',
    AuthTokenEnabled: false,
    TransitEncryptionEnabled: true,
    AtRestEncryptionEnabled: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
    ARN: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions',
    UserGroupIds: ['app-users'],
    ReplicationGroupCreateTime: T1,
    DataTiering: 'disabled',
    AutoMinorVersionUpgrade: true,
    Engine: 'valkey',
  };
}

/** Cluster mode disabled: one node group with primary and reader endpoints and member roles. */
function disabledGroup(): ReplicationGroup {
  return {
    ReplicationGroupId: 'cache',
    Description: 'created by memctl',
    Status: 'Modifying',
    PendingModifiedValues: { AuthTokenStatus: 'ROTATING' },
    MemberClusters: ['cache-001', 'cache-002', 'cache-003'],
    NodeGroups: [
      {
        NodeGroupId: '0001',
        Status: 'modifying',
        PrimaryEndpoint: { Address: `master.cache.abc123.${HOST}`, Port: 6379 },
        ReaderEndpoint: { Address: `replica.cache.abc123.${HOST}`, Port: 6379 },
        NodeGroupMembers: [
          { CacheClusterId: 'cache-001', CacheNodeId: '0001', ReadEndpoint: { Address: `cache-001.abc123.${HOST}`, Port: 6379 }, PreferredAvailabilityZone: 'us-east-1a', CurrentRole: 'primary' },
          { CacheClusterId: 'cache-002', CacheNodeId: '0001', ReadEndpoint: { Address: `cache-002.abc123.${HOST}`, Port: 6379 }, PreferredAvailabilityZone: 'us-east-1b', CurrentRole: 'replica' },
          { CacheClusterId: 'cache-003', CacheNodeId: '0001', ReadEndpoint: { Address: `cache-003.abc123.${HOST}`, Port: 6379 }, PreferredAvailabilityZone: 'us-east-1c', CurrentRole: 'replica' },
        ],
      },
    ],
    AutomaticFailover: 'enabled',
    MultiAZ: 'disabled',
    ClusterEnabled: false,
    CacheNodeType: 'cache.t4g.micro',
    AuthTokenEnabled: true,
    AuthTokenLastModifiedDate: T2,
    TransitEncryptionEnabled: true,
    AtRestEncryptionEnabled: false,
    ARN: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:cache',
    Engine: 'redis',
  };
}

function member(id: string, group: string, extra: Partial<CacheCluster> = {}): CacheCluster {
  return {
    CacheClusterId: id,
    ReplicationGroupId: group,
    CacheClusterStatus: 'available',
    EngineVersion: '7.1.0',
    CacheClusterCreateTime: T1,
    PreferredMaintenanceWindow: 'sun:23:00-mon:01:30',
    NotificationConfiguration: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:ops', TopicStatus: 'active' },
    CacheParameterGroup: { CacheParameterGroupName: 'default.valkey7.cluster.on', ParameterApplyStatus: 'in-sync' },
    CacheSubnetGroupName: 'private',
    SecurityGroups: [{ SecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
    CacheNodes: [{ CacheNodeId: '0001', CacheNodeStatus: 'available', CacheNodeCreateTime: T2, Endpoint: { Address: `${id}.abc123.${HOST}`, Port: 6379 }, CustomerAvailabilityZone: 'us-east-1a' }],
    ...extra,
  };
}

describe('clusterFromElastiCache: cluster mode enabled', () => {
  it('maps node groups to shards, the configuration endpoint, user groups and encryption', () => {
    const c = clusterFromElastiCache(enabledGroup());
    expect(c).toEqual({
      service: 'elasticache',
      name: 'sessions',
      status: 'available',
      description: 'session store',
      arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions',
      engine: 'valkey',
      nodeType: 'cache.r7g.large',
      shardCount: 2,
      replicasPerShard: 1,
      clusterMode: 'enabled',
      tls: true,
      endpoint: { address: `clustercfg.sessions.abc123.${HOST}`, port: 6379 },
      acl: 'app-users',
      userGroups: ['app-users'],
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc',
      snapshotRetentionLimit: 7,
      snapshotWindow: '05:00-06:00',
      availabilityMode: 'multiaz',
      multiAz: true,
      automaticFailover: 'enabled',
      atRestEncryption: true,
      authTokenEnabled: false,
      dataTiering: false,
      autoMinorVersionUpgrade: true,
      createdAt: T1,
      memberClusters: ['sessions-0001-001', 'sessions-0001-002', 'sessions-0002-001', 'sessions-0002-002'],
      shards: [
        {
          id: '0001',
          status: 'available',
          slots: '0-8191',
          nodes: [
            { name: 'sessions-0001-001', status: 'available', availabilityZone: 'us-east-1a' },
            { name: 'sessions-0001-002', status: 'available', availabilityZone: 'us-east-1b' },
          ],
        },
        {
          id: '0002',
          status: 'available',
          slots: '8192-16383',
          nodes: [
            { name: 'sessions-0002-001', status: 'available', availabilityZone: 'us-east-1a' },
            { name: 'sessions-0002-002', status: 'available', availabilityZone: 'us-east-1b' },
          ],
        },
      ],
    });
    expect(undefinedKeys(c)).toEqual([]);
  });

  it('has no primary or reader endpoint and no roles (the nodes tell those)', () => {
    const c = clusterFromElastiCache(enabledGroup());
    expect(c.primaryEndpoint).toBeUndefined();
    expect(c.readerEndpoint).toBeUndefined();
    expect(c.shards?.flatMap((s) => s.nodes.map((n) => n.role))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('treats "compatible" (a step of the migration to cluster mode) as enabled, and falls back on ClusterEnabled', () => {
    expect(clusterFromElastiCache({ ...enabledGroup(), ClusterMode: 'compatible' }).clusterMode).toBe('enabled');
    expect(clusterFromElastiCache({ ...enabledGroup(), ClusterMode: undefined, ClusterEnabled: true }).clusterMode).toBe('enabled');
    expect(clusterFromElastiCache({ ...enabledGroup(), ClusterMode: undefined, ClusterEnabled: false }).clusterMode).toBe('disabled');
  });

  it('a group being created: no endpoints, no node groups yet', () => {
    const c = clusterFromElastiCache({ ReplicationGroupId: 'new', Status: 'creating', ClusterMode: 'enabled', CacheNodeType: 'cache.t4g.micro', MemberClusters: [] });
    expect(c).toEqual({ service: 'elasticache', name: 'new', status: 'creating', engine: 'redis', nodeType: 'cache.t4g.micro', shardCount: 0, clusterMode: 'enabled', tls: false });
  });

  it('keeps pending changes (resharding progress, user groups) only when there are some', () => {
    const pending = clusterFromElastiCache({ ...enabledGroup(), Status: 'modifying', PendingModifiedValues: { Resharding: { SlotMigration: { ProgressPercentage: 42 } } } });
    expect(pending.status).toBe('modifying');
    expect(pending.pendingUpdates).toEqual({ Resharding: { SlotMigration: { ProgressPercentage: 42 } } });
    expect(clusterFromElastiCache(enabledGroup()).pendingUpdates).toBeUndefined();
  });

  it('replicas per shard is the smallest node group\'s replica count', () => {
    const rg = enabledGroup();
    rg.NodeGroups?.[1]?.NodeGroupMembers?.pop();
    expect(clusterFromElastiCache(rg).replicasPerShard).toBe(0);
  });
});

describe('clusterFromElastiCache: cluster mode disabled', () => {
  it('one shard with roles; endpoint is the primary endpoint; primary and reader endpoints shown', () => {
    const c = clusterFromElastiCache(disabledGroup());
    expect(c).toMatchObject({
      name: 'cache',
      status: 'modifying',
      clusterMode: 'disabled',
      shardCount: 1,
      replicasPerShard: 2,
      endpoint: { address: `master.cache.abc123.${HOST}`, port: 6379 },
      primaryEndpoint: { address: `master.cache.abc123.${HOST}`, port: 6379 },
      readerEndpoint: { address: `replica.cache.abc123.${HOST}`, port: 6379 },
      authTokenEnabled: true,
      authTokenLastModified: T2,
      availabilityMode: 'singleaz',
      multiAz: false,
      atRestEncryption: false,
      pendingUpdates: { AuthTokenStatus: 'ROTATING' },
    });
    expect(c.acl).toBeUndefined();
    expect(c.userGroups).toBeUndefined();
    expect(c.shards).toEqual([
      {
        id: '0001',
        status: 'modifying',
        nodes: [
          { name: 'cache-001', status: 'modifying', role: 'primary', availabilityZone: 'us-east-1a', endpoint: { address: `cache-001.abc123.${HOST}`, port: 6379 } },
          { name: 'cache-002', status: 'modifying', role: 'replica', availabilityZone: 'us-east-1b', endpoint: { address: `cache-002.abc123.${HOST}`, port: 6379 } },
          { name: 'cache-003', status: 'modifying', role: 'replica', availabilityZone: 'us-east-1c', endpoint: { address: `cache-003.abc123.${HOST}`, port: 6379 } },
        ],
      },
    ]);
    expect(undefinedKeys(c)).toEqual([]);
  });

  it('a cluster-mode-disabled group without node groups yet still has one shard', () => {
    expect(clusterFromElastiCache({ ReplicationGroupId: 'x', Status: 'creating', ClusterEnabled: false }).shardCount).toBe(1);
  });
});

describe('withCacheClusters', () => {
  it('fills in version, parameter/subnet/security groups, SNS topic, maintenance window and per-node status, time and endpoint', () => {
    const base = clusterFromElastiCache(enabledGroup());
    const members = (base.memberClusters ?? []).map((id) => member(id, 'sessions', id.endsWith('0002-002') ? { CacheClusterStatus: 'creating', CacheNodes: [] } : {}));
    const c = withCacheClusters(base, members);
    expect(c).toMatchObject({
      engineVersion: '7.1.0',
      parameterGroup: 'default.valkey7.cluster.on',
      subnetGroup: 'private',
      securityGroups: ['sg-0123456789abcdef0'],
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
      maintenanceWindow: 'sun:23:00-mon:01:30',
    });
    const nodes = c.shards?.flatMap((s) => s.nodes) ?? [];
    expect(nodes[0]).toEqual({
      name: 'sessions-0001-001',
      status: 'available',
      availabilityZone: 'us-east-1a',
      createdAt: T2,
      endpoint: { address: `sessions-0001-001.abc123.${HOST}`, port: 6379 },
    });
    // No cache node yet: the cache cluster's own status, its creation time, no endpoint.
    expect(nodes[3]).toEqual({ name: 'sessions-0002-002', status: 'creating', availabilityZone: 'us-east-1b', createdAt: T1 });
    expect(undefinedKeys(c)).toEqual([]);
  });

  it('keeps the group\'s own view when a member is unknown, and is a no-op with no members', () => {
    const base = clusterFromElastiCache(disabledGroup());
    expect(withCacheClusters(base, [])).toEqual(base);
    const one = withCacheClusters(base, [member('cache-002', 'cache')]);
    expect(one.shards?.[0]?.nodes[0]).toEqual(base.shards?.[0]?.nodes[0]);
    // A member's node endpoint never replaces the one the node group reports.
    expect(one.shards?.[0]?.nodes[1]).toMatchObject({ status: 'available', role: 'replica', endpoint: { address: `cache-002.abc123.${HOST}`, port: 6379 } });
  });

  it('works on a listing (no shards)', () => {
    const base = { ...clusterFromElastiCache(enabledGroup()), shards: undefined };
    const c = withCacheClusters(base, [member('sessions-0001-001', 'sessions')]);
    expect(c.engineVersion).toBe('7.1.0');
    expect('shards' in c).toBe(false);
  });
});

describe('userFromElastiCache', () => {
  it('maps a password user with id = name, its user groups and password count', () => {
    expect(
      userFromElastiCache({
        UserId: 'app',
        UserName: 'app',
        Status: 'active',
        Engine: 'redis',
        MinimumEngineVersion: '6.0',
        AccessString: 'on ~app:* +@all',
        UserGroupIds: ['app-users'],
        Authentication: { Type: 'password', PasswordCount: 2 },
        ARN: 'arn:aws:elasticache:us-east-1:123456789012:user:app',
      }),
    ).toEqual({
      service: 'elasticache',
      name: 'app',
      status: 'active',
      accessString: 'on ~app:* +@all',
      authentication: 'password',
      passwordCount: 2,
      acls: ['app-users'],
      minimumEngineVersion: '6.0',
      engine: 'redis',
      arn: 'arn:aws:elasticache:us-east-1:123456789012:user:app',
    });
  });

  it('names a user by its id and shows its user name when they differ (a replacement default user)', () => {
    const u = userFromElastiCache({ UserId: 'no-default', UserName: 'default', Status: 'active', AccessString: 'off -@all', Authentication: { Type: 'no-password' } });
    expect(u).toMatchObject({ name: 'no-default', userName: 'default', authentication: 'no-password', acls: [] });
  });

  it('maps the built-in default user and IAM users', () => {
    expect(userFromElastiCache({ UserId: 'default', UserName: 'default', Status: 'active', Authentication: { Type: 'no-password' } })).toMatchObject({ name: 'default', authentication: 'no-password' });
    expect(userFromElastiCache({ UserId: 'svc', UserName: 'svc', Status: 'active', Authentication: { Type: 'iam' } }).authentication).toBe('iam');
  });
});

describe('aclFromElastiCache (user groups)', () => {
  it('maps users (ids), replication groups and pending changes', () => {
    expect(
      aclFromElastiCache({
        UserGroupId: 'app-users',
        Status: 'modifying',
        Engine: 'redis',
        UserIds: ['app', 'default'],
        MinimumEngineVersion: '6.0',
        PendingChanges: { UserIdsToAdd: ['ops'], UserIdsToRemove: [] },
        ReplicationGroups: ['sessions'],
        ARN: 'arn:aws:elasticache:us-east-1:123456789012:usergroup:app-users',
      }),
    ).toEqual({
      service: 'elasticache',
      name: 'app-users',
      status: 'modifying',
      users: ['app', 'default'],
      clusters: ['sessions'],
      minimumEngineVersion: '6.0',
      pendingChanges: { usersToAdd: ['ops'] },
      engine: 'redis',
      arn: 'arn:aws:elasticache:us-east-1:123456789012:usergroup:app-users',
    });
  });

  it('empty pending changes are no pending changes', () => {
    expect(aclFromElastiCache({ UserGroupId: 'g', Status: 'active', PendingChanges: { UserIdsToAdd: [], UserIdsToRemove: [] } })).toEqual({ service: 'elasticache', name: 'g', status: 'active', users: [], clusters: [] });
  });
});

function snapshot(extra: Partial<SdkSnapshot> = {}): SdkSnapshot {
  return {
    SnapshotName: 'nightly',
    ReplicationGroupId: 'sessions',
    SnapshotStatus: 'available',
    SnapshotSource: 'manual',
    CacheNodeType: 'cache.r7g.large',
    Engine: 'valkey',
    EngineVersion: '7.2',
    NumNodeGroups: 2,
    CacheParameterGroupName: 'default.valkey7.cluster.on',
    NodeSnapshots: [
      { CacheClusterId: 'sessions-0001-001', NodeGroupId: '0001', CacheNodeId: '0001', NodeGroupConfiguration: { NodeGroupId: '0001', Slots: '0-8191', ReplicaCount: 1 }, CacheSize: '11 MB', SnapshotCreateTime: T2 },
      { CacheClusterId: 'sessions-0002-001', NodeGroupId: '0002', CacheNodeId: '0001', NodeGroupConfiguration: { NodeGroupId: '0002', Slots: '8192-16383', ReplicaCount: 1 }, CacheSize: '10 MB', SnapshotCreateTime: T1 },
    ],
    KmsKeyId: 'key-1',
    ARN: 'arn:aws:elasticache:us-east-1:123456789012:snapshot:nightly',
    DataTiering: 'disabled',
    ...extra,
  };
}

describe('snapshotFromElastiCache', () => {
  it('maps node snapshots to shards, the earliest time to createdAt', () => {
    const s = snapshotFromElastiCache(snapshot());
    expect(s).toEqual({
      service: 'elasticache',
      name: 'nightly',
      status: 'available',
      source: 'manual',
      arn: 'arn:aws:elasticache:us-east-1:123456789012:snapshot:nightly',
      kmsKeyId: 'key-1',
      clusterName: 'sessions',
      nodeType: 'cache.r7g.large',
      engine: 'valkey',
      engineVersion: '7.2',
      shardCount: 2,
      // What a restore takes from the snapshot (docs: the smallest node group's replicas).
      parameterGroup: 'default.valkey7.cluster.on',
      replicasPerShard: 1,
      dataTiering: false,
      createdAt: T1,
      clusterMode: 'enabled',
      shards: [
        { name: '0001', slots: '0-8191', replicaCount: 1, size: '11 MB', createdAt: T2 },
        { name: '0002', slots: '8192-16383', replicaCount: 1, size: '10 MB', createdAt: T1 },
      ],
    });
    expect(undefinedKeys(s)).toEqual([]);
  });

  it('an automated snapshot of a cluster-mode-disabled group', () => {
    const s = snapshotFromElastiCache({
      SnapshotName: 'automatic.cache-2024-03-01-05-00',
      ReplicationGroupId: 'cache',
      SnapshotStatus: 'creating',
      SnapshotSource: 'automated',
      CacheParameterGroupName: 'default.redis7',
      NodeSnapshots: [{ CacheClusterId: 'cache-002', NodeGroupId: '0001', CacheSize: '1 MB', SnapshotCreateTime: T1 }],
    });
    expect(s).toMatchObject({ source: 'automated', status: 'creating', clusterName: 'cache', shardCount: 1, clusterMode: 'disabled', shards: [{ name: '0001', size: '1 MB', createdAt: T1 }] });
  });
});

describe('snapshotClusterMode', () => {
  it('several node groups, slots, or a cluster.on parameter group mean cluster mode enabled', () => {
    expect(snapshotClusterMode(snapshot())).toBe('enabled');
    expect(snapshotClusterMode({ NumNodeGroups: 1, NodeSnapshots: [{ NodeGroupConfiguration: { Slots: '0-16383' } }] })).toBe('enabled');
    expect(snapshotClusterMode({ NumNodeGroups: 1, CacheParameterGroupName: 'default.redis7.cluster.on' })).toBe('enabled');
    expect(snapshotClusterMode({ NumNodeGroups: 1, CacheParameterGroupName: 'default.redis7' })).toBe('disabled');
    expect(snapshotClusterMode({})).toBe('disabled');
  });
});

describe('events', () => {
  it('maps ElastiCache source types to the model\'s and back', () => {
    for (const type of EVENT_TYPES) expect(modelSourceType(elasticacheSourceType(type))).toBe(type);
    expect(elasticacheSourceType('cluster')).toBe('replication-group');
    expect(elasticacheSourceType('node')).toBe('cache-cluster');
    expect(elasticacheSourceType('acl')).toBe('user-group');
    expect(modelSourceType('serverless-cache')).toBe('serverless-cache');
  });

  it('maps an event', () => {
    expect(eventFromElastiCache({ SourceIdentifier: 'cache-001', SourceType: 'cache-cluster', Message: 'Cache node 0001 restarted', Date: T1 })).toEqual({
      date: T1,
      sourceName: 'cache-001',
      sourceType: 'node',
      message: 'Cache node 0001 restarted',
    });
  });
});
