// @ts-nocheck
// Rolling engine upgrades on the local control plane, through the unmodified SDK clients: every
// node restarted on the target version's binary (replicas first, the primary after a failover),
// every key and every acknowledged write kept, the parameter group moved to the new family; an
// upgrade cut short by a stop of the plane continues from the live nodes on the next start.
// "Another version" is the installed redis-server under another path: what a node runs is read
// from its INFO (executable), which names the path it was started as.
import { DescribeEventsCommand as DescribeCacheEventsCommand, DescribeReplicationGroupsCommand, CreateReplicationGroupCommand, DeleteReplicationGroupCommand, ModifyReplicationGroupCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, DescribeEventsCommand, UpdateClusterCommand, type Cluster } from '@aws-sdk/client-memorydb';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminConnection, clusterClient, elasticacheClient, eventually, startPlane, tempDir, type TestPlane } from '../helpers/local.js';

const installed = execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
const binDir = tempDir('binaries');
/** The installed redis-server under another path: a second "version" whose nodes can be told apart. */
function release(name: string): string {
  mkdirSync(join(binDir, name));
  const path = join(binDir, name, 'redis-server');
  symlinkSync(installed, path);
  return path;
}
const redis71 = release('redis-7.1');
const valkey80 = release('valkey-8.0');

let t: TestPlane;
let ec: ElastiCacheClient;
const servers = { 'redis 7.1': redis71, 'valkey 8.0': valkey80 };

beforeAll(async () => {
  t = await startPlane({ servers });
  ec = elasticacheClient(t.plane.endpoint);
});

afterAll(async () => {
  ec?.destroy();
  await t?.stop();
  rmSync(binDir, { recursive: true, force: true });
});

async function describeCluster(name: string): Promise<Cluster> {
  return (await t.client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true }))).Clusters?.[0] as Cluster;
}

async function waitAvailable(name: string, timeoutMs = 90_000): Promise<Cluster> {
  return eventually(async () => {
    const c = await describeCluster(name);
    return c.Status === 'available' ? c : undefined;
  }, timeoutMs, 100);
}

/** What each node says it runs (INFO server executable), by node name. */
async function executables(cluster: Cluster): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const shard of cluster.Shards ?? []) {
    for (const node of shard.Nodes ?? []) {
      const admin: Redis = await adminConnection(t.stateDir, cluster.Name as string, node.Endpoint?.Port as number);
      try {
        out[node.Name as string] = /executable:(\S+)/.exec(String(await admin.info('server')))?.[1] ?? '?';
      } finally {
        admin.disconnect();
      }
    }
  }
  return out;
}

/** Writes keys one at a time until stopped; resolves with every key whose SET was acknowledged. */
function writer(port: number, prefix: string): { stop: () => Promise<string[]> } {
  const redis = clusterClient(t.stateDir, port);
  redis.on('error', () => undefined);
  const acked: string[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running && i < 100_000; i++) {
      const key = `${prefix}:{w${i % 50}}:${i}`;
      try {
        await redis.set(key, String(i));
        acked.push(key);
      } catch {
        // Refused while a node changes hands: not acknowledged, not counted.
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      redis.disconnect();
      return acked;
    },
  };
}

async function missingKeys(port: number, keys: string[]): Promise<string[]> {
  const redis = clusterClient(t.stateDir, port);
  try {
    const missing: string[] = [];
    for (const key of keys) if ((await redis.get(key)) === null) missing.push(key);
    return missing;
  } finally {
    redis.disconnect();
  }
}

