// How memctl reaches one local redis-server node: a raw one-shot command (for cheap polls) and a
// standalone ioredis client. Split out of redis-node.ts, which re-exports both.

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

function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/**
 * Sends one command on a fresh connection and returns the first line of the reply, or null when
 * the server closed the connection without replying (what a successful SHUTDOWN does). Lighter
 * than an ioredis client for the readiness poll, which runs every few milliseconds.
 */
export function sendRawCommand(port: number, tls: TlsFiles | null, args: readonly string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let socket: Socket;
    let buffered = '';
    let settled = false;
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
      socket.write(encodeCommand(args));
    };
    if (tls) {
      socket = tlsConnect({ host: HOST, port, ca: readFileSync(tls.caCertFile), servername: TLS_SERVERNAME }, send);
    } else {
      socket = netConnect({ host: HOST, port }, send);
    }
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\r\n');
      if (end >= 0) finish(null, buffered.slice(0, end));
    });
    socket.on('error', (error) => finish(error, null));
    socket.on('close', () => finish(null, null));
  });
}

/**
 * A standalone ioredis client to one local node. It never reconnects by itself (a node that went
 * away should surface as an error, not as a retry storm); callers quit() or disconnect() it.
 */
export function connectNode(port: number, tls: TlsFiles | null, options: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {}): Redis {
  const client = new Redis({
    host: HOST,
    port,
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: true,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
    ...(tls ? { tls: { ca: readFileSync(tls.caCertFile), servername: TLS_SERVERNAME } } : {}),
  });
  // Failures reach callers through rejected commands; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}
