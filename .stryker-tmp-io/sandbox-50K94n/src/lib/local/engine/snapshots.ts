// @ts-nocheck
// Snapshots of local clusters and replication groups: every shard (node group) primary's data
// saved as an RDB file under the state directory; copies (and "S3" exports into a directory),
// deletion, restore seeds, and the automated daily snapshots with retention pruning. MemoryDB and
// ElastiCache snapshots share one namespace of names; each service only sees its own.
import { rmSync, statSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ClusterRuntime } from './runtime.js';
import { elasticacheArn, memorydbArn } from '../store/account.js';
import { abortableSleep } from '../../io/sleep.js';
import { shardRoles } from './ops/failover.js';
import { saveRdb } from './ops/rdb.js';
import type { TlsFiles } from './nodes/tls.js';
import type { LocalCluster, LocalNode, LocalService, LocalShard, LocalSnapshot, LocalSnapshotShard, LocalState } from '../store/state.js';

export function snapshotDir(rt: ClusterRuntime, name: string): string {
  return join(rt.options.stateDir, 'snapshots', name);
}

/** The snapshot record for a cluster, before any file is written (status "creating"). */
export function newSnapshot(cluster: LocalCluster, name: string, source: 'manual' | 'automated', kmsKeyId?: string): LocalSnapshot {
  const group = cluster.elasticache;
  return {
    ...(cluster.service === 'elasticache' ? { service: 'elasticache' as const } : {}),
    name,
    arn: cluster.service === 'elasticache' ? elasticacheArn(cluster.region, 'snapshot', name) : memorydbArn(cluster.region, 'snapshot', name),
    status: 'creating',
    source,
    kmsKeyId,
    createdAt: Date.now(),
    cluster: {
      name: cluster.name,
      description: cluster.description,
      nodeType: cluster.nodeType,
      engine: cluster.engine,
      engineVersion: cluster.engineVersion,
      maintenanceWindow: cluster.maintenanceWindow,
      snsTopicArn: cluster.snsTopicArn,
      port: cluster.port ?? 6379,
      parameterGroup: cluster.parameterGroup,
      subnetGroup: cluster.subnetGroup,
      snapshotRetentionLimit: cluster.snapshotRetentionLimit,
      snapshotWindow: cluster.snapshotWindow,
      tls: cluster.tls,
      aclName: cluster.aclName,
      dataTiering: cluster.dataTiering,
      numShards: cluster.shards.length,
    },
    shards: [],
    replicationGroup:
      group === undefined
        ? undefined
        : { clusterMode: group.clusterMode, automaticFailover: group.automaticFailover, cacheParameterGroup: group.cacheParameterGroup, cacheSubnetGroup: group.cacheSubnetGroup },
  };
}

export function serviceOf(snapshot: LocalSnapshot): LocalService {
  return snapshot.service ?? 'memorydb';
}

/** An event about the cluster or replication group a snapshot is of (which may be gone by now). */
function snapshotEvent(rt: ClusterRuntime, snapshot: LocalSnapshot, message: string): void {
  const service = serviceOf(snapshot);
  rt.event(service === 'elasticache' ? 'replication-group' : 'cluster', snapshot.cluster.name, message, service);
}

/** Saves of one shard before the snapshot fails: the first, and retries on whichever node can. */
const SAVE_ATTEMPTS = 3;

/**
 * Saves every shard's data into the snapshot's directory; the snapshot becomes available. Each
 * shard is saved on its live primary; when that save is lost (the node died or restarted), it is
 * retried on the shard's primary of the moment (a restarted or newly promoted one) or an in-sync
 * replica, each retry an event.
 */
export async function writeSnapshot(rt: ClusterRuntime, cluster: LocalCluster, snapshot: LocalSnapshot): Promise<void> {
  const started = Date.now();
  const tls = await rt.tlsFor(cluster);
  const dir = snapshotDir(rt, snapshot.name);
  rmSync(dir, { recursive: true, force: true });
  const saveShard = async (shard: LocalShard): Promise<LocalSnapshotShard> => {
    const file = join(dir, `${shard.name}.rdb`);
    for (let attempt = 1; ; attempt++) {
      const node = await saverOf(rt, cluster, shard, tls);
      try {
        const saved = await saveRdb(node.port, { tls, dir: node.dir, targetFile: file });
        return { name: shard.name, slots: shard.slots, replicaCount: shard.nodes.length - 1, bytes: saved.bytes, keys: saved.keys, file: relative(rt.options.stateDir, file), createdAt: Date.now() };
      } catch (error) {
        if (attempt >= SAVE_ATTEMPTS || rt.stopping) throw error;
        snapshotEvent(rt, snapshot, `Snapshot ${snapshot.name}: saving shard ${shard.name} on ${node.name} failed (${(error as Error).message}); retrying`);
      }
    }
  };
  snapshot.shards = await Promise.all(cluster.shards.map(saveShard));
  snapshot.status = 'available';
  rt.store.save();
  const keys = snapshot.shards.reduce((n, s) => n + s.keys, 0);
  snapshotEvent(rt, snapshot, `Snapshot ${snapshot.name} of ${cluster.service === 'elasticache' ? 'replication group' : 'cluster'} ${cluster.name} succeeded: ${keys} keys in ${Date.now() - started} ms`);
}

