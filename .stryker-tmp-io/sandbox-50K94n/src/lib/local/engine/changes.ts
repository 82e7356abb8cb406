// @ts-nocheck
// Changes to running local clusters and replication groups, done for real: replica count changes
// (replicas sync, or are forgotten and stopped), node type changes (maxmemory), settings, and shard
// failover (resharding is reshard.ts). Groups with cluster mode disabled are standalone nodes:
// their replicas attach with REPLICAOF and a failover is Redis's coordinated FAILOVER
// (ops/replication.ts). A change that fails is followed by a repair from the live nodes.
import { join } from 'node:path';
import { nodeMemoryBytes } from '../../control/node-types.js';
import { abortableSleep } from '../../io/sleep.js';
import { type ClusterRuntime } from './runtime.js';
import { allNodes, isStandalone, nextNodeIndex, nodeName, nodeTypeService, words } from './cluster-nodes.js';
import { failoverReplica, shardRoles, takeoverReplica } from './ops/failover.js';
import { promoteReplica, takeoverStandalone, waitReplicationHealthy } from './ops/replication.js';
import { setMaxmemory, usedMemory } from './ops/memory.js';
import { joinCluster, leaveCluster } from './ops/membership.js';
import { reconcileCluster } from './reconcile.js';
import type { LocalCluster, LocalNode, LocalShard } from '../store/state.js';

/**
 * Marks the cluster updating and runs the change; the cluster is available again afterwards. A
 * change that fails is recorded as an event and followed by a repair from the live nodes, so the
 * cluster and the state agree again before it shows available.
 */
export function runChange(rt: ClusterRuntime, cluster: LocalCluster, label: string, work: () => Promise<void>): void {
  const current = (): boolean => !rt.stopping && rt.store.state.clusters[cluster.name] === cluster;
  rt.run(`${label} on ${cluster.name}`, async () => {
    try {
      await work();
    } catch (error) {
      if (current()) {
        rt.clusterEvent(cluster, `${label} failed: ${(error as Error).message}`);
        await reconcileCluster(rt, cluster, `the failed ${label}`).catch((repairError: unknown) =>
          rt.clusterEvent(cluster, `Repair after the failed ${label} did not finish: ${(repairError as Error).message}`),
        );
      }
      throw error;
    } finally {
      if (current()) {
        cluster.status = 'available';
        delete cluster.pendingUpdate;
        rt.store.save();
      }
    }
  });
}

/** A change of settings only: the cluster shows "updating" ("modifying") for the usual delay, then the event. */
export function beginSettingsChange(rt: ClusterRuntime, cluster: LocalCluster, message: string): void {
  cluster.status = 'updating';
  rt.store.save();
  runChange(rt, cluster, 'modification', async () => {
    await abortableSleep(rt.options.createDelayMs, rt.signal);
    rt.clusterEvent(cluster, message);
  });
}

/** Replica counts per shard (by name; shards left out keep theirs), and which replicas go (else the newest). */
export interface ReplicaChange {
  targets: Map<string, number>;
  remove?: LocalNode[];
}

