// @ts-nocheck
// What `memctl top` shows per node: rates over one interval from two INFO samples of the same
// node (ops/s, CPU, hit ratio, network), the gauges of the latest one (memory, clients), the
// replication lag against the primary's latest sample, and how rows are sorted and totalled.
// Pure: no connection, no clock; the samples come in with the time they were taken.

/** One INFO reply of one node, parsed (parseInfo), with when memctl received it (ms). */
export interface InfoSample {
  receivedAt: number;
  info: Map<string, string>;
}

export type TopSort = 'ops' | 'memory' | 'clients' | 'cpu' | 'lag' | 'name';
export const TOP_SORTS: readonly TopSort[] = ['ops', 'memory', 'clients', 'cpu', 'lag', 'name'];

/** One node in one interval: the stable JSON of a `memctl top` line (docs/output.md). */
export interface TopNode {
  /** address:port */
  node: string;
  id: string;
  role: 'primary' | 'replica' | null;
  /** A replica's primary (address:port), when known. */
  primary: string | null;
  status: 'ok' | 'down';
  /** Why the node is down. */
  error: string | null;
  opsPerSec: number | null;
  cpuPercent: number | null;
  usedMemoryBytes: number | null;
  /** 0: no limit. */
  maxMemoryBytes: number | null;
  /** used / max × 100; null without a limit. */
  memoryPercent: number | null;
  clients: number | null;
  /** hits / (hits + misses) over the interval; null when there was no lookup. */
  hitRatio: number | null;
  netInputBytesPerSec: number | null;
  netOutputBytesPerSec: number | null;
  /** Replicas: the primary's replication offset minus the replica's. */
  lagBytes: number | null;
  /** Replicas: since the replica last heard from its primary (whole seconds, as Redis counts). */
  lastIoAgoMs: number | null;
}

export interface TopTotals {
  nodes: number;
  down: number;
  opsPerSec: number;
  usedMemoryBytes: number;
}

/** What the live view knows of a node besides its samples. */
export interface NodeIdentity {
  node: string;
  id: string;
  /** The role discovery last saw (used while the node is down). */
  role: 'primary' | 'replica';
  /** The primary's address:port as discovery saw it. */
  primary?: string | undefined;
}

export interface NodeReading {
  identity: NodeIdentity;
  /** This interval's sample, or why there is none. */
  current: InfoSample | { error: string };
  /** The same node's sample of the interval before (undefined on its first, or after it was down). */
  previous?: InfoSample | undefined;
}

