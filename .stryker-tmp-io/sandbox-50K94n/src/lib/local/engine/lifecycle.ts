// @ts-nocheck
// A cluster's life as processes: creation (its nodes started, formed into a Redis Cluster or attached
// as replicas, seeded from a snapshot's RDB files), deletion (nodes stopped, files removed), and
// coming back after the plane restarts (strays stopped, interrupted creations and deletions
// finished, every other cluster's nodes started again).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseSlots } from '../../control/slots.js';
import { abortableSleep } from '../../io/sleep.js';
import { elasticacheArn } from '../store/account.js';
import { allNodes, isStandalone } from './cluster-nodes.js';
import { formCluster, type FormationNode } from './ops/formation.js';
import { reconcileCluster } from './reconcile.js';
import { continueReshard } from './reshard.js';
import { continueUpgrade } from './upgrade.js';
import { settleInterruptedSnapshots } from './snapshots.js';
import type { ClusterRuntime } from './runtime.js';
import type { LocalCluster } from '../store/state.js';

/** Starts the processes of a cluster already in the state with status "creating". */
export function beginCreate(rt: ClusterRuntime, name: string): void {
  rt.run(`creating cluster ${name}`, () => create(rt, name));
}

/**
 * Deletes a cluster already marked "deleting"; `before` runs first (a final snapshot). When it
 * fails, nothing is deleted: the cluster is available again and an event says why.
 */
export function beginDelete(rt: ClusterRuntime, name: string, before?: () => Promise<void>): void {
  rt.run(`deleting cluster ${name}`, async () => {
    if (before !== undefined) {
      try {
        await before();
      } catch (err) {
        const cluster = rt.store.state.clusters[name];
        if (rt.stopping || cluster === undefined) return;
        cluster.status = 'available';
        rt.store.save();
        rt.clusterEvent(cluster, `Deletion stopped: the final snapshot failed: ${(err as Error).message}`);
        return;
      }
    }
    await remove(rt, name);
  });
}

/**
 * After a start: clean up strays, restart every cluster's nodes, and decide each cluster from its
 * live nodes: a resharding or engine upgrade the journal records continues; any other cluster is repaired and its
 * state brought in line with the nodes (reconcile.ts) before it shows available. Interrupted
 * creations and deletions finish.
 */
export async function resumeClusters(rt: ClusterRuntime): Promise<void> {
  await rt.killStrays();
  settleInterruptedSnapshots(rt);
  await Promise.all(
    Object.values(rt.store.state.clusters).map(async (cluster) => {
      if (cluster.status === 'creating') {
        rmSync(rt.clusterDir(cluster.name), { recursive: true, force: true });
        beginCreate(rt, cluster.name);
        return;
      }
      if (cluster.status === 'create-failed') return;
      if (cluster.status === 'deleting') {
        beginDelete(rt, cluster.name);
        return;
      }
      const started = Date.now();
      try {
        await rt.startNodes(cluster);
      } catch (err) {
        rt.options.log(`cluster ${cluster.name}: starting its nodes failed: ${(err as Error).message}`);
      }
      const journal = cluster.journal;
      if (journal !== undefined) {
        rt.options.log(`cluster ${cluster.name}: continuing the ${journal.kind} its journal records`);
        if (journal.kind === 'upgrade') {
          const goal = journal.direction === 'forward' ? journal.target : journal.from;
          rt.clusterEvent(cluster, `Continuing the interrupted engine ${journal.direction === 'forward' ? 'upgrade' : 'rollback'} to ${goal.engine} ${goal.version} after a restart of the control plane`);
          continueUpgrade(rt, cluster);
          return;
        }
        rt.clusterEvent(cluster, `Continuing the interrupted resharding to ${journal.direction === 'forward' ? journal.target.length : journal.from.length} shards after a restart of the control plane`);
        continueReshard(rt, cluster);
        return;
      }
      try {
        await reconcileCluster(rt, cluster, 'a restart of the control plane');
        if (isStandalone(cluster)) await rt.waitHealthy(cluster);
        rt.options.log(`cluster ${cluster.name}: back and reconciled after ${Date.now() - started} ms`);
      } catch (err) {
        rt.options.log(`cluster ${cluster.name}: not whole after the restart: ${(err as Error).message}`);
        rt.clusterEvent(cluster, `Not whole after a restart of the control plane: ${(err as Error).message}`);
      }
      if (cluster.status !== 'available') {
        // A change or snapshot cut short by the stop: the nodes are whole (repaired), the work is not redone.
        rt.options.log(`cluster ${cluster.name}: ${cluster.status} was interrupted by a stop; marking it available`);
        cluster.status = 'available';
        delete cluster.pendingUpdate;
        rt.store.save();
      }
    }),
  );
}

