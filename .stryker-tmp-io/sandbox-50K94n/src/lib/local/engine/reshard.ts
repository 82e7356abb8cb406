// @ts-nocheck
// Online resharding as a journal: the target shard list is recorded before the first step, and
// every attempt converges the live cluster on it from wherever it is (new shards' nodes started
// and joined, slots repaired, the remaining moves planned from the live owners and migrated,
// leaving shards drained, forgotten and stopped, the result confirmed on the nodes). A failed
// attempt is followed by a repair and another attempt; after four, the change turns back to the
// shards it started from, the same way. A restart of the plane continues it from the journal.
// Clients keep reading and writing throughout (ASK/MOVED).
import { join } from 'node:path';
import { countSlots, formatSlots, parseSlots, planReshard } from '../../control/slots.js';
import type { LocalCluster, LocalReshardJournal, LocalShard } from '../store/state.js';
import { allNodes, nextShardIndex, nodeName, shardName, words } from './cluster-nodes.js';
import { joinCluster, leaveCluster, type JoiningNode } from './ops/membership.js';
import { migrateSlots } from './ops/migrate.js';
import { clientFor, closeClients, nodeView, openClients } from './ops/nodes.js';
import { reconcileCluster } from './reconcile.js';
import type { ClusterRuntime } from './runtime.js';
import { afterFailedAttempt, runJournal } from './journal.js';

/** Attempts in each direction before turning back (forward) or stopping (rollback). */
const MAX_ATTEMPTS = 4;

/**
 * Reshards to `shardCount` shards online. Scaling in removes the shards not in `keep` (by default
 * the last ones); scaling out adds shards named after the highest; the same count rebalances.
 */
export function beginReshard(rt: ClusterRuntime, cluster: LocalCluster, shardCount: number, keep?: string[]): void {
  const from = cluster.shards.map((s) => s.name);
  let target: string[];
  if (shardCount >= from.length) {
    const first = nextShardIndex(cluster);
    target = [...from, ...Array.from({ length: shardCount - from.length }, (_, i) => shardName(first + i))];
  } else {
    target = keep ?? from.slice(0, shardCount);
  }
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'resharding', progress: 0, target: shardCount };
  cluster.journal = { kind: 'reshard', from, target, direction: 'forward', attempts: 0, startedAt: Date.now() };
  rt.store.save();
  rt.clusterEvent(cluster, `Scaling ${words(cluster).cluster} from ${from.length} to ${shardCount} ${words(cluster).shards} started`);
  continueReshard(rt, cluster);
}

/** What a busy cluster is doing, for refusals ("resharding to 3 shards, attempt 2"); undefined when nothing. */
export function workInProgress(cluster: LocalCluster): string | undefined {
  const journal = cluster.journal;
  if (journal?.kind === 'upgrade') {
    return journal.direction === 'forward'
      ? `upgrading to ${journal.target.engine} ${journal.target.version}, attempt ${journal.attempts}`
      : `rolling a failed upgrade back to ${journal.from.engine} ${journal.from.version}, attempt ${journal.attempts}`;
  }
  if (journal !== undefined) {
    return journal.direction === 'forward'
      ? `resharding to ${journal.target.length} shards, attempt ${journal.attempts}`
      : `rolling a failed resharding back to ${journal.from.length} shards, attempt ${journal.attempts}`;
  }
  const pending = cluster.pendingUpdate;
  if (pending === undefined) return undefined;
  return { resharding: 'resharding', replicas: `changing replicas to ${pending.target}`, 'node-type': `changing the node type to ${pending.target}`, acl: `switching to ACL ${pending.target}`, engine: `upgrading to ${pending.target}` }[pending.kind];
}

/** Whether the shards split the 16384 slots evenly, as a resharding to their count would leave them. */
export function isBalanced(cluster: LocalCluster): boolean {
  try {
    return planReshard(cluster.shards.map((s) => ({ name: s.name, slots: parseSlots(s.slots) })), cluster.shards.map((s) => s.name)).movedSlots === 0;
  } catch {
    // Not every slot has a shard.
    return false;
  }
}

/** Runs (or, after a restart of the plane, resumes) the resharding the cluster's journal records. */
export function continueReshard(rt: ClusterRuntime, cluster: LocalCluster): void {
  runJournal(rt, cluster, `resharding ${cluster.name}`, () => driveReshard(rt, cluster));
}

