// Connections to cluster nodes. TLS trust comes from the caller: the local control plane's CA
// when memctl targets it, the system's trust store otherwise.
import { Redis } from 'ioredis';
import { CONTAINERS } from './containers.js';

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

/** How long a disconnected socket may take to close (ioredis' disconnectTimeout). */
export const DISCONNECT_MS = 100;

/** One standalone connection that fails fast instead of reconnecting; callers disconnect() it. */
export function connectStandalone(options: ConnectOptions): Redis {
  const client = new Redis({
    host: options.host,
    port: options.port,
    lazyConnect: false,
    maxRetriesPerRequest: 0,
    // The ready check runs INFO, which a node with the default user off refuses before AUTH.
    enableReadyCheck: false,
    // CLIENT SETINFO: a round trip (refused by Redis 7.0) for nothing memctl needs.
    disableClientInfo: true,
    retryStrategy: () => null,
    connectTimeout: options.connectTimeoutMs ?? 3000,
    commandTimeout: options.commandTimeoutMs ?? 3000,
    // disconnect() waits this long for a socket to close before destroying it, and that timer keeps
    // the process alive: a socket that never connected never closes again (ioredis' 2 s each).
    disconnectTimeout: DISCONNECT_MS,
    ...(options.auth === undefined ? {} : { username: options.auth.user, password: options.auth.password }),
    ...(options.tls === null
      ? {}
      : { tls: { ...(options.tls.ca === undefined ? {} : { ca: options.tls.ca }), ...(options.tls.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}) } }),
  });
  // Failures reach callers as rejected commands; an unhandled 'error' event would end the process.
  client.on('error', () => undefined);
  return client;
}

const traced = new WeakSet<object>();
/** Commands that name a subcommand (CLUSTER SLOTS, MEMORY USAGE): logged with it, a name never data. */

interface TracedCommand {
  name: string;
  args: unknown[];
  promise: Promise<unknown>;
  getKeys?: () => unknown[];
}

/**
 * Logs every command the client sends (for --debug): node, command name, how many keys and
 * arguments, latency, and the outcome. Never an argument itself, so no key, value or password
 * (AUTH, HELLO, MIGRATE ... AUTH2) can reach the log.
 */
export function traceCommands(client: Redis, node: string, log: (line: string) => void): void {
  const send = client.sendCommand.bind(client) as (command: TracedCommand, stream?: unknown) => unknown;
  (client as unknown as { sendCommand: typeof send }).sendCommand = (command, stream) => {
    // A command sent before the connection is ready comes through again when it is: logged once.
    if (traced.has(command)) return send(command, stream);
    traced.add(command);
    const started = performance.now();
    let keys = 0;
    try {
      keys = command.getKeys?.().length ?? 0;
    } catch {
      // A command ioredis cannot read keys from: none counted.
    }
    // Container commands name their subcommand (CLUSTER SLOTS, MEMORY USAGE): a name, never data.
    const sub = CONTAINERS.has(command.name.toLowerCase()) && command.args[0] !== undefined ? ` ${String(command.args[0]).toUpperCase()}` : '';
    const done = (outcome: string): void => log(`redis ${node} ${command.name.toUpperCase()}${sub} keys=${keys} args=${command.args.length} ${(performance.now() - started).toFixed(2)} ms ${outcome}`);
    command.promise.then(
      () => done('ok'),
      (err: unknown) => done(`error: ${String((err as Error)?.message ?? err).split('\n')[0]}`),
    );
    return send(command, stream);
  };
}
