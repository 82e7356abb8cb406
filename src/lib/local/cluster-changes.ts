// Changes to running local clusters, done for real: online resharding (nodes join, slots
// migrate with their keys, leaving shards are drained first), replica count changes (replicas
// sync or are forgotten), node type changes (maxmemory), and shard failover.
import { join } from 'node:path';
import { nodeMemoryBytes } from '../control/node-types.js';
import { formatSlots, parseSlots, planReshard } from '../control/slots.js';
import { abortableSleep } from '../io/sleep.js';
import { allNodes, type ClusterRuntime } from './cluster-runtime.js';
import { failoverReplica, shardRoles } from './ops/failover.js';
import { setMaxmemory, usedMemory } from './ops/memory.js';
import { joinCluster, leaveCluster } from './ops/membership.js';
import { migrateSlots } from './ops/migrate.js';
import type { LocalCluster, LocalNode, LocalShard } from './state.js';

export function shardName(index: number): string {
  return String(index + 1).padStart(4, '0');
}

function nodeName(cluster: string, shard: string, index: number): string {
  return `${cluster}-${shard}-${String(index + 1).padStart(3, '0')}`;
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
  }, (err) => rt.event('cluster', cluster.name, `${label} failed: ${err.message}`));
}

export function beginReshard(rt: ClusterRuntime, cluster: LocalCluster, shardCount: number): void {
  const from = cluster.shards.length;
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'resharding', progress: 0, target: shardCount };
  rt.store.save();
  rt.event('cluster', cluster.name, `Scaling cluster from ${from} to ${shardCount} shards started`);
  runChange(rt, cluster, 'resharding', async () => {
    const started = Date.now();
    const tls = await rt.tlsFor(cluster);
    // 1. New shards join empty (primary and replicas).
    const added: LocalShard[] = [];
    if (shardCount > from) {
      const ports = await rt.allocatePorts((shardCount - from) * (cluster.replicasPerShard + 1));
      let next = 0;
      for (let i = from; i < shardCount; i++) {
        const name = shardName(i);
        added.push({
          name,
          slots: '',
          nodes: Array.from({ length: cluster.replicasPerShard + 1 }, (_, j) => ({
            name: nodeName(cluster.name, name, j),
            port: ports[next++] as number,
            role: j === 0 ? ('primary' as const) : ('replica' as const),
            createdAt: Date.now(),
            dir: join(rt.clusterDir(cluster.name), nodeName(cluster.name, name, j)),
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
    const target = cluster.shards.slice(0, shardCount).map((s) => s.name);
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
      const leaving = cluster.shards.slice(shardCount);
      const leavingNodes = leaving.flatMap((s) => s.nodes);
      const staying = cluster.shards.slice(0, shardCount).flatMap((s) => s.nodes);
      await leaveCluster(
        leavingNodes.map((n) => n.port),
        { tls, remainingPorts: staying.map((n) => n.port) },
      );
      await rt.removeNodes(leavingNodes);
      cluster.shards = cluster.shards.slice(0, shardCount);
    }
    rt.store.save();
    rt.event('cluster', cluster.name, `Scaling cluster from ${from} to ${shardCount} shards completed: ${plan.movedSlots} slots and ${result.keys} keys moved in ${Date.now() - started} ms`);
  });
}

export function beginReplicaChange(rt: ClusterRuntime, cluster: LocalCluster, replicas: number): void {
  const from = cluster.replicasPerShard;
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'replicas', progress: 0, target: replicas };
  rt.store.save();
  rt.event('cluster', cluster.name, `Changing replicas per shard from ${from} to ${replicas} started`);
  runChange(rt, cluster, 'replica change', async () => {
    const tls = await rt.tlsFor(cluster);
    const primaries = await rt.livePrimaries(cluster);
    if (replicas > from) {
      const ports = await rt.allocatePorts(cluster.shards.length * (replicas - from));
      let next = 0;
      const joining: Array<{ node: LocalNode; primaryPort: number }> = [];
      for (const shard of cluster.shards) {
        let index = nextNodeIndex(shard);
        for (let k = from; k < replicas; k++) {
          const name = nodeName(cluster.name, shard.name, index++);
          const node: LocalNode = { name, port: ports[next++] as number, role: 'replica', createdAt: Date.now(), dir: join(rt.clusterDir(cluster.name), name) };
          shard.nodes.push(node);
          joining.push({ node, primaryPort: primaries.get(shard.name)?.port as number });
        }
      }
      rt.store.save();
      await rt.startNodes(cluster, joining.map((j) => j.node));
      const existing = allNodes(cluster).filter((n) => !joining.some((j) => j.node === n));
      await joinCluster(
        existing[0]?.port as number,
        joining.map((j) => ({ port: j.node.port, role: 'replica' as const, primaryPort: j.primaryPort })),
        { tls, allPorts: existing.map((n) => n.port), signal: rt.signal },
      );
    } else {
      // Drop the newest replicas of each shard; the live primary always stays.
      const leaving: LocalNode[] = [];
      for (const shard of cluster.shards) {
        const primary = primaries.get(shard.name);
        const candidates = shard.nodes.filter((n) => n !== primary).reverse();
        leaving.push(...candidates.slice(0, from - replicas));
      }
      const staying = allNodes(cluster).filter((n) => !leaving.includes(n));
      await leaveCluster(
        leaving.map((n) => n.port),
        { tls, remainingPorts: staying.map((n) => n.port) },
      );
      await rt.removeNodes(leaving);
      for (const shard of cluster.shards) shard.nodes = shard.nodes.filter((n) => !leaving.includes(n));
    }
    cluster.replicasPerShard = replicas;
    rt.store.save();
    rt.event('cluster', cluster.name, `Changing replicas per shard from ${from} to ${replicas} completed`);
  });
}

/** Refuses (with a message) a node type whose memory would not hold the data of every node. */
export async function nodeTypeProblem(rt: ClusterRuntime, cluster: LocalCluster, nodeType: string): Promise<string | undefined> {
  if (nodeMemoryBytes('memorydb', nodeType) === undefined) return `unknown node type ${nodeType}`;
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
  rt.event('cluster', cluster.name, `Changing node type from ${from} to ${nodeType} started`);
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
    rt.event('cluster', cluster.name, `Changing node type from ${from} to ${nodeType} completed`);
  });
}

/** The replica that a failover of this shard would promote, or undefined when none is in sync. */
export async function failoverCandidate(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard): Promise<LocalNode | undefined> {
  const roles = await shardRoles(shard.nodes.map((n) => n.port), await rt.tlsFor(cluster));
  return shard.nodes.find((n) => roles.get(n.port)?.role === 'replica' && roles.get(n.port)?.linkUp === true);
}

export function beginFailover(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, replica: LocalNode): void {
  cluster.status = 'updating';
  rt.store.save();
  rt.event('cluster', cluster.name, `Failover of shard ${shard.name} started`);
  runChange(rt, cluster, `failover of shard ${shard.name}`, async () => {
    const result = await failoverReplica(replica.port, {
      tls: await rt.tlsFor(cluster),
      allPorts: allNodes(cluster).map((n) => n.port),
    });
    rt.event('node', replica.name, `Failover to replica node ${replica.name} completed in ${result.ms} ms`);
    rt.event('cluster', cluster.name, `Failover of shard ${shard.name} completed: ${replica.name} is the primary`);
  });
}