/** Changes the replicas of every shard to `replicas`, or of some shards as a ReplicaChange says. */
export function beginReplicaChange(rt: ClusterRuntime, cluster: LocalCluster, replicas: number | ReplicaChange): void {
  const change: ReplicaChange = typeof replicas === 'number' ? { targets: new Map(cluster.shards.map((s) => [s.name, replicas])) } : replicas;
  const before = new Map(cluster.shards.map((s) => [s.name, s.nodes.length - 1]));
  const counts = [...new Set(cluster.shards.map((s) => change.targets.get(s.name) ?? s.nodes.length - 1))];
  const uniform = counts.length === 1 ? counts[0] : undefined;
  const from = cluster.replicasPerShard;
  const w = words(cluster);
  const what = uniform !== undefined
    ? `replicas per ${w.shard} from ${from} to ${uniform}`
    : `replicas of ${w.shards} ${[...change.targets].map(([name, n]) => `${name} (${before.get(name) ?? '?'} to ${n})`).join(', ')}`;
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'replicas', progress: 0, target: uniform ?? Math.max(...counts) };
  rt.store.save();
  rt.clusterEvent(cluster, `Changing ${what} started`);
  runChange(rt, cluster, 'replica change', async () => {
    const tls = await rt.tlsFor(cluster);
    const primaries = await rt.livePrimaries(cluster);
    const standalone = isStandalone(cluster);
    if (standalone) {
      // New replicas are configured to follow the primary the state records: make it the live one.
      for (const primary of primaries.values()) if (primary.role !== 'primary') rt.setStandaloneRoles(cluster, primary);
    }
    const leaving: LocalNode[] = [...(change.remove ?? [])];
    const joining: Array<{ node: LocalNode; primaryPort: number }> = [];
    let newNodes = 0;
    for (const shard of cluster.shards) {
      const target = change.targets.get(shard.name);
      if (target !== undefined && target > shard.nodes.length - 1) newNodes += target - (shard.nodes.length - 1);
    }
    const ports = newNodes === 0 ? [] : await rt.allocatePorts(newNodes);
    let next = 0;
    for (const shard of cluster.shards) {
      const target = change.targets.get(shard.name);
      const current = shard.nodes.length - 1;
      if (target === undefined || target === current) continue;
      const primary = primaries.get(shard.name);
      if (target < current && change.remove === undefined) {
        // The newest replicas go; the live primary always stays.
        leaving.push(...shard.nodes.filter((n) => n !== primary).reverse().slice(0, current - target));
      }
      let index = nextNodeIndex(shard);
      for (let k = current; k < target; k++) {
        const name = nodeName(cluster, shard.name, index++);
        const node: LocalNode = { name, port: ports[next++] as number, role: 'replica', createdAt: Date.now(), dir: join(rt.clusterDir(cluster.name), name) };
        shard.nodes.push(node);
        joining.push({ node, primaryPort: primary?.port as number });
      }
    }
    if (joining.length > 0) {
      rt.store.save();
      await rt.startNodes(cluster, joining.map((j) => j.node));
      if (standalone) {
        await waitReplicationHealthy(joining.map((j) => ({ port: j.node.port, primaryPort: j.primaryPort })), tls, 60_000, rt.signal);
      } else {
        const existing = allNodes(cluster).filter((n) => !joining.some((j) => j.node === n));
        await joinCluster(
          existing[0]?.port as number,
          joining.map((j) => ({ port: j.node.port, role: 'replica' as const, primaryPort: j.primaryPort })),
          { tls, allPorts: existing.map((n) => n.port), signal: rt.signal },
        );
      }
    }
    if (leaving.length > 0) {
      const staying = allNodes(cluster).filter((n) => !leaving.includes(n));
      // A standalone replica just stops; cluster nodes are forgotten by the others first.
      if (!standalone) await leaveCluster(leaving.map((n) => n.port), { tls, remainingPorts: staying.map((n) => n.port) });
      await rt.removeNodes(leaving);
      for (const shard of cluster.shards) shard.nodes = shard.nodes.filter((n) => !leaving.includes(n));
      const settings = cluster.elasticache;
      // Automated snapshots of a replication group come from a member: a removed one hands over to another.
      if (settings?.snapshottingClusterId !== undefined && leaving.some((n) => n.name === settings.snapshottingClusterId)) {
        settings.snapshottingClusterId = allNodes(cluster).at(-1)?.name;
      }
    }
    cluster.replicasPerShard = uniform ?? Math.max(...cluster.shards.map((s) => s.nodes.length - 1));
    rt.store.save();
    rt.clusterEvent(cluster, `Changing ${what} completed`);
  });
}

/** Refuses (with a message) a node type whose memory would not hold the data of every node. */
export async function nodeTypeProblem(rt: ClusterRuntime, cluster: LocalCluster, nodeType: string): Promise<string | undefined> {
  if (nodeMemoryBytes(cluster.service, nodeType) === undefined || nodeTypeService(nodeType) !== cluster.service) return `unknown node type ${nodeType}`;
  const bytes = rt.nodeMemory(nodeType);
  const used = await usedMemory(allNodes(cluster).map((n) => n.port), await rt.tlsFor(cluster));
  const largest = Math.max(0, ...used.values());
  // Leave headroom like the service does: data may use at most 75% of the new limit.
  if (largest > bytes * 0.75) {
    return `the data does not fit ${nodeType}: a node uses ${Math.round(largest / 1048576)} MiB, and ${nodeType} offers ${Math.round(bytes / 1048576)} MiB (at most 75% may be in use)`;
  }
  return undefined;
}

