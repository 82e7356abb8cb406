// @ts-nocheck
// UpdateCluster, FailoverShard, snapshots and events through the unmodified SDK client, done for
// real by the local control plane: data is checked across every operation.
import {
  CopySnapshotCommand,
  CreateClusterCommand,
  CreateSnapshotCommand,
  DeleteClusterCommand,
  DeleteSnapshotCommand,
  DescribeClustersCommand,
  DescribeEventsCommand,
  DescribeSnapshotsCommand,
  FailoverShardCommand,
  UpdateClusterCommand,
  type Cluster,
} from '@aws-sdk/client-memorydb';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNode } from '../../src/lib/local/engine/nodes/redis-node.js';
import { clusterClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';

let t: TestPlane;

beforeAll(async () => {
  // Laptop-sized nodes (db.t4g.small ≈ 1.4 MB) so "the data would not fit" is cheap to reach.
  t = await startPlane({ memoryScale: 0.001, autoSnapshotIntervalMs: 300 });
});

afterAll(async () => {
  await t?.stop();
});

async function describeCluster(name: string): Promise<Cluster> {
  const out = await t.client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true }));
  return out.Clusters?.[0] as Cluster;
}

async function waitStatus(name: string, status = 'available', timeoutMs = 60_000): Promise<Cluster> {
  return eventually(async () => {
    const c = await describeCluster(name);
    return c.Status === status ? c : undefined;
  }, timeoutMs);
}

async function create(name: string, shards: number, replicas: number, extra: Record<string, unknown> = {}): Promise<Cluster> {
  await t.client.send(new CreateClusterCommand({ ClusterName: name, NodeType: 'db.r6g.xlarge', ACLName: 'open-access', NumShards: shards, NumReplicasPerShard: replicas, ...extra }));
  return waitStatus(name);
}

async function fault(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error) => e.name,
  );
}

/** Writes n keys of several types; returns what each should read back as. */
async function writeKeys(port: number, n: number, prefix: string): Promise<Map<string, string>> {
  const redis = clusterClient(t.stateDir, port);
  const expected = new Map<string, string>();
  try {
    for (let i = 0; i < n; i++) {
      const key = `${prefix}:${i}`;
      if (i % 3 === 0) {
        await redis.hset(key, { a: String(i), b: 'x'.repeat(i % 50) });
        expected.set(key, `hash:${i}:${'x'.repeat(i % 50)}`);
      } else if (i % 3 === 1) {
        await redis.rpush(key, 'one', String(i));
        expected.set(key, `list:one,${i}`);
      } else {
        await redis.set(key, `v${i}`);
        expected.set(key, `string:v${i}`);
      }
    }
  } finally {
    redis.disconnect();
  }
  return expected;
}

async function readKeys(port: number, keys: Iterable<string>): Promise<Map<string, string>> {
  const redis = clusterClient(t.stateDir, port);
  const out = new Map<string, string>();
  try {
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'hash') {
        const h = await redis.hgetall(key);
        out.set(key, `hash:${h.a}:${h.b}`);
      } else if (type === 'list') out.set(key, `list:${(await redis.lrange(key, 0, -1)).join(',')}`);
      else if (type === 'string') out.set(key, `string:${await redis.get(key)}`);
      else out.set(key, `missing:${type}`);
    }
  } finally {
    redis.disconnect();
  }
  return out;
}

