// @ts-nocheck
// The unmodified AWS SDK ElastiCache client (awsQuery) against the local control plane, backed by
// real redis-server processes: replication groups with cluster mode enabled (a Redis Cluster) and
// disabled (a primary and REPLICAOF replicas), their shapes, data through their endpoints,
// resharding, replica counts, node type, TestFailover, member cache clusters, events, tags, errors.
import {
  AddTagsToResourceCommand,
  CopySnapshotCommand,
  CreateReplicationGroupCommand,
  DecreaseReplicaCountCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheEngineVersionsCommand,
  DescribeCacheParameterGroupsCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  IncreaseReplicaCountCommand,
  ListTagsForResourceCommand,
  ModifyReplicationGroupCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  RemoveTagsFromResourceCommand,
  TestFailoverCommand,
  paginateDescribeEvents,
  type ElastiCacheClient,
  type NodeGroup,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { CreateClusterCommand, CreateUserCommand, DescribeClustersCommand, DescribeEventsCommand as DescribeMemoryDbEventsCommand } from '@aws-sdk/client-memorydb';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNode } from '../../src/lib/local/engine/nodes/redis-node.js';
import { clusterClient, elasticacheClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';

let t: TestPlane;
let ec: ElastiCacheClient;

beforeAll(async () => {
  t = await startPlane();
  ec = elasticacheClient(t.plane.endpoint);
});

afterAll(async () => {
  ec?.destroy();
  await t?.stop();
});

async function describeGroup(id: string): Promise<ReplicationGroup> {
  const out = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return out.ReplicationGroups?.[0] as ReplicationGroup;
}

async function waitAvailable(id: string, timeoutMs = 60_000): Promise<ReplicationGroup> {
  return eventually(async () => {
    const g = await describeGroup(id);
    return g.Status === 'available' ? g : undefined;
  }, timeoutMs);
}

/** The error an SDK call fails with: its code (name) and HTTP status. */
async function fault(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode ?? '?'}`,
  );
}

/** A standalone client to a node, as an application would connect to a cluster-mode-disabled endpoint. */
function nodeClient(port: number, tls: boolean): Redis {
  const ca = tls ? readFileSync(join(t.stateDir, 'tls', 'ca.crt')) : undefined;
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null, ...(tls ? { tls: { ca, servername: 'localhost' } } : {}) });
  client.on('error', () => {});
  return client;
}

function ports(group: NodeGroup | undefined): { primary: number; reader: number; roles: Record<string, string> } {
  return {
    primary: group?.PrimaryEndpoint?.Port as number,
    reader: group?.ReaderEndpoint?.Port as number,
    roles: Object.fromEntries((group?.NodeGroupMembers ?? []).map((m) => [m.CacheClusterId, m.CurrentRole])),
  };
}

describe('replication groups', () => {
  let cme: ReplicationGroup;
  let cmd: ReplicationGroup;

  beforeAll(async () => {
    const [enabled, disabled] = await Promise.all([
      ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: 'cme',
          ReplicationGroupDescription: 'cluster mode enabled',
          CacheNodeType: 'cache.t4g.micro',
          Engine: 'redis',
          NumNodeGroups: 2,
          ReplicasPerNodeGroup: 1,
          TransitEncryptionEnabled: true,
          Tags: [{ Key: 'team', Value: 'payments' }],
        }),
      ),
      ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: 'cmd',
          ReplicationGroupDescription: 'cluster mode disabled',
          CacheNodeType: 'cache.t4g.micro',
          Engine: 'valkey',
          NumCacheClusters: 3,
          AutomaticFailoverEnabled: true,
          MultiAZEnabled: true,
          SnapshotRetentionLimit: 1,
        }),
      ),
    ]);
    expect(enabled.ReplicationGroup?.Status).toBe('creating');
    expect(disabled.ReplicationGroup?.Status).toBe('creating');
    expect(enabled.ReplicationGroup?.ConfigurationEndpoint).toBeUndefined();
    [cme, cmd] = await Promise.all([waitAvailable('cme'), waitAvailable('cmd')]);
  });

  it('cluster mode enabled: node groups with slots, a configuration endpoint, TLS, and data through it', async () => {
    expect(cme).toMatchObject({
      ReplicationGroupId: 'cme',
      Description: 'cluster mode enabled',
      Status: 'available',
      ClusterEnabled: true,
      ClusterMode: 'enabled',
      AutomaticFailover: 'enabled',
      MultiAZ: 'disabled',
      CacheNodeType: 'cache.t4g.micro',
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: false,
      AuthTokenEnabled: false,
      Engine: 'redis',
      DataTiering: 'disabled',
      ARN: 'arn:aws:elasticache:us-east-1:000000000000:replicationgroup:cme',
      MemberClusters: ['cme-0001-001', 'cme-0001-002', 'cme-0002-001', 'cme-0002-002'],
    });
    expect(cme.ReplicationGroupCreateTime).toBeInstanceOf(Date);
    expect(cme.NodeGroups?.map((g) => [g.NodeGroupId, g.Status, g.Slots])).toEqual([
      ['0001', 'available', '0-8191'],
      ['0002', 'available', '8192-16383'],
    ]);
    const member = cme.NodeGroups?.[0]?.NodeGroupMembers?.[0];
    expect(member).toMatchObject({ CacheClusterId: 'cme-0001-001', CacheNodeId: '0001', PreferredAvailabilityZone: 'us-east-1a' });
    expect(member?.CurrentRole).toBeUndefined();
    expect(cme.NodeGroups?.[0]?.PrimaryEndpoint).toBeUndefined();
    const port = cme.ConfigurationEndpoint?.Port as number;
    expect(cme.ConfigurationEndpoint?.Address).toBe('127.0.0.1');
    const redis = clusterClient(t.stateDir, port, true);
    try {
      for (let i = 0; i < 300; i++) await redis.set(`k:${i}`, `v${i}`);
      expect(await redis.get('k:299')).toBe('v299');
    } finally {
      redis.disconnect();
    }
  });

  it('cluster mode disabled: a live primary and replicas, primary and reader endpoints, data replicated', async () => {
    expect(cmd).toMatchObject({
      ClusterEnabled: false,
      ClusterMode: 'disabled',
      AutomaticFailover: 'enabled',
      MultiAZ: 'enabled',
      TransitEncryptionEnabled: false,
      SnapshotRetentionLimit: 1,
      SnapshottingClusterId: 'cmd-003',
      MemberClusters: ['cmd-001', 'cmd-002', 'cmd-003'],
      Engine: 'valkey',
    });
    expect(cmd.ConfigurationEndpoint).toBeUndefined();
    const group = cmd.NodeGroups?.[0];
    expect(cmd.NodeGroups).toHaveLength(1);
    expect(group?.NodeGroupId).toBe('0001');
    expect(group?.Slots).toBeUndefined();
    const { primary, reader, roles } = ports(group);
    expect(roles).toEqual({ 'cmd-001': 'primary', 'cmd-002': 'replica', 'cmd-003': 'replica' });
    expect(primary).toBe(group?.NodeGroupMembers?.[0]?.ReadEndpoint?.Port);
    expect(reader).not.toBe(primary);
    const writer = nodeClient(primary, false);
    const replica = nodeClient(reader, false);
    try {
      for (let i = 0; i < 200; i++) await writer.set(`d:${i}`, `v${i}`);
      expect(await writer.call('WAIT', '2', '5000')).toBe(2);
      expect(await replica.get('d:199')).toBe('v199');
      await expect(replica.set('x', '1')).rejects.toThrow(/READONLY/);
    } finally {
      writer.disconnect();
      replica.disconnect();
    }
  });

  it('answers the model error codes for bad input, unknown groups and the shared namespace', async () => {
    expect(await fault(describeGroup('ghost'))).toBe('ReplicationGroupNotFoundFault 404');
    const base = { ReplicationGroupDescription: 'x', CacheNodeType: 'cache.t4g.micro' };
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'cme' })))).toBe('ReplicationGroupAlreadyExistsFault 400');
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', NumNodeGroups: 2, AutomaticFailoverEnabled: false })))).toBe(
      'InvalidParameterCombinationException 400',
    );
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', CacheNodeType: 'cache.x9.huge' })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', ClusterMode: 'enabled', ReplicasPerNodeGroup: 6 })))).toBe(
      'InvalidParameterValueException 400',
    );
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', NumCacheClusters: 1, AutomaticFailoverEnabled: true })))).toBe(
      'InvalidParameterValueException 400',
    );
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: '1bad' })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', CacheParameterGroupName: 'nope' })))).toBe('CacheParameterGroupNotFoundFault 404');
    expect(await fault(ec.send(new DescribeReplicationGroupsCommand({ MaxRecords: 5 })))).toBe('InvalidParameterValueException 400');
    // One namespace with MemoryDB: the group is not a MemoryDB cluster, and its name is taken.
    expect(await fault(t.client.send(new DescribeClustersCommand({ ClusterName: 'cme' })))).toBe('ClusterNotFoundFault 400');
    expect((await t.client.send(new DescribeClustersCommand({}))).Clusters).toEqual([]);
    expect(await fault(t.client.send(new CreateClusterCommand({ ClusterName: 'cmd', NodeType: 'db.t4g.small', ACLName: 'open-access' })))).toBe('ClusterAlreadyExistsFault 400');
  });

  it('reshards cluster mode enabled 2 → 3 → 2 node groups online, keeping every key', async () => {
    const port = cme.ConfigurationEndpoint?.Port as number;
    expect(await fault(ec.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'cmd', NodeGroupCount: 2, ApplyImmediately: true })))).toBe(
      'InvalidParameterValueException 400',
    );
    const started = await ec.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'cme', NodeGroupCount: 3, ApplyImmediately: true }));
    expect(started.ReplicationGroup?.Status).toBe('modifying');
    expect(started.ReplicationGroup?.PendingModifiedValues?.Resharding?.SlotMigration?.ProgressPercentage).toBeGreaterThanOrEqual(0);
    expect(await fault(ec.send(new TestFailoverCommand({ ReplicationGroupId: 'cme', NodeGroupId: '0001' })))).toBe('InvalidReplicationGroupStateFault 400');
    const three = await waitAvailable('cme');
    expect(three.NodeGroups?.map((g) => [g.NodeGroupId, g.Slots])).toEqual([
      ['0001', '0-5461'],
      ['0002', '8192-13652'],
      ['0003', '5462-8191,13653-16383'],
    ]);
    expect(three.MemberClusters).toHaveLength(6);
    expect(await fault(ec.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'cme', NodeGroupCount: 2, ApplyImmediately: true })))).toBe(
      'InvalidParameterValueException 400',
    );
    await ec.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: 'cme', NodeGroupCount: 2, ApplyImmediately: true, NodeGroupsToRemove: ['0002'] }));
    const two = await waitAvailable('cme');
    expect(two.NodeGroups?.map((g) => g.NodeGroupId)).toEqual(['0001', '0003']);
    expect(two.MemberClusters).toEqual(['cme-0001-001', 'cme-0001-002', 'cme-0003-001', 'cme-0003-002']);
    const redis = clusterClient(t.stateDir, port, true);
    try {
      const values = await Promise.all(Array.from({ length: 300 }, (_, i) => redis.get(`k:${i}`)));
      expect(values.filter((v, i) => v === `v${i}`)).toHaveLength(300);
    } finally {
      redis.disconnect();
    }
  });

  it('adds and removes replicas of cluster mode disabled, which sync over REPLICAOF', async () => {
    const more = await ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'cmd', NewReplicaCount: 3, ApplyImmediately: true }));
    expect(more.ReplicationGroup?.Status).toBe('modifying');
    const four = await waitAvailable('cmd');
    expect(four.MemberClusters).toEqual(['cmd-001', 'cmd-002', 'cmd-003', 'cmd-004']);
    const added = four.NodeGroups?.[0]?.NodeGroupMembers?.find((m) => m.CacheClusterId === 'cmd-004');
    expect(added?.CurrentRole).toBe('replica');
    const replica = nodeClient(added?.ReadEndpoint?.Port as number, false);
    try {
      expect(await replica.get('d:199')).toBe('v199');
    } finally {
      replica.disconnect();
    }
    expect(await fault(ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'cmd', NewReplicaCount: 0, ApplyImmediately: true })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'cmd', NewReplicaCount: 3, ApplyImmediately: true })))).toBe('NoOperationFault 400');
    expect(await fault(ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'cmd', ReplicasToRemove: ['cmd-001'], ApplyImmediately: true })))).toBe('InvalidParameterValueException 400');
    await ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'cmd', ReplicasToRemove: ['cmd-003'], ApplyImmediately: true }));
    const three = await waitAvailable('cmd');
    expect(three.MemberClusters).toEqual(['cmd-001', 'cmd-002', 'cmd-004']);
    // The member automated snapshots came from is gone: another one takes over.
    expect(three.SnapshottingClusterId).toBe('cmd-004');
  });

  it('changes the node type: every node gets the new maxmemory', async () => {
    const changed = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'cmd', CacheNodeType: 'cache.t4g.small', ApplyImmediately: true }));
    expect(changed.ReplicationGroup?.Status).toBe('modifying');
    const after = await waitAvailable('cmd');
    expect(after.CacheNodeType).toBe('cache.t4g.small');
    const tls = null;
    for (const m of after.NodeGroups?.[0]?.NodeGroupMembers ?? []) {
      const node = connectNode(m.ReadEndpoint?.Port as number, tls);
      try {
        expect(await node.call('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', String(Math.round(1.37 * 1024 ** 3))]);
      } finally {
        node.disconnect();
      }
    }
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'cmd', ReplicationGroupDescription: 'renamed', SnapshotRetentionLimit: 0, ApplyImmediately: true }));
    const renamed = await waitAvailable('cmd');
    expect(renamed.Description).toBe('renamed');
    expect(await fault(ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'cme', AutomaticFailoverEnabled: false })))).toBe('InvalidParameterCombinationException 400');
  });

  it('TestFailover with cluster mode disabled: a replica takes over, the endpoint follows, no acknowledged write is lost', async () => {
    const before = ports((await describeGroup('cmd')).NodeGroups?.[0]);
    const writer = nodeClient(before.primary, false);
    let acked = 0;
    let writing = true;
    const loop = (async () => {
      while (writing) {
        try {
          await writer.incr('counter');
          acked++;
        } catch {
          // READONLY once the old primary is a replica: not acknowledged, so not counted.
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 100));
      const started = await ec.send(new TestFailoverCommand({ ReplicationGroupId: 'cmd', NodeGroupId: '0001' }));
      expect(started.ReplicationGroup?.Status).toBe('modifying');
      await waitAvailable('cmd');
    } finally {
      writing = false;
      await loop;
      writer.disconnect();
    }
    const after = ports((await describeGroup('cmd')).NodeGroups?.[0]);
    expect(after.primary).not.toBe(before.primary);
    expect(after.roles['cmd-001']).toBe('replica');
    expect(Object.values(after.roles).filter((r) => r === 'primary')).toHaveLength(1);
    const primary = nodeClient(after.primary, false);
    try {
      expect(acked).toBeGreaterThan(0);
      expect(Number(await primary.get('counter'))).toBe(acked);
      expect(await primary.get('d:199')).toBe('v199');
      expect(await primary.set('after', 'failover')).toBe('OK');
      expect(await primary.call('WAIT', '2', '5000')).toBe(2);
    } finally {
      primary.disconnect();
    }
  });

  it('TestFailover with cluster mode enabled swaps the roles in the node group, keys intact', async () => {
    const tls = await t.plane.runtime.tls();
    const roleOf = async (port: number): Promise<string> => {
      const node = connectNode(port, tls);
      try {
        return String(((await node.call('ROLE')) as unknown[])[0]);
      } finally {
        node.disconnect();
      }
    };
    const members = (await ec.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }))).CacheClusters ?? [];
    const port = (id: string): number => members.find((c) => c.CacheClusterId === id)?.CacheNodes?.[0]?.Endpoint?.Port as number;
    expect(await roleOf(port('cme-0001-001'))).toBe('master');
    await ec.send(new TestFailoverCommand({ ReplicationGroupId: 'cme', NodeGroupId: '1' }));
    const group = await waitAvailable('cme');
    expect(await roleOf(port('cme-0001-001'))).toBe('slave');
    expect(await roleOf(port('cme-0001-002'))).toBe('master');
    const redis = clusterClient(t.stateDir, group.ConfigurationEndpoint?.Port as number, true);
    try {
      expect(await redis.get('k:7')).toBe('v7');
    } finally {
      redis.disconnect();
    }
    expect(await fault(ec.send(new TestFailoverCommand({ ReplicationGroupId: 'cme', NodeGroupId: '0009' })))).toBe('NodeGroupNotFoundFault 404');
  });

  it('describes member cache clusters', async () => {
    const all = (await ec.send(new DescribeCacheClustersCommand({}))).CacheClusters ?? [];
    expect(all.map((c) => c.CacheClusterId)).toEqual(['cmd-001', 'cmd-002', 'cmd-004', 'cme-0001-001', 'cme-0001-002', 'cme-0003-001', 'cme-0003-002']);
    expect(all[0]?.CacheNodes).toBeUndefined();
    const one = (await ec.send(new DescribeCacheClustersCommand({ CacheClusterId: 'cme-0003-002', ShowCacheNodeInfo: true }))).CacheClusters?.[0];
    expect(one).toMatchObject({
      CacheClusterId: 'cme-0003-002',
      ReplicationGroupId: 'cme',
      CacheClusterStatus: 'available',
      NumCacheNodes: 1,
      Engine: 'redis',
      CacheNodeType: 'cache.t4g.micro',
      TransitEncryptionEnabled: true,
      ReplicationGroupLogDeliveryEnabled: false,
      ARN: 'arn:aws:elasticache:us-east-1:000000000000:cluster:cme-0003-002',
      CacheParameterGroup: { CacheParameterGroupName: 'default.redis7.cluster.on', ParameterApplyStatus: 'in-sync' },
    });
    expect(one?.CacheClusterCreateTime).toBeInstanceOf(Date);
    expect(one?.CacheNodes?.[0]).toMatchObject({ CacheNodeId: '0001', CacheNodeStatus: 'available', Endpoint: { Address: '127.0.0.1' } });
    expect(await fault(ec.send(new DescribeCacheClustersCommand({ CacheClusterId: 'nope-001' })))).toBe('CacheClusterNotFoundFault 404');
  });

  it('lists its own events (paged, newest first), none of MemoryDB', async () => {
    const page = await ec.send(new DescribeEventsCommand({ SourceType: 'replication-group', SourceIdentifier: 'cmd' }));
    const messages = (page.Events ?? []).map((e) => e.Message);
    expect(messages).toContain('Replication group created');
    expect(messages).toContain('Test Failover API called for node group 0001');
    expect(messages.some((m) => m?.startsWith('Failover from primary node cmd-001 to replica node cmd-00'))).toBe(true);
    expect(page.Events?.[0]?.Date).toBeInstanceOf(Date);
    const members = await ec.send(new DescribeEventsCommand({ SourceType: 'cache-cluster', SourceIdentifier: 'cmd-001' }));
    expect(members.Events?.map((e) => e.Message)).toContain('Finished recovery for cache nodes 0001');
    let pages = 0;
    let count = 0;
    for await (const p of paginateDescribeEvents({ client: ec, pageSize: 20 }, {})) {
      pages++;
      count += p.Events?.length ?? 0;
    }
    expect(pages).toBeGreaterThan(1);
    expect(count).toBeGreaterThan(20);
    expect((await t.client.send(new DescribeMemoryDbEventsCommand({}))).Events).toEqual([]);
    // And the other way round: a MemoryDB user's event stays in MemoryDB's list.
    await t.client.send(new CreateUserCommand({ UserName: 'mdb-user', AccessString: 'on ~* +@all', AuthenticationMode: { Type: 'iam' } }));
    expect((await t.client.send(new DescribeMemoryDbEventsCommand({ SourceType: 'user' }))).Events?.map((e) => e.Message)).toEqual(['User mdb-user created']);
    expect((await ec.send(new DescribeEventsCommand({ SourceType: 'user' }))).Events).toEqual([]);
    expect(await fault(ec.send(new DescribeEventsCommand({ SourceType: 'cluster' as never })))).toBe('InvalidParameterValueException 400');
  });

  it('tags groups and member clusters by ARN', async () => {
    const arn = 'arn:aws:elasticache:us-east-1:000000000000:replicationgroup:cme';
    expect((await ec.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList).toEqual([{ Key: 'team', Value: 'payments' }]);
    const member = 'arn:aws:elasticache:us-east-1:000000000000:cluster:cmd-001';
    const added = await ec.send(new AddTagsToResourceCommand({ ResourceName: member, Tags: [{ Key: 'env', Value: 'dev & test' }, { Key: 'tier', Value: 'cache' }] }));
    expect(added.TagList).toEqual([{ Key: 'env', Value: 'dev & test' }, { Key: 'tier', Value: 'cache' }]);
    expect((await ec.send(new RemoveTagsFromResourceCommand({ ResourceName: member, TagKeys: ['tier'] }))).TagList).toEqual([{ Key: 'env', Value: 'dev & test' }]);
    expect(await fault(ec.send(new RemoveTagsFromResourceCommand({ ResourceName: member, TagKeys: ['tier'] })))).toBe('TagNotFoundFault 404');
    expect(await fault(ec.send(new ListTagsForResourceCommand({ ResourceName: 'arn:aws:elasticache:us-east-1:000000000000:replicationgroup:ghost' })))).toBe('ReplicationGroupNotFoundFault 404');
    expect(await fault(ec.send(new ListTagsForResourceCommand({ ResourceName: 'not-an-arn' })))).toBe('InvalidARNFault 400');
  });

  it('offers a catalog of engine versions and parameter groups', async () => {
    const versions = (await ec.send(new DescribeCacheEngineVersionsCommand({ Engine: 'valkey', DefaultOnly: true }))).CacheEngineVersions ?? [];
    expect(versions.map((v) => [v.EngineVersion, v.CacheParameterGroupFamily])).toEqual([['8.0', 'valkey8']]);
    const groups = (await ec.send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: 'default.redis7.cluster.on' }))).CacheParameterGroups ?? [];
    expect(groups[0]?.CacheParameterGroupFamily).toBe('redis7');
  });

  it('deletes groups (deleting, then gone with their nodes), with a final snapshot that restores', async () => {
    const solo = await ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'solo', ReplicationGroupDescription: 'one node', CacheNodeType: 'cache.t4g.micro' }));
    expect(solo.ReplicationGroup?.MemberClusters).toEqual(['solo-001']);
    const soloPort = ports((await waitAvailable('solo')).NodeGroups?.[0]).primary;
    const writer = nodeClient(soloPort, false);
    try {
      await writer.set('solo:key', 'kept');
    } finally {
      writer.disconnect();
    }
    expect(await fault(ec.send(new TestFailoverCommand({ ReplicationGroupId: 'solo', NodeGroupId: '0001' })))).toBe('InvalidReplicationGroupStateFault 400');
    expect(await fault(ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'solo', RetainPrimaryCluster: true })))).toBe('InvalidParameterValueException 400');
    const pids = t.plane.runtime.supervisor.pids();
    const deleted = await Promise.all([
      ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'cme' })),
      ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'cmd' })),
      ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'solo', FinalSnapshotIdentifier: 'solo-final' })),
    ]);
    expect(deleted.map((d) => d.ReplicationGroup?.Status)).toEqual(['deleting', 'deleting', 'deleting']);
    await eventually(async () => ((await ec.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups?.length === 0 ? true : undefined));
    expect(t.plane.runtime.supervisor.pids().size).toBe(0);
    expect(pids.size).toBe(8);
    const events = (await ec.send(new DescribeEventsCommand({ SourceIdentifier: 'solo' }))).Events ?? [];
    expect(events[0]?.Message).toBe('Replication group deleted');

    const snapshot = (await ec.send(new DescribeSnapshotsCommand({ SnapshotName: 'solo-final' }))).Snapshots?.[0];
    expect(snapshot?.SnapshotStatus).toBe('available');
    // Restored by name, and seeded from the RDB file an export put in the local S3.
    await ec.send(new CopySnapshotCommand({ SourceSnapshotName: 'solo-final', TargetSnapshotName: 'solo-export', TargetBucket: 'backups' }));
    await eventually(async () => ((await ec.send(new DescribeSnapshotsCommand({ SnapshotName: 'solo-export' }))).Snapshots?.[0]?.SnapshotStatus === 'available' ? true : undefined));
    expect(
      await fault(ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'seeded', ReplicationGroupDescription: 'x', CacheNodeType: 'cache.t4g.micro', SnapshotArns: ['arn:aws:s3:::backups/nope.rdb'] }))),
    ).toBe('InvalidParameterValueException 400');
    await Promise.all([
      ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'restored', ReplicationGroupDescription: 'from solo-final', SnapshotName: 'solo-final', NumCacheClusters: 2 })),
      ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: 'seeded',
          ReplicationGroupDescription: 'from S3',
          CacheNodeType: 'cache.t4g.small',
          SnapshotArns: ['arn:aws:s3:::backups/solo-export-0001.rdb'],
        }),
      ),
    ]);
    const [restored, seeded] = await Promise.all([waitAvailable('restored'), waitAvailable('seeded')]);
    expect(restored.CacheNodeType).toBe('cache.t4g.micro');
    for (const port of [ports(restored.NodeGroups?.[0]).reader, ports(seeded.NodeGroups?.[0]).primary]) {
      const reader = nodeClient(port, false);
      try {
        expect(await reader.get('solo:key')).toBe('kept');
      } finally {
        reader.disconnect();
      }
    }
    await Promise.all(['restored', 'seeded'].map((id) => ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: id }))));
  });
});

describe('a cluster-mode-disabled group across a restart of the control plane', () => {
  it('comes back with the roles a failover left, its data, and replication', async () => {
    const plane = await startPlane();
    const client = elasticacheClient(plane.plane.endpoint);
    let again: TestPlane | undefined;
    try {
      await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'durable', ReplicationGroupDescription: 'x', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 2, AutomaticFailoverEnabled: true }));
      const described = async (c: ElastiCacheClient): Promise<ReplicationGroup | undefined> => (await c.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'durable' }))).ReplicationGroups?.[0];
      const ready = async (c: ElastiCacheClient): Promise<ReplicationGroup> => eventually(async () => ((await described(c))?.Status === 'available' ? described(c) : undefined));
      const first = ports((await ready(client)).NodeGroups?.[0]);
      const writer = new Redis({ host: '127.0.0.1', port: first.primary, maxRetriesPerRequest: 1 });
      await writer.set('durable:key', 'v1');
      await writer.call('WAIT', '1', '5000');
      writer.disconnect();
      await client.send(new TestFailoverCommand({ ReplicationGroupId: 'durable', NodeGroupId: '0001' }));
      const swapped = ports((await ready(client)).NodeGroups?.[0]);
      expect(swapped.roles).toEqual({ 'durable-001': 'replica', 'durable-002': 'primary' });
      client.destroy();
      await plane.stop({ keepState: true });

      again = await startPlane({ stateDir: plane.stateDir });
      const other = elasticacheClient(again.plane.endpoint);
      try {
        const back = ports((await ready(other)).NodeGroups?.[0]);
        expect(back.roles).toEqual({ 'durable-001': 'replica', 'durable-002': 'primary' });
        expect(back.primary).toBe(swapped.primary);
        const primary = new Redis({ host: '127.0.0.1', port: back.primary, maxRetriesPerRequest: 1 });
        try {
          expect(await primary.get('durable:key')).toBe('v1');
          await primary.set('durable:after', 'v2');
          expect(await primary.call('WAIT', '1', '5000')).toBe(1);
        } finally {
          primary.disconnect();
        }
      } finally {
        other.destroy();
      }
    } finally {
      client.destroy();
      await (again ?? plane).stop();
    }
  });
});
