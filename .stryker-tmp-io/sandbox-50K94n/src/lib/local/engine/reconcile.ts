// @ts-nocheck
// Makes a cluster whole again after a fault, and the state say what the nodes say: waits for its
// nodes to answer, repairs its slots (ops/repair.ts), then re-derives each shard's slot ranges and
// each node's role from the live nodes. Every difference it repaired becomes an event. Runs when
// the plane starts, after any change that failed, and before a change continues from its journal.
import { formatSlots, rangesOf } from '../../control/slots.js';
import { abortableSleep } from '../../io/sleep.js';
import type { LocalCluster } from '../store/state.js';
import { allNodes, isStandalone } from './cluster-nodes.js';
import { shardRoles } from './ops/failover.js';
import { repairSlots } from './ops/repair.js';
import type { ClusterRuntime } from './runtime.js';

/** How long a reconcile waits for nodes the supervisor is still bringing back. */
const NODES_BACK_MS = 30_000;
const POLL_MS = 100;

export interface ReconcileResult {
  /** What was repaired (also recorded as events). */
  repaired: string[];
}

/**
 * Waits until every node of the cluster the supervisor keeps alive answers, or throws naming the
 * ones that do not (a repair decided without a node could misjudge what it holds).
 */
export async function waitForNodes(rt: ClusterRuntime, cluster: LocalCluster, timeoutMs = NODES_BACK_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const tls = await rt.tlsFor(cluster);
  for (;;) {
    const nodes = allNodes(cluster);
    const roles = await shardRoles(nodes.map((n) => n.port), tls);
    const missing = nodes.filter((n) => !roles.has(n.port));
    if (missing.length === 0) return;
    if (Date.now() + POLL_MS > deadline || rt.stopping) {
      const health = missing.map((n) => `${n.name} (${rt.supervisor.health(n.name)})`).join(', ');
      throw new Error(`node(s) ${health} did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    await abortableSleep(POLL_MS, rt.signal);
  }
}

/** Repairs the cluster from its live nodes and brings the state in line with them. */
export async function reconcileCluster(rt: ClusterRuntime, cluster: LocalCluster, reason: string): Promise<ReconcileResult> {
  const repaired: string[] = [];
  const tls = await rt.tlsFor(cluster);
  await waitForNodes(rt, cluster);
  if (isStandalone(cluster)) {
    // One primary and its replicas: the state follows the live primary.
    const roles = await shardRoles(allNodes(cluster).map((n) => n.port), tls);
    const primary = allNodes(cluster).find((n) => roles.get(n.port)?.role === 'primary');
    if (primary !== undefined && primary.role !== 'primary') {
      rt.setStandaloneRoles(cluster, primary);
      repaired.push(`the state named another primary; ${primary.name} is the primary`);
    }
  } else {
    const stateOwner = new Map<number, number>();
    for (const shard of cluster.shards) {
      const primary = shard.nodes.find((n) => n.role === 'primary') ?? shard.nodes[0];
      if (primary === undefined) continue;
      for (const part of shard.slots.split(',').filter((p) => p !== '')) {
        const [a, b = a] = part.split('-').map(Number) as [number, number?];
        for (let slot = a; slot <= (b as number); slot++) stateOwner.set(slot, primary.port);
      }
    }
    const report = await repairSlots(
      allNodes(cluster).map((n) => n.port),
      { tls, signal: rt.signal, defaultOwner: (slot) => stateOwner.get(slot) },
    );
    repaired.push(...report.actions);
    repaired.push(...syncShardsFromOwners(cluster, report.owners));
    const roles = await shardRoles(allNodes(cluster).map((n) => n.port), tls);
    for (const node of allNodes(cluster)) {
      const live = roles.get(node.port)?.role;
      if (live !== undefined && live !== node.role) {
        repaired.push(`${node.name} is a ${live} (the state said ${node.role})`);
        node.role = live;
      }
    }
  }
  rt.store.save();
  for (const message of repaired) rt.clusterEvent(cluster, `Repaired after ${reason}: ${message}`);
  return { repaired };
}

/** Each shard's slots are the slots its nodes own; returns a line per shard that changed. */
export function syncShardsFromOwners(cluster: LocalCluster, owners: Int32Array): string[] {
  const changes: string[] = [];
  for (const shard of cluster.shards) {
    const ports = new Set(shard.nodes.map((n) => n.port));
    const slots: number[] = [];
    owners.forEach((port, slot) => {
      if (ports.has(port)) slots.push(slot);
    });
    const live = formatSlots(rangesOf(slots));
    if (live !== shard.slots) {
      changes.push(`shard ${shard.name} owns ${slots.length} slot(s) (${live === '' ? 'none' : live}); the state said ${shard.slots === '' ? 'none' : shard.slots}`);
      shard.slots = live;
    }
  }
  return changes;
}