describe('resharding', () => {
  it('2 → 3 → 2 shards online: slots move with their keys, none lost, statuses walk updating → available', async () => {
    const c = await create('grow', 2, 1);
    const port = c.ClusterEndpoint?.Port as number;
    const expected = await writeKeys(port, 3000, 'grow');
    const updating = await t.client.send(new UpdateClusterCommand({ ClusterName: 'grow', ShardConfiguration: { ShardCount: 3 } }));
    expect(updating.Cluster?.Status).toBe('updating');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'grow', ShardConfiguration: { ShardCount: 4 } })))).toBe('InvalidClusterStateFault');
    const three = await waitStatus('grow');
    expect(three.NumberOfShards).toBe(3);
    expect(three.Shards?.map((s) => s.Name)).toEqual(['0001', '0002', '0003']);
    expect(three.Shards?.every((s) => s.Nodes?.length === 2)).toBe(true);
    expect(await readKeys(port, expected.keys())).toEqual(expected);
    // Every key is on the shard that owns its slot: DBSIZE of the primaries adds up.
    const tls = await t.plane.runtime.tls();
    let total = 0;
    for (const shard of three.Shards ?? []) {
      const sizes = await Promise.all((shard.Nodes ?? []).map(async (n) => {
        const r = connectNode(n.Endpoint?.Port as number, tls);
        try {
          return (await r.dbsize()) as number;
        } finally {
          r.disconnect();
        }
      }));
      total += Math.max(...sizes);
      expect(sizes[0], `shard ${shard.Name} holds keys`).toBeGreaterThan(0);
    }
    expect(total).toBe(3000);

    await t.client.send(new UpdateClusterCommand({ ClusterName: 'grow', ShardConfiguration: { ShardCount: 2 } }));
    const two = await waitStatus('grow');
    expect(two.Shards?.map((s) => s.Name)).toEqual(['0001', '0002']);
    expect(await readKeys(port, expected.keys())).toEqual(expected);
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'grow', ShardConfiguration: { ShardCount: 2 } })))).toBe('NoOperationFault');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'grow', ShardConfiguration: { ShardCount: 501 } })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'grow', ShardConfiguration: { ShardCount: 3 }, ReplicaConfiguration: { ReplicaCount: 2 } })))).toBe(
      'InvalidParameterCombinationException',
    );
  });

  it('replicas 1 → 2 → 1: new replicas sync the data, removed ones are gone', async () => {
    const c = await create('reps', 1, 1);
    const port = c.ClusterEndpoint?.Port as number;
    await writeKeys(port, 200, 'reps');
    await t.client.send(new UpdateClusterCommand({ ClusterName: 'reps', ReplicaConfiguration: { ReplicaCount: 2 } }));
    const more = await waitStatus('reps');
    const nodes = more.Shards?.[0]?.Nodes ?? [];
    expect(nodes.map((n) => n.Name)).toEqual(['reps-0001-001', 'reps-0001-002', 'reps-0001-003']);
    const tls = await t.plane.runtime.tls();
    const newest = connectNode(nodes[2]?.Endpoint?.Port as number, tls);
    try {
      expect(await newest.dbsize()).toBe(200);
      expect(String(await newest.info('replication'))).toContain('role:slave');
    } finally {
      newest.disconnect();
    }
    await t.client.send(new UpdateClusterCommand({ ClusterName: 'reps', ReplicaConfiguration: { ReplicaCount: 1 } }));
    const fewer = await waitStatus('reps');
    expect(fewer.Shards?.[0]?.Nodes?.map((n) => n.Name)).toEqual(['reps-0001-001', 'reps-0001-002']);
  });
});

describe('node type', () => {
  it('applies the new memory limit, and refuses a type the data does not fit', async () => {
    const c = await create('sized', 1, 0);
    const port = c.ClusterEndpoint?.Port as number;
    const redis = clusterClient(t.stateDir, port);
    try {
      for (let i = 0; i < 40; i++) await redis.set(`blob:${i}`, 'x'.repeat(50_000));
    } finally {
      redis.disconnect();
    }
    const refused = await t.client.send(new UpdateClusterCommand({ ClusterName: 'sized', NodeType: 'db.t4g.small' })).catch((e: Error) => e);
    expect((refused as Error).name).toBe('InvalidParameterValueException');
    expect((refused as Error).message).toContain('does not fit db.t4g.small');
    await t.client.send(new UpdateClusterCommand({ ClusterName: 'sized', NodeType: 'db.r7g.large' }));
    const changed = await waitStatus('sized');
    expect(changed.NodeType).toBe('db.r7g.large');
    const node = connectNode(port, await t.plane.runtime.tls());
    try {
      const [, maxmemory] = (await node.call('CONFIG', 'GET', 'maxmemory')) as [string, string];
      expect(Number(maxmemory)).toBe(Math.round(13.07 * 1024 ** 3 * 0.001));
    } finally {
      node.disconnect();
    }
  });
});

