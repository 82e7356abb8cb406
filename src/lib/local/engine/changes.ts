// Changes to running local clusters and replication groups, done for real: online resharding
// (nodes join, slots migrate with their keys, leaving shards are drained first), replica count
// changes (replicas sync, or are forgotten and stopped), node type changes (maxmemory), and shard
// failover. Groups with cluster mode disabled are standalone nodes: their replicas attach with
// REPLICAOF and a failover is Redis's coordinated FAILOVER (ops/replication.ts).
import { join } from 'node:path';
import { nodeMemoryBytes } from '../../control/node-types.js';
import { formatSlots, parseSlots, planReshard } from '../../control/slots.js';
import { abortableSleep } from '../../io/sleep.js';
import { type ClusterRuntime } from './runtime.js';
import { allNodes, isStandalone, nodeTypeService } from './cluster-nodes.js';
import { failoverReplica, shardRoles } from './ops/failover.js';
import { promoteReplica, waitReplicationHealthy } from './ops/replication.js';
import { setMaxmemory, usedMemory } from './ops/memory.js';
import { joinCluster, leaveCluster } from './ops/membership.js';
import { migrateSlots } from './ops/migrate.js';
import type { LocalCluster, LocalNode, LocalShard } from '../store/state.js';

export function shardName(index: number): string {
  return String(index + 1).padStart(4, '0');
}

/** `<cluster>-<shard>-<n>`; a standalone group's nodes are `<group>-<n>` (ElastiCache's member cluster ids). */
function nodeName(cluster: LocalCluster, shard: string, index: number): string {
  const n = String(index + 1).padStart(3, '0');
  return isStandalone(cluster) ? `${cluster.name}-${n}` : `${cluster.name}-${shard}-${n}`;
}

/** How events name things: MemoryDB's clusters and shards, ElastiCache's replication groups and node groups. */
function words(cluster: LocalCluster): { cluster: string; shards: string; shard: string } {
  return cluster.service === 'elasticache' ? { cluster: 'replication group', shards: 'node groups', shard: 'node group' } : { cluster: 'cluster', shards: 'shards', shard: 'shard' };
}

/** The next free shard name: one above the highest (node group ids are never reused while the group lives). */
function nextShardIndex(cluster: LocalCluster): number {
  return Math.max(0, ...cluster.shards.map((s) => Number(s.name)));
}

/** The next free node number in a shard (names are never reused while the shard lives). */
function nextNodeIndex(shard: LocalShard): number {
  const used = shard.nodes.map((n) => Number(n.name.slice(n.name.lastIndexOf('-') + 1)) - 1);
  return used.length === 0 ? 0 : Math.max(...used) + 1;
}