/** Attempts at creating a cluster's processes: a node killed while the cluster forms costs one. */
const CREATE_ATTEMPTS = 3;

async function create(rt: ClusterRuntime, name: string): Promise<void> {
  const started = Date.now();
  const cluster = rt.store.state.clusters[name];
  if (cluster === undefined) return;
  const snapshot = cluster.restoringFrom === undefined ? undefined : rt.store.state.snapshots[cluster.restoringFrom];
  const what = cluster.service === 'elasticache' ? 'Replication group' : 'Cluster';
  const files = snapshot?.shards.map((s) => s.file) ?? cluster.seedFiles ?? [];
  for (let attempt = 1; ; attempt++) {
    try {
      await startAndForm(rt, cluster, files);
      break;
    } catch (err) {
      if (rt.stopping || rt.store.state.clusters[name] !== cluster) return;
      // What a failed attempt started goes; the next starts from nothing (and the seeds) again.
      await rt.removeNodes(allNodes(cluster));
      rmSync(rt.clusterDir(cluster.name), { recursive: true, force: true });
      if (attempt < CREATE_ATTEMPTS) {
        rt.clusterEvent(cluster, `${what} creation attempt ${attempt} failed (${(err as Error).message}); starting its nodes again`);
        continue;
      }
      cluster.status = 'create-failed';
      cluster.failure = (err as Error).message;
      if (snapshot !== undefined && snapshot.status === 'restoring') snapshot.status = 'available';
      rt.store.save();
      rt.clusterEvent(cluster, `${what} creation failed: ${cluster.failure}`);
      return;
    }
  }
  await abortableSleep(rt.options.createDelayMs - (Date.now() - started), rt.signal);
  if (rt.stopping || rt.store.state.clusters[name] !== cluster) return;
  cluster.status = 'available';
  delete cluster.restoringFrom;
  delete cluster.seedFiles;
  if (snapshot !== undefined && snapshot.status === 'restoring') snapshot.status = 'available';
  rt.store.save();
  if (cluster.service === 'elasticache') for (const node of allNodes(cluster)) rt.nodeEvent(cluster, node.name, 'Cache cluster created');
  const source = snapshot !== undefined ? ` from snapshot ${snapshot.name}` : files.length > 0 ? ` from ${files.length} RDB file(s)` : '';
  rt.clusterEvent(cluster, `${what} created${source}`);
}

/** Starts a new cluster's nodes (primaries seeded from `files`, one per shard) and forms it. */
async function startAndForm(rt: ClusterRuntime, cluster: LocalCluster, files: string[]): Promise<void> {
  const seeds = new Map<string, string>();
  cluster.shards.forEach((shard, i) => {
    const file = files[i];
    const primary = shard.nodes.find((n) => n.role === 'primary');
    if (file !== undefined && primary !== undefined) seeds.set(primary.name, join(rt.options.stateDir, file));
  });
  await rt.startNodes(cluster, allNodes(cluster), seeds);
  if (rt.stopping) return;
  if (isStandalone(cluster)) {
    // Replicas start with `replicaof` in their config: they only need to finish their first sync.
    await rt.waitHealthy(cluster);
    return;
  }
  const nodes: FormationNode[] = cluster.shards.flatMap((s, shard) => s.nodes.map((n) => ({ name: n.name, port: n.port, shard, role: n.role })));
  await formCluster(nodes, {
    tls: await rt.tlsFor(cluster),
    signal: rt.signal,
    slots: cluster.shards.map((s) => parseSlots(s.slots)),
  });
}

async function remove(rt: ClusterRuntime, name: string): Promise<void> {
  const started = Date.now();
  const cluster = rt.store.state.clusters[name];
  if (cluster === undefined) return;
  await rt.removeNodes(allNodes(cluster));
  rmSync(rt.clusterDir(name), { recursive: true, force: true });
  await abortableSleep(rt.options.deleteDelayMs - (Date.now() - started), rt.signal);
  // Interrupted by a shutdown, the deletion finishes on the next start (the status stays "deleting").
  if (rt.stopping) return;
  delete rt.store.state.clusters[name];
  delete rt.store.state.tags[cluster.arn];
  if (cluster.service === 'elasticache') {
    // Member clusters are taggable resources of their own.
    for (const node of allNodes(cluster)) delete rt.store.state.tags[elasticacheArn(cluster.region, 'cluster', node.name)];
  }
  rt.clusterEvent(cluster, cluster.service === 'elasticache' ? 'Replication group deleted' : 'Cluster deleted');
}
