// @ts-nocheck
// ElastiCache snapshots through the unmodified SDK client, on real redis-server processes: a
// snapshot of a group with cluster mode enabled (one RDB per node group) and of one with it
// disabled (asked by member cluster id), statuses, shapes, filters, restore into new groups with
// identical data, copy with an S3 export, deletion rules, automated snapshots with retention, and
// the separation from MemoryDB's snapshots (one namespace, each service sees its own).
import {
  CopySnapshotCommand,
  CreateReplicationGroupCommand,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ModifyReplicationGroupCommand,
  type ElastiCacheClient,
  type ReplicationGroup,
  type Snapshot,
} from '@aws-sdk/client-elasticache';
import { CreateSnapshotCommand as CreateMemoryDbSnapshotCommand, DescribeSnapshotsCommand as DescribeMemoryDbSnapshotsCommand } from '@aws-sdk/client-memorydb';
import { Redis } from 'ioredis';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterClient, elasticacheClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';

let t: TestPlane;
let ec: ElastiCacheClient;

beforeAll(async () => {
  // Automated snapshots every 1.5 s, so retention can be seen at work.
  t = await startPlane({ autoSnapshotIntervalMs: 1500 });
  ec = elasticacheClient(t.plane.endpoint);
});

afterAll(async () => {
  ec?.destroy();
  await t?.stop();
});

