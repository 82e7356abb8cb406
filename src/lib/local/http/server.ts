// The local control plane's HTTP server: routes AWS requests (awsJson by X-Amz-Target) to
// service handlers, injects faults on demand, and serves a small admin API under /_memctl/.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from '../../../version.js';
import { ClusterRuntime, type StateStore } from '../engine/runtime.js';
import { settleAccessState } from '../engine/access/memorydb-changes.js';
import { FaultInjector, type FaultConfig, type FaultKind } from './faults.js';
import { ApiError, jsonErrorBody, parseJsonBody } from './json-protocol.js';
import { elasticacheOperations, type QueryOperation } from '../api/elasticache/operations.js';
import { memorydbOperations, type Operation } from '../api/memorydb/operations.js';
import { decodeQueryBody, queryErrorBody, queryResponse } from './query-protocol.js';
import { stateFiles } from '../store/paths.js';
import { AutomatedSnapshots } from '../engine/snapshots.js';
import { loadState, saveState } from '../store/state.js';

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
  log?: (message: string) => void;
  /** Called when a client asks the server to shut down (POST /_memctl/shutdown). */
  onShutdownRequest?: () => void;
}

const MAX_BODY = 1024 * 1024;
const JSON_TYPE = 'application/x-amz-json-1.1';

/** awsQuery's codes for the same faults (ElastiCache's throttling code is Throttling). */
const QUERY_FAULT_RESPONSES: Record<FaultKind, ApiError> = {
  throttling: new ApiError('Throttling', 'Rate exceeded (injected by memctl local)', 400),
  'server-error': new ApiError('InternalFailure', 'Internal error (injected by memctl local)', 500),
  'rate-exceeded': new ApiError('APICallRateForCustomerExceeded', 'API call rate exceeded (injected by memctl local)', 400),
};

const FAULT_RESPONSES: Record<FaultKind, ApiError> = {
  throttling: new ApiError('ThrottlingException', 'Rate exceeded (injected by memctl local)', 400),
  'server-error': new ApiError('InternalServerError', 'Internal error (injected by memctl local)', 500),
  'rate-exceeded': new ApiError('APICallRateForCustomerExceededFault', 'API call rate exceeded (injected by memctl local)', 400),
};

export class LocalControlPlane {
  readonly faults: FaultInjector;
  readonly runtime: ClusterRuntime;
  private readonly operations: Record<string, Operation>;
  private readonly queryOperations: Record<string, QueryOperation>;
  private readonly automated: AutomatedSnapshots;
  private readonly startedAt = Date.now();
  private closing: Promise<void> | undefined;
  requests = 0;

  private constructor(
    private readonly server: Server,
    private readonly store: StateStore,
    private readonly options: LocalServerOptions,
  ) {
    const log = options.log ?? (() => undefined);
    this.faults = new FaultInjector(options.faults);
    this.runtime = new ClusterRuntime(store, {
      stateDir: options.stateDir,
      createDelayMs: options.createDelayMs ?? 300,
      deleteDelayMs: options.deleteDelayMs ?? 200,
      redisServer: options.redisServer,
      memoryScale: options.memoryScale,
      log,
    });
    const deps = { store, runtime: this.runtime, maxNodes: options.maxNodes ?? 64 };
    this.operations = memorydbOperations(deps);
    this.queryOperations = elasticacheOperations(deps);
    this.automated = new AutomatedSnapshots(this.runtime, options.autoSnapshotIntervalMs ?? 86_400_000);
  }