async function driveReshard(rt: ClusterRuntime, cluster: LocalCluster): Promise<void> {
  const journal = cluster.journal as LocalReshardJournal;
  const w = words(cluster);
  const scaling = `Scaling ${w.cluster} from ${journal.from.length} to ${journal.target.length} ${w.shards}`;
  for (;;) {
    if (rt.stopping) return;
    const goal = journal.direction === 'forward' ? journal.target : journal.from;
    journal.attempts++;
    rt.store.save();
    let result: { movedSlots: number; keys: number };
    try {
      result = await convergeOn(rt, cluster, goal);
    } catch (error) {
      if (rt.stopping || rt.store.state.clusters[cluster.name] !== cluster) return;
      const message = (error as Error).message;
      await afterFailedAttempt(rt, cluster, journal, {
        step: 'resharding',
        change: scaling,
        maxAttempts: MAX_ATTEMPTS,
        message,
        stopped: () => `${scaling} failed and could not be rolled back (${message}); every key is kept, the cluster has the ${cluster.shards.length} ${w.shards} the nodes have; run the scale again to finish`,
        returningTo: `${journal.from.length} ${w.shards}`,
      });
      continue;
    }
    const took = Date.now() - journal.startedAt;
    if (journal.direction === 'forward') {
      rt.clusterEvent(cluster, `${scaling} completed: ${result.movedSlots} slots and ${result.keys} keys moved in ${took} ms${journal.attempts > 1 ? ` (${journal.attempts} attempts)` : ''}`);
      return;
    }
    const message = `${scaling} failed (${journal.failure ?? 'unknown'}); rolled back to ${journal.from.length} ${w.shards} in ${took} ms`;
    rt.clusterEvent(cluster, message);
    throw new Error(message);
  }
}

/** One attempt: brings the live cluster to exactly the `goal` shards, balanced. */
async function convergeOn(rt: ClusterRuntime, cluster: LocalCluster, goal: string[]): Promise<{ movedSlots: number; keys: number }> {
  const tls = await rt.tlsFor(cluster);
  // 1. Shards of the goal that do not exist yet are recorded (names, ports, dirs) before they start.
  const missing = goal.filter((name) => !cluster.shards.some((s) => s.name === name));
  if (missing.length > 0) {
    const perShard = cluster.replicasPerShard + 1;
    const ports = await rt.allocatePorts(missing.length * perShard);
    let next = 0;
    for (const name of missing) {
      const shard: LocalShard = {
        name,
        slots: '',
        nodes: Array.from({ length: perShard }, (_, j) => ({
          name: nodeName(cluster, name, j),
          port: ports[next++] as number,
          role: j === 0 ? ('primary' as const) : ('replica' as const),
          createdAt: Date.now(),
          dir: join(rt.clusterDir(cluster.name), nodeName(cluster, name, j)),
        })),
      };
      cluster.shards.push(shard);
    }
    rt.store.save();
  }
  // 2. Every node runs, and every node is a member of the cluster with its role.
  const notSupervised = allNodes(cluster).filter((n) => rt.supervisor.get(n.name) === undefined);
  if (notSupervised.length > 0) await rt.startNodes(cluster, notSupervised);
  await joinNewcomers(rt, cluster);
  // 3. Whatever an earlier attempt left (open slots, keys outside their owner) is repaired, and the
  //    state's slot ranges are the live ones.
  await reconcileCluster(rt, cluster, 'resuming the resharding');
  // 4. The moves still needed, planned from the live owners.
  const plan = planReshard(
    cluster.shards.map((s) => ({ name: s.name, slots: parseSlots(s.slots) })),
    goal,
  );
  const primaries = await rt.livePrimaries(cluster);
  const portOf = (shard: string): number => {
    const port = primaries.get(shard)?.port;
    if (port === undefined) throw new Error(`shard ${shard} has no primary right now`);
    return port;
  };
  const total = plan.movedSlots;
  const result = await migrateSlots(
    plan.moves.map((m) => ({ fromPort: portOf(m.from), toPort: portOf(m.to), slots: m.slots })),
    {
      tls,
      allPorts: allNodes(cluster).map((n) => n.port),
      signal: rt.signal,
      // Measured on 2 cores: 32 slots in flight moves keys ~30% faster than 8.
      concurrency: 32,
      onProgress: (done) => {
        if (cluster.pendingUpdate !== undefined) cluster.pendingUpdate.progress = total === 0 ? 100 : Math.round((done / total) * 1000) / 10;
      },
    },
  );
  for (const shard of cluster.shards) {
    const layout = plan.layout.find((l) => l.name === shard.name);
    shard.slots = layout === undefined ? '' : formatSlots(layout.slots);
  }
  rt.store.save();
  // 5. Shards not in the goal own nothing now: they leave, their nodes stop.
  const leaving = cluster.shards.filter((s) => !goal.includes(s.name));
  if (leaving.length > 0) {
    const leavingNodes = leaving.flatMap((s) => s.nodes);
    const staying = cluster.shards.filter((s) => goal.includes(s.name)).flatMap((s) => s.nodes);
    await leaveCluster(leavingNodes.map((n) => n.port), { tls, remainingPorts: staying.map((n) => n.port) });
    await rt.removeNodes(leavingNodes);
    cluster.shards = cluster.shards.filter((s) => goal.includes(s.name));
    rt.store.save();
  }
  // 6. Confirmed on the nodes: nothing left to repair, and every shard holds its share.
  const check = await reconcileCluster(rt, cluster, 'the resharding');
  if (check.repaired.length > 0) throw new Error(`the nodes did not end as planned: ${check.repaired.join('; ')}`);
  const expected = planReshard(
    cluster.shards.map((s) => ({ name: s.name, slots: parseSlots(s.slots) })),
    goal,
  );
  if (expected.movedSlots > 0 || cluster.shards.length !== goal.length) {
    throw new Error(`the nodes own ${cluster.shards.map((s) => `${s.name}:${countSlots(parseSlots(s.slots))}`).join(', ')} slots, not an even split over ${goal.join(', ')}`);
  }
  return { movedSlots: plan.movedSlots, keys: result.keys };
}

