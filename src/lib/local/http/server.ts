// The local control plane's HTTP front: reads each request (at most 1 MiB), routes AWS calls by
// protocol (awsJson by X-Amz-Target to MemoryDB's operations, awsQuery by Action to ElastiCache's),
// answers injected faults, and hands /_memctl/ requests to the admin handler it is given.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api/shared/errors.js';
import type { Operation, QueryOperation } from '../api/shared/operation.js';
import type { FaultInjector, FaultKind } from './faults.js';
import { jsonErrorBody, parseJsonBody } from './json-protocol.js';
import { decodeQueryBody, queryErrorBody, queryResponse } from './query-protocol.js';

/** An answer of the admin API (/_memctl/...): a status and a JSON body. */
export interface AdminAnswer {
  status: number;
  body: unknown;
}

export type AdminHandler = (method: string, url: string, body: string) => AdminAnswer;

export interface HttpFrontOptions {
  memorydb: Record<string, Operation>;
  elasticache: Record<string, QueryOperation>;
  faults: FaultInjector;
  admin: AdminHandler;
  log: (message: string) => void;
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

export class HttpFront {
  /** AWS API requests answered so far (admin requests not counted). */
  requests = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: HttpFrontOptions,
  ) {}

  /** Listens on 127.0.0.1 only; port 0 picks a free one. */
  static async listen(port: number, options: HttpFrontOptions): Promise<HttpFront> {
    const server = createServer();
    const front = new HttpFront(server, options);
    server.on('request', (req, res) => void front.handle(req, res));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return front;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops accepting requests and drops open connections. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('x-amzn-RequestId', requestId);
    try {
      const body = await readBody(req);
      const url = req.url ?? '/';
      if (url.startsWith('/_memctl/')) {
        const answer = this.options.admin(req.method ?? 'GET', url, body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
        return;
      }
      this.requests++;
      const target = header(req, 'x-amz-target');
      if (target === undefined) {
        await this.handleQuery(req, res, body, requestId);
        return;
      }
      const fault = this.options.faults.next();
      if (fault !== undefined) {
        sendJsonError(res, FAULT_RESPONSES[fault]);
        return;
      }
      const [prefix, operationName] = target.split('.', 2);
      const operation = prefix === 'AmazonMemoryDB' && operationName !== undefined ? this.options.memorydb[operationName] : undefined;
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
        this.options.log(`internal error: ${(err as Error).stack ?? String(err)}`);
        sendJsonError(res, new ApiError('InternalServerError', `memctl local: ${(err as Error).message}`, 500));
      }
    }
  }

  /** awsQuery (ElastiCache): `Action=<Op>&Version=2015-02-02&…`, answered in XML. */
  private async handleQuery(req: IncomingMessage, res: ServerResponse, body: string, requestId: string): Promise<void> {
    try {
      const request = decodeQueryBody(body);
      const fault = this.options.faults.next();
      if (fault !== undefined) throw QUERY_FAULT_RESPONSES[fault];
      const operations = this.options.elasticache;
      const operation = Object.hasOwn(operations, request.action) ? operations[request.action] : undefined;
      if (operation === undefined) throw new ApiError('InvalidAction', `${request.action} is not implemented by the memctl local control plane`);
      const result = await operation(request.params, { region: regionOf(req), requestId });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(queryResponse(request.action, result, requestId));
    } catch (err) {
      let apiError = err as ApiError;
      if (!(err instanceof ApiError)) {
        this.options.log(`internal error: ${(err as Error).stack ?? String(err)}`);
        apiError = new ApiError('InternalFailure', `memctl local: ${(err as Error).message}`, 500);
      }
      if (res.headersSent) return;
      res.writeHead(apiError.status, { 'content-type': 'text/xml' });
      res.end(queryErrorBody(apiError, requestId));
    }
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
