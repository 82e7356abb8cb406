// @ts-nocheck
// The local control plane's HTTP front: refuses requests that are not from a local AWS client or the
// CLI (guard.ts), reads each request (at most 1 MiB: more is 413), routes AWS calls by protocol
// (awsJson by X-Amz-Target to MemoryDB's operations, awsQuery by Action to ElastiCache's, and
// CloudWatch in each of its three protocols: cloudwatch-protocols.ts), answers injected faults, and
// hands /_memctl/ requests to the admin handler it is given.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api/shared/errors.js';
import type { Operation, QueryOperation } from '../api/shared/operation.js';
import type { FaultInjector, FaultKind } from './faults.js';
import { refusal, type Refusal } from './guard.js';
import { jsonErrorBody, parseJsonBody } from './json-protocol.js';
import { decodeQueryBody, queryErrorBody, queryResponse, type QueryRequest } from './query-protocol.js';
import {
  cborAnswer,
  cborErrorAnswer,
  CLOUDWATCH_CBOR_PATH,
  CLOUDWATCH_QUERY_VERSION,
  CLOUDWATCH_TARGET_PREFIX,
  jsonAnswer,
  jsonErrorAnswer,
  parseCborRequest,
  queryAnswer,
  queryErrorAnswer,
  type WireAnswer,
} from './cloudwatch-protocols.js';
import type { CloudWatchOperation } from '../api/cloudwatch/metric-operations.js';

/** An answer of the admin API (/_memctl/...): a status and a JSON body. */
export interface AdminAnswer {
  status: number;
  body: unknown;
}

export type AdminHandler = (method: string, url: string, body: string) => AdminAnswer;

export interface HttpFrontOptions {
  memorydb: Record<string, Operation>;
  elasticache: Record<string, QueryOperation>;
  cloudwatch: Record<string, CloudWatchOperation>;
  faults: FaultInjector;
  admin: AdminHandler;
  /** What /_memctl/ requests must carry (guard.ts). */
  adminToken: string;
  log: (message: string) => void;
}

