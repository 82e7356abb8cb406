// @ts-nocheck
// Per-node health of a target: role, slots, keys, memory, load, replication lag, hit ratio.
// Only INFO, CLUSTER NODES and DBSIZE are used: managed services (MemoryDB, ElastiCache) block
// CONFIG, DEBUG, SYNC and MONITOR, so nothing here may depend on them.
import type { NodeHandle } from './target.js';

export const TOTAL_SLOTS = 16384;

export interface SlotInfo {
  /** "start-end" (or a single slot), as CLUSTER NODES prints them. */
  ranges: string[];
  count: number;
}

export interface ReplicationInfo {
  /** Bytes the replica is behind its primary (primary offset minus replica offset); null when the primary did not answer. */
  lagBytes: number | null;
  /** Seconds since the replica last heard from its primary. */
  /** Milliseconds since the replica last heard from its primary (whole seconds, as Redis counts). */
  lastIoAgoMs: number | null;
  /** "up" or "down", as the replica reports its link. */
  linkStatus: string | null;
  /** The replica's processed replication offset. */
  offset: number | null;
}

export interface NodeStats {
  id: string;
  address: string;
  port: number;
  role: 'primary' | 'replica';
  /** For replicas: the primary's id and address:port (when known). */
  primaryId?: string | undefined;
  primary?: string | undefined;
  status: 'ok' | 'unreachable';
  /** Why the node is unreachable. */
  error?: string | undefined;
  /** Slots the node's shard serves (a replica shows its primary's). */
  slots?: SlotInfo | undefined;
  keys?: number | undefined;
  memory?: { usedBytes: number; peakBytes: number; maxBytes: number; policy: string | null } | undefined;
  opsPerSec?: number | undefined;
  clients?: number | undefined;
  /** keyspace_hits / (hits + misses); null when there were no lookups. */
  hitRatio?: number | null | undefined;
  hits?: number | undefined;
  misses?: number | undefined;
  /** Milliseconds (whole seconds, as Redis counts). */
  uptimeMs?: number | undefined;
  engine?: string | undefined;
  engineVersion?: string | undefined;
  /** Replicas only. */
  replication?: ReplicationInfo | undefined;
}

function secondsToMs(seconds: number | null | undefined): number | null {
  return seconds === null || seconds === undefined ? null : seconds * 1000;
}

/** INFO's "key:value" lines as a map (section headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

function num(info: Map<string, string>, key: string): number | null {
  const value = info.get(key);
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export interface ClusterNodeLine {
  id: string;
  address: string;
  port: number;
  role: 'primary' | 'replica';
  primaryId: string | undefined;
  failed: boolean;
  ranges: string[];
}

/** CLUSTER NODES, parsed; slot migration markers ("[slot->-id]") are not ranges and are skipped. */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const line of text.trim().split('\n')) {
    const f = line.trim().split(' ');
    if (f.length < 8) continue;
    const [id = '', addr = '', flags = '', primaryId = '-'] = f;
    const hostPort = addr.split('@')[0] ?? '';
    const colon = hostPort.lastIndexOf(':');
    out.push({
      id,
      address: hostPort.slice(0, colon),
      port: Number(hostPort.slice(colon + 1)),
      role: flags.includes('master') ? 'primary' : 'replica',
      primaryId: primaryId === '-' ? undefined : primaryId,
      failed: /fail|noaddr|handshake/.test(flags) && !flags.includes('fail?'),
      ranges: f.slice(8).filter((r) => !r.startsWith('[')),
    });
  }
  return out;
}

export function slotCount(ranges: string[]): number {
  let count = 0;
  for (const r of ranges) {
    const [start, end] = r.split('-').map(Number);
    if (start === undefined || !Number.isFinite(start)) continue;
    count += (end === undefined || !Number.isFinite(end) ? start : end) - start + 1;
  }
  return count;
}

function firstSlot(ranges: string[] | undefined): number {
  const first = ranges?.[0];
  return first === undefined ? TOTAL_SLOTS : Number(first.split('-')[0]);
}

/** Runs a node's queries, bounded: a node that hangs is unreachable, not a stuck command. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

interface RawNode {
  handle: NodeHandle;
  info?: Map<string, string>;
  keys?: number;
  clusterNodes?: string;
  error?: string;
}

async function queryNode(handle: NodeHandle, cluster: boolean, timeoutMs: number): Promise<RawNode> {
  try {
    const [info, keys, clusterNodes] = await withTimeout(
      Promise.all([
        handle.client.call('INFO').then(String),
        handle.client.call('DBSIZE').then(Number),
        cluster ? handle.client.call('CLUSTER', 'NODES').then(String) : Promise.resolve(undefined),
      ]),
      timeoutMs,
    );
    return { handle, info: parseInfo(info), keys, ...(clusterNodes === undefined ? {} : { clusterNodes }) };
  } catch (err) {
    return { handle, error: ((err as Error).message ?? String(err)).split('\n')[0] };
  }
}

/**
 * Stats of every node, sorted by shard (by first slot): the primary, then its replicas by
 * address. Nodes that do not answer (or that the cluster marks failed) come back as "unreachable".
 */
