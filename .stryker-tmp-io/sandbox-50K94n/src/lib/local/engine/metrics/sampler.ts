// @ts-nocheck
// Samples every node of every running cluster at a fine interval (1 s by default): INFO (all
// sections, one round trip, on a connection kept open per node) and the node's process in /proc;
// the metrics of each interval (definitions.ts) go into the store, aligned to the sample's time.
// Replication lag is read across a shard: a replica is behind from the moment its offset falls
// short of its primary's until it has caught up again.
import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { allNodes } from '../cluster-nodes.js';
import { connectNode } from '../nodes/node-client.js';
import type { ClusterRuntime } from '../runtime.js';
import type { LocalCluster, LocalNode } from '../../store/state.js';
import { commandStats, nodeMetrics, parseInfo, processCpuSeconds, swapBytes, type NodeSample } from './definitions.js';
import { NAMESPACES, nodeDimensions as catalogDimensions } from '../../../control/metric-catalog.js';
import type { Dimension, MetricStore, SeriesInfo } from './store.js';

/** A node slower than this (a loaded machine) misses the round, not its connection. */
const SAMPLE_TIMEOUT_MS = 3_000;

interface NodeState {
  port: number;
  client: Redis | undefined;
  last: NodeSample | undefined;
  kinds: Map<string, 'read' | 'write'> | undefined;
  /** When the replica last had its primary's offset (ms). */
  caughtUpAt: number | undefined;
}

/** The dimensions of a node's series (the catalog's, for this cluster's service). */
export function nodeDimensions(cluster: LocalCluster, node: LocalNode): Dimension[] {
  return catalogDimensions(cluster.service, cluster.name, node.name);
}

export class MetricSampler {
  private readonly nodes = new Map<string, NodeState>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Samples taken and the time they took, for the plane's own figures. */
  readonly stats = { rounds: 0, samples: 0, busyMs: 0 };

