// Runs the clusters of the local control plane as real redis-server processes: creation
// (ports, processes, Redis Cluster formation, restore from a snapshot), deletion, and bringing
// them back after a restart. Changes to running clusters live in cluster-changes.ts, snapshots
// in snapshots.ts; both work through this class. MemoryDB clusters and ElastiCache replication
// groups run alike, except groups with cluster mode disabled: standalone nodes, one primary and
// its replicas attached with REPLICAOF (ops/replication.ts).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeMemoryBytes } from '../../control/node-types.js';
import { parseSlots } from '../../control/slots.js';
import { formCluster, waitClusterHealthy, type FormationNode } from './ops/formation.js';
import { ensureAdminCredential } from './access/admin.js';
import { setNodeCredentials, type NodeCredentials } from './nodes/node-client.js';
import { renderAclFile, usersOfCluster } from './access/node-users.js';
import { shardRoles } from './ops/failover.js';
import { waitReplicationHealthy, type ReplicationMember } from './ops/replication.js';
import { elasticacheArn } from '../api/elasticache/common.js';
import { allocateNodePorts } from './nodes/ports.js';
import { killStaleNode, type NodeSpec } from './nodes/redis-node.js';
import { abortableSleep } from '../../io/sleep.js';
import type { LocalCluster, LocalEventSource, LocalNode, LocalService, LocalState } from '../store/state.js';
import { recordEvent, writeJsonAtomic } from '../store/state.js';
import { stateFiles } from '../store/paths.js';
import { NodeSupervisor, type NodeHealth } from './nodes/supervisor.js';
import { ensureLocalCa, type TlsFiles } from './nodes/tls.js';

export interface StateStore {
  readonly state: LocalState;
  save(): void;
}

export interface RuntimeOptions {
  stateDir: string;
  /** Least time a cluster stays "creating" / "deleting", so clients see the lifecycle walk. */
  createDelayMs: number;
  deleteDelayMs: number;
  redisServer?: string;
  /** Scales every node type's memory (e.g. 0.01 for laptop-sized nodes); 1 by default. */
  memoryScale?: number;
  log: (message: string) => void;
}

/** Work on one cluster that runs after the API call has answered. */
export type ClusterWork = () => Promise<void>;

export class ClusterRuntime {
  readonly supervisor: NodeSupervisor;
  private tlsFiles: Promise<TlsFiles> | undefined;
  private adminCredential: Promise<NodeCredentials> | undefined;
  private readonly pending = new Set<Promise<void>>();
  /** Aborted on shutdown so that work in progress stops waiting at once. */
  private readonly shutdownController = new AbortController();
  private stoppingNow = false;

  constructor(
    readonly store: StateStore,
    readonly options: RuntimeOptions,
  ) {
    this.supervisor = new NodeSupervisor({
      redisServer: options.redisServer,
      onChange: (name, health, detail) => this.onNodeChange(name, health, detail),
    });
  }

  get stopping(): boolean {
    return this.stoppingNow;
  }

  get signal(): AbortSignal {
    return this.shutdownController.signal;
  }

  tls(): Promise<TlsFiles> {
    this.tlsFiles ??= ensureLocalCa(this.options.stateDir);
    return this.tlsFiles;
  }

  async tlsFor(cluster: LocalCluster): Promise<TlsFiles | null> {
    return cluster.tls ? this.tls() : null;
  }

  /** The control plane's own user on every node (admin.ts); never logged or returned by the API. */
  admin(): Promise<NodeCredentials> {
    this.adminCredential ??= ensureAdminCredential(this.options.stateDir);
    return this.adminCredential;
  }

  /** The aclfile a node of this cluster starts with: the users it lets in right now (its ACL, user groups or AUTH token). */
  aclFileOf(clusterName: string, admin: NodeCredentials): string {
    const cluster = this.store.state.clusters[clusterName];
    return renderAclFile(admin, cluster === undefined ? [] : usersOfCluster(this.store.state, cluster));
  }

  /** Ports for new nodes, avoiding every port the state already holds. */
  async allocatePorts(count: number): Promise<number[]> {
    const taken = new Set<number>();
    for (const c of Object.values(this.store.state.clusters)) for (const s of c.shards) for (const n of s.nodes) taken.add(n.port);
    return allocateNodePorts(count, taken);
  }

