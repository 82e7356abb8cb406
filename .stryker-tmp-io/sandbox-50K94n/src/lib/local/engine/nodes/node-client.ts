// @ts-nocheck
// How memctl reaches one local redis-server node: a raw one-shot command (for cheap polls) and a
// standalone ioredis client. Split out of redis-node.ts, which re-exports both.
//
// Nodes of the local control plane refuse unauthenticated clients unless their cluster's ACL lets
// the `default` user in, so every connection the control plane opens authenticates as its internal
// admin user. The runtime registers that credential for each node's port before it starts the
// node; everything built on connectNode / sendRawCommand (formation, migration, failover, RDB,
// roles, health checks) then authenticates without knowing about it.

import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Redis } from 'ioredis';
import type { TlsFiles } from './tls.js';

/** Every local node listens on loopback only. */
export const NODE_HOST = '127.0.0.1';
/** The name the local CA's server certificate is issued to (besides IP 127.0.0.1). */
export const NODE_TLS_SERVERNAME = 'localhost';
const HOST = NODE_HOST;
const TLS_SERVERNAME = NODE_TLS_SERVERNAME;

/** A Redis ACL user and its password. */
export interface NodeCredentials {
  user: string;
  password: string;
}

/**
 * Credentials by node port. Keyed by port rather than one process-wide value, so two control planes
 * in one process (tests) with different state directories each reach their own nodes.
 */
const credentialsByPort = new Map<number, NodeCredentials>();

/** Registers (or with null, forgets) the credentials used for the nodes on these ports. */
export function setNodeCredentials(ports: Iterable<number>, credentials: NodeCredentials | null): void {
  for (const port of ports) {
    if (credentials === null) credentialsByPort.delete(port);
    else credentialsByPort.set(port, credentials);
  }
}

/** The credentials registered for a node's port, if any. */
export function nodeCredentials(port: number): NodeCredentials | undefined {
  return credentialsByPort.get(port);
}

/** undefined: the port's registered credentials; null: no AUTH at all (to test refusals). */
function resolveCredentials(port: number, explicit: NodeCredentials | null | undefined): NodeCredentials | undefined {
  if (explicit === null) return undefined;
  return explicit ?? credentialsByPort.get(port);
}

function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/**
 * Sends one command on a fresh connection and returns the first line of the reply, or null when
 * the server closed the connection without replying (what a successful SHUTDOWN does). Lighter
 * than an ioredis client for the readiness poll, which runs every few milliseconds. With
 * credentials, AUTH is pipelined first; a refused AUTH is returned as the reply (an error line).
 */
export function sendRawCommand(
  port: number,
  tls: TlsFiles | null,
  args: readonly string[],
  timeoutMs: number,
  credentials?: NodeCredentials | null,
): Promise<string | null> {
  const auth = resolveCredentials(port, credentials);
  return new Promise((resolve, reject) => {
    let socket: Socket;
    let buffered = '';
    let settled = false;
    // Replies still to skip before the command's own: the +OK of AUTH.
    let skip = auth === undefined ? 0 : 1;
    const finish = (error: Error | null, line: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(line);
    };
    const timer = setTimeout(() => finish(new Error(`no reply from ${HOST}:${port} within ${timeoutMs} ms`), null), timeoutMs);
    const send = (): void => {
      socket.write((auth === undefined ? '' : encodeCommand(['AUTH', auth.user, auth.password])) + encodeCommand(args));
    };
    if (tls) {
      socket = tlsConnect({ host: HOST, port, ca: readFileSync(tls.caCertFile), servername: TLS_SERVERNAME }, send);
    } else {
      socket = netConnect({ host: HOST, port }, send);
    }
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        // AUTH answers one line: +OK, or an error that is the answer (the command is refused too).
        if (skip > 0 && !line.startsWith('-')) {
          skip--;
          continue;
        }
        finish(null, line);
        return;
      }
    });
    socket.on('error', (error) => finish(error, null));
    socket.on('close', () => finish(null, null));
  });
}

export interface ConnectNodeOptions {
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Who to authenticate as; by default the credentials registered for the port, null for nobody. */
  credentials?: NodeCredentials | null;
}

/**
 * A standalone ioredis client to one local node. It never reconnects by itself (a node that went
 * away should surface as an error, not as a retry storm); callers quit() or disconnect() it.
 */
export function connectNode(port: number, tls: TlsFiles | null, options: ConnectNodeOptions = {}): Redis {
  const auth = resolveCredentials(port, options.credentials);
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: true,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    ...(auth === undefined ? {} : { username: auth.user, password: auth.password }),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
    ...(tls ? { tls: { ca: readFileSync(tls.caCertFile), servername: TLS_SERVERNAME } } : {}),
  });
  // Failures reach callers through rejected commands; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}
