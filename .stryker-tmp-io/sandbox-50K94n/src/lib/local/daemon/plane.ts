// @ts-nocheck
// The local control plane as one object: the state loaded from disk, the engine that runs its
// clusters, both services' operations, automated snapshots, fault injection, and the HTTP front
// that serves them on 127.0.0.1. Starts in that order (clusters come back before the port opens,
// so "available" always means serving) and stops in the reverse one.
import { resumeClusters } from '../engine/lifecycle.js';
import { watchNodeFailures } from '../engine/node-failure.js';
import { VERSION } from '../../../version.js';
import { elasticacheOperations } from '../api/elasticache/operations.js';
import { memorydbOperations } from '../api/memorydb/operations.js';
import { settleAccessState } from '../engine/access/settle.js';
import { ClusterRuntime } from '../engine/runtime.js';
import { AutomatedSnapshots } from '../engine/snapshots.js';
import { FaultInjector, type FaultConfig } from '../http/faults.js';
import { HttpFront } from '../http/server.js';
import { stateFiles } from '../store/paths.js';
import { newAdminToken } from '../store/daemon-record.js';
import { loadState, saveState, type StateStore } from '../store/state.js';
import { adminApi } from './admin-api.js';
import { serverBinariesFromEnv, type ServerBinaries } from '../engine/nodes/server-binaries.js';
import { MetricSampler } from '../engine/metrics/sampler.js';
import { MetricStore } from '../engine/metrics/store.js';
import { AlarmEngine } from '../engine/alarms/alarm-engine.js';
import { cloudwatchOperations } from '../api/cloudwatch/operations.js';

const METRIC_RETENTION_MS = 3 * 3600_000;

function metricsIntervalFromEnv(): number {
  const raw = process.env['MEMCTL_LOCAL_METRICS_INTERVAL_MS'];
  const value = raw === undefined || raw === '' ? 1000 : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : 1000;
}

export interface LocalServerOptions {
  stateDir: string;
  /** 0 picks a free port. */
  port: number;
  createDelayMs?: number;
  deleteDelayMs?: number;
  maxNodes?: number;
  /** Scales node-type memory (maxmemory) for laptop-sized nodes; 1 by default. */
  memoryScale?: number;
  /** How often clusters with a retention limit get an automated snapshot (default a day). */
  autoSnapshotIntervalMs?: number;
  faults?: FaultConfig;
  redisServer?: string;
  /** How often every node is sampled for CloudWatch metrics (ms; 0: never). Default 1000, or MEMCTL_LOCAL_METRICS_INTERVAL_MS. */
  metricsIntervalMs?: number;
  /** Binaries of other engine versions (upgrades); by default the MEMCTL_REDIS_SERVER_<ENGINE>_<MAJOR>_<MINOR> variables. */
  servers?: ServerBinaries;
  log?: (message: string) => void;
  /** Called when a client asks the server to shut down (POST /_memctl/shutdown). */
  onShutdownRequest?: () => void;
}

export class LocalControlPlane {
  readonly faults: FaultInjector;
  readonly runtime: ClusterRuntime;
  readonly metrics: MetricSampler;
  readonly alarms: AlarmEngine;
  private readonly automated: AutomatedSnapshots;
  private readonly startedAt = Date.now();
  private front: HttpFront | undefined;
  /** What /_memctl/ requests must carry; also in <state>/admin-token (0600). */
  adminToken = '';
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly store: StateStore,
    private readonly options: LocalServerOptions,
  ) {
    this.faults = new FaultInjector(options.faults);
    this.runtime = new ClusterRuntime(store, {
      stateDir: options.stateDir,
      createDelayMs: options.createDelayMs ?? 300,
      deleteDelayMs: options.deleteDelayMs ?? 200,
      redisServer: options.redisServer,
      servers: options.servers ?? serverBinariesFromEnv(process.env),
      memoryScale: options.memoryScale,
      log: options.log ?? (() => undefined),
    });
    this.automated = new AutomatedSnapshots(this.runtime, options.autoSnapshotIntervalMs ?? 86_400_000);
    const interval = options.metricsIntervalMs ?? metricsIntervalFromEnv();
    // CloudWatch keeps high-resolution data for 3 hours: so does the plane, in memory.
    this.metrics = new MetricSampler(this.runtime, new MetricStore(Math.ceil(METRIC_RETENTION_MS / Math.max(interval, 1))), interval);
    this.alarms = new AlarmEngine(this.runtime, this.metrics.store);
  }

  static async start(options: LocalServerOptions): Promise<LocalControlPlane> {
    const file = stateFiles(options.stateDir).state;
    const state = loadState(file);
    // User and ACL changes a stop cut short are settled before any node starts from the state.
    settleAccessState(state);
    const store: StateStore = { state, save: () => saveState(file, state) };
    const plane = new LocalControlPlane(store, options);
    // Clusters come back before the port opens, so "available" always means serving.
    await resumeClusters(plane.runtime);
    watchNodeFailures(plane.runtime);
    plane.automated.start();
    plane.metrics.start();
    plane.alarms.start();
    const deps = { store, runtime: plane.runtime, maxNodes: options.maxNodes ?? 64 };
    plane.adminToken = newAdminToken(options.stateDir);
    try {
      plane.front = await HttpFront.listen(options.port, {
        adminToken: plane.adminToken,
        memorydb: memorydbOperations(deps),
        elasticache: elasticacheOperations(deps),
        cloudwatch: cloudwatchOperations(plane.metrics.store, store, plane.alarms),
        faults: plane.faults,
        admin: adminApi(plane, () => options.onShutdownRequest?.()),
        log: options.log ?? (() => undefined),
      });
    } catch (err) {
      plane.automated.stop();
      plane.alarms.stop();
      await plane.metrics.stop();
      await plane.runtime.shutdown();
      throw err;
    }
    return plane;
  }

  private get http(): HttpFront {
    if (this.front === undefined) throw new Error('the local control plane is not listening');
    return this.front;
  }

  get port(): number {
    return this.http.port;
  }

  get endpoint(): string {
    return this.http.endpoint;
  }

  /** AWS API requests answered so far. */
  get requests(): number {
    return this.front?.requests ?? 0;
  }

  /** Stops accepting requests, then stops every node (saving its data). Idempotent. */
  stop(): Promise<void> {
    this.closing ??= (async () => {
      this.automated.stop();
      this.alarms.stop();
      await this.metrics.stop();
      await this.front?.close();
      await this.runtime.shutdown();
    })();
    return this.closing;
  }

  health(): Record<string, unknown> {
    const state = this.store.state;
    const pids = this.runtime.supervisor.pids();
    return {
      ok: true,
      version: VERSION,
      pid: process.pid,
      port: this.port,
      endpoint: this.endpoint,
      stateDir: this.options.stateDir,
      startedAt: new Date(this.startedAt).toISOString(),
      requests: this.requests,
      faults: { ...this.faults.current, injected: this.faults.injected },
      clusters: Object.values(state.clusters).map((c) => ({
        name: c.name,
        status: c.status,
        tls: c.tls,
        failure: c.failure,
        nodes: c.shards.flatMap((s) =>
          s.nodes.map((n) => ({ name: n.name, port: n.port, pid: pids.get(n.name), health: this.runtime.supervisor.health(n.name), status: this.runtime.nodeStatus(c, n) })),
        ),
      })),
    };
  }
}
