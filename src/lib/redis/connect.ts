// Connections to cluster nodes. TLS trust comes from the caller: the local control plane's CA
// when memctl targets it, the system's trust store otherwise.
import { Redis } from 'ioredis';

/** Where a node listens. */
export interface Endpoint {
  address: string;
  port: number;
}

export interface NodeTls {
  /** Extra CA certificates (PEM); undefined uses the system's trust store. */
  ca?: Buffer | undefined;
  /** false only with --insecure: the certificate is not verified. */
  rejectUnauthorized?: boolean;
}

export interface ConnectOptions {
  host: string;
  port: number;
  /** null: plaintext. */
  tls: NodeTls | null;
  /** Log in as this user when connecting. */
  auth?: { user: string; password: string } | undefined;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/** One standalone connection that fails fast instead of reconnecting; callers disconnect() it. */
export function connectStandalone(options: ConnectOptions): Redis {
  const client = new Redis({
    host: options.host,
    port: options.port,
    lazyConnect: false,
    maxRetriesPerRequest: 0,
    // The ready check runs INFO, which a node with the default user off refuses before AUTH.
    enableReadyCheck: false,
    retryStrategy: () => null,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    commandTimeout: options.commandTimeoutMs ?? 3000,
    ...(options.auth === undefined ? {} : { username: options.auth.user, password: options.auth.password }),
    ...(options.tls === null
      ? {}
      : { tls: { ...(options.tls.ca === undefined ? {} : { ca: options.tls.ca }), ...(options.tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}) } }),
  });
  // Failures reach callers as rejected commands; an unhandled 'error' event would end the process.
  client.on('error', () => undefined);
  return client;
}