/** The node to save a shard on: its live primary, else a replica in sync with it (waits up to 10 s). */
async function saverOf(rt: ClusterRuntime, cluster: LocalCluster, shard: LocalShard, tls: TlsFiles | null): Promise<LocalNode> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const roles = await shardRoles(shard.nodes.map((n) => n.port), tls);
    const primary = shard.nodes.find((n) => roles.get(n.port)?.role === 'primary');
    const replica = shard.nodes.find((n) => roles.get(n.port)?.role === 'replica' && roles.get(n.port)?.linkUp === true);
    const node = primary ?? replica;
    if (node !== undefined) return node;
    if (Date.now() > deadline || rt.stopping) throw new Error(`no node of shard ${shard.name} of ${cluster.name} answers`);
    await abortableSleep(100, rt.signal);
  }
}

/**
 * After a start: snapshots and copies the stop cut short failed (their partial files go, and they
 * can be deleted); deletions finish.
 */
export function settleInterruptedSnapshots(rt: ClusterRuntime): void {
  const state = rt.store.state;
  for (const snapshot of Object.values(state.snapshots)) {
    if (snapshot.status === 'creating' || snapshot.status === 'copying') {
      const what = snapshot.status === 'creating' ? 'taken' : 'copied';
      rmSync(snapshotDir(rt, snapshot.name), { recursive: true, force: true });
      snapshot.status = 'failed';
      snapshot.failure = `the control plane stopped while the snapshot was being ${what}`;
      snapshot.shards = [];
      rt.store.save();
      snapshotEvent(rt, snapshot, `Snapshot ${snapshot.name} failed: ${snapshot.failure}`);
    } else if (snapshot.status === 'deleting') {
      rmSync(snapshotDir(rt, snapshot.name), { recursive: true, force: true });
      delete state.snapshots[snapshot.name];
      delete state.tags[snapshot.arn];
      rt.store.save();
      snapshotEvent(rt, snapshot, `Snapshot ${snapshot.name} deleted`);
    }
  }
}

/** Takes a snapshot while the cluster shows "snapshotting"; the cluster is available again afterwards. */
export function beginSnapshot(rt: ClusterRuntime, cluster: LocalCluster, snapshot: LocalSnapshot): void {
  rt.store.state.snapshots[snapshot.name] = snapshot;
  cluster.status = 'snapshotting';
  rt.store.save();
  rt.run(
    `snapshot ${snapshot.name}`,
    async () => {
      try {
        await writeSnapshot(rt, cluster, snapshot);
      } finally {
        if (!rt.stopping && cluster.status === 'snapshotting') {
          cluster.status = 'available';
          rt.store.save();
        }
      }
    },
    (err) => {
      snapshot.status = 'failed';
      snapshot.failure = err.message;
      rt.store.save();
      snapshotEvent(rt, snapshot, `Snapshot ${snapshot.name} failed: ${err.message}`);
    },
  );
}

