// @ts-nocheck
// Node failures handled as the services handle them, on real nodes through the SDK: a primary
// killed under writes hands its shard to its replica without losing an acknowledged write; a
// primary that cannot come back is replaced by its replica (takeover) and the cluster serves again;
// a state that lies about the slots is corrected from the nodes on the next start, with events.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { CreateClusterCommand, DescribeClustersCommand, DescribeEventsCommand, type Cluster as SdkCluster } from '@aws-sdk/client-memorydb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNode } from '../../src/lib/local/engine/nodes/node-client.js';
import { clusterClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';

async function role(port: number): Promise<string> {
  const c = connectNode(port, null, { connectTimeoutMs: 1000, commandTimeoutMs: 1000 });
  try {
    return String(((await c.call('ROLE')) as unknown[])[0]);
  } catch {
    return 'down';
  } finally {
    c.disconnect();
  }
}

describe('node failures', () => {
  let t: TestPlane;

  beforeAll(async () => {
    t = await startPlane();
  });

  afterAll(async () => {
    await t.stop();
  });

  async function create(name: string): Promise<SdkCluster> {
    await t.client.send(new CreateClusterCommand({ ClusterName: name, NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 1, TLSEnabled: false }));
    return eventually(async () => {
      const c = (await t.client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true }))).Clusters?.[0];
      return c?.Status === 'available' ? c : undefined;
    }, 60_000, 100);
  }

  const events = async (name: string): Promise<string[]> =>
    ((await t.client.send(new DescribeEventsCommand({ SourceName: name, SourceType: 'cluster', Duration: 60 }))).Events ?? []).map((e) => e.Message ?? '');

  it('a primary killed under writes hands its shard to its replica; no acknowledged write is lost', async () => {
    const cluster = await create('dies');
    const [primary, replica] = cluster.Shards?.[0]?.Nodes ?? [];
    const primaryPort = primary?.Endpoint?.Port as number;
    const replicaPort = replica?.Endpoint?.Port as number;
    expect(await role(primaryPort)).toBe('master');
    const writer = clusterClient(t.stateDir, cluster.ClusterEndpoint?.Port as number, false);
    const acked: number[] = [];
    let running = true;
    const loop = (async () => {
      for (let i = 0; running && i < 100_000; i++) {
        try {
          await writer.set(`w:${i}`, String(i));
          acked.push(i);
        } catch {
          // refused while the shard changes hands: not acknowledged
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    process.kill(t.plane.runtime.supervisor.pids().get(primary?.Name as string) as number, 'SIGKILL');
    await eventually(async () => ((await role(replicaPort)) === 'master' && (await role(primaryPort)) === 'slave' ? true : undefined), 30_000, 50);
    await new Promise((r) => setTimeout(r, 300));
    running = false;
    await loop;
    let missing = 0;
    for (const i of acked) if ((await writer.get(`w:${i}`)) !== String(i)) missing++;
    writer.disconnect();
    expect(acked.length).toBeGreaterThan(50);
    expect(missing).toBe(0);
    await eventually(async () => ((await events('dies')).some((m) => /Automatic failover of shard 0001 completed: dies-0001-002 is the primary; dies-0001-001 returns as a replica; no acknowledged write lost/.test(m)) ? true : undefined), 10_000, 100);
  });

  it('a primary that cannot come back is replaced by its replica, and the cluster serves again', async () => {
    const cluster = await create('stuck');
    const [primary, replica] = cluster.Shards?.[1]?.Nodes ?? [];
    const primaryPort = primary?.Endpoint?.Port as number;
    const replicaPort = replica?.Endpoint?.Port as number;
    const seed = clusterClient(t.stateDir, cluster.ClusterEndpoint?.Port as number, false);
    await seed.set('before', 'kept');
    // Someone takes its port the moment it dies: every restart fails until the supervisor gives up.
    process.kill(t.plane.runtime.supervisor.pids().get(primary?.Name as string) as number, 'SIGKILL');
    const sockets = new Set<Socket>();
    const squatter: Server = await eventually(async () => {
      // It holds the port and hangs up on whoever connects (a client must not wait on it forever).
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.destroy();
      });
      return new Promise<Server | undefined>((resolve) => {
        server.once('error', () => resolve(undefined));
        server.listen(primaryPort, '127.0.0.1', () => resolve(server));
      });
    }, 5_000, 5);
    try {
      await eventually(async () => ((await role(replicaPort)) === 'master' ? true : undefined), 40_000, 100);
      expect(t.plane.runtime.supervisor.health(primary?.Name as string)).toMatch(/failed|restarting|starting/);
      // Every slot is served again: every live node says ok, and the promoted replica takes writes.
      const otherPorts = (cluster.Shards ?? []).flatMap((sh) => sh.Nodes ?? []).map((n) => n.Endpoint?.Port as number).filter((p) => p !== primaryPort);
      await eventually(async () => {
        for (const p of otherPorts) {
          const c = connectNode(p, null, { connectTimeoutMs: 1000, commandTimeoutMs: 1000 });
          try {
            if (!/cluster_state:ok/.test(String(await c.call('CLUSTER', 'INFO')))) return undefined;
          } finally {
            c.disconnect();
          }
        }
        return true;
      }, 20_000, 100);
      const promoted = connectNode(replicaPort, null, { connectTimeoutMs: 1000, commandTimeoutMs: 2000 });
      try {
        const slots = (await promoted.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
        const mine = slots.find(([, , owner]) => Number(owner[1]) === replicaPort);
        expect(mine).toBeDefined();
        const key = await findKeyIn(promoted, mine?.[0] as number, mine?.[1] as number);
        expect(await promoted.call('SET', key, 'after')).toBe('OK');
        // A cluster client follows MOVED; right after a takeover the nodes may still disagree for a
        // moment (gossip), and it gives up after 16 redirections: ask again until they agree.
        const before = await eventually(async () => {
          // A fresh client each time: one that cached the dead primary may keep following it.
          const fresh = clusterClient(t.stateDir, replicaPort, false);
          try {
            return (await fresh.get('before').catch(() => undefined)) ?? undefined;
          } finally {
            fresh.disconnect();
          }
        }, 15_000, 200);
        expect(before).toBe('kept');
      } finally {
        promoted.disconnect();
      }
      // The plane gives a dead primary up to 15 s to come back before it records the takeover (on a
      // loaded machine its restarts fail slowly), while the cluster may promote the replica sooner.
      await eventually(async () => ((await events('stuck')).some((m) => /did not come back; writes it acknowledged after stuck-0002-002's last sync may be lost/.test(m)) ? true : undefined), 30_000, 100);
    } finally {
      seed.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('a state that lies about the slots is corrected from the nodes on the next start', async () => {
    await create('truth');
    const stateDir = t.stateDir;
    await t.stop({ keepState: true });
    const file = join(stateDir, 'state.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as { clusters: Record<string, { shards: Array<{ slots: string }> }> };
    const truth = state.clusters.truth as { shards: Array<{ slots: string }> };
    const real = truth.shards.map((s) => s.slots);
    truth.shards[0]!.slots = '';
    truth.shards[1]!.slots = '0-16383';
    writeFileSync(file, JSON.stringify(state));
    t = await startPlane({ stateDir });
    const described = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'truth', ShowShardDetails: true }))).Clusters?.[0];
    expect(described?.Status).toBe('available');
    expect(described?.Shards?.map((s) => s.Slots)).toEqual(real);
    expect((await events('truth')).join('\n')).toMatch(/Repaired after a restart of the control plane: shard 0001 owns 8192 slot\(s\) \(0-8191\); the state said none/);
  });
});

/** A key whose slot lies in [from, to] (asked of the node itself). */
async function findKeyIn(node: ReturnType<typeof connectNode>, from: number, to: number): Promise<string> {
  for (let i = 0; i < 100_000; i++) {
    const slot = Number(await node.call('CLUSTER', 'KEYSLOT', `k${i}`));
    if (slot >= from && slot <= to) return `k${i}`;
  }
  throw new Error(`no key found for slots ${from}-${to}`);
}