/**
 * Brings nodes of the state that are not members of the cluster yet into it: fresh nodes join
 * (MEET, then REPLICATE for replicas); a node that joined as an empty primary but should be a
 * replica is attached to its shard's primary. Members stay as they are.
 */
async function joinNewcomers(rt: ClusterRuntime, cluster: LocalCluster): Promise<void> {
  const tls = await rt.tlsFor(cluster);
  const nodes = allNodes(cluster);
  const clients = openClients(nodes.map((n) => n.port), tls);
  try {
    const views = new Map(await Promise.all(nodes.map(async (n) => [n.port, await nodeView(clientFor(clients, n.port))] as const)));
    const fresh = nodes.filter((n) => (views.get(n.port)?.length ?? 0) <= 1);
    const members = nodes.filter((n) => !fresh.includes(n));
    if (members.length === 0) throw new Error(`no node of ${cluster.name} is a member of its cluster`);
    if (fresh.length > 0) {
      const joining: JoiningNode[] = fresh.map((node) => {
        const shard = cluster.shards.find((s) => s.nodes.includes(node)) as LocalShard;
        const primary = shard.nodes.find((n) => n.role === 'primary') ?? shard.nodes[0];
        return node.role === 'primary' || primary === undefined || primary === node
          ? { port: node.port, role: 'primary' as const }
          : { port: node.port, role: 'replica' as const, primaryPort: primary.port };
      });
      // A replica joins with its primary: when that primary is already a member, it must be one here.
      await joinCluster(members[0]?.port as number, joining, { tls, allPorts: members.map((n) => n.port), signal: rt.signal });
    }
    // An earlier attempt may have stopped between MEET and REPLICATE: empty primaries that should replicate.
    const seen = views.get(members[0]?.port as number) ?? [];
    for (const shard of cluster.shards) {
      const primary = shard.nodes.find((n) => n.role === 'primary');
      const primaryEntry = seen.find((e) => e.port === primary?.port);
      for (const node of shard.nodes) {
        if (node === primary || node.role !== 'replica' || fresh.includes(node) || primaryEntry === undefined) continue;
        const self = (views.get(node.port) ?? []).find((e) => e.myself);
        if (self !== undefined && self.role === 'primary' && self.slots.length === 0 && (await clientFor(clients, node.port).dbsize()) === 0) {
          await clientFor(clients, node.port).call('CLUSTER', 'REPLICATE', primaryEntry.nodeId);
        }
      }
    }
  } finally {
    closeClients(clients);
  }
}