/** Copies a snapshot's files to a new snapshot, and into `<state>/s3/<bucket>/` when exporting. */
export function beginCopy(rt: ClusterRuntime, source: LocalSnapshot, target: LocalSnapshot, bucket: string | undefined): void {
  rt.store.state.snapshots[target.name] = target;
  rt.store.save();
  rt.run(
    `copy of snapshot ${source.name}`,
    async () => {
      const dir = snapshotDir(rt, target.name);
      await mkdir(dir, { recursive: true });
      // Copied without blocking the plane (RDB files can be large); "copying" meanwhile.
      target.shards = await Promise.all(
        source.shards.map(async (shard) => {
          const file = join(dir, `${shard.name}.rdb`);
          await copyFile(join(rt.options.stateDir, shard.file), file);
          return { ...shard, file: relative(rt.options.stateDir, file) };
        }),
      );
      if (bucket !== undefined) {
        const exportDir = join(rt.options.stateDir, 's3', bucket);
        await mkdir(exportDir, { recursive: true });
        await Promise.all(source.shards.map((shard) => copyFile(join(rt.options.stateDir, shard.file), join(exportDir, `${target.name}-${shard.name}.rdb`))));
        target.exportedTo = exportDir;
      }
      target.status = 'available';
      rt.store.save();
      snapshotEvent(rt, source, `Snapshot ${source.name} copied to ${target.name}${bucket === undefined ? '' : ` and exported to bucket ${bucket}`}`);
    },
    (err) => {
      target.status = 'failed';
      target.failure = err.message;
      rt.store.save();
    },
  );
}

export function beginSnapshotDelete(rt: ClusterRuntime, snapshot: LocalSnapshot): void {
  snapshot.status = 'deleting';
  rt.store.save();
  rt.run(`deleting snapshot ${snapshot.name}`, async () => {
    rmSync(snapshotDir(rt, snapshot.name), { recursive: true, force: true });
    delete rt.store.state.snapshots[snapshot.name];
    delete rt.store.state.tags[snapshot.arn];
    rt.store.save();
    snapshotEvent(rt, snapshot, `Snapshot ${snapshot.name} deleted`);
  });
}

export function snapshotBytes(rt: ClusterRuntime, snapshot: LocalSnapshot): number {
  return snapshot.shards.reduce((n, s) => {
    try {
      return n + statSync(join(rt.options.stateDir, s.file)).size;
    } catch {
      return n;
    }
  }, 0);
}

/**
 * Automated snapshots: each cluster with a retention limit gets one per interval (a day by
 * default; MEMCTL_LOCAL_AUTO_SNAPSHOT_MS shortens it for tests and demos), and only the newest
 * `retention limit` automated snapshots of a cluster are kept.
 */
export class AutomatedSnapshots {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rt: ClusterRuntime,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    const tick = Math.max(50, Math.min(60_000, Math.floor(this.intervalMs / 4)));
    this.timer = setInterval(() => this.check(), tick);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  check(now = Date.now()): void {
    for (const cluster of Object.values(this.rt.store.state.clusters)) {
      if (cluster.snapshotRetentionLimit <= 0 || cluster.status !== 'available' || this.rt.stopping) continue;
      const last = cluster.lastAutoSnapshotAt ?? cluster.createdAt;
      if (now - last < this.intervalMs) continue;
      cluster.lastAutoSnapshotAt = now;
      const iso = new Date(now).toISOString();
      // MemoryDB: automatic.<cluster>-20240101-050000; ElastiCache: automatic.<group>-2024-01-01-05-00.
      const stamp = cluster.service === 'elasticache' ? iso.slice(0, 16).replace(/[T:]/g, '-') : iso.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      let name = `automatic.${cluster.name}-${stamp}`;
      for (let n = 1; this.rt.store.state.snapshots[name] !== undefined && n < 100; n++) name = `automatic.${cluster.name}-${stamp}-${n}`;
      const snapshot = newSnapshot(cluster, name, 'automated');
      beginSnapshot(this.rt, cluster, snapshot);
      this.prune(cluster);
    }
  }

  /** Keeps the newest `retention` automated snapshots of a cluster (counting the one in progress). */
  private prune(cluster: LocalCluster): void {
    const automated = Object.values(this.rt.store.state.snapshots)
      .filter((s) => s.source === 'automated' && serviceOf(s) === cluster.service && s.cluster.name === cluster.name && (s.status === 'available' || s.status === 'creating'))
      .sort((a, b) => b.createdAt - a.createdAt);
    for (const old of automated.slice(cluster.snapshotRetentionLimit)) {
      if (old.status === 'available') beginSnapshotDelete(this.rt, old);
    }
  }
}

/** Snapshots a cluster-restore or another operation is still using. */
export function snapshotInUse(state: LocalState, snapshot: LocalSnapshot): string | undefined {
  const restoring = Object.values(state.clusters).find((c) => c.restoringFrom === snapshot.name);
  if (restoring !== undefined) return `${restoring.service === 'elasticache' ? 'replication group' : 'cluster'} ${restoring.name} is being restored from it`;
  if (snapshot.status === 'creating' || snapshot.status === 'copying' || snapshot.status === 'restoring' || snapshot.status === 'deleting') return `it is ${snapshot.status}`;
  return undefined;
}
