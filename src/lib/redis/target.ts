// Data-plane targets: a cluster name (endpoint and TLS looked up through the control plane) or a
// redis:// / rediss:// URL; credentials from the safe inputs; cluster mode detected; one
// standalone connection per node so commands like SCAN can run on every primary in parallel.
import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { registerSecret } from '../io/debug.js';
import { MemctlError, UsageError } from '../io/errors.js';
import type { Endpoint } from './connect.js';
import { connectStandalone, type NodeTls } from './connect.js';

export interface TargetFlags {
  user?: string;
  passwordStdin?: boolean;
  passwordFile?: string;
  iam?: boolean;
  readFrom?: string;
  cacert?: string;
  insecure?: boolean;
}

export interface TargetTls extends NodeTls {
  /** Only with --insecure: do not verify the server certificate. */
  rejectUnauthorized: boolean;
}

export interface Credentials {
  user?: string | undefined;
  /** A fixed password, or a provider (IAM tokens refresh before they expire). */
  password: () => Promise<string>;
}

export interface ResolvedTarget {
  /** What to show: the cluster name or the URL without credentials. */
  label: string;
  seed: Endpoint;
  tls: TargetTls | null;
  credentials?: Credentials | undefined;
  readFrom: 'primary' | 'replica';
  db: number;
}

export interface NodeHandle {
  id: string;
  address: string;
  port: number;
  role: 'primary' | 'replica';
  /** For replicas: the primary's id. */
  primaryId?: string | undefined;
  client: Redis;
}

/** Parses redis:// and rediss:// URLs (a password in the URL is accepted but discouraged). */
export function parseRedisUrl(text: string): { host: string; port: number; tls: boolean; user?: string; password?: string; db: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid target "${text}": expected a cluster name or redis://host:port / rediss://host:port`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new UsageError(`invalid target URL scheme "${url.protocol}": use redis:// or rediss://`);
  if (url.hostname === '') throw new UsageError(`invalid target "${url.protocol}//": no host`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new UsageError(`invalid database "${dbText}" in the target URL: expected a number`);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    tls: url.protocol === 'rediss:',
    user: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    db: dbText === '' ? 0 : Number(dbText),
  };
}

export function isUrl(target: string): boolean {
  return /^rediss?:\/\//i.test(target);
}