  clusterDir(name: string): string {
    return join(stateFiles(this.options.stateDir).clusters, name);
  }

  /**
   * Records an event (DescribeEvents) and saves the state. Without a service, a "cluster" or "node"
   * event about a replication group or one of its nodes is recorded as ElastiCache's
   * "replication-group" / "cache-cluster" event, and ElastiCache-only source types as ElastiCache's;
   * anything else is MemoryDB's.
   */
  event(sourceType: LocalEventSource, sourceName: string, message: string, service?: LocalService): void {
    let type = sourceType;
    let owner = service ?? (ELASTICACHE_SOURCES.has(sourceType) ? 'elasticache' : 'memorydb');
    if (service === undefined && (sourceType === 'cluster' || sourceType === 'node')) {
      const clusters = Object.values(this.store.state.clusters);
      const cluster = sourceType === 'cluster' ? this.store.state.clusters[sourceName] : clusters.find((c) => allNodes(c).some((n) => n.name === sourceName));
      if (cluster?.service === 'elasticache') {
        owner = 'elasticache';
        type = sourceType === 'cluster' ? 'replication-group' : 'cache-cluster';
      }
    }
    recordEvent(this.store.state, owner === 'elasticache' ? { service: owner, sourceType: type, sourceName, message } : { sourceType: type, sourceName, message });
    this.store.save();
    this.options.log(`event ${owner} ${type} ${sourceName}: ${message}`);
  }

  /** An event about a whole cluster or replication group (also once it has left the state). */
  clusterEvent(cluster: LocalCluster, message: string): void {
    this.event(cluster.service === 'elasticache' ? 'replication-group' : 'cluster', cluster.name, message, cluster.service);
  }

  /** An event about one node: MemoryDB's "node", or ElastiCache's "cache-cluster" (a member cluster). */
  nodeEvent(cluster: LocalCluster, nodeName: string, message: string): void {
    this.event(cluster.service === 'elasticache' ? 'cache-cluster' : 'node', nodeName, message, cluster.service);
  }

  /** Live status of one node, as DescribeClusters reports it. */
  nodeStatus(cluster: LocalCluster, node: LocalNode): string {
    if (cluster.status === 'deleting') return 'deleting';
    if (cluster.status === 'create-failed') return 'failed';
    switch (this.supervisor.health(node.name)) {
      case 'running':
        return 'available';
      case 'starting':
        return 'creating';
      case 'restarting':
        return 'restarting';
      case 'failed':
        return 'failed';
      case 'stopped':
        return cluster.status === 'creating' || cluster.status === 'updating' || cluster.status === 'modifying' ? 'creating' : 'unavailable';
    }
  }