async function fault(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode ?? '?'}`,
  );
}

async function describeGroup(id: string): Promise<ReplicationGroup> {
  return (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0] as ReplicationGroup;
}

async function waitGroup(id: string): Promise<ReplicationGroup> {
  return eventually(async () => {
    const g = await describeGroup(id);
    return g.Status === 'available' ? g : undefined;
  }, 60_000);
}

async function describeSnapshot(name: string, show = false): Promise<Snapshot> {
  return (await ec.send(new DescribeSnapshotsCommand({ SnapshotName: name, ShowNodeGroupConfig: show }))).Snapshots?.[0] as Snapshot;
}

async function waitSnapshot(name: string): Promise<Snapshot> {
  return eventually(async () => {
    const s = await describeSnapshot(name, true);
    return s.SnapshotStatus === 'available' ? s : undefined;
  }, 30_000);
}

function nodeClient(port: number): Redis {
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {});
  return client;
}

const KEYS = 300;
const value = (i: number): string => `value-${i}-${'x'.repeat(i % 17)}`;

/** Every key of the data set, read back through a group's endpoint. */
async function readAll(group: ReplicationGroup): Promise<Array<string | null>> {
  if (group.ClusterEnabled === true) {
    const client = clusterClient(t.stateDir, group.ConfigurationEndpoint?.Port as number, true);
    try {
      return await Promise.all(Array.from({ length: KEYS }, (_, i) => client.get(`key:${i}`)));
    } finally {
      client.disconnect();
    }
  }
  const client = nodeClient(group.NodeGroups?.[0]?.PrimaryEndpoint?.Port as number);
  try {
    return await client.mget(Array.from({ length: KEYS }, (_, i) => `key:${i}`));
  } finally {
    client.disconnect();
  }
}

const expected = Array.from({ length: KEYS }, (_, i) => value(i));

describe('ElastiCache snapshots', () => {
  let enabled: ReplicationGroup;
  let disabled: ReplicationGroup;

  beforeAll(async () => {
    const base = { CacheNodeType: 'cache.t4g.micro', Engine: 'redis' };
    await Promise.all([
      ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'snap-cme', ReplicationGroupDescription: 'enabled', NumNodeGroups: 2, ReplicasPerNodeGroup: 0, TransitEncryptionEnabled: true })),
      ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'snap-cmd', ReplicationGroupDescription: 'disabled', NumCacheClusters: 2 })),
    ]);
    [enabled, disabled] = await Promise.all([waitGroup('snap-cme'), waitGroup('snap-cmd')]);
    const cluster = clusterClient(t.stateDir, enabled.ConfigurationEndpoint?.Port as number, true);
    const primary = nodeClient(disabled.NodeGroups?.[0]?.PrimaryEndpoint?.Port as number);
    try {
      await Promise.all(Array.from({ length: KEYS }, (_, i) => cluster.set(`key:${i}`, value(i))));
      await primary.mset(...Array.from({ length: KEYS }, (_, i) => [`key:${i}`, value(i)]).flat());
    } finally {
      cluster.disconnect();
      primary.disconnect();
    }
  }, 90_000);

  it('snapshots a cluster-mode-enabled group: snapshotting → available, one node snapshot per node group', async () => {
    const created = await ec.send(new CreateSnapshotCommand({ ReplicationGroupId: 'snap-cme', SnapshotName: 'cme-manual', Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(created.Snapshot).toMatchObject({ SnapshotName: 'cme-manual', SnapshotStatus: 'creating', SnapshotSource: 'manual', ReplicationGroupId: 'snap-cme', ARN: 'arn:aws:elasticache:us-east-1:000000000000:snapshot:cme-manual' });
    expect((await describeGroup('snap-cme')).Status).toBe('snapshotting');
    const snapshot = await waitSnapshot('cme-manual');
    expect(snapshot).toMatchObject({
      ReplicationGroupDescription: 'enabled',
      CacheNodeType: 'cache.t4g.micro',
      Engine: 'redis',
      NumNodeGroups: 2,
      AutomaticFailover: 'enabled',
      DataTiering: 'disabled',
    });
    expect(snapshot.NodeSnapshots?.map((n) => [n.NodeGroupId, n.NodeGroupConfiguration?.Slots, n.NodeGroupConfiguration?.ReplicaCount])).toEqual([
      ['0001', '0-8191', 0],
      ['0002', '8192-16383', 0],
    ]);
    expect(snapshot.NodeSnapshots?.[0]?.SnapshotCreateTime).toBeInstanceOf(Date);
    expect(snapshot.NodeSnapshots?.[0]?.CacheNodeCreateTime).toBeInstanceOf(Date);
    expect(snapshot.NodeSnapshots?.[0]?.CacheSize).toMatch(/^\d+ MB$/);
    await waitGroup('snap-cme');
  });

  it('snapshots a cluster-mode-disabled group by member cluster id', async () => {
    const member = disabled.MemberClusters?.[0] as string;
    expect(await fault(ec.send(new CreateSnapshotCommand({ CacheClusterId: 'nope-001', SnapshotName: 'x' })))).toBe('CacheClusterNotFoundFault 404');
    expect(await fault(ec.send(new CreateSnapshotCommand({ ReplicationGroupId: 'nope', SnapshotName: 'x' })))).toBe('ReplicationGroupNotFoundFault 404');
    expect(await fault(ec.send(new CreateSnapshotCommand({ SnapshotName: 'x' })))).toBe('InvalidParameterCombinationException 400');
    await ec.send(new CreateSnapshotCommand({ CacheClusterId: member, SnapshotName: 'cmd-manual' }));
    const snapshot = await waitSnapshot('cmd-manual');
    expect(snapshot).toMatchObject({ ReplicationGroupId: 'snap-cmd', CacheClusterId: member, NumNodeGroups: 1 });
    expect(snapshot.NodeSnapshots?.map((n) => [n.NodeGroupId, n.CacheClusterId, n.NodeGroupConfiguration?.Slots, n.NodeGroupConfiguration?.ReplicaCount])).toEqual([['0001', member, undefined, 1]]);
    // The replica's zone follows the primary's, as the group's nodes are placed.
    expect(snapshot.NodeSnapshots?.[0]?.NodeGroupConfiguration).toMatchObject({ PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'] });
    expect(snapshot.NodeSnapshots?.[0]?.CacheNodeCreateTime).toBeInstanceOf(Date);
    expect(await fault(ec.send(new CreateSnapshotCommand({ ReplicationGroupId: 'snap-cmd', SnapshotName: 'cmd-manual' })))).toBe('SnapshotAlreadyExistsFault 400');
    await waitGroup('snap-cmd');
  });

  it('lists by group, member and source; MemoryDB sees none of them but shares the names', async () => {
    const byGroup = await ec.send(new DescribeSnapshotsCommand({ ReplicationGroupId: 'snap-cme' }));
    expect(byGroup.Snapshots?.map((s) => s.SnapshotName)).toEqual(['cme-manual']);
    const byMember = await ec.send(new DescribeSnapshotsCommand({ CacheClusterId: disabled.MemberClusters?.[0] }));
    expect(byMember.Snapshots?.map((s) => s.SnapshotName)).toEqual(['cmd-manual']);
    expect((await ec.send(new DescribeSnapshotsCommand({ SnapshotSource: 'system' }))).Snapshots).toEqual([]);
    expect((await ec.send(new DescribeSnapshotsCommand({ SnapshotSource: 'user' }))).Snapshots?.length).toBe(2);
    expect(await fault(ec.send(new DescribeSnapshotsCommand({ SnapshotName: 'nope' })))).toBe('SnapshotNotFoundFault 404');
    expect(await fault(ec.send(new DescribeSnapshotsCommand({ MaxRecords: 5 })))).toBe('InvalidParameterValueException 400');
    expect((await t.client.send(new DescribeMemoryDbSnapshotsCommand({}))).Snapshots).toEqual([]);
    expect(await fault(t.client.send(new DescribeMemoryDbSnapshotsCommand({ SnapshotName: 'cme-manual' })))).toBe('SnapshotNotFoundFault 400');
    expect(await fault(t.client.send(new CreateMemoryDbSnapshotCommand({ ClusterName: 'snap-cme', SnapshotName: 'x' })))).toBe('ClusterNotFoundFault 400');
  });

  it('restores both cluster modes into new groups with identical data; a snapshot in use cannot be deleted', async () => {
    const base = { CacheNodeType: 'cache.t4g.micro', Engine: 'redis' };
    await ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'rest-cme', ReplicationGroupDescription: 'restored', SnapshotName: 'cme-manual', NumNodeGroups: 2, ReplicasPerNodeGroup: 0, TransitEncryptionEnabled: true }));
    expect((await describeSnapshot('cme-manual')).SnapshotStatus).toBe('restoring');
    expect(await fault(ec.send(new DeleteSnapshotCommand({ SnapshotName: 'cme-manual' })))).toBe('InvalidSnapshotStateFault 400');
    const arn = (await describeSnapshot('cmd-manual')).ARN;
    await ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'rest-cmd', ReplicationGroupDescription: 'restored', SnapshotArns: [arn as string], NumCacheClusters: 1 }));
    const [restoredEnabled, restoredDisabled] = await Promise.all([waitGroup('rest-cme'), waitGroup('rest-cmd')]);
    expect(await readAll(restoredEnabled)).toEqual(expected);
    expect(await readAll(restoredDisabled)).toEqual(expected);
    expect((await describeSnapshot('cme-manual')).SnapshotStatus).toBe('available');
  });

  it('copies, exporting to a bucket, and deletes', async () => {
    expect(await fault(ec.send(new CopySnapshotCommand({ SourceSnapshotName: 'nope', TargetSnapshotName: 'y' })))).toBe('SnapshotNotFoundFault 404');
    expect(await fault(ec.send(new CopySnapshotCommand({ SourceSnapshotName: 'cme-manual', TargetSnapshotName: 'cmd-manual' })))).toBe('SnapshotAlreadyExistsFault 400');
    const copy = await ec.send(new CopySnapshotCommand({ SourceSnapshotName: 'cme-manual', TargetSnapshotName: 'cme-export', TargetBucket: 'my-bucket' }));
    expect(copy.Snapshot).toMatchObject({ SnapshotName: 'cme-export', SnapshotStatus: 'copying', SnapshotSource: 'manual', ReplicationGroupId: 'snap-cme' });
    const copied = await waitSnapshot('cme-export');
    expect(copied.NodeSnapshots).toHaveLength(2);
    const bucket = join(t.stateDir, 's3', 'my-bucket');
    const exported = ['0001', '0002'].map((g) => join(bucket, `cme-export-${g}.rdb`));
    expect(exported.every((f) => existsSync(f))).toBe(true);
    expect(readFileSync(exported[0] as string).subarray(0, 5).toString()).toBe('REDIS');

    const deleted = await ec.send(new DeleteSnapshotCommand({ SnapshotName: 'cme-export' }));
    expect(deleted.Snapshot?.SnapshotStatus).toBe('deleting');
    await eventually(async () => ((await fault(ec.send(new DescribeSnapshotsCommand({ SnapshotName: 'cme-export' })))) === 'SnapshotNotFoundFault 404' ? true : undefined));
  });

  it('takes automated snapshots of groups with a retention limit and keeps only the newest', async () => {
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rest-cmd', SnapshotRetentionLimit: 1, ApplyImmediately: true }));
    const automated = async (): Promise<Snapshot[]> => (await ec.send(new DescribeSnapshotsCommand({ ReplicationGroupId: 'rest-cmd', SnapshotSource: 'system' }))).Snapshots ?? [];
    const first = await eventually(async () => (await automated()).find((s) => s.SnapshotStatus === 'available'), 20_000);
    expect(first.SnapshotName).toMatch(/^automatic\.rest-cmd-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}(-\d+)?$/);
    expect(first.SnapshotSource).toBe('automated');
    // The next one replaces it (retention 1).
    await eventually(async () => {
      const now = await automated();
      return now.length === 1 && now[0]?.SnapshotName !== first.SnapshotName && now[0]?.SnapshotStatus === 'available' ? true : undefined;
    }, 20_000);
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rest-cmd', SnapshotRetentionLimit: 0, ApplyImmediately: true }));
  });
});