  constructor(
    private readonly rt: ClusterRuntime,
    readonly store: MetricStore,
    readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.round().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(tick, Math.max(0, this.intervalMs - ((Date.now() - start) % this.intervalMs))).unref();
      });
    };
    const start = Date.now();
    this.timer = setTimeout(tick, this.intervalMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
    for (const state of this.nodes.values()) state.client?.disconnect();
    this.nodes.clear();
  }

  /** One sample of every node of every cluster that runs. */
  async round(): Promise<void> {
    const began = Date.now();
    const clusters = Object.values(this.rt.store.state.clusters).filter((c) => c.status !== 'creating' && c.status !== 'deleting' && c.status !== 'create-failed');
    const live = new Set<string>();
    const pids = this.rt.supervisor.pids();
    await Promise.all(clusters.map((cluster) => this.sampleCluster(cluster, live, pids)));
    // Nodes that left (scaled in, deleted) lose their connection and their series.
    for (const [name, state] of this.nodes) {
      if (live.has(name)) continue;
      state.client?.disconnect();
      this.nodes.delete(name);
    }
    for (const cluster of this.store.clusters()) if (this.rt.store.state.clusters[cluster] === undefined) this.store.drop(cluster);
    this.stats.rounds++;
    this.stats.busyMs += Date.now() - began;
  }

  private async sampleCluster(cluster: LocalCluster, live: Set<string>, pids: Map<string, number>): Promise<void> {
    const tls = await this.rt.tlsFor(cluster);
    const samples = new Map<LocalNode, NodeSample>();
    await Promise.all(
      allNodes(cluster).map(async (node) => {
        live.add(node.name);
        let state = this.nodes.get(node.name);
        if (state !== undefined && state.port !== node.port) {
          state.client?.disconnect();
          state = undefined;
        }
        if (state === undefined) {
          state = { port: node.port, client: undefined, last: undefined, kinds: undefined, caughtUpAt: undefined };
          this.nodes.set(node.name, state);
        }
        const pid = pids.get(node.name);
        if (pid === undefined) return;
        const sample = await this.sampleNode(state, tls, pid);
        if (sample !== undefined) samples.set(node, sample);
      }),
    );
    // Replication lag: each replica against its shard's primary in this round.
    for (const shard of cluster.shards) {
      const primary = shard.nodes.find((n) => samples.get(n)?.info.get('role') === 'master');
      const primaryOffset = primary === undefined ? undefined : Number(samples.get(primary)?.info.get('master_repl_offset'));
      for (const node of shard.nodes) {
        const sample = samples.get(node);
        const state = this.nodes.get(node.name);
        if (sample === undefined || state === undefined) continue;
        let lag: number | undefined;
        if (sample.info.get('role') === 'slave') {
          const offset = Number(sample.info.get('slave_repl_offset') ?? sample.info.get('master_repl_offset'));
          const linkUp = sample.info.get('master_link_status') === 'up';
          if (linkUp && primaryOffset !== undefined && Number.isFinite(offset) && offset >= primaryOffset) state.caughtUpAt = sample.t;
          state.caughtUpAt ??= sample.t;
          lag = linkUp && primaryOffset !== undefined && offset >= primaryOffset ? 0 : (sample.t - state.caughtUpAt) / 1000;
        }
        this.record(cluster, node, state, sample, lag);
      }
    }
  }

  private record(cluster: LocalCluster, node: LocalNode, state: NodeState, sample: NodeSample, lag: number | undefined): void {
    const previous = state.last;
    state.last = sample;
    if (previous === undefined || state.kinds === undefined) return;
    const values = nodeMetrics(previous, sample, { service: cluster.service, kinds: state.kinds, ownConnections: 1, ...(lag === undefined ? {} : { replicationLagSeconds: lag }) });
    const dimensions = nodeDimensions(cluster, node);
    for (const value of values) {
      const info: SeriesInfo = { namespace: NAMESPACES[cluster.service], metricName: value.name, dimensions, unit: value.unit, cluster: cluster.name, region: cluster.region };
      this.store.put(info, sample.t, value.value);
    }
    this.stats.samples++;
  }

  private async sampleNode(state: NodeState, tls: Awaited<ReturnType<ClusterRuntime['tlsFor']>>, pid: number): Promise<NodeSample | undefined> {
    if (state.client === undefined || state.client.status === 'end') {
      state.client?.disconnect();
      state.client = connectNode(state.port, tls, { connectTimeoutMs: SAMPLE_TIMEOUT_MS, commandTimeoutMs: SAMPLE_TIMEOUT_MS });
    }
    const client = state.client;
    try {
      state.kinds ??= commandKinds((await client.call('COMMAND')) as unknown[]);
      const t = Date.now();
      const [text, proc] = await Promise.all([client.call('INFO', 'all') as Promise<string>, readProcess(pid)]);
      const info = parseInfo(String(text));
      return { t, info, commands: commandStats(info), ...proc };
    } catch {
      // Not answering this round: no sample. A connection that ended is opened again next round;
      // the last sample stays, so the next interval spans the gap (counters that restarted are
      // left out by the metrics themselves).
      if (client.status === 'end') state.client = undefined;
      return undefined;
    }
  }
}

async function readProcess(pid: number): Promise<{ processCpuSeconds?: number; swapBytes?: number }> {
  try {
    const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
    const cpu = processCpuSeconds(stat);
    const swap = swapBytes(status);
    return { ...(cpu === undefined ? {} : { processCpuSeconds: cpu }), ...(swap === undefined ? {} : { swapBytes: swap }) };
  } catch {
    return {};
  }
}

/** COMMAND's reply -> which commands (and subcommands) only read and which write. */
export function commandKinds(reply: unknown[]): Map<string, 'read' | 'write'> {
  const out = new Map<string, 'read' | 'write'>();
  const visit = (entry: unknown): void => {
    if (!Array.isArray(entry)) return;
    const name = String(entry[0]).toLowerCase();
    const flags = Array.isArray(entry[2]) ? entry[2].map((f) => String(f)) : [];
    if (flags.includes('write')) out.set(name, 'write');
    else if (flags.includes('readonly')) out.set(name, 'read');
    // Redis 7: subcommands are the 10th element.
    if (Array.isArray(entry[9])) for (const sub of entry[9]) visit(sub);
  };
  for (const entry of reply) visit(entry);
  return out;
}