export function num(info: Map<string, string>, key: string): number | null {
  const value = info.get(key);
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The role a node reports in INFO replication (role:master / role:slave). */
export function reportedRole(info: Map<string, string>): 'primary' | 'replica' | null {
  const role = info.get('role');
  return role === 'master' ? 'primary' : role === 'slave' ? 'replica' : null;
}

/**
 * Milliseconds between two samples: the server's own clock (server_time_usec, Redis 7+) when both
 * carry it, so the time INFO spent on the wire does not count; memctl's clock otherwise.
 */
export function elapsedMs(previous: InfoSample, current: InfoSample): number {
  const a = num(previous.info, 'server_time_usec');
  const b = num(current.info, 'server_time_usec');
  if (a !== null && b !== null && b > a) return (b - a) / 1000;
  return current.receivedAt - previous.receivedAt;
}

const round = (n: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export interface IntervalRates {
  opsPerSec: number | null;
  cpuPercent: number | null;
  hitRatio: number | null;
  netInputBytesPerSec: number | null;
  netOutputBytesPerSec: number | null;
}

const NO_RATES: IntervalRates = { opsPerSec: null, cpuPercent: null, hitRatio: null, netInputBytesPerSec: null, netOutputBytesPerSec: null };

/**
 * Rates over the interval between two samples of one node. Unknown (null) without a previous
 * sample, when the node restarted in between (another run_id, or a counter that went back), or
 * when no time passed.
 */
export function intervalRates(previous: InfoSample | undefined, current: InfoSample): IntervalRates {
  if (previous === undefined) return NO_RATES;
  const runA = previous.info.get('run_id');
  const runB = current.info.get('run_id');
  if (runA !== undefined && runB !== undefined && runA !== runB) return NO_RATES;
  const ms = elapsedMs(previous, current);
  if (!(ms > 0)) return NO_RATES;
  const seconds = ms / 1000;
  const delta = (key: string | string[]): number | null => {
    let total = 0;
    for (const k of Array.isArray(key) ? key : [key]) {
      const a = num(previous.info, k);
      const b = num(current.info, k);
      if (a === null || b === null || b < a) return null;
      total += b - a;
    }
    return total;
  };
  const perSecond = (key: string | string[], digits: number): number | null => {
    const d = delta(key);
    return d === null ? null : round(d / seconds, digits);
  };
  const hits = delta('keyspace_hits');
  const misses = delta('keyspace_misses');
  const cpu = delta(['used_cpu_sys', 'used_cpu_user']);
  return {
    opsPerSec: perSecond('total_commands_processed', 1),
    cpuPercent: cpu === null ? null : round((cpu / seconds) * 100, 1),
    hitRatio: hits === null || misses === null || hits + misses === 0 ? null : round(hits / (hits + misses), 4),
    netInputBytesPerSec: perSecond('total_net_input_bytes', 0),
    netOutputBytesPerSec: perSecond('total_net_output_bytes', 0),
  };
}

function isSample(current: InfoSample | { error: string }): current is InfoSample {
  return 'info' in current;
}

/**
 * Every node's row for one interval. A replica's lag is its primary's master_repl_offset minus its
 * own slave_repl_offset, both from this interval; the primary is the one discovery names, or the
 * master_host:master_port the replica reports.
 */
export function topNodes(readings: NodeReading[]): TopNode[] {
  const byNode = new Map(readings.map((r) => [r.identity.node, r]));
  return readings.map((r) => {
    const { identity, current } = r;
    if (!isSample(current)) {
      return {
        ...emptyNode(identity),
        status: 'down',
        error: current.error,
      };
    }
    const info = current.info;
    const role = reportedRole(info) ?? identity.role;
    const reportedPrimary = info.get('master_host') !== undefined && info.get('master_port') !== undefined ? `${info.get('master_host')}:${info.get('master_port')}` : undefined;
    const primary = role === 'replica' ? (reportedPrimary !== undefined && byNode.has(reportedPrimary) ? reportedPrimary : (identity.primary ?? reportedPrimary ?? null)) : null;
    const used = num(info, 'used_memory');
    const max = num(info, 'maxmemory');
    let lagBytes: number | null = null;
    if (role === 'replica') {
      const own = num(info, 'slave_repl_offset') ?? num(info, 'master_repl_offset');
      const primarySample = primary === null ? undefined : byNode.get(primary)?.current;
      const primaryOffset = primarySample !== undefined && isSample(primarySample) ? num(primarySample.info, 'master_repl_offset') : null;
      // The two INFO replies are not taken at the same instant: never a negative lag.
      if (own !== null && primaryOffset !== null) lagBytes = Math.max(0, primaryOffset - own);
    }
    const lastIo = role === 'replica' ? num(info, 'master_last_io_seconds_ago') : null;
    const rates = intervalRates(r.previous, current);
    return {
      node: identity.node,
      id: identity.id,
      role,
      primary,
      status: 'ok',
      error: null,
      opsPerSec: rates.opsPerSec,
      cpuPercent: rates.cpuPercent,
      usedMemoryBytes: used,
      maxMemoryBytes: max,
      memoryPercent: used !== null && max !== null && max > 0 ? round((used / max) * 100, 1) : null,
      clients: num(info, 'connected_clients'),
      hitRatio: rates.hitRatio,
      netInputBytesPerSec: rates.netInputBytesPerSec,
      netOutputBytesPerSec: rates.netOutputBytesPerSec,
      lagBytes,
      // -1 while the link is down: unknown, not "a moment ago".
      lastIoAgoMs: lastIo === null || lastIo < 0 ? null : lastIo * 1000,
    };
  });
}

function emptyNode(identity: NodeIdentity): TopNode {
  return {
    node: identity.node,
    id: identity.id,
    role: identity.role,
    primary: identity.primary ?? null,
    status: 'ok',
    error: null,
    opsPerSec: null,
    cpuPercent: null,
    usedMemoryBytes: null,
    maxMemoryBytes: null,
    memoryPercent: null,
    clients: null,
    hitRatio: null,
    netInputBytesPerSec: null,
    netOutputBytesPerSec: null,
    lagBytes: null,
    lastIoAgoMs: null,
  };
}

/** address:port in order: the address as text, then the port as a number. */
export function compareNodeNames(a: string, b: string): number {
  const split = (s: string): [string, number] => {
    const colon = s.lastIndexOf(':');
    return colon < 0 ? [s, 0] : [s.slice(0, colon), Number(s.slice(colon + 1))];
  };
  const [ha, pa] = split(a);
  const [hb, pb] = split(b);
  return ha.localeCompare(hb) || pa - pb;
}

const SORT_VALUE: Record<Exclude<TopSort, 'name'>, (n: TopNode) => number | null> = {
  ops: (n) => n.opsPerSec,
  memory: (n) => n.usedMemoryBytes,
  clients: (n) => n.clients,
  cpu: (n) => n.cpuPercent,
  lag: (n) => n.lagBytes,
};

/** Largest first (name: by address and port); unknown values last; ties by name. */
export function sortTopNodes(nodes: TopNode[], by: TopSort): TopNode[] {
  const byName = (a: TopNode, b: TopNode): number => compareNodeNames(a.node, b.node);
  if (by === 'name') return [...nodes].sort(byName);
  const value = SORT_VALUE[by];
  return [...nodes].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return vb - va || byName(a, b);
  });
}

export function topTotals(nodes: TopNode[]): TopTotals {
  let opsPerSec = 0;
  let usedMemoryBytes = 0;
  for (const n of nodes) {
    opsPerSec += n.opsPerSec ?? 0;
    usedMemoryBytes += n.usedMemoryBytes ?? 0;
  }
  return { nodes: nodes.length, down: nodes.filter((n) => n.status === 'down').length, opsPerSec: round(opsPerSec, 1), usedMemoryBytes };
}

/** Whether a node reports another role than discovery gave it: the topology is to be read again. */
export function roleChanged(readings: NodeReading[]): boolean {
  return readings.some((r) => isSample(r.current) && (reportedRole(r.current.info) ?? r.identity.role) !== r.identity.role);
}