export async function collectNodeStats(nodes: NodeHandle[], cluster: boolean, options: { timeoutMs?: number } = {}): Promise<NodeStats[]> {
  const raw = await Promise.all(nodes.map((n) => queryNode(n, cluster, options.timeoutMs ?? 5000)));
  // One answering node's view of the cluster gives every node's slots (and the failed nodes
  // openNodes leaves out); a replica's own CLUSTER NODES line carries no slots.
  const topology = parseClusterNodes(raw.find((r) => r.clusterNodes !== undefined)?.clusterNodes ?? '');
  const byId = new Map(topology.map((t) => [t.id, t]));
  const handleById = new Map(nodes.map((n) => [n.id, n]));
  const addrOf = (id: string | undefined): string | undefined => {
    if (id === undefined) return undefined;
    const h = handleById.get(id) ?? byId.get(id);
    return h === undefined ? undefined : `${h.address}:${h.port}`;
  };
  const infoById = new Map(raw.filter((r) => r.info !== undefined).map((r) => [r.handle.id, r.info as Map<string, string>]));

  const stats: NodeStats[] = raw.map((r) => {
    const h = r.handle;
    const base: NodeStats = {
      id: h.id,
      address: h.address,
      port: h.port,
      role: h.role,
      ...(h.primaryId === undefined ? {} : { primaryId: h.primaryId, primary: addrOf(h.primaryId) }),
      status: r.info === undefined ? 'unreachable' : 'ok',
    };
    const shardOwner = cluster ? byId.get(h.role === 'primary' ? h.id : (h.primaryId ?? '')) : undefined;
    const slots: SlotInfo = cluster
      ? { ranges: shardOwner?.ranges ?? [], count: slotCount(shardOwner?.ranges ?? []) }
      : { ranges: [`0-${TOTAL_SLOTS - 1}`], count: TOTAL_SLOTS };
    if (r.info === undefined) return { ...base, error: r.error, slots };
    const info = r.info;
    const hits = num(info, 'keyspace_hits') ?? 0;
    const misses = num(info, 'keyspace_misses') ?? 0;
    // Valkey reports its own version beside a redis_version kept for compatibility.
    const engine = info.get('server_name') ?? 'redis';
    const engineVersion = info.get('valkey_version') ?? info.get('redis_version');
    let replication: ReplicationInfo | undefined;
    if (h.role === 'replica') {
      const offset = num(info, 'slave_repl_offset') ?? num(info, 'master_repl_offset');
      const primaryInfo = h.primaryId === undefined ? undefined : infoById.get(h.primaryId);
      const primaryOffset = primaryInfo === undefined ? null : num(primaryInfo, 'master_repl_offset');
      replication = {
        lagBytes: offset === null || primaryOffset === null ? null : Math.max(0, primaryOffset - offset),
        lastIoAgoMs: secondsToMs(num(info, 'master_last_io_seconds_ago')),
        linkStatus: info.get('master_link_status') ?? null,
        offset,
      };
    }
    return {
      ...base,
      slots,
      keys: r.keys,
      memory: {
        usedBytes: num(info, 'used_memory') ?? 0,
        peakBytes: num(info, 'used_memory_peak') ?? 0,
        maxBytes: num(info, 'maxmemory') ?? 0,
        policy: info.get('maxmemory_policy') ?? null,
      },
      opsPerSec: num(info, 'instantaneous_ops_per_sec') ?? 0,
      clients: num(info, 'connected_clients') ?? 0,
      hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
      hits,
      misses,
      uptimeMs: (num(info, 'uptime_in_seconds') ?? 0) * 1000,
      engine,
      engineVersion,
      ...(replication === undefined ? {} : { replication }),
    };
  });

  // Nodes the cluster knows but marks failed: openNodes does not connect to them, show them anyway.
  const known = new Set(nodes.map((n) => n.id));
  for (const t of topology) {
    if (known.has(t.id) || !t.failed) continue;
    stats.push({
      id: t.id,
      address: t.address,
      port: t.port,
      role: t.role,
      ...(t.primaryId === undefined ? {} : { primaryId: t.primaryId, primary: addrOf(t.primaryId) }),
      status: 'unreachable',
      error: 'marked failed by the cluster',
      slots: { ranges: t.ranges, count: slotCount(t.ranges) },
    });
  }
  return sortByShard(stats);
}

/** Primaries by first slot (then address), each followed by its replicas; orphans last. */
export function sortByShard(stats: NodeStats[]): NodeStats[] {
  const byAddress = (a: NodeStats, b: NodeStats): number => a.address.localeCompare(b.address) || a.port - b.port;
  const primaries = stats.filter((s) => s.role === 'primary').sort((a, b) => firstSlot(a.slots?.ranges) - firstSlot(b.slots?.ranges) || byAddress(a, b));
  const out: NodeStats[] = [];
  const placed = new Set<NodeStats>();
  for (const p of primaries) {
    out.push(p);
    placed.add(p);
    for (const r of stats.filter((s) => s.role === 'replica' && s.primaryId === p.id).sort(byAddress)) {
      out.push(r);
      placed.add(r);
    }
  }
  out.push(...stats.filter((s) => !placed.has(s)).sort(byAddress));
  return out;
}