export async function tlsOptions(flags: TargetFlags, localCa: Buffer | undefined): Promise<TargetTls> {
  if (flags.cacert !== undefined) {
    try {
      return { ca: await readFile(flags.cacert), rejectUnauthorized: flags.insecure !== true };
    } catch (err) {
      throw new UsageError(`cannot read --cacert ${flags.cacert}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  return { ca: localCa, rejectUnauthorized: flags.insecure !== true };
}

export function readFromOf(flags: TargetFlags): 'primary' | 'replica' {
  const value = flags.readFrom ?? 'primary';
  if (value !== 'primary' && value !== 'replica') throw new UsageError(`invalid --read-from "${value}": expected primary or replica`);
  return value;
}

/**
 * The socket-level error behind a failed command: ioredis reports TLS and connection failures as
 * 'error' events and fails the command itself only with "Connection is closed".
 */
const socketErrors = new WeakMap<Redis, Error>();

async function connectNode(target: ResolvedTarget, address: string, port: number): Promise<Redis> {
  const password = target.credentials === undefined ? undefined : await target.credentials.password();
  if (password !== undefined) registerSecret(password);
  const client = connectStandalone({
    host: address,
    port,
    tls: target.tls,
    auth: password === undefined ? undefined : { user: target.credentials?.user ?? 'default', password },
    connectTimeoutMs: 5000,
    commandTimeoutMs: 30_000,
  });
  client.on('error', (err: Error) => socketErrors.set(client, err));
  return client;
}

/** A readable message for the usual connection failures (refused, TLS, auth). */
export function connectionError(target: ResolvedTarget, err: unknown): MemctlError {
  const message = (err as Error).message ?? String(err);
  if (/WRONGPASS|NOAUTH|invalid username-password|NOPERM/i.test(message)) {
    return new MemctlError(`${target.label}: authentication failed (${message.split('\n')[0]})`, 4, { hint: 'check --user and the password (MEMCTL_PASSWORD, --password-stdin, --password-file)' });
  }
  if (/certificate|self[- ]signed|SSL|TLS|EPROTO/i.test(message)) {
    return new MemctlError(`${target.label}: TLS failed (${message.split('\n')[0]})`, 1, { hint: 'pass --cacert with the CA that signed the server certificate (or rediss:// vs redis://)' });
  }
  return new MemctlError(`cannot connect to ${target.label} (${target.seed.address}:${target.seed.port}): ${message.split('\n')[0]}`, 1, { cause: err });
}

/**
 * Every node of the target: in cluster mode from CLUSTER NODES (one connection each), otherwise
 * the seed and, when it is a primary, its online replicas. Callers close() the result.
 */
export async function openNodes(target: ResolvedTarget): Promise<{ cluster: boolean; nodes: NodeHandle[]; close(): void }> {
  const seed = await connectNode(target, target.seed.address, target.seed.port);
  const opened: Redis[] = [seed];
  const close = (): void => {
    for (const c of opened) c.disconnect();
  };
  try {
    const info = String(await seed.call('INFO', 'cluster'));
    if (!/cluster_enabled:1/.test(info)) {
      if (target.db !== 0) await seed.call('SELECT', String(target.db));
      const replication = String(await seed.call('INFO', 'replication'));
      const role = /role:slave/.test(replication) ? 'replica' : 'primary';
      const nodes: NodeHandle[] = [{ id: 'standalone', address: target.seed.address, port: target.seed.port, role, client: seed }];
      // A primary with replicas (an ElastiCache group with cluster mode disabled): its replicas too.
      if (role === 'primary') {
        for (const replica of connectedReplicas(replication)) {
          const client = await connectNode(target, replica.address, replica.port);
          opened.push(client);
          if (target.db !== 0) await client.call('SELECT', String(target.db));
          nodes.push({ id: `${replica.address}:${replica.port}`, address: replica.address, port: replica.port, role: 'replica', primaryId: 'standalone', client });
        }
      }
      return { cluster: false, nodes, close };
    }
    if (target.db !== 0) throw new UsageError('Redis Cluster has only database 0');
    const text = String(await seed.call('CLUSTER', 'NODES'));
    const entries = text
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .filter((f) => f.length >= 8 && !(f[2] ?? '').includes('fail') && !(f[2] ?? '').includes('handshake') && !(f[2] ?? '').includes('noaddr'));
    const nodes: NodeHandle[] = [];
    for (const f of entries) {
      const [id = '', addr = '', flags = '', primaryId = '-'] = f;
      const hostPort = addr.split('@')[0] ?? '';
      const colon = hostPort.lastIndexOf(':');
      // Nodes announce their own address; a node that announces none is the one we reached.
      const host = hostPort.slice(0, colon) === '' ? target.seed.address : hostPort.slice(0, colon);
      const port = Number(hostPort.slice(colon + 1));
      const self = flags.includes('myself');
      const client = self ? seed : await connectNode(target, host, port);
      if (!self) opened.push(client);
      nodes.push({ id, address: host, port, role: flags.includes('master') ? 'primary' : 'replica', primaryId: primaryId === '-' ? undefined : primaryId, client });
    }
    return { cluster: true, nodes, close };
  } catch (err) {
    close();
    if (err instanceof MemctlError) throw err;
    const underlying = opened.map((c) => socketErrors.get(c)).find((e) => e !== undefined);
    throw connectionError(target, underlying !== undefined && /Connection is closed/.test((err as Error).message) ? underlying : err);
  }
}

/** Online replicas a primary's INFO replication lists (`slave0:ip=…,port=…,state=online,…`). */
export function connectedReplicas(info: string): Endpoint[] {
  const out: Endpoint[] = [];
  for (const match of info.matchAll(/^slave\d+:(.*)$/gm)) {
    const fields = new Map((match[1] ?? '').trim().split(',').map((kv) => kv.split('=', 2) as [string, string]));
    const port = Number(fields.get('port'));
    const address = fields.get('ip');
    if (address !== undefined && address !== '' && Number.isInteger(port) && port > 0 && port < 65536 && fields.get('state') === 'online') out.push({ address, port });
  }
  return out;
}

/**
 * The nodes a read-only sweep (scan, analyze) should read: each shard's primary, or with
 * --read-from replica one in-sync replica per shard when there is one (the primary otherwise).
 */
export function sweepNodes(nodes: NodeHandle[], readFrom: 'primary' | 'replica'): NodeHandle[] {
  const primaries = nodes.filter((n) => n.role === 'primary');
  // A standalone replica reached directly (a reader endpoint, a replica's URL) is all there is.
  if (primaries.length === 0) return nodes;
  if (readFrom === 'primary') return primaries;
  return primaries.map((p) => nodes.find((n) => n.role === 'replica' && n.primaryId === p.id) ?? p);
}