describe('MemoryDB UpdateCluster EngineVersion / Engine', () => {
  it('upgrades 2 shards x 1 replica to redis 7.1 node by node, keeping every acknowledged write', async () => {
    await t.client.send(new CreateClusterCommand({ ClusterName: 'up', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 1, EngineVersion: '7.0' }));
    const before = await waitAvailable('up');
    expect(before.EngineVersion).toBe('7.0');
    expect(Object.values(await executables(before)).some((e) => e === redis71)).toBe(false);
    // An upgrade goes alone: mixed with a resharding it is refused before anything changes.
    await expect(t.client.send(new UpdateClusterCommand({ ClusterName: 'up', EngineVersion: '7.1', ShardConfiguration: { ShardCount: 3 } }))).rejects.toThrow(/cannot change in the same request/);
    expect((await describeCluster('up')).Status).toBe('available');
    const port = before.ClusterEndpoint?.Port as number;
    const w = writer(port, 'up');
    await new Promise((r) => setTimeout(r, 300));

    const answer = await t.client.send(new UpdateClusterCommand({ ClusterName: 'up', EngineVersion: '7.1' }));
    expect(answer.Cluster?.Status).toBe('updating');
    const after = await waitAvailable('up');
    const acked = await w.stop();

    expect(after.EngineVersion).toBe('7.1');
    expect(after.ParameterGroupName).toBe('default.memorydb-redis7');
    expect(Object.values(await executables(after))).toEqual([redis71, redis71, redis71, redis71]);
    expect(acked.length).toBeGreaterThan(50);
    expect(await missingKeys(port, acked)).toEqual([]);
    const events = (await t.client.send(new DescribeEventsCommand({ SourceName: 'up', SourceType: 'cluster', Duration: 60 }))).Events?.map((e) => e.Message) ?? [];
    expect(events).toContain('Engine upgrade from redis 7.0 to redis 7.1 started');
    expect(events.some((m) => /^Engine upgrade from redis 7\.0 to redis 7\.1 completed: 4 nodes restarted one at a time/.test(m ?? ''))).toBe(true);
    // Each shard failed over to an upgraded replica before its primary restarted.
    const nodeEvents = (await t.client.send(new DescribeEventsCommand({ SourceType: 'node', Duration: 60 }))).Events?.map((e) => e.Message) ?? [];
    expect(nodeEvents.filter((m) => /for the engine upgrade completed/.test(m ?? ''))).toHaveLength(2);

    // Versions only go up; what it runs now changes nothing.
    await expect(t.client.send(new UpdateClusterCommand({ ClusterName: 'up', EngineVersion: '7.0' }))).rejects.toThrow(/cannot go down/);
    expect((await t.client.send(new UpdateClusterCommand({ ClusterName: 'up', EngineVersion: '7.1' }))).Cluster?.Status).toBe('available');
  });

  it('refuses, before anything changes, a version with no binary installed', async () => {
    const refused = t.client.send(new UpdateClusterCommand({ ClusterName: 'up', Engine: 'valkey' }));
    await expect(refused).rejects.toThrow(/Cannot upgrade up to valkey 7\.2: no valkey 7\.2 binary is installed .*MEMCTL_REDIS_SERVER_VALKEY_7_2/);
    const still = await describeCluster('up');
    expect([still.Status, still.Engine, still.EngineVersion, still.NumberOfShards]).toEqual(['available', 'redis', '7.1', 2]);
    await t.client.send(new DeleteClusterCommand({ ClusterName: 'up' }));
  });

  it('an upgrade cut short by a stop of the plane continues from the live nodes on the next start', async () => {
    await t.client.send(new CreateClusterCommand({ ClusterName: 'resume', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 2, EngineVersion: '7.0' }));
    const before = await waitAvailable('resume');
    const port = before.ClusterEndpoint?.Port as number;
    const redis = clusterClient(t.stateDir, port);
    const keys = Array.from({ length: 300 }, (_, i) => `resume:${i}`);
    for (const key of keys) await redis.set(key, key);
    redis.disconnect();

    await t.client.send(new UpdateClusterCommand({ ClusterName: 'resume', EngineVersion: '7.1' }));
    // Stop the plane once the first node runs the new version, mid-upgrade.
    await eventually(async () => {
      const events = (await t.client.send(new DescribeEventsCommand({ SourceType: 'node', Duration: 60 }))).Events ?? [];
      return events.some((e) => /resume-0001-00\d restarted on redis 7\.1/.test(e.Message ?? '')) ? true : undefined;
    }, 60_000, 50);
    await t.stop({ keepState: true });
    t = await startPlane({ stateDir: t.stateDir, servers });
    ec.destroy();
    ec = elasticacheClient(t.plane.endpoint);

    const after = await waitAvailable('resume');
    expect(after.EngineVersion).toBe('7.1');
    expect(Object.values(await executables(after))).toEqual([redis71, redis71, redis71]);
    expect(await missingKeys(after.ClusterEndpoint?.Port as number, keys)).toEqual([]);
    const events = (await t.client.send(new DescribeEventsCommand({ SourceName: 'resume', SourceType: 'cluster', Duration: 60 }))).Events?.map((e) => e.Message) ?? [];
    expect(events).toContain('Continuing the interrupted engine upgrade to redis 7.1 after a restart of the control plane');
    await t.client.send(new DeleteClusterCommand({ ClusterName: 'resume' }));
  });
});

describe('ElastiCache ModifyReplicationGroup Engine / EngineVersion', () => {
  it('moves a cluster-mode-disabled group from redis to valkey 8.0, its primary failing over to an upgraded replica', async () => {
    await ec.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'ecup', ReplicationGroupDescription: 'upgrade', CacheNodeType: 'cache.t4g.micro', Engine: 'redis', EngineVersion: '7.1', NumCacheClusters: 2, AutomaticFailoverEnabled: true }),
    );
    const describeGroup = async () => (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'ecup' }))).ReplicationGroups?.[0];
    const ready = await eventually(async () => ((await describeGroup())?.Status === 'available' ? describeGroup() : undefined), 60_000, 100);
    const primary = ready?.NodeGroups?.[0]?.PrimaryEndpoint;
    const admin = await adminConnection(t.stateDir, 'ecup', primary?.Port as number, false);
    for (let i = 0; i < 200; i++) await admin.set(`ecup:${i}`, String(i));
    admin.disconnect();

    const answer = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'ecup', Engine: 'valkey', EngineVersion: '8.0', ApplyImmediately: true }));
    expect(answer.ReplicationGroup?.Status).toBe('modifying');
    const group = await eventually(async () => {
      const g = await describeGroup();
      return g?.Status === 'available' && g.Engine === 'valkey' ? g : undefined;
    }, 90_000, 100);
    expect(group?.CacheNodeType).toBe('cache.t4g.micro');
    const members = group?.NodeGroups?.[0]?.NodeGroupMembers ?? [];
    expect(members).toHaveLength(2);
    for (const member of members) {
      const node = await adminConnection(t.stateDir, 'ecup', member.ReadEndpoint?.Port as number, false);
      try {
        expect(/executable:(\S+)/.exec(String(await node.info('server')))?.[1]).toBe(valkey80);
        expect(await node.dbsize()).toBe(200);
      } finally {
        node.disconnect();
      }
    }
    const events = (await ec.send(new DescribeCacheEventsCommand({ SourceIdentifier: 'ecup', SourceType: 'replication-group', Duration: 60 }))).Events?.map((e) => e.Message) ?? [];
    expect(events.some((m) => /Engine upgrade from redis 7\.1 to valkey 8\.0 completed/.test(m ?? ''))).toBe(true);
    await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'ecup' }));
  });
});