describe('failover', () => {
  it('promotes the replica of the shard; unknown shards and shards without replicas are refused', async () => {
    const c = await create('flip', 2, 1);
    const [primary, replica] = c.Shards?.[0]?.Nodes ?? [];
    await t.client.send(new FailoverShardCommand({ ClusterName: 'flip', ShardName: '0001' }));
    await waitStatus('flip');
    const tls = await t.plane.runtime.tls();
    const promoted = connectNode(replica?.Endpoint?.Port as number, tls);
    const demoted = connectNode(primary?.Endpoint?.Port as number, tls);
    try {
      expect(((await promoted.call('ROLE')) as unknown[])[0]).toBe('master');
      expect(((await demoted.call('ROLE')) as unknown[])[0]).toBe('slave');
    } finally {
      promoted.disconnect();
      demoted.disconnect();
    }
    expect(await fault(t.client.send(new FailoverShardCommand({ ClusterName: 'flip', ShardName: '0009' })))).toBe('ShardNotFoundFault');
    await create('solo', 1, 0);
    expect(await fault(t.client.send(new FailoverShardCommand({ ClusterName: 'solo', ShardName: '0001' })))).toBe('TestFailoverNotAvailableFault');
  });
});

describe('snapshots', () => {
  it('snapshot, restore into a new cluster with identical data, copy with export, delete; final snapshot on delete', async () => {
    const c = await create('source', 2, 0);
    const port = c.ClusterEndpoint?.Port as number;
    const expected = await writeKeys(port, 1000, 'snap');
    const made = await t.client.send(new CreateSnapshotCommand({ ClusterName: 'source', SnapshotName: 'nightly' }));
    expect(made.Snapshot).toMatchObject({ Name: 'nightly', Status: 'creating', Source: 'manual' });
    expect(await fault(t.client.send(new CreateSnapshotCommand({ ClusterName: 'source', SnapshotName: 'nightly' })))).toBe('SnapshotAlreadyExistsFault');
    const snap = await eventually(async () => {
      const s = (await t.client.send(new DescribeSnapshotsCommand({ SnapshotName: 'nightly', ShowDetail: true }))).Snapshots?.[0];
      return s?.Status === 'available' ? s : undefined;
    });
    expect(snap.ClusterConfiguration?.NumShards).toBe(2);
    expect(snap.ClusterConfiguration?.Shards?.map((s) => s.Configuration?.Slots)).toEqual(['0-8191', '8192-16383']);
    expect(snap.ClusterConfiguration?.Shards?.every((s) => /^\d+\.\d MB$/.test(s.Size ?? ''))).toBe(true);
    await waitStatus('source');

    await t.client.send(new CreateClusterCommand({ ClusterName: 'restored', NodeType: 'db.r6g.xlarge', ACLName: 'open-access', SnapshotName: 'nightly', NumReplicasPerShard: 1 }));
    expect(await fault(t.client.send(new DeleteSnapshotCommand({ SnapshotName: 'nightly' })))).toBe('InvalidSnapshotStateFault');
    const restored = await waitStatus('restored');
    expect(restored.NumberOfShards).toBe(2);
    expect(await readKeys(restored.ClusterEndpoint?.Port as number, expected.keys())).toEqual(expected);
    expect(await fault(t.client.send(new CreateClusterCommand({ ClusterName: 'restored', NodeType: 'db.r6g.xlarge', ACLName: 'open-access', SnapshotName: 'nightly' })))).toBe(
      'ClusterAlreadyExistsFault',
    );
    expect(await fault(t.client.send(new CreateClusterCommand({ ClusterName: 'other', NodeType: 'db.r6g.xlarge', ACLName: 'open-access', SnapshotName: 'nightly', NumShards: 3 })))).toBe(
      'InvalidParameterCombinationException',
    );

    await t.client.send(new CopySnapshotCommand({ SourceSnapshotName: 'nightly', TargetSnapshotName: 'nightly-export', TargetBucket: 'my-backups' }));
    await eventually(async () => ((await t.client.send(new DescribeSnapshotsCommand({ SnapshotName: 'nightly-export' }))).Snapshots?.[0]?.Status === 'available' ? true : undefined));
    expect(readdirSync(join(t.stateDir, 's3', 'my-backups')).sort()).toEqual(['nightly-export-0001.rdb', 'nightly-export-0002.rdb']);

    await t.client.send(new DeleteSnapshotCommand({ SnapshotName: 'nightly-export' }));
    await eventually(async () => ((await fault(t.client.send(new DescribeSnapshotsCommand({ SnapshotName: 'nightly-export' })))) === 'SnapshotNotFoundFault' ? true : undefined));
    expect(existsSync(join(t.stateDir, 'snapshots', 'nightly-export'))).toBe(false);

    await t.client.send(new DeleteClusterCommand({ ClusterName: 'source', FinalSnapshotName: 'source-final' }));
    await eventually(async () => ((await fault(describeCluster('source').then((c) => (c === undefined ? Promise.reject(new Error('x')) : c)))) !== 'no error' ? true : undefined));
    const final = (await t.client.send(new DescribeSnapshotsCommand({ SnapshotName: 'source-final', ShowDetail: true }))).Snapshots?.[0];
    expect(final?.Status).toBe('available');
    expect(final?.ClusterConfiguration?.Name).toBe('source');
  });

  it('a node over its maxmemory is still snapshotted (MULTI refuses every command on a full node)', async () => {
    // db.t4g.small at this plane's scale is ~1.4 MB: a cluster node is over it from the start.
    await t.client.send(new CreateClusterCommand({ ClusterName: 'full', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0 }));
    await waitStatus('full');
    await t.client.send(new CreateSnapshotCommand({ ClusterName: 'full', SnapshotName: 'full-snap' }));
    const done = await eventually(async () => {
      const s = (await t.client.send(new DescribeSnapshotsCommand({ SnapshotName: 'full-snap' }))).Snapshots?.[0];
      return s?.Status === 'available' || s?.Status === 'failed' ? s : undefined;
    }, 30_000);
    expect(done.Status).toBe('available');
  });

  it('automated snapshots honour the retention limit', async () => {
    await create('auto', 1, 0, { SnapshotRetentionLimit: 2 });
    // One automated snapshot every 300 ms: after a few intervals only the newest two remain.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const listed = await eventually(async () => {
      // The filter says "system" for automated snapshots (the API's words); the snapshots say "automated".
      const all = (await t.client.send(new DescribeSnapshotsCommand({ ClusterName: 'auto', Source: 'system' }))).Snapshots ?? [];
      return all.length === 2 && all.every((s) => s.Status === 'available') ? all : undefined;
    });
    expect(listed.every((s) => s.Name?.startsWith('automatic.auto-') && s.Source === 'automated')).toBe(true);
    expect((await t.client.send(new DescribeSnapshotsCommand({ ClusterName: 'auto', Source: 'user' }))).Snapshots).toEqual([]);
    expect(await fault(t.client.send(new DescribeSnapshotsCommand({ ClusterName: 'auto', Source: 'automated' })))).toBe('InvalidParameterValueException');
    // The next automated snapshot may be running (snapshotting refuses updates): retry until it is not.
    await eventually(async () => ((await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'auto', SnapshotRetentionLimit: 0 })))) === 'no error' ? true : undefined));
    expect((await describeCluster('auto'))?.SnapshotRetentionLimit).toBe(0);
  });
});

describe('events', () => {
  it('records lifecycle changes, newest first, filtered by source', async () => {
    const events = (await t.client.send(new DescribeEventsCommand({ SourceType: 'cluster', Duration: 60 }))).Events ?? [];
    const messages = events.map((e) => `${e.SourceName}: ${e.Message}`);
    expect(messages).toContain('grow: Cluster created');
    expect(messages.some((m) => m.startsWith('grow: Scaling cluster from 2 to 3 shards completed'))).toBe(true);
    expect(messages.some((m) => m.startsWith('flip: Failover of shard 0001 completed'))).toBe(true);
    expect(messages.some((m) => m.startsWith('source: Snapshot nightly of cluster source succeeded'))).toBe(true);
    expect(messages).toContain('source: Cluster deleted');
    const dates = events.map((e) => (e.Date as Date).getTime());
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    const flip = (await t.client.send(new DescribeEventsCommand({ SourceName: 'flip', Duration: 60 }))).Events ?? [];
    expect(flip.every((e) => e.SourceName === 'flip')).toBe(true);
    expect(await fault(t.client.send(new DescribeEventsCommand({ Duration: 20_161 })))).toBe('InvalidParameterValueException');
  });
});
