// @ts-nocheck
// IAM authentication tokens for MemoryDB and ElastiCache (Redis OSS / Valkey 7+ over TLS): a SigV4
// presigned GET of http://<cluster>/?Action=connect&User=<user> without the scheme, sent as the
// password of AUTH <user> <token>. Nothing is sent to AWS to make one; the server checks it.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { UsageError } from '../io/errors.js';

/** AWS accepts a connect token for at most 15 minutes. */
export const IAM_TOKEN_MAX_EXPIRY_SECONDS = 900;

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface IamAuthTokenOptions {
  /** MemoryDB cluster name or ElastiCache replication group / serverless cache id. */
  cluster: string;
  user: string;
  region: string;
  service: 'memorydb' | 'elasticache';
  credentials: IamCredentials;
  /** 1-900, default 900. */
  expiresInSeconds?: number;
  /** The signing time; fixed in tests for deterministic tokens. */
  now?: Date;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * SHA-256 in the shape SignatureV4 wants (a Checksum constructor: optional HMAC secret, update,
 * async digest), from node:crypto, so no deprecated hash package is needed.
 */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** Same order and encoding as botocore's presigner: operation parameters, then X-Amz-*, signature last. */
const QUERY_ORDER = ['Action', 'User', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Security-Token', 'X-Amz-Signature'];

/** RFC 3986 encoding as SigV4 canonicalises it (encodeURIComponent leaves !'()* alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export async function iamAuthToken(options: IamAuthTokenOptions): Promise<string> {
  const { user, region, service, credentials } = options;
  // AWS stores cluster names lowercase and signs the host it knows, so sign the same.
  const cluster = options.cluster.trim().toLowerCase();
  const expiresIn = options.expiresInSeconds ?? IAM_TOKEN_MAX_EXPIRY_SECONDS;
  if (cluster.length === 0) throw new UsageError('an IAM auth token needs a cluster name');
  if (user.length === 0) throw new UsageError('an IAM auth token needs a user name');
  if (region.length === 0) throw new UsageError('an IAM auth token needs a region');
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > IAM_TOKEN_MAX_EXPIRY_SECONDS) {
    throw new UsageError(`IAM auth token expiry must be 1-${IAM_TOKEN_MAX_EXPIRY_SECONDS} seconds, got ${expiresIn}`);
  }

  const signer = new SignatureV4({ service, region, credentials, sha256: NodeSha256 });
  const signed = await signer.presign(
    { method: 'GET', protocol: 'http:', hostname: cluster, path: '/', query: { Action: 'connect', User: user }, headers: { host: cluster } },
    { expiresIn, signingDate: options.now ?? new Date() },
  );

  const query = signed.query ?? {};
  const names = [...QUERY_ORDER.filter((n) => n in query), ...Object.keys(query).filter((n) => !QUERY_ORDER.includes(n)).sort()];
  const pairs = names.map((name) => {
    const value = query[name];
    const text = Array.isArray(value) ? value.join(',') : (value ?? '');
    return `${encode(name)}=${encode(text)}`;
  });
  return `${cluster}/?${pairs.join('&')}`;
}

/** When a token stops being accepted: its X-Amz-Date plus X-Amz-Expires. */
export function iamTokenExpiry(token: string): Date {
  const question = token.indexOf('?');
  const params = new URLSearchParams(question < 0 ? '' : token.slice(question + 1));
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get('X-Amz-Date') ?? '');
  const expires = params.get('X-Amz-Expires') ?? '';
  if (date === null || !/^\d+$/.test(expires)) throw new UsageError('not an IAM auth token: it has no valid X-Amz-Date and X-Amz-Expires');
  const [, y, mo, d, h, mi, s] = date.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) + Number(expires) * 1000);
}

export interface IamTokenProviderOptions extends Omit<IamAuthTokenOptions, 'credentials' | 'now'> {
  /** Called on every refresh, so rotating credentials (SSO, assumed roles) are picked up. */
  credentials: () => Promise<IamCredentials>;
  /** Clock for tests; defaults to the system clock. */
  now?: () => Date;
}

/**
 * Caches a token for long-running clients (each reconnect needs a valid one) and makes a new
 * one refreshBeforeMs before the current one expires. Concurrent callers share one refresh.
 */
export class IamTokenProvider {
  private readonly options: IamTokenProviderOptions;
  private readonly refreshBeforeMs: number;
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(options: IamTokenProviderOptions, refreshBeforeMs = 60_000) {
    if (!(refreshBeforeMs >= 0)) throw new RangeError(`refreshBeforeMs must be at least 0, got ${refreshBeforeMs}`);
    this.options = options;
    this.refreshBeforeMs = refreshBeforeMs;
  }

  async token(): Promise<string> {
    const now = this.now();
    if (this.cached !== undefined && now.getTime() < this.cached.expiresAt - this.refreshBeforeMs) return this.cached.token;
    this.pending ??= this.refresh(now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh(now: Date): Promise<string> {
    const { credentials, now: _clock, ...rest } = this.options;
    const token = await iamAuthToken({ ...rest, credentials: await credentials(), now });
    this.cached = { token, expiresAt: iamTokenExpiry(token).getTime() };
    return token;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
