// @ts-nocheck
// Rolling engine upgrades as a journal: the target release (engine, version, binary) is recorded
// before the first step; each attempt then walks the shards one node at a time: replicas restarted
// on the target's binary first, the shard failed over to an upgraded replica in sync, then the old
// primary restarted (a shard without replicas restarts its primary in place: its data comes back
// from its AOF). Which nodes are done is read from the nodes themselves (the executable INFO
// reports), so an attempt cut short anywhere, or a restart of the plane, simply continues. After
// three failed attempts the change turns back to the release it started from, the same way.
import type { LocalCluster, LocalEngineRelease, LocalNode, LocalShard, LocalUpgradeJournal } from '../store/state.js';
import { allNodes, isStandalone, words } from './cluster-nodes.js';
import { failoverReplica, shardRoles } from './ops/failover.js';
import { clientFor, closeClients, openClients } from './ops/nodes.js';
import { promoteReplica } from './ops/replication.js';
import { infoField } from './nodes/topology.js';
import type { ClusterRuntime } from './runtime.js';
import { afterFailedAttempt, runJournal } from './journal.js';

const MAX_ATTEMPTS = 3;

const describe = (release: LocalEngineRelease): string => `${release.engine} ${release.version}`;

/** Starts upgrading a cluster to `target` (whose binary is installed: checked by the caller). */
export function beginUpgrade(rt: ClusterRuntime, cluster: LocalCluster, target: LocalEngineRelease): void {
  const from: LocalEngineRelease = { engine: cluster.engine, version: cluster.engineVersion, server: rt.serverOf(cluster), parameterGroup: parameterGroupOf(cluster) };
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'engine', progress: 0, target: describe(target) };
  cluster.journal = { kind: 'upgrade', from, target, direction: 'forward', attempts: 0, startedAt: Date.now() };
  rt.store.save();
  rt.clusterEvent(cluster, `Engine upgrade from ${describe(from)} to ${describe(target)} started`);
  continueUpgrade(rt, cluster);
}

function parameterGroupOf(cluster: LocalCluster): string {
  return cluster.elasticache?.cacheParameterGroup ?? cluster.parameterGroup;
}

/** Runs (or, after a restart of the plane, resumes) the upgrade the cluster's journal records. */
export function continueUpgrade(rt: ClusterRuntime, cluster: LocalCluster): void {
  runJournal(rt, cluster, `engine upgrade of ${cluster.name}`, () => driveUpgrade(rt, cluster));
}

async function driveUpgrade(rt: ClusterRuntime, cluster: LocalCluster): Promise<void> {
  const journal = cluster.journal as LocalUpgradeJournal;
  const upgrade = `Engine upgrade from ${describe(journal.from)} to ${describe(journal.target)}`;
  for (;;) {
    if (rt.stopping) return;
    const goal = journal.direction === 'forward' ? journal.target : journal.from;
    const other = journal.direction === 'forward' ? journal.from : journal.target;
    journal.attempts++;
    rt.store.save();
    try {
      await convergeOn(rt, cluster, goal, other);
    } catch (error) {
      if (rt.stopping || rt.store.state.clusters[cluster.name] !== cluster) return;
      const message = (error as Error).message;
      await afterFailedAttempt(rt, cluster, journal, {
        step: 'engine upgrade',
        change: upgrade,
        maxAttempts: MAX_ATTEMPTS,
        message,
        stopped: async () => `${upgrade} failed and could not be rolled back (${message}); every key is kept; the nodes run ${await runningSummary(rt, cluster, journal)}; run the upgrade again to finish`,
        returningTo: describe(journal.from),
      });
      continue;
    }
    // Confirmed on every node: the cluster is what its nodes run.
    cluster.engine = goal.engine;
    cluster.engineVersion = goal.version;
    if (goal.parameterGroup !== undefined) {
      cluster.parameterGroup = goal.parameterGroup;
      if (cluster.elasticache !== undefined) cluster.elasticache.cacheParameterGroup = goal.parameterGroup;
    }
    // Every node runs its version's binary now: the per-node record of the move is no longer needed.
    for (const node of allNodes(cluster)) delete node.server;
    rt.store.save();
    const took = Date.now() - journal.startedAt;
    if (journal.direction === 'forward') {
      rt.clusterEvent(cluster, `${upgrade} completed: ${allNodes(cluster).length} nodes restarted one at a time in ${took} ms${journal.attempts > 1 ? ` (${journal.attempts} attempts)` : ''}`);
      return;
    }
    const message = `${upgrade} failed (${journal.failure ?? 'unknown'}); rolled back to ${describe(journal.from)} in ${took} ms`;
    rt.clusterEvent(cluster, message);
    throw new Error(message);
  }
}

/**
 * What each node runs: the executable its INFO reports (the binary it was started as; nodes
 * started through the PATH report a path under their directory, never one of the installed
 * binaries, which are absolute). A node that does not answer is left out.
 */