/** The largest request body answered; larger ones get 413. */
export const MAX_BODY = 1024 * 1024;
/** How much of an oversize body is read (and dropped) so the client sees the 413, before hanging up. */
const MAX_DRAIN = 256 * 1024 * 1024;
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
    // A client that asks first (Expect: 100-continue) is told 413 before it sends an oversize body.
    server.on('checkContinue', (req, res) => {
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
        res.setHeader('connection', 'close');
        front.sendError(req, res, tooLarge());
        return;
      }
      res.writeContinue();
      void front.handle(req, res);
    });
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
    const url = req.url ?? '/';
    const admin = url.startsWith('/_memctl/');
    const refused = refusal(req, admin ? 'admin' : 'aws', this.options.adminToken);
    if (refused !== undefined) {
      // Nothing of the request is read or acted on.
      res.setHeader('connection', 'close');
      this.sendError(req, res, refused);
      req.resume();
      return;
    }
    try {
      const raw = await readBody(req);
      const body = raw.toString('utf8');
      if (admin) {
        const answer = this.options.admin(req.method ?? 'GET', url, body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
        return;
      }
      this.requests++;
      const target = header(req, 'x-amz-target');
      if (url.startsWith(CLOUDWATCH_CBOR_PATH) && req.method === 'POST') {
        await this.handleCloudWatch(res, url.slice(CLOUDWATCH_CBOR_PATH.length).split('?')[0] ?? '', () => parseCborRequest(raw), regionOf(req), requestId, cborAnswer, cborErrorAnswer);
        return;
      }
      if (target?.startsWith(`${CLOUDWATCH_TARGET_PREFIX}.`) === true) {
        await this.handleCloudWatch(res, target.slice(CLOUDWATCH_TARGET_PREFIX.length + 1), () => parseJsonBody(body), regionOf(req), requestId, jsonAnswer, jsonErrorAnswer);
        return;
      }
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
      const operations = this.options.memorydb;
      // Own properties only: "__proto__" or "constructor" are no operations.
      const operation = prefix === 'AmazonMemoryDB' && operationName !== undefined && Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
      if (operation === undefined) {
        throw new ApiError('UnknownOperationException', `${target} is not implemented by the memctl local control plane`);
      }
      const input = parseJsonBody(body);
      const output = await operation(input, { region: regionOf(req), requestId });
      res.writeHead(200, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(output));
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        this.sendError(req, res, tooLarge());
      } else if (err instanceof ApiError) {
        sendJsonError(res, err);
      } else {
        this.options.log(`internal error: ${(err as Error).stack ?? String(err)}`);
        sendJsonError(res, new ApiError('InternalServerError', `memctl local: ${(err as Error).message}`, 500));
      }
    }
  }

  /** An error in the protocol the request speaks: admin JSON, awsJson (X-Amz-Target) or awsQuery XML. */
  sendError(req: IncomingMessage, res: ServerResponse, refused: Refusal): void {
    if (res.headersSent) return;
    if ((req.url ?? '').startsWith('/_memctl/')) {
      res.writeHead(refused.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: refused.message }));
    } else if (header(req, 'x-amz-target') !== undefined) {
      sendJsonError(res, new ApiError(refused.jsonCode, refused.message, refused.status));
    } else {
      res.writeHead(refused.status, { 'content-type': 'text/xml' });
      res.end(queryErrorBody(new ApiError(refused.queryCode, refused.message, refused.status), String(res.getHeader('x-amzn-RequestId') ?? '')));
    }
  }

  /** A CloudWatch call in any of its protocols: the operation by name, its input read by `input`, answered by `answer`/`fail`. */
  private async handleCloudWatch(
    res: ServerResponse,
    name: string,
    input: () => Record<string, unknown>,
    region: string,
    requestId: string,
    answer: (output: unknown) => WireAnswer,
    fail: (err: ApiError) => WireAnswer,
  ): Promise<void> {
    let out: WireAnswer;
    try {
      const fault = this.options.faults.next();
      if (fault !== undefined) throw FAULT_RESPONSES[fault];
      const operations = this.options.cloudwatch;
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (operation === undefined) throw new ApiError('UnknownOperationException', `${CLOUDWATCH_TARGET_PREFIX}.${name} is not implemented by the memctl local control plane`, 400, 'InvalidAction');
      out = answer(await operation(input(), { region, requestId }));
    } catch (err) {
      out = fail(this.apiError(err, 'InternalServiceFault', 'InternalServiceError'));
    }
    sendWire(res, out);
  }

  /** An error as the API answers it: an ApiError as it is; anything else is logged and becomes a 500. */
  private apiError(err: unknown, code: string, queryCode?: string): ApiError {
    if (err instanceof ApiError) return err;
    this.options.log(`internal error: ${(err as Error).stack ?? String(err)}`);
    return new ApiError(code, `memctl local: ${(err as Error).message}`, 500, queryCode);
  }

  /** awsQuery: ElastiCache (`Version=2015-02-02`) or CloudWatch (`Version=2010-08-01`), answered in XML. */
  private async handleQuery(req: IncomingMessage, res: ServerResponse, body: string, requestId: string): Promise<void> {
    let request: QueryRequest | undefined;
    try {
      // awsQuery takes its parameters in a form body (POST) or in the URL's query string (GET).
      const search = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
      request = decodeQueryBody(req.method === 'GET' || body === '' ? search : body);
    } catch (err) {
      this.sendQueryError(res, this.apiError(err, 'InternalFailure'), requestId);
      return;
    }
    if (request.version === CLOUDWATCH_QUERY_VERSION || scopeService(req) === 'monitoring') {
      const action = request.action;
      const params = request.params;
      await this.handleCloudWatch(res, action, () => params, regionOf(req), requestId, (output) => queryAnswer(action, output, requestId), (err) => queryErrorAnswer(err, requestId));
      return;
    }
    try {
      const fault = this.options.faults.next();
      if (fault !== undefined) throw QUERY_FAULT_RESPONSES[fault];
      const operations = this.options.elasticache;
      const operation = Object.hasOwn(operations, request.action) ? operations[request.action] : undefined;
      if (operation === undefined) throw new ApiError('InvalidAction', `${request.action} is not implemented by the memctl local control plane`);
      const result = await operation(request.params, { region: regionOf(req), requestId });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(queryResponse(request.action, result, requestId));
    } catch (err) {
      this.sendQueryError(res, this.apiError(err, 'InternalFailure'), requestId);
    }
  }

  private sendQueryError(res: ServerResponse, apiError: ApiError, requestId: string): void {
    if (res.headersSent) return;
    res.writeHead(apiError.status, { 'content-type': 'text/xml' });
    res.end(queryErrorBody(apiError, requestId));
  }
}

function sendWire(res: ServerResponse, answer: WireAnswer): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** The service a client signed for, from the SigV4 credential scope (`monitoring` for CloudWatch). */
function scopeService(req: IncomingMessage): string | undefined {
  return /Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/([a-z0-9-]+)\//.exec(header(req, 'authorization') ?? '')?.[1];
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

class BodyTooLarge extends Error {}

const tooLarge = (): Refusal => ({
  status: 413,
  jsonCode: 'RequestEntityTooLargeException',
  queryCode: 'RequestEntityTooLarge',
  message: `memctl local: the request body is larger than ${MAX_BODY / 1024 / 1024} MiB`,
});

/**
 * The body as text. Past MAX_BODY it keeps reading (and dropping) what the client sends, so the
 * client gets to read the 413 rather than a reset; past MAX_DRAIN it hangs up.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversize = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN) {
        req.destroy();
        reject(new BodyTooLarge());
        return;
      }
      if (size > MAX_BODY) {
        oversize = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (oversize ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function sendJsonError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) return;
  res.writeHead(err.status, { 'content-type': JSON_TYPE });
  res.end(jsonErrorBody(err));
}
