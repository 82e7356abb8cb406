// Data-plane targets: a cluster name (endpoint and TLS looked up through the control plane) or a
// redis:// / rediss:// URL; credentials from the safe inputs; cluster mode detected; one
// standalone connection per node so commands like SCAN can run on every primary in parallel.
import { readFile } from 'node:fs/promises';
import type { Redis } from 'ioredis';
import { registerSecret } from '../io/debug.js';
import { MemctlError, noPermission, UsageError } from '../io/errors.js';
import type { Endpoint } from './connect.js';
import { connectStandalone, traceCommands, type NodeTls } from './connect.js';
import { Wire, type WireOptions } from './wire.js';

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
  readFrom: ReadFrom;
  db: number;
  /** --debug: where each Redis command is logged (traceCommands). */
  trace?: ((line: string) => void) | undefined;
  /**
   * A cluster name's other ways in, asked for only when its endpoint does not answer: its nodes'
   * own endpoints, as the control plane lists them (openNodes tries each in turn).
   */
  alternates?: (() => Promise<Endpoint[]>) | undefined;
  /** Where a warning goes (stderr, unless --quiet). */
  warn?: ((line: string) => void) | undefined;
}

/** primary: the primaries only; replica: one replica per shard (a shard without one is an error); prefer-replica: a replica where there is one. */
export type ReadFrom = 'primary' | 'replica' | 'prefer-replica';