export function beginNodeTypeChange(rt: ClusterRuntime, cluster: LocalCluster, nodeType: string): void {
  const from = cluster.nodeType;
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'node-type', progress: 0, target: nodeType };
  rt.store.save();
  rt.clusterEvent(cluster, `Changing node type from ${from} to ${nodeType} started`);
  runChange(rt, cluster, 'node type change', async () => {
    const started = Date.now();
    const bytes = rt.nodeMemory(nodeType);
    await setMaxmemory(allNodes(cluster).map((n) => n.port), bytes, await rt.tlsFor(cluster));
    // CONFIG SET lasts until a restart: the specs the supervisor restarts from get the new limit too.
    for (const n of allNodes(cluster)) {
      const node = rt.supervisor.get(n.name);
      if (node !== undefined) node.spec.maxmemoryBytes = bytes;
    }
    cluster.nodeType = nodeType;
    await abortableSleep(rt.options.createDelayMs - (Date.now() - started), rt.signal);
    rt.clusterEvent(cluster, `Changing node type from ${from} to ${nodeType} completed`);
  });
}

/**
 * The replica that a failover of this shard would promote: one in sync with a primary that answers,
 * or, when the shard's primary is down (dead or crash-looping), any replica that answers (it then
 * takes over without it) if `takeover` allows it. Undefined when there is none.
 */
export async function failoverCandidate(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, options: { takeover?: boolean } = {}): Promise<LocalNode | undefined> {
  const roles = await shardRoles(shard.nodes.map((n) => n.port), await rt.tlsFor(cluster));
  const inSync = shard.nodes.find((n) => roles.get(n.port)?.role === 'replica' && roles.get(n.port)?.linkUp === true);
  if (inSync !== undefined || options.takeover !== true) return inSync;
  const primaryUp = shard.nodes.some((n) => roles.get(n.port)?.role === 'primary');
  return primaryUp ? undefined : shard.nodes.find((n) => roles.get(n.port)?.role === 'replica');
}

export function beginFailover(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, replica: LocalNode): void {
  const elasticache = cluster.service === 'elasticache';
  cluster.status = 'updating';
  rt.store.save();
  rt.clusterEvent(cluster, elasticache ? `Test Failover API called for node group ${shard.name}` : `Failover of shard ${shard.name} started`);
  runChange(rt, cluster, `failover of ${words(cluster).shard} ${shard.name}`, async () => {
    const tls = await rt.tlsFor(cluster);
    const roles = await shardRoles(shard.nodes.map((n) => n.port), tls);
    const oldPrimary = shard.nodes.find((n) => roles.get(n.port)?.role === 'primary') ?? shard.nodes.find((n) => n.port === roles.get(replica.port)?.primaryPort);
    // A primary that does not answer cannot hand over: the replica takes over without it.
    const takeover = !shard.nodes.some((n) => roles.get(n.port)?.role === 'primary');
    let ms: number;
    if (isStandalone(cluster)) {
      const others = shard.nodes.filter((n) => n !== replica && n !== oldPrimary).map((n) => n.port);
      ms = takeover ? (await takeoverStandalone(replica.port, others, tls)).ms : (await promoteReplica(replica.port, others, tls)).ms;
      rt.setStandaloneRoles(cluster, replica);
    } else {
      const allPorts = allNodes(cluster).map((n) => n.port);
      ms = takeover ? (await takeoverReplica(replica.port, { tls, allPorts })).ms : (await failoverReplica(replica.port, { tls, allPorts })).ms;
      for (const node of shard.nodes) node.role = node === replica ? 'primary' : 'replica';
      rt.store.save();
    }
    if (takeover) rt.clusterEvent(cluster, `The primary of ${words(cluster).shard} ${shard.name} does not answer: ${replica.name} took over without it`);
    if (!elasticache) {
      rt.event('node', replica.name, `Failover to replica node ${replica.name} completed in ${ms} ms`);
      rt.event('cluster', cluster.name, `Failover of shard ${shard.name} completed: ${replica.name} is the primary`);
      return;
    }
    // The events ElastiCache documents for a test failover, in its order.
    const completed = `Failover from primary node ${oldPrimary?.name ?? '?'} to replica node ${replica.name} completed`;
    rt.nodeEvent(cluster, replica.name, `${completed} in ${ms} ms`);
    rt.clusterEvent(cluster, completed);
    if (oldPrimary !== undefined) {
      rt.nodeEvent(cluster, oldPrimary.name, 'Recovering cache nodes 0001');
      rt.nodeEvent(cluster, oldPrimary.name, 'Finished recovery for cache nodes 0001');
    }
  });
}