async function liveExecutables(rt: ClusterRuntime, cluster: LocalCluster, nodes: LocalNode[]): Promise<Map<string, string>> {
  const clients = openClients(nodes.map((n) => n.port), await rt.tlsFor(cluster), 3_000);
  try {
    const out = new Map<string, string>();
    await Promise.all(
      nodes.map(async (node) => {
        try {
          const executable = infoField(String(await clientFor(clients, node.port).call('INFO', 'server')), 'executable');
          if (executable !== undefined) out.set(node.name, executable);
        } catch {
          // Not answering: not known to run anything.
        }
      }),
    );
    return out;
  } finally {
    closeClients(clients);
  }
}

/** Whether a node runs the goal's binary: the goal's own path, or (a default-binary goal) anything but the other release's. */
function runsGoal(executable: string | undefined, goal: LocalEngineRelease, other: LocalEngineRelease): boolean {
  if (executable === undefined) return false;
  if (goal.server !== undefined) return executable === goal.server;
  return other.server === undefined || executable !== other.server;
}

async function runningSummary(rt: ClusterRuntime, cluster: LocalCluster, journal: LocalUpgradeJournal): Promise<string> {
  const live = await liveExecutables(rt, cluster, allNodes(cluster));
  const on = allNodes(cluster).filter((n) => runsGoal(live.get(n.name), journal.target, journal.from)).length;
  return `${describe(journal.target)} on ${on} of ${allNodes(cluster).length} nodes`;
}

/** One attempt: every node of every shard onto the goal's binary, one node at a time, then confirmed. */
async function convergeOn(rt: ClusterRuntime, cluster: LocalCluster, goal: LocalEngineRelease, other: LocalEngineRelease): Promise<void> {
  const nodes = allNodes(cluster);
  let done = 0;
  for (const shard of cluster.shards) {
    await convergeShard(rt, cluster, shard, goal, other, () => {
      done++;
      if (cluster.pendingUpdate !== undefined) cluster.pendingUpdate.progress = Math.round((100 * done) / nodes.length);
    });
  }
  const live = await liveExecutables(rt, cluster, nodes);
  const behind = nodes.filter((n) => !runsGoal(live.get(n.name), goal, other));
  if (behind.length > 0) throw new Error(`node(s) ${behind.map((n) => n.name).join(', ')} do not run ${describe(goal)}`);
  await rt.waitHealthy(cluster, 60_000);
}

async function convergeShard(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, goal: LocalEngineRelease, other: LocalEngineRelease, progressed: () => void): Promise<void> {
  const tls = await rt.tlsFor(cluster);
  const live = await liveExecutables(rt, cluster, shard.nodes);
  const roles = await shardRoles(shard.nodes.map((n) => n.port), tls);
  const primary = shard.nodes.find((n) => roles.get(n.port)?.role === 'primary');
  if (primary === undefined) throw new Error(`${words(cluster).shard} ${shard.name} has no primary right now`);
  // Replicas first: clients keep writing to the primary meanwhile.
  for (const replica of shard.nodes.filter((n) => n !== primary)) {
    if (!runsGoal(live.get(replica.name), goal, other)) await restartOn(rt, cluster, replica, goal);
    progressed();
  }
  if (runsGoal(live.get(primary.name), goal, other)) {
    progressed();
    return;
  }
  await rt.waitHealthy(cluster, 60_000);
  const inSync = await shardRoles(shard.nodes.map((n) => n.port), tls);
  const successor = shard.nodes.find((n) => n !== primary && inSync.get(n.port)?.role === 'replica' && inSync.get(n.port)?.linkUp === true);
  if (successor !== undefined) {
    // The primary hands over to an upgraded replica (no acknowledged write lost), then goes itself.
    if (isStandalone(cluster)) {
      await promoteReplica(successor.port, shard.nodes.filter((n) => n !== successor && n !== primary).map((n) => n.port), tls);
      rt.setStandaloneRoles(cluster, successor);
    } else {
      await failoverReplica(successor.port, { tls, allPorts: allNodes(cluster).map((n) => n.port) });
      for (const node of shard.nodes) node.role = node === successor ? 'primary' : 'replica';
      rt.store.save();
    }
    rt.nodeEvent(cluster, successor.name, `Failover to ${successor.name} for the engine upgrade completed`);
  }
  await restartOn(rt, cluster, primary, goal);
  progressed();
}

/** Record, act, confirm: the node's binary in the state, the restart, then the binary it reports. */
async function restartOn(rt: ClusterRuntime, cluster: LocalCluster, node: LocalNode, goal: LocalEngineRelease): Promise<void> {
  if (goal.server === undefined) delete node.server;
  else node.server = goal.server;
  rt.store.save();
  const supervised = rt.supervisor.get(node.name);
  if (supervised === undefined) throw new Error(`node ${node.name} is not running under this control plane`);
  supervised.spec.server = goal.server;
  await rt.supervisor.stop(node.name, { save: true });
  await rt.supervisor.start(node.name);
  rt.recordPids();
  await rt.waitHealthy(cluster, 60_000);
  rt.nodeEvent(cluster, node.name, `Node ${node.name} restarted on ${describe(goal)}`);
}
