// Runs the clusters of the local control plane as real redis-server processes: creation
// (ports, processes, Redis Cluster formation), deletion, and bringing them back after a restart.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { nodeMemoryBytes } from '../control/node-types.js';
import { formCluster, waitClusterHealthy, type FormationNode } from './cluster-formation.js';
import { allocateNodePorts } from './ports.js';
import { killStaleNode, type NodeSpec } from './redis-node.js';
import type { LocalCluster, LocalNode, LocalState } from './state.js';
import { writeJsonAtomic } from './state.js';
import { stateFiles } from './paths.js';
import { NodeSupervisor, type NodeHealth } from './supervisor.js';
import { ensureLocalCa, type TlsFiles } from './tls.js';

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
  log: (message: string) => void;
}

export class ClusterRuntime {
  readonly supervisor: NodeSupervisor;
  private tlsFiles: Promise<TlsFiles> | undefined;
  private readonly pending = new Set<Promise<void>>();
  /** Aborted on shutdown so that creations in progress stop waiting at once. */
  private readonly shutdownSignal = new AbortController();
  private stopping = false;

  constructor(
    private readonly store: StateStore,
    private readonly options: RuntimeOptions,
  ) {
    this.supervisor = new NodeSupervisor({
      redisServer: options.redisServer,
      onChange: (name, health, detail) => this.onNodeChange(name, health, detail),
    });
  }

  tls(): Promise<TlsFiles> {
    this.tlsFiles ??= ensureLocalCa(this.options.stateDir);
    return this.tlsFiles;
  }

  /** Ports for a new cluster's nodes, avoiding every port the state already holds. */
  async allocatePorts(count: number): Promise<number[]> {
    const taken = new Set<number>();
    for (const c of Object.values(this.store.state.clusters)) for (const s of c.shards) for (const n of s.nodes) taken.add(n.port);
    return allocateNodePorts(count, taken);
  }

  clusterDir(name: string): string {
    return join(stateFiles(this.options.stateDir).clusters, name);
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
        return cluster.status === 'creating' ? 'creating' : 'unavailable';
    }
  }

  /** Starts the processes of a cluster already in the state with status "creating". */
  beginCreate(name: string): void {
    this.track(this.create(name));
  }

  beginDelete(name: string): void {
    this.track(this.delete(name));
  }

  /** After a daemon start: clean up strays, restart available clusters, finish interrupted work. */
  async resume(): Promise<void> {
    await this.killStrays();
    const clusters = Object.values(this.store.state.clusters);
    await Promise.all(
      clusters.map(async (cluster) => {
        if (cluster.status === 'available') {
          const started = Date.now();
          try {
            await this.startNodes(cluster);
            const ports = cluster.shards.flatMap((s) => s.nodes.map((n) => n.port));
            await waitClusterHealthy(ports, cluster.tls ? await this.tls() : null, 20_000, this.shutdownSignal.signal);
            this.options.log(`cluster ${cluster.name}: back after ${Date.now() - started} ms`);
          } catch (err) {
            this.options.log(`cluster ${cluster.name}: restart failed: ${(err as Error).message}`);
          }
        } else if (cluster.status === 'creating') {
          rmSync(this.clusterDir(cluster.name), { recursive: true, force: true });
          this.beginCreate(cluster.name);
        } else if (cluster.status === 'deleting') {
          this.beginDelete(cluster.name);
        }
      }),
    );
  }

  /** Stops every node (saving data) and waits for in-flight work to settle. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.shutdownSignal.abort();
    // Work in flight settles first (it stops waiting when aborted), so no node starts after stopAll.
    await Promise.allSettled([...this.pending]);
    await this.supervisor.stopAll({ save: true });
    this.recordPids();
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async nodeSpecs(cluster: LocalCluster): Promise<NodeSpec[]> {
    const tls = cluster.tls ? await this.tls() : null;
    const maxmemoryBytes = nodeMemoryBytes('memorydb', cluster.nodeType) ?? 1024 ** 3;
    return cluster.shards.flatMap((s) => s.nodes.map((n) => ({ name: n.name, port: n.port, dir: n.dir, maxmemoryBytes, tls })));
  }

  private async startNodes(cluster: LocalCluster): Promise<void> {
    const specs = await this.nodeSpecs(cluster);
    for (const spec of specs) {
      mkdirSync(spec.dir, { recursive: true });
      if (this.supervisor.get(spec.name) === undefined) this.supervisor.add(spec);
    }
    await Promise.all(specs.map((spec) => this.supervisor.start(spec.name)));
    this.recordPids();
  }

  private async create(name: string): Promise<void> {
    const started = Date.now();
    const cluster = this.store.state.clusters[name];
    if (cluster === undefined) return;
    try {
      await this.startNodes(cluster);
      if (this.stopping) return;
      const nodes: FormationNode[] = cluster.shards.flatMap((s, shard) => s.nodes.map((n) => ({ name: n.name, port: n.port, shard, role: n.role })));
      await formCluster(nodes, { tls: cluster.tls ? await this.tls() : null, signal: this.shutdownSignal.signal });
      await sleep(this.options.createDelayMs - (Date.now() - started), this.shutdownSignal.signal);
      if (this.stopping || this.store.state.clusters[name] !== cluster) return;
      cluster.status = 'available';
      this.store.save();
      this.options.log(`cluster ${name}: available after ${Date.now() - started} ms`);
    } catch (err) {
      if (this.stopping) return;
      cluster.status = 'create-failed';
      cluster.failure = (err as Error).message;
      this.store.save();
      this.options.log(`cluster ${name}: create failed: ${cluster.failure}`);
      await this.removeNodes(cluster);
    }
  }

  private async delete(name: string): Promise<void> {
    const started = Date.now();
    const cluster = this.store.state.clusters[name];
    if (cluster === undefined) return;
    await this.removeNodes(cluster);
    rmSync(this.clusterDir(name), { recursive: true, force: true });
    await sleep(this.options.deleteDelayMs - (Date.now() - started), this.shutdownSignal.signal);
    // Interrupted by a shutdown, the deletion finishes on the next start (the status stays "deleting").
    if (this.stopping) return;
    delete this.store.state.clusters[name];
    delete this.store.state.tags[cluster.arn];
    this.store.save();
    this.recordPids();
    this.options.log(`cluster ${name}: deleted after ${Date.now() - started} ms`);
  }

  private async removeNodes(cluster: LocalCluster): Promise<void> {
    await Promise.all(cluster.shards.flatMap((s) => s.nodes.map((n) => this.supervisor.remove(n.name, { save: false }))));
  }

  private onNodeChange(name: string, health: NodeHealth, detail?: string): void {
    if (this.stopping) return;
    if (health === 'restarting' || health === 'failed') this.options.log(`node ${name}: ${health}${detail === undefined ? '' : ` (${detail})`}`);
    if (health === 'running') this.recordPids();
  }

  /** Pids of running nodes, so a later daemon can stop strays if this one dies without cleanup. */
  private recordPids(): void {
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

/** Resolves after ms, or at once when the signal is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