export interface NodeHandle {
  id: string;
  address: string;
  port: number;
  role: 'primary' | 'replica';
  /** For replicas: the primary's id. */
  primaryId?: string | undefined;
  /** Cluster mode, primaries: the slot ranges [from, to] the node serves. */
  slots?: Array<[number, number]> | undefined;
  client: Redis;
  /**
   * A second connection for the sweeps' hot path (SCAN and per-key reads in RESP, wire.ts),
   * opened on first use and closed with the others; logged in and set up as `client` is.
   */
  wire: () => Promise<Wire>;
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

export function readFromOf(flags: TargetFlags): ReadFrom {
  const value = flags.readFrom ?? 'primary';
  if (value !== 'primary' && value !== 'replica' && value !== 'prefer-replica') throw new UsageError(`invalid --read-from "${value}": expected primary, replica or prefer-replica`);
  return value;
}

/**
 * The socket-level error behind a failed command: ioredis reports TLS and connection failures as
 * 'error' events and fails the command itself only with "Connection is closed".
 */
const socketErrors = new WeakMap<Redis, Error>();

/** One connection to a node of the target, logged in as the target says (openNodes, and memctl top's reconnects). */
export async function connectNode(target: ResolvedTarget, address: string, port: number): Promise<Redis> {
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
  if (target.trace !== undefined) traceCommands(client, `${address}:${port}`, target.trace);
  return client;
}

/** A NOPERM reply as exit 4 naming what to add to the user's access string; undefined otherwise. */
export function permissionError(label: string, err: unknown): MemctlError | undefined {
  return noPermission(`${label}: `, (err as Error)?.message ?? String(err));
}

/** A readable message for the usual connection failures (refused, TLS, auth, permission). */
export function connectionError(target: ResolvedTarget, err: unknown): MemctlError {
  const message = (err as Error).message ?? String(err);
  const refused = permissionError(target.label, err);
  if (refused !== undefined) return refused;
  if (/WRONGPASS|NOAUTH|invalid username-password/i.test(message)) {
    return new MemctlError(`${target.label}: authentication failed (${message.split('\n')[0]})`, 4, { hint: 'check --user and the password (MEMCTL_PASSWORD, --password-stdin, --password-file)' });
  }
  if (/certificate|self[- ]signed|SSL|TLS|EPROTO/i.test(message)) {
    return new MemctlError(`${target.label}: TLS failed (${message.split('\n')[0]})`, 1, { hint: 'pass --cacert with the CA that signed the server certificate (or rediss:// vs redis://)' });
  }
  return new UnreachableError(`cannot connect to ${target.label} (${target.seed.address}:${target.seed.port}): ${message.split('\n')[0]}`, err);
}

/** The node did not answer (refused, reset, timed out): not a refusal of the login or of TLS. */
class UnreachableError extends MemctlError {
  constructor(
    message: string,
    readonly reason: unknown,
  ) {
    super(message, 1, { cause: reason });
  }
}

/** A NOPERM reply: the user may not run that command. */
export function isNoPerm(err: unknown): boolean {
  return /NOPERM/.test((err as Error)?.message ?? '');
}

/** How a wire connection (wire.ts) reaches a node of the target: address, TLS, login, database. */
export async function wireTarget(target: ResolvedTarget, address: string, port: number): Promise<Pick<WireOptions, 'address' | 'port' | 'tls' | 'auth' | 'db'>> {
  const password = target.credentials === undefined ? undefined : await target.credentials.password();
  if (password !== undefined) registerSecret(password);
  return { address, port, tls: target.tls, auth: password === undefined ? undefined : { user: target.credentials?.user ?? 'default', password }, db: target.db };
}

/** A node's wire connection, opened once on first use (a failed open is tried again next time). */
function lazyWire(target: ResolvedTarget, address: string, port: number, readOnly: boolean, wires: Set<Promise<Wire>>): () => Promise<Wire> {
  let opening: Promise<Wire> | undefined;
  return () => {
    if (opening !== undefined) return opening;
    const attempt = (async () => Wire.open({ ...(await wireTarget(target, address, port)), readOnly, connectTimeoutMs: 5000, commandTimeoutMs: 30_000, trace: target.trace }))();
    opening = attempt;
    wires.add(attempt);
    attempt.catch(() => {
      if (opening === attempt) opening = undefined;
      wires.delete(attempt);
    });
    return attempt;
  };
}

/**
 * Every node of the target that serves data: in cluster mode from CLUSTER SLOTS (each range's
 * primary and its replicas), which is all a least-privilege user needs (`+cluster|slots`);
 * otherwise the seed and, when it is a primary, its online replicas (INFO replication, when the
 * user may run it). Replica connections are READONLY, so reads of keys are answered there rather
 * than redirected to the primary. Callers close() the result. When the seed does not answer and
 * the target has other ways in (a cluster name's nodes), each is tried in turn, with a warning.
 */
export async function openNodes(target: ResolvedTarget, options: { inventory?: boolean } = {}): Promise<OpenedNodes> {
  try {
    return await openFrom(target, options);
  } catch (err) {
    if (!(err instanceof UnreachableError) || target.alternates === undefined) throw err;
    // The endpoint may lead to a node that just died (a DNS answer cached, a record not yet
    // changed): the cluster's other nodes are ways in too.
    const others = await target.alternates().catch(() => [] as Endpoint[]);
    const tried = `${target.seed.address}:${target.seed.port}`;
    const reason = ((err.reason as Error)?.message ?? String(err.reason)).split('\n')[0];
    for (const other of others) {
      try {
        const opened = await openFrom({ ...target, seed: other }, options);
        target.warn?.(`warning: ${target.label}'s endpoint (${tried}) did not answer (${reason}); reached it through its node ${other.address}:${other.port}\n`);
        return opened;
      } catch (otherErr) {
        if (!(otherErr instanceof UnreachableError)) throw otherErr;
      }
    }
    if (others.length === 0) throw err;
    throw new UnreachableError(`${err.message}; none of its ${others.length} other node(s) answered either`, err.reason);
  }
}

export interface OpenedNodes {
  cluster: boolean;
  nodes: NodeHandle[];
  close(): void;
  /** Where the nodes were found: the target's seed, or the node that answered in its place. */
  via: Endpoint;
}

/** openNodes from the target's seed alone. */
async function openFrom(target: ResolvedTarget, options: { inventory?: boolean }): Promise<OpenedNodes> {
  const seed = await connectNode(target, target.seed.address, target.seed.port);
  const opened: Redis[] = [seed];
  const wires = new Set<Promise<Wire>>();
  const close = (): void => {
    for (const c of opened) c.disconnect();
    for (const w of wires) w.then((c) => c.close(), () => undefined);
    wires.clear();
  };
  try {
    let topology = await clusterTopology(seed, options.inventory === true);
    // CLUSTER SLOTS lists a replica once gossip has told its replication offset, a moment after it
    // synced: reading replicas only (--read-from replica), give a young cluster that moment.
    for (let i = 0; target.readFrom === 'replica' && topology !== undefined && !everyPrimaryHasReplica(topology) && i < REPLICA_WAIT_ROUNDS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      topology = await clusterTopology(seed, false);
    }
    if (topology === undefined) {
      if (target.db !== 0) await seed.call('SELECT', String(target.db));
      // Only INFO tells a standalone node's role and replicas; without it the seed is all there is.
      const replication = await seed.call('INFO', 'replication').then(String, (err: unknown) => {
        if (isNoPerm(err)) return '';
        throw err;
      });
      const role = /role:slave/.test(replication) ? 'replica' : 'primary';
      const nodes: NodeHandle[] = [{ id: 'standalone', address: target.seed.address, port: target.seed.port, role, client: seed, wire: lazyWire(target, target.seed.address, target.seed.port, false, wires) }];
      // A primary with replicas (an ElastiCache group with cluster mode disabled): its replicas too.
      if (role === 'primary') {
        for (const replica of connectedReplicas(replication)) {
          const client = await connectNode(target, replica.address, replica.port);
          opened.push(client);
          if (target.db !== 0) await client.call('SELECT', String(target.db));
          nodes.push({ id: `${replica.address}:${replica.port}`, address: replica.address, port: replica.port, role: 'replica', primaryId: 'standalone', client, wire: lazyWire(target, replica.address, replica.port, false, wires) });
        }
      }
      return { cluster: false, nodes, close, via: target.seed };
    }
    if (target.db !== 0) throw new UsageError('Redis Cluster has only database 0');
    const nodes: NodeHandle[] = [];
    const readOnly: Array<Promise<unknown>> = [];
    for (const entry of topology) {
      // Nodes announce their own address; a node that announces none is the one we reached.
      const host = entry.host === '' ? target.seed.address : entry.host;
      const isSeed = host === target.seed.address && entry.port === target.seed.port;
      const client = isSeed ? seed : await connectNode(target, host, entry.port);
      if (!isSeed) opened.push(client);
      // A replica answers reads of keys only once told so (otherwise MOVED to its primary).
      if (entry.role === 'replica') readOnly.push(client.call('READONLY').catch(() => undefined));
      nodes.push({ id: entry.id, address: host, port: entry.port, role: entry.role, primaryId: entry.primaryId, ...(entry.slots === undefined ? {} : { slots: entry.slots }), client, wire: lazyWire(target, host, entry.port, entry.role === 'replica', wires) });
    }
    // In parallel and bounded: a node that hangs is found out by the command that needs it.
    await Promise.race([Promise.all(readOnly), new Promise((resolve) => setTimeout(resolve, READONLY_WAIT_MS).unref())]);
    return { cluster: true, nodes, close, via: target.seed };
  } catch (err) {
    close();
    if (err instanceof MemctlError) throw err;
    const underlying = opened.map((c) => socketErrors.get(c)).find((e) => e !== undefined);
    throw connectionError(target, underlying !== undefined && /Connection is closed/.test((err as Error).message) ? underlying : err);
  }
}

const REPLICA_WAIT_ROUNDS = 15;
const READONLY_WAIT_MS = 3000;

function everyPrimaryHasReplica(topology: TopologyEntry[]): boolean {
  return topology.filter((e) => e.role === 'primary').every((p) => topology.some((r) => r.role === 'replica' && r.primaryId === p.id));
}

export interface TopologyEntry {
  id: string;
  host: string;
  port: number;
  role: 'primary' | 'replica';
  primaryId?: string | undefined;
  slots?: Array<[number, number]> | undefined;
}

/**
 * The cluster's serving nodes from CLUSTER SLOTS (replicas only once they hold data), or CLUSTER
 * NODES when only that is allowed; undefined for a node without cluster mode. An inventory (every
 * node, `memctl nodes`) asks CLUSTER NODES first. A user who may run neither is told what to add.
 */
export async function clusterTopology(seed: Redis, inventory: boolean): Promise<TopologyEntry[] | undefined> {
  if (inventory) {
    try {
      return parseClusterNodesTopology(String(await seed.call('CLUSTER', 'NODES')));
    } catch (err) {
      if (/cluster support disabled/i.test((err as Error).message ?? '')) return undefined;
      if (!isNoPerm(err)) throw err;
    }
  }
  let slots: unknown;
  try {
    slots = await seed.call('CLUSTER', 'SLOTS');
  } catch (err) {
    const message = (err as Error).message ?? '';
    if (/cluster support disabled/i.test(message)) return undefined;
    if (!isNoPerm(err)) throw err;
    // The ACL answers before the command runs, so NOPERM says nothing about cluster mode; READONLY
    // (+@connection) does: a node without cluster mode refuses it.
    const mode = await seed.call('READONLY').then(
      () => 'cluster',
      (probeErr: unknown) => (/cluster support disabled/i.test((probeErr as Error).message ?? '') ? 'standalone' : 'unknown'),
    );
    if (mode === 'standalone') return undefined;
    if (mode === 'cluster') await seed.call('READWRITE').catch(() => undefined);
    try {
      return parseClusterNodesTopology(String(await seed.call('CLUSTER', 'NODES')));
    } catch (nodesErr) {
      if (/cluster support disabled/i.test((nodesErr as Error).message ?? '')) return undefined;
      if (!isNoPerm(nodesErr)) throw nodesErr;
      throw new MemctlError(`this user may not run CLUSTER SLOTS, which memctl needs to find the cluster's nodes (${message.split('\n')[0]})`, 4, {
        hint: 'add +cluster|slots to the user\'s access string (docs/permissions.md lists what each command needs)',
      });
    }
  }
  const byId = new Map<string, TopologyEntry>();
  for (const range of slots as unknown[][]) {
    const [from, to, primary, ...replicas] = range as [number, number, unknown[], ...unknown[][]];
    const primaryId = String(primary?.[2] ?? `${String(primary?.[0])}:${String(primary?.[1])}`);
    if (!byId.has(primaryId)) byId.set(primaryId, { id: primaryId, host: String(primary?.[0] ?? ''), port: Number(primary?.[1]), role: 'primary', slots: [] });
    byId.get(primaryId)?.slots?.push([Number(from), Number(to)]);
    for (const r of replicas) {
      const id = String(r[2] ?? `${String(r[0])}:${String(r[1])}`);
      if (!byId.has(id)) byId.set(id, { id, host: String(r[0] ?? ''), port: Number(r[1]), role: 'replica', primaryId });
    }
  }
  return [...byId.values()];
}

/** Serving nodes from CLUSTER NODES text: settled primaries and their replicas. */
function parseClusterNodesTopology(text: string): TopologyEntry[] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length >= 8 && !(f[2] ?? '').includes('fail') && !(f[2] ?? '').includes('handshake') && !(f[2] ?? '').includes('noaddr'))
    .map((f) => {
      const [id = '', addr = '', flags = '', primaryId = '-'] = f;
      const hostPort = addr.split('@')[0] ?? '';
      const colon = hostPort.lastIndexOf(':');
      const primary = flags.includes('master');
      // Slot ranges follow the eighth field ("0-5460", "7"); "[slot->-id]" marks a migration.
      const slots = f
        .slice(8)
        .filter((r) => /^\d+(-\d+)?$/.test(r))
        .map((r) => r.split('-').map(Number))
        .map(([a = 0, b]) => [a, b ?? a] as [number, number]);
      return { id, host: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)), role: primary ? ('primary' as const) : ('replica' as const), primaryId: primaryId === '-' ? undefined : primaryId, ...(primary ? { slots } : {}) };
    });
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
 * The nodes a read-only sweep (scan, analyze) should read: each shard's primary, or one replica
 * per shard (replica: every shard must have one; prefer-replica: the primary where none is).
 */
export function sweepNodes(nodes: NodeHandle[], readFrom: ReadFrom): NodeHandle[] {
  const primaries = nodes.filter((n) => n.role === 'primary');
  // A standalone replica reached directly (a reader endpoint, a replica's URL) is all there is.
  if (primaries.length === 0) return nodes;
  if (readFrom === 'primary') return primaries;
  return primaries.map((p) => {
    const replica = nodes.find((n) => n.role === 'replica' && n.primaryId === p.id);
    if (replica !== undefined) return replica;
    if (readFrom === 'replica') {
      throw new MemctlError(`${p.address}:${p.port} has no replica to read from (--read-from replica)`, 1, { hint: 'use --read-from prefer-replica to read its primary instead' });
    }
    return p;
  });
}
