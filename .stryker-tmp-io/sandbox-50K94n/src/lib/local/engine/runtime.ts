// @ts-nocheck
// What every piece of work on the local clusters goes through: the node processes (supervised),
// their TLS files and admin credential, ports and directories, events, and background work that
// a shutdown waits for. Creation, deletion and restarts live in lifecycle.ts, changes to running
// clusters in changes.ts, snapshots in snapshots.ts; all of them work through this class. MemoryDB clusters and ElastiCache replication
// groups run alike, except groups with cluster mode disabled: standalone nodes, one primary and
// its replicas attached with REPLICAOF (ops/replication.ts).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeMemoryBytes } from '../../control/node-types.js';
import { waitClusterHealthy } from './ops/formation.js';
import { allNodes, isStandalone, nodeTypeService, replicationMembers } from './cluster-nodes.js';
import { clusterAdminCredential, ensureAdminCredential } from './access/admin.js';
import { setNodeCredentials, type NodeCredentials } from './nodes/node-client.js';
import { renderAclFile, usersOfCluster } from './access/node-users.js';
import { shardRoles } from './ops/failover.js';
import { waitReplicationHealthy } from './ops/replication.js';
import { allocateNodePorts } from './nodes/ports.js';
import { killStaleNode, nodesUnder, type NodeSpec } from './nodes/redis-node.js';
import type { LocalCluster, LocalEventSource, LocalNode, LocalService, StateStore } from '../store/state.js';
import { recordEvent, writeJsonAtomic } from '../store/state.js';
import { stateFiles } from '../store/paths.js';
import { NodeSupervisor, type NodeHealth } from './nodes/supervisor.js';
import { ensureLocalCa, type TlsFiles } from './nodes/tls.js';
import { serverFor, type ServerBinaries } from './nodes/server-binaries.js';

export interface RuntimeOptions {
  stateDir: string;
  /** Least time a cluster stays "creating" / "deleting", so clients see the lifecycle walk. */
  createDelayMs: number;
  deleteDelayMs: number;
  redisServer?: string;
  /** Binaries installed for engine versions (server-binaries.ts). */
  servers?: ServerBinaries;
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
  private readonly nodeListeners: Array<(name: string, health: NodeHealth, detail?: string) => void> = [];

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

  /** The control plane's own user on a cluster's nodes (admin.ts); never logged or returned by the API. */
  async admin(cluster: LocalCluster): Promise<NodeCredentials> {
    this.adminCredential ??= ensureAdminCredential(this.options.stateDir);
    return clusterAdminCredential(await this.adminCredential, cluster.name);
  }

  /** The aclfile a node of this cluster starts with: the users it lets in right now (its ACL, user groups or AUTH token). */
  aclFileOf(clusterName: string, admin: NodeCredentials): string {
    const cluster = this.store.state.clusters[clusterName];
    return renderAclFile(admin, cluster === undefined ? [] : usersOfCluster(this.store.state, cluster));
  }

  /** Ports for new nodes, avoiding every port the state already holds. */
  /** Free ports for `count` nodes; `preferred` (a request's Port) first when it is free. */
  async allocatePorts(count: number, preferred?: number): Promise<number[]> {
    const taken = new Set<number>();
    for (const c of Object.values(this.store.state.clusters)) for (const s of c.shards) for (const n of s.nodes) taken.add(n.port);
    return allocateNodePorts(count, taken, undefined, preferred);
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
    const server = this.serverOf(cluster);
    return nodes.map((n) => ({ name: n.name, port: n.port, dir: n.dir, maxmemoryBytes, tls, seedRdb: seeds?.get(n.name), access, clusterMode, replicaOf: primaryPortOf(n), server: n.server ?? server }));
  }

  /** The binaries installed for engine versions other than the default's. */
  get servers(): ServerBinaries {
    return this.options.servers ?? {};
  }

  /** The binary the nodes of a cluster run for its engine version; undefined: the plane's default. */
  serverOf(cluster: LocalCluster): string | undefined {
    return serverFor(this.servers, cluster.engine, cluster.engineVersion);
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
    const admin = await this.admin(cluster);
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

  /** Calls `listener` on every change of a node's health (node-failure.ts reacts to deaths). */
  onNodeHealth(listener: (name: string, health: NodeHealth, detail?: string) => void): void {
    this.nodeListeners.push(listener);
  }

  private onNodeChange(name: string, health: NodeHealth, detail?: string): void {
    if (this.stopping) return;
    if (health === 'restarting' || health === 'failed') {
      this.event('node', name, health === 'restarting' ? `Node ${name} stopped unexpectedly${detail === undefined ? '' : ` (${detail})`}; restarting it` : `Node ${name} failed and will not be restarted again automatically`);
    }
    if (health === 'running') this.recordPids();
    for (const listener of this.nodeListeners) listener(name, health, detail);
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

  /** Stops redis-server processes an earlier run of the plane left behind (recorded by pid). */
  async killStrays(): Promise<void> {
    const strays = new Map<number, string>();
    try {
      const recorded = JSON.parse(readFileSync(stateFiles(this.options.stateDir).pids, 'utf8')) as Record<string, { pid: number; conf: string }>;
      for (const { pid, conf } of Object.values(recorded)) strays.set(pid, conf);
    } catch {
      // No record (or a plane killed before it wrote one): the process table below still finds them.
    }
    // A plane killed between starting a node and recording its pid leaves one no record names:
    // every redis-server whose config file lies in this state directory's cluster folders is ours.
    for (const [pid, conf] of await nodesUnder(stateFiles(this.options.stateDir).clusters)) strays.set(pid, conf);
    const killed = await Promise.all([...strays].map(([pid, conf]) => killStaleNode(pid, conf)));
    const count = killed.filter(Boolean).length;
    if (count > 0) this.options.log(`stopped ${count} redis-server process(es) left behind by an earlier run`);
  }
}

const ELASTICACHE_SOURCES: ReadonlySet<LocalEventSource> = new Set(['replication-group', 'cache-cluster', 'user-group', 'cache-parameter-group', 'cache-subnet-group']);