  static async start(options: LocalServerOptions): Promise<LocalControlPlane> {
    const file = stateFiles(options.stateDir).state;
    const state = loadState(file);
    // User and ACL changes a stop cut short are settled before any node starts from the state.
    settleAccessState(state);
    const store: StateStore = { state, save: () => saveState(file, state) };
    const server = createServer();
    const plane = new LocalControlPlane(server, store, options);
    server.on('request', (req, res) => void plane.handle(req, res));
    server.keepAliveTimeout = 5000;
    // Clusters come back before the port opens, so "available" always means serving.
    await plane.runtime.resume();
    plane.automated.start();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, '127.0.0.1', () => resolve());
      });
    } catch (err) {
      await plane.runtime.shutdown();
      throw err;
    }
    return plane;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops accepting requests, then stops every node (saving its data). Idempotent. */
  stop(): Promise<void> {
    this.closing ??= (async () => {
      this.automated.stop();
      if (this.server.listening) {
        const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
        this.server.closeAllConnections();
        await closed;
      }
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('x-amzn-RequestId', requestId);
    try {
      const body = await readBody(req);
      const url = req.url ?? '/';
      if (url.startsWith('/_memctl/')) {
        this.admin(req.method ?? 'GET', url, body, res);
        return;
      }
      this.requests++;
      const target = header(req, 'x-amz-target');
      if (target === undefined) {
        await this.handleQuery(req, res, body, requestId);
        return;
      }
      const fault = this.faults.next();
      if (fault !== undefined) {
        sendJsonError(res, FAULT_RESPONSES[fault]);
        return;
      }
      const [prefix, operationName] = target.split('.', 2);
      const operation = prefix === 'AmazonMemoryDB' && operationName !== undefined ? this.operations[operationName] : undefined;
      if (operation === undefined) {
        throw new ApiError('UnknownOperationException', `${target} is not implemented by the memctl local control plane`);
      }
      const input = parseJsonBody(body);
      const output = await operation(input, { region: regionOf(req), requestId });
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(output));
    } catch (err) {
      if (err instanceof ApiError) {
        sendJsonError(res, err);
      } else {
        this.options.log?.(`internal error: ${(err as Error).stack ?? String(err)}`);
        sendJsonError(res, new ApiError('InternalServerError', `memctl local: ${(err as Error).message}`, 500));
      }
    }
  }

  /** awsQuery (ElastiCache): `Action=<Op>&Version=2015-02-02&…`, answered in XML. */
  private async handleQuery(req: IncomingMessage, res: ServerResponse, body: string, requestId: string): Promise<void> {
    try {
      const request = decodeQueryBody(body);
      const fault = this.faults.next();
      if (fault !== undefined) throw QUERY_FAULT_RESPONSES[fault];
      const operation = Object.hasOwn(this.queryOperations, request.action) ? this.queryOperations[request.action] : undefined;
      if (operation === undefined) throw new ApiError('InvalidAction', `${request.action} is not implemented by the memctl local control plane`);
      const result = await operation(request.params, { region: regionOf(req), requestId });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(queryResponse(request.action, result, requestId));
    } catch (err) {
      let apiError = err as ApiError;
      if (!(err instanceof ApiError)) {
        this.options.log?.(`internal error: ${(err as Error).stack ?? String(err)}`);
        apiError = new ApiError('InternalFailure', `memctl local: ${(err as Error).message}`, 500);
      }
      if (res.headersSent) return;
      res.writeHead(apiError.status, { 'content-type': 'text/xml' });
      res.end(queryErrorBody(apiError, requestId));
    }
  }

  private admin(method: string, url: string, body: string, res: ServerResponse): void {
    const send = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (method === 'GET' && url === '/_memctl/health') return send(200, this.health());
    if (method === 'POST' && url === '/_memctl/faults') {
      try {
        const config = JSON.parse(body) as FaultConfig;
        this.faults.set({ rate: Number(config.rate), kinds: config.kinds ?? ['throttling'] });
        return send(200, this.faults.current);
      } catch (err) {
        return send(400, { message: (err as Error).message });
      }
    }
    if (method === 'POST' && url === '/_memctl/shutdown') {
      send(202, { stopping: true });
      this.options.onShutdownRequest?.();
      return;
    }
    send(404, { message: `no admin route ${method} ${url}` });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The region a client signed for, from the SigV4 credential scope. */
function regionOf(req: IncomingMessage): string {
  const auth = header(req, 'authorization') ?? '';
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth);
  return match?.[1] ?? 'us-east-1';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError('RequestEntityTooLarge', 'request body is larger than 1 MiB', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJsonError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) return;
  res.writeHead(err.status, { 'content-type': JSON_TYPE });
  res.end(jsonErrorBody(err));
}
