// @ts-nocheck
// What the plane does when a node dies on its own, as the services do: a primary whose shard has a
// replica (MemoryDB always; ElastiCache with automatic failover) hands the shard to the replica, so
// clients see a real failover, the endpoints follow, and the old primary returns as a replica. The
// dead primary's append-only file holds every write it acknowledged, so it is restarted first and a
// coordinated failover hands over once a replica has caught up from it: no acknowledged write is
// lost. Only when it does not come back (crash-looping) does a replica take over on its own, and
// the event says what that may cost. A replica that dies, or a primary without a replica (or with
// automatic failover off), is simply restarted in place from its own data.
import type { LocalCluster, LocalNode, LocalShard } from '../store/state.js';
import { abortableSleep } from '../../io/sleep.js';
import { allNodes, isStandalone, words } from './cluster-nodes.js';
import { failoverReplica, shardRoles, takeoverReplica } from './ops/failover.js';
import { promoteReplica, takeoverStandalone } from './ops/replication.js';
import type { ClusterRuntime } from './runtime.js';

/** How long a dead primary gets to come back before a replica takes over without it. */
const RETURN_MS = 15_000;
/** How long a replica gets to reconnect to the returned primary. */
const RELINK_MS = 20_000;
const POLL_MS = 50;

/** Starts watching node deaths; each one that needs a failover is handled in the background. */
export function watchNodeFailures(rt: ClusterRuntime): void {
  const busy = new Set<string>();
  rt.onNodeHealth((name, health, detail) => {
    if (health !== 'restarting' && health !== 'failed') return;
    const found = locate(rt, name);
    if (found === undefined) return;
    const { cluster, shard, node } = found;
    const key = `${cluster.name}/${shard.name}`;
    // A change in progress (resharding, a planned failover) handles its own nodes; so does a deletion.
    if (busy.has(key) || shard.nodes.length < 2 || !failsOverAutomatically(cluster)) return;
    if (cluster.status !== 'available' && cluster.status !== 'snapshotting') return;
    busy.add(key);
    rt.run(`automatic failover of ${key}`, async () => {
      try {
        await failOver(rt, cluster, shard, node, detail);
      } catch (error) {
        if (!rt.stopping) rt.clusterEvent(cluster, `Automatic failover of ${words(cluster).shard} ${shard.name} failed: ${(error as Error).message}`);
        throw error;
      } finally {
        busy.delete(key);
      }
    });
  });
}

export function failsOverAutomatically(cluster: LocalCluster): boolean {
  return cluster.service === 'memorydb' || cluster.elasticache?.automaticFailover === true;
}

function locate(rt: ClusterRuntime, name: string): { cluster: LocalCluster; shard: LocalShard; node: LocalNode } | undefined {
  for (const cluster of Object.values(rt.store.state.clusters)) {
    for (const shard of cluster.shards) {
      const node = shard.nodes.find((n) => n.name === name);
      if (node !== undefined) return { cluster, shard, node };
    }
  }
  return undefined;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, rt: ClusterRuntime): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() + POLL_MS > deadline || rt.stopping) return false;
    await abortableSleep(POLL_MS, rt.signal);
  }
}

async function failOver(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, dead: LocalNode, detail: string | undefined): Promise<void> {
  const tls = await rt.tlsFor(cluster);
  const standalone = isStandalone(cluster);
  const w = words(cluster);
  const others = shard.nodes.filter((n) => n !== dead);
  // Was it the primary? Its replicas say so (it cannot answer).
  const roles = await shardRoles(others.map((n) => n.port), tls);
  const replicas = others.filter((n) => roles.get(n.port)?.role === 'replica' && roles.get(n.port)?.primaryPort === dead.port);
  if (replicas.length === 0) return;
  const started = Date.now();
  rt.nodeEvent(cluster, dead.name, `Primary node ${dead.name} of ${w.shard} ${shard.name} failed${detail === undefined ? '' : ` (${detail})`}; failing over to a replica`);

  let promoted: LocalNode | undefined;
  let coordinated = false;
  // It comes back with every write it acknowledged (the supervisor restarts it from its AOF)...
  await until(() => ['running', 'failed'].includes(rt.supervisor.health(dead.name)), RETURN_MS, rt);
  if (rt.supervisor.health(dead.name) === 'running') {
    // ...a replica reconnects and catches up, and a coordinated failover hands over.
    let linked: LocalNode | undefined;
    await until(async () => {
      const now = await shardRoles(replicas.map((n) => n.port), tls);
      linked = replicas.find((n) => now.get(n.port)?.role === 'replica' && now.get(n.port)?.primaryPort === dead.port && now.get(n.port)?.linkUp === true);
      return linked !== undefined;
    }, RELINK_MS, rt);
    if (linked !== undefined) {
      if (standalone) {
        await promoteReplica(linked.port, others.filter((n) => n !== linked).map((n) => n.port), tls);
        rt.setStandaloneRoles(cluster, linked);
      } else {
        await failoverReplica(linked.port, { tls, allPorts: allNodes(cluster).map((n) => n.port) });
      }
      promoted = linked;
      coordinated = true;
    }
  }
  if (promoted === undefined) {
    // It did not come back: a replica that answers takes the shard over without it.
    const now = await shardRoles(replicas.map((n) => n.port), tls);
    // The cluster's own failure detection may have promoted a replica meanwhile (a slow machine):
    // then that one is the primary, and there is nothing left to take over.
    const already = standalone ? undefined : replicas.find((n) => now.get(n.port)?.role === 'primary');
    const replica = already ?? replicas.find((n) => now.get(n.port)?.role === 'replica');
    if (replica === undefined) throw new Error(`no replica of ${dead.name} answers`);
    if (already !== undefined) {
      // Nothing to do: the cluster agreed on it.
    } else if (standalone) {
      await takeoverStandalone(replica.port, others.filter((n) => n !== replica).map((n) => n.port), tls);
      rt.setStandaloneRoles(cluster, replica);
    } else {
      // The node that did not come back cannot agree to anything (its port may even answer for
      // another process): the others are the ones to wait for.
      await takeoverReplica(replica.port, { tls, allPorts: allNodes(cluster).filter((n) => n !== dead).map((n) => n.port) });
    }
    promoted = replica;
    // Given one more chance, it rejoins as a replica of the new primary.
    if (rt.supervisor.health(dead.name) === 'failed') await rt.supervisor.start(dead.name).catch(() => undefined);
  }
  for (const node of shard.nodes) node.role = node === promoted ? 'primary' : 'replica';
  rt.store.save();
  const ms = Date.now() - started;
  const cost = coordinated ? `${dead.name} returns as a replica; no acknowledged write lost` : `${dead.name} did not come back; writes it acknowledged after ${promoted.name}'s last sync may be lost`;
  if (cluster.service === 'elasticache') {
    const completed = `Failover from primary node ${dead.name} to replica node ${promoted.name} completed`;
    rt.nodeEvent(cluster, promoted.name, `${completed} in ${ms} ms`);
    rt.clusterEvent(cluster, `${completed} (automatic failover: ${cost})`);
  } else {
    rt.event('node', promoted.name, `Failover to replica node ${promoted.name} completed in ${ms} ms`);
    rt.clusterEvent(cluster, `Automatic failover of shard ${shard.name} completed: ${promoted.name} is the primary; ${cost}`);
  }
}