/** Marks the cluster updating and runs the change; the cluster is available again afterwards. */
export function runChange(rt: ClusterRuntime, cluster: LocalCluster, label: string, work: () => Promise<void>): void {
  rt.run(`${label} on ${cluster.name}`, async () => {
    try {
      await work();
    } finally {
      if (!rt.stopping && rt.store.state.clusters[cluster.name] === cluster) {
        cluster.status = 'available';
        delete cluster.pendingUpdate;
        rt.store.save();
      }
    }
  }, (err) => rt.clusterEvent(cluster, `${label} failed: ${err.message}`));
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

/**
 * Reshards to `shardCount` shards online. Scaling in removes the shards not in `keep` (by default
 * the last ones); scaling out adds shards named after the highest; the same count rebalances.
 */
export function beginReshard(rt: ClusterRuntime, cluster: LocalCluster, shardCount: number, keep?: string[]): void {
  const from = cluster.shards.length;
  const w = words(cluster);
  const kept = keep ?? cluster.shards.slice(0, shardCount).map((s) => s.name);
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'resharding', progress: 0, target: shardCount };
  rt.store.save();
  rt.clusterEvent(cluster, `Scaling ${w.cluster} from ${from} to ${shardCount} ${w.shards} started`);
  runChange(rt, cluster, 'resharding', async () => {
    const started = Date.now();
    const tls = await rt.tlsFor(cluster);
    // 1. New shards join empty (primary and replicas).
    const added: LocalShard[] = [];
    if (shardCount > from) {
      const ports = await rt.allocatePorts((shardCount - from) * (cluster.replicasPerShard + 1));
      let next = 0;
      const first = nextShardIndex(cluster);
      for (let i = first; i < first + shardCount - from; i++) {
        const name = shardName(i);
        added.push({
          name,
          slots: '',
          nodes: Array.from({ length: cluster.replicasPerShard + 1 }, (_, j) => ({
            name: nodeName(cluster, name, j),
            port: ports[next++] as number,
            role: j === 0 ? ('primary' as const) : ('replica' as const),
            createdAt: Date.now(),
            dir: join(rt.clusterDir(cluster.name), nodeName(cluster, name, j)),
          })),
        });
      }
      cluster.shards.push(...added);
      rt.store.save();
      const newNodes = added.flatMap((s) => s.nodes);
      await rt.startNodes(cluster, newNodes);
      const existing = cluster.shards.slice(0, from).flatMap((s) => s.nodes);
      await joinCluster(
        existing[0]?.port as number,
        added.flatMap((s) => s.nodes.map((n) => ({ port: n.port, role: n.role, primaryPort: n.role === 'replica' ? s.nodes[0]?.port : undefined }))),
        { tls, allPorts: existing.map((n) => n.port), signal: rt.signal },
      );
    }
    // 2. Slots move to balance the target shards.
    const target = shardCount >= from ? cluster.shards.map((s) => s.name) : cluster.shards.map((s) => s.name).filter((name) => kept.includes(name));
    const plan = planReshard(
      cluster.shards.map((s) => ({ name: s.name, slots: parseSlots(s.slots) })),
      target,
    );
    const primaries = await rt.livePrimaries(cluster);
    const portOf = (shard: string): number => primaries.get(shard)?.port as number;
    const result = await migrateSlots(
      plan.moves.map((m) => ({ fromPort: portOf(m.from), toPort: portOf(m.to), slots: m.slots })),
      {
        tls,
        allPorts: allNodes(cluster).map((n) => n.port),
        signal: rt.signal,
        // Measured on 2 cores: 32 slots in flight moves keys ~30% faster than 8.
        concurrency: 32,
        onProgress: (done, total) => {
          if (cluster.pendingUpdate !== undefined) cluster.pendingUpdate.progress = total === 0 ? 100 : Math.round((done / total) * 1000) / 10;
        },
      },
    );
    for (const shard of cluster.shards) {
      const layout = plan.layout.find((l) => l.name === shard.name);
      shard.slots = layout === undefined ? '' : formatSlots(layout.slots);
    }
    rt.store.save();
    // 3. Leaving shards are empty now: forget them, stop them.
    if (shardCount < from) {
      const leaving = cluster.shards.filter((s) => !target.includes(s.name));
      const leavingNodes = leaving.flatMap((s) => s.nodes);
      const staying = cluster.shards.filter((s) => target.includes(s.name)).flatMap((s) => s.nodes);
      await leaveCluster(
        leavingNodes.map((n) => n.port),
        { tls, remainingPorts: staying.map((n) => n.port) },
      );
      await rt.removeNodes(leavingNodes);
      cluster.shards = cluster.shards.filter((s) => target.includes(s.name));
    }
    rt.store.save();
    rt.clusterEvent(cluster, `Scaling ${w.cluster} from ${from} to ${shardCount} ${w.shards} completed: ${plan.movedSlots} slots and ${result.keys} keys moved in ${Date.now() - started} ms`);
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

/** The replica that a failover of this shard would promote, or undefined when none is in sync. */
export async function failoverCandidate(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard): Promise<LocalNode | undefined> {
  const roles = await shardRoles(shard.nodes.map((n) => n.port), await rt.tlsFor(cluster));
  return shard.nodes.find((n) => roles.get(n.port)?.role === 'replica' && roles.get(n.port)?.linkUp === true);
}

export function beginFailover(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, replica: LocalNode): void {
  const elasticache = cluster.service === 'elasticache';
  cluster.status = 'updating';
  rt.store.save();
  rt.clusterEvent(cluster, elasticache ? `Test Failover API called for node group ${shard.name}` : `Failover of shard ${shard.name} started`);
  runChange(rt, cluster, `failover of ${words(cluster).shard} ${shard.name}`, async () => {
    const tls = await rt.tlsFor(cluster);
    const oldPrimary = (await rt.livePrimaries(cluster)).get(shard.name);
    let ms: number;
    if (isStandalone(cluster)) {
      const others = shard.nodes.filter((n) => n !== replica && n !== oldPrimary).map((n) => n.port);
      ms = (await promoteReplica(replica.port, others, tls)).ms;
      rt.setStandaloneRoles(cluster, replica);
    } else {
      ms = (await failoverReplica(replica.port, { tls, allPorts: allNodes(cluster).map((n) => n.port) })).ms;
    }
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