  /** Runs work in the background; a failure is logged and handed to onError. */
  run(label: string, work: ClusterWork, onError?: (err: Error) => void): void {
    const job = work().catch((err: unknown) => {
      if (this.stoppingNow) return;
      this.options.log(`${label} failed: ${(err as Error).message}`);
      onError?.(err as Error);
    });
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /** maxmemory for a node type (MemoryDB's db.* or ElastiCache's cache.*) on this control plane. */
  nodeMemory(nodeType: string): number {
    return Math.round((nodeMemoryBytes(nodeTypeService(nodeType), nodeType) ?? 1024 ** 3) * (this.options.memoryScale ?? 1));
  }

  nodeSpecs(cluster: LocalCluster, nodes: LocalNode[], tls: TlsFiles | null, admin: NodeCredentials, seeds?: Map<string, string>): NodeSpec[] {
    const maxmemoryBytes = this.nodeMemory(cluster.nodeType);
    const access = { admin, aclFile: () => this.aclFileOf(cluster.name, admin) };
    const clusterMode = !isStandalone(cluster);
    const primaryPortOf = (node: LocalNode): number | undefined => {
      if (clusterMode || node.role === 'primary') return undefined;
      return cluster.shards.find((s) => s.nodes.includes(node))?.nodes.find((n) => n.role === 'primary')?.port;
    };
    return nodes.map((n) => ({ name: n.name, port: n.port, dir: n.dir, maxmemoryBytes, tls, seedRdb: seeds?.get(n.name), access, clusterMode, replicaOf: primaryPortOf(n) }));
  }

  /**
   * Records a standalone group's roles (the primary after a failover): in the state, so the nodes
   * come back with them after a restart, and in the specs the supervisor restarts nodes from.
   */
  setStandaloneRoles(cluster: LocalCluster, primary: LocalNode): void {
    for (const shard of cluster.shards) {
      if (!shard.nodes.includes(primary)) continue;
      for (const node of shard.nodes) {
        node.role = node === primary ? 'primary' : 'replica';
        const spec = this.supervisor.get(node.name)?.spec;
        if (spec !== undefined) spec.replicaOf = node === primary ? undefined : primary.port;
      }
    }
    this.store.save();
  }

  /** Waits until the nodes of a running cluster are healthy (cluster state, or replicas in sync). */
  async waitHealthy(cluster: LocalCluster, timeoutMs = 20_000): Promise<void> {
    const tls = await this.tlsFor(cluster);
    if (isStandalone(cluster)) {
      await waitReplicationHealthy(replicationMembers(cluster), tls, timeoutMs, this.signal);
      return;
    }
    await waitClusterHealthy(allNodes(cluster).map((n) => n.port), tls, timeoutMs, this.signal);
  }

  /** Starts the given nodes of a cluster (all of them by default), users in place before they serve. */
  async startNodes(cluster: LocalCluster, nodes: LocalNode[] = allNodes(cluster), seeds?: Map<string, string>): Promise<void> {
    const admin = await this.admin();
    // Everything in this process that talks to these nodes (ops/*, health checks) logs in as admin.
    setNodeCredentials(nodes.map((n) => n.port), admin);
    const specs = this.nodeSpecs(cluster, nodes, await this.tlsFor(cluster), admin, seeds);
    for (const spec of specs) {
      mkdirSync(spec.dir, { recursive: true });
      if (this.supervisor.get(spec.name) === undefined) this.supervisor.add(spec);
    }
    await Promise.all(specs.map((spec) => this.supervisor.start(spec.name)));
    this.recordPids();
  }

  async removeNodes(nodes: LocalNode[]): Promise<void> {
    await Promise.all(nodes.map((n) => this.supervisor.remove(n.name, { save: false })));
    for (const n of nodes) rmSync(n.dir, { recursive: true, force: true });
    setNodeCredentials(nodes.map((n) => n.port), null);
    this.recordPids();
  }

  /** The node that is primary of each shard now (failovers change it), by shard name. */
  async livePrimaries(cluster: LocalCluster): Promise<Map<string, LocalNode>> {
    const roles = await shardRoles(allNodes(cluster).map((n) => n.port), await this.tlsFor(cluster));
    const out = new Map<string, LocalNode>();
    for (const shard of cluster.shards) {
      const primary = shard.nodes.find((n) => roles.get(n.port)?.role === 'primary');
      if (primary === undefined) throw new Error(`shard ${shard.name} of ${cluster.name} has no primary right now`);
      out.set(shard.name, primary);
    }
    return out;
  }

  /** Starts the processes of a cluster already in the state with status "creating". */
  beginCreate(name: string): void {
    this.run(`creating cluster ${name}`, () => this.create(name));
  }

  /**
   * Deletes a cluster already marked "deleting"; `before` runs first (a final snapshot). When it
   * fails, nothing is deleted: the cluster is available again and an event says why.
   */
  beginDelete(name: string, before?: () => Promise<void>): void {
    this.run(`deleting cluster ${name}`, async () => {
      if (before !== undefined) {
        try {
          await before();
        } catch (err) {
          const cluster = this.store.state.clusters[name];
          if (this.stopping || cluster === undefined) return;
          cluster.status = 'available';
          this.store.save();
          this.clusterEvent(cluster, `Deletion stopped: the final snapshot failed: ${(err as Error).message}`);
          return;
        }
      }
      await this.delete(name);
    });
  }

  /** After a start: clean up strays, restart available clusters, finish interrupted work. */
  async resume(): Promise<void> {
    await this.killStrays();
    await Promise.all(
      Object.values(this.store.state.clusters).map(async (cluster) => {
        if (cluster.status === 'creating') {
          rmSync(this.clusterDir(cluster.name), { recursive: true, force: true });
          this.beginCreate(cluster.name);
          return;
        }
        if (cluster.status === 'create-failed') return;
        if (cluster.status === 'deleting') {
          this.beginDelete(cluster.name);
          return;
        }
        const started = Date.now();
        try {
          await this.startNodes(cluster);
          await this.waitHealthy(cluster);
          this.options.log(`cluster ${cluster.name}: back after ${Date.now() - started} ms`);
        } catch (err) {
          this.options.log(`cluster ${cluster.name}: restart failed: ${(err as Error).message}`);
        }
        if (cluster.status !== 'available') {
          // A change or snapshot cut short by the stop: the nodes are whole, the work is not redone.
          this.options.log(`cluster ${cluster.name}: ${cluster.status} was interrupted by a stop; marking it available`);
          cluster.status = 'available';
          delete cluster.pendingUpdate;
          this.store.save();
        }
      }),
    );
  }

  /** Stops every node (saving data) once work in flight has settled. */
  async shutdown(): Promise<void> {
    this.stoppingNow = true;
    this.shutdownController.abort();
    // Work in flight settles first (it stops waiting when aborted), so no node starts after stopAll.
    await Promise.allSettled([...this.pending]);
    await this.supervisor.stopAll({ save: true });
    this.recordPids();
    setNodeCredentials(Object.values(this.store.state.clusters).flatMap((c) => allNodes(c).map((n) => n.port)), null);
  }

  private async create(name: string): Promise<void> {
    const started = Date.now();
    const cluster = this.store.state.clusters[name];
    if (cluster === undefined) return;
    const snapshot = cluster.restoringFrom === undefined ? undefined : this.store.state.snapshots[cluster.restoringFrom];
    try {
      const seeds = new Map<string, string>();
      const files = snapshot?.shards.map((s) => s.file) ?? cluster.seedFiles ?? [];
      cluster.shards.forEach((shard, i) => {
        const file = files[i];
        const primary = shard.nodes.find((n) => n.role === 'primary');
        if (file !== undefined && primary !== undefined) seeds.set(primary.name, join(this.options.stateDir, file));
      });
      await this.startNodes(cluster, allNodes(cluster), seeds);
      if (this.stopping) return;
      if (isStandalone(cluster)) {
        // Replicas start with `replicaof` in their config: they only need to finish their first sync.
        await this.waitHealthy(cluster);
      } else {
        const nodes: FormationNode[] = cluster.shards.flatMap((s, shard) => s.nodes.map((n) => ({ name: n.name, port: n.port, shard, role: n.role })));
        await formCluster(nodes, {
          tls: await this.tlsFor(cluster),
          signal: this.signal,
          slots: cluster.shards.map((s) => parseSlots(s.slots)),
        });
      }
      await abortableSleep(this.options.createDelayMs - (Date.now() - started), this.signal);
      if (this.stopping || this.store.state.clusters[name] !== cluster) return;
      cluster.status = 'available';
      delete cluster.restoringFrom;
      delete cluster.seedFiles;
      if (snapshot !== undefined && snapshot.status === 'restoring') snapshot.status = 'available';
      this.store.save();
      const what = cluster.service === 'elasticache' ? 'Replication group' : 'Cluster';
      if (cluster.service === 'elasticache') for (const node of allNodes(cluster)) this.nodeEvent(cluster, node.name, 'Cache cluster created');
      const source = snapshot !== undefined ? ` from snapshot ${snapshot.name}` : files.length > 0 ? ` from ${files.length} RDB file(s)` : '';
      this.clusterEvent(cluster, `${what} created${source}`);
    } catch (err) {
      if (this.stopping) return;
      cluster.status = 'create-failed';
      cluster.failure = (err as Error).message;
      if (snapshot !== undefined && snapshot.status === 'restoring') snapshot.status = 'available';
      this.store.save();
      this.clusterEvent(cluster, `${cluster.service === 'elasticache' ? 'Replication group' : 'Cluster'} creation failed: ${cluster.failure}`);
      await this.removeNodes(allNodes(cluster));
    }
  }

  private async delete(name: string): Promise<void> {
    const started = Date.now();
    const cluster = this.store.state.clusters[name];
    if (cluster === undefined) return;
    await this.removeNodes(allNodes(cluster));
    rmSync(this.clusterDir(name), { recursive: true, force: true });
    await abortableSleep(this.options.deleteDelayMs - (Date.now() - started), this.signal);
    // Interrupted by a shutdown, the deletion finishes on the next start (the status stays "deleting").
    if (this.stopping) return;
    delete this.store.state.clusters[name];
    delete this.store.state.tags[cluster.arn];
    if (cluster.service === 'elasticache') {
      // Member clusters are taggable resources of their own.
      for (const node of allNodes(cluster)) delete this.store.state.tags[elasticacheArn(cluster.region, 'cluster', node.name)];
    }
    this.clusterEvent(cluster, cluster.service === 'elasticache' ? 'Replication group deleted' : 'Cluster deleted');
  }

  private onNodeChange(name: string, health: NodeHealth, detail?: string): void {
    if (this.stopping) return;
    if (health === 'restarting' || health === 'failed') {
      this.event('node', name, health === 'restarting' ? `Node ${name} stopped unexpectedly${detail === undefined ? '' : ` (${detail})`}; restarting it` : `Node ${name} failed and will not be restarted again automatically`);
    }
    if (health === 'running') this.recordPids();
  }

  /** Pids of running nodes, so a later start can stop strays if this process dies without cleanup. */
  recordPids(): void {
    const pids: Record<string, { pid: number; conf: string }> = {};
    for (const [name, pid] of this.supervisor.pids()) {
      const spec = this.supervisor.get(name)?.spec;
      if (spec !== undefined) pids[name] = { pid, conf: join(spec.dir, 'redis.conf') };
    }
    writeJsonAtomic(stateFiles(this.options.stateDir).pids, pids);
  }

  private async killStrays(): Promise<void> {
    let recorded: Record<string, { pid: number; conf: string }> = {};
    try {
      recorded = JSON.parse(readFileSync(stateFiles(this.options.stateDir).pids, 'utf8')) as typeof recorded;
    } catch {
      return;
    }
    const killed = await Promise.all(Object.values(recorded).map(({ pid, conf }) => killStaleNode(pid, conf)));
    const count = killed.filter(Boolean).length;
    if (count > 0) this.options.log(`stopped ${count} redis-server process(es) left behind by an earlier run`);
  }
}

export function allNodes(cluster: LocalCluster): LocalNode[] {
  return cluster.shards.flatMap((s) => s.nodes);
}

/** An ElastiCache replication group with cluster mode disabled: standalone nodes, not a Redis Cluster. */
export function isStandalone(cluster: LocalCluster): boolean {
  return cluster.service === 'elasticache' && cluster.elasticache?.clusterMode === 'disabled';
}

/** Each node of a standalone group with the primary it should replicate from (per the state). */
export function replicationMembers(cluster: LocalCluster): ReplicationMember[] {
  return cluster.shards.flatMap((shard) => {
    const primary = shard.nodes.find((n) => n.role === 'primary');
    return shard.nodes.map((n) => (n.role === 'primary' || primary === undefined ? { port: n.port } : { port: n.port, primaryPort: primary.port }));
  });
}

/**
 * The cluster whose node names a new cluster's could collide with, if any. Nodes are named
 * `<cluster>-<shard>-<n>` (MemoryDB, cluster mode enabled) or `<group>-<n>` (cluster mode
 * disabled), and both services share one namespace locally: a standalone group named
 * `orders-0002` and a cluster `orders` would both own `orders-0002-001` one day.
 */
export function nodeNameClash(state: LocalState, name: string, standalone: boolean): string | undefined {
  const clusters = Object.values(state.clusters);
  if (standalone) {
    const match = /^(.+)-\d{4}$/.exec(name);
    const other = match === null ? undefined : state.clusters[match[1] as string];
    return other !== undefined && !isStandalone(other) ? other.name : undefined;
  }
  return clusters.find((c) => isStandalone(c) && c.name.startsWith(`${name}-`) && /^\d{4}$/.test(c.name.slice(name.length + 1)))?.name;
}

/** ElastiCache node types are cache.*, MemoryDB's db.*. */
export function nodeTypeService(nodeType: string): LocalService {
  return nodeType.startsWith('cache.') ? 'elasticache' : 'memorydb';
}

const ELASTICACHE_SOURCES: ReadonlySet<LocalEventSource> = new Set(['replication-group', 'cache-cluster', 'user-group', 'cache-parameter-group', 'cache-subnet-group']);
