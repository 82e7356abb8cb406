// @ts-nocheck
// The metrics the local plane publishes for each node, as MemoryDB (AWS/MemoryDB; ClusterName,
// NodeName) and ElastiCache (AWS/ElastiCache; CacheClusterId, CacheNodeId) name them, computed
// from two samples of the node a sampling interval apart: its INFO (counters become per-interval
// amounts), its command statistics (read-only and write commands, as the services' GetTypeCmds
// and SetTypeCmds count them) and its process in /proc. Pure.

import type { MetricUnit } from '../../../control/metric-catalog.js';

export type MetricService = 'memorydb' | 'elasticache';

export interface CommandStat {
  calls: number;
  usec: number;
}

/** One look at a node. */
export interface NodeSample {
  /** Epoch milliseconds. */
  t: number;
  /** INFO fields (all sections). */
  info: Map<string, string>;
  /** commandstats by command name (`get`, `client|list`). */
  commands: Map<string, CommandStat>;
  /** CPU seconds the process has used (user + system), from /proc/<pid>/stat. */
  processCpuSeconds?: number;
  /** VmSwap of the process, bytes. */
  swapBytes?: number;
}

export interface MetricValue {
  name: string;
  unit: MetricUnit;
  value: number;
}

/** What the sampler knows beyond the node's own samples. */
export interface SampleContext {
  service: MetricService;
  /** Commands that only read, and commands that write (from COMMAND's flags). */
  kinds: Map<string, 'read' | 'write'>;
  /** The plane's own connections to the node, left out of CurrConnections. */
  ownConnections: number;
  /** Seconds the replica has been behind its primary (0 when caught up); undefined on a primary. */
  replicationLagSeconds?: number;
}

function num(sample: NodeSample, field: string): number | undefined {
  const raw = sample.info.get(field);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A counter's growth between two samples (a restart resets counters: no value then). */
function delta(prev: NodeSample, cur: NodeSample, field: string): number | undefined {
  const a = num(prev, field);
  const b = num(cur, field);
  if (a === undefined || b === undefined || b < a) return undefined;
  return b - a;
}

/** Keys in every database (the keyspace section's `dbN:keys=...`). */
export function keyCount(sample: NodeSample): number {
  let keys = 0;
  for (const [field, value] of sample.info) {
    if (!/^db\d+$/.test(field)) continue;
    const match = /(?:^|,)keys=(\d+)/.exec(value);
    if (match !== null) keys += Number(match[1]);
  }
  return keys;
}

/** Calls and time of read-only and write commands between two samples. */
function commandDeltas(prev: NodeSample, cur: NodeSample, kinds: Map<string, 'read' | 'write'>): Record<'read' | 'write', CommandStat> {
  const out = { read: { calls: 0, usec: 0 }, write: { calls: 0, usec: 0 } };
  for (const [name, stat] of cur.commands) {
    const kind = kinds.get(name) ?? kinds.get(name.split('|')[0] as string);
    if (kind === undefined) continue;
    const before = prev.commands.get(name) ?? { calls: 0, usec: 0 };
    // CONFIG RESETSTAT (or a restart) starts the counts again: count from zero then.
    const calls = stat.calls >= before.calls ? stat.calls - before.calls : stat.calls;
    const usec = stat.usec >= before.usec ? stat.usec - before.usec : stat.usec;
    out[kind].calls += calls;
    out[kind].usec += usec;
  }
  return out;
}

/** Every metric of one node for the interval between two samples. */
export function nodeMetrics(prev: NodeSample, cur: NodeSample, ctx: SampleContext): MetricValue[] {
  const seconds = (cur.t - prev.t) / 1000;
  if (seconds <= 0) return [];
  const out: MetricValue[] = [];
  const add = (name: string, unit: MetricValue['unit'], value: number | undefined): void => {
    if (value !== undefined && Number.isFinite(value)) out.push({ name, unit, value });
  };
  const elasticache = ctx.service === 'elasticache';
  const cpu = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined || b < a ? undefined : Math.min(100, ((b - a) / seconds) * 100));

  add('CPUUtilization', 'Percent', cpu(prev.processCpuSeconds, cur.processCpuSeconds));
  const mainThread = (s: NodeSample): number | undefined => {
    const sys = num(s, 'used_cpu_sys_main_thread');
    const user = num(s, 'used_cpu_user_main_thread');
    return sys === undefined || user === undefined ? undefined : sys + user;
  };
  add('EngineCPUUtilization', 'Percent', cpu(mainThread(prev), mainThread(cur)));
  const used = num(cur, 'used_memory');
  const max = num(cur, 'maxmemory');
  add('DatabaseMemoryUsagePercentage', 'Percent', used !== undefined && max !== undefined && max > 0 ? (used / max) * 100 : undefined);
  add(elasticache ? 'BytesUsedForCache' : 'BytesUsedForMemoryDB', 'Bytes', used);
  const rss = num(cur, 'used_memory_rss');
  add('FreeableMemory', 'Bytes', max !== undefined && max > 0 && rss !== undefined ? Math.max(0, max - rss) : undefined);
  add('SwapUsage', 'Bytes', cur.swapBytes);
  const clients = num(cur, 'connected_clients');
  add('CurrConnections', 'Count', clients === undefined ? undefined : Math.max(0, clients - ctx.ownConnections));
  add('NewConnections', 'Count', delta(prev, cur, 'total_connections_received'));
  add('CurrItems', 'Count', keyCount(cur));
  add('Evictions', 'Count', delta(prev, cur, 'evicted_keys'));
  const hits = delta(prev, cur, 'keyspace_hits');
  const misses = delta(prev, cur, 'keyspace_misses');
  add(elasticache ? 'CacheHits' : 'KeyspaceHits', 'Count', hits);
  add(elasticache ? 'CacheMisses' : 'KeyspaceMisses', 'Count', misses);
  if (elasticache && hits !== undefined && misses !== undefined && hits + misses > 0) add('CacheHitRate', 'Percent', (hits / (hits + misses)) * 100);
  add('NetworkBytesIn', 'Bytes', delta(prev, cur, 'total_net_input_bytes'));
  add('NetworkBytesOut', 'Bytes', delta(prev, cur, 'total_net_output_bytes'));
  const primary = cur.info.get('role') === 'master';
  add(elasticache ? 'IsMaster' : 'IsPrimary', 'Count', primary ? 1 : 0);
  if (primary) add('ReplicationBytes', 'Bytes', delta(prev, cur, 'master_repl_offset'));
  else add('ReplicationLag', 'Seconds', ctx.replicationLagSeconds);
  const commands = commandDeltas(prev, cur, ctx.kinds);
  add('GetTypeCmds', 'Count', commands.read.calls);
  add('SetTypeCmds', 'Count', commands.write.calls);
  if (commands.read.calls > 0) add('GetTypeCmdsLatency', 'Microseconds', commands.read.usec / commands.read.calls);
  if (commands.write.calls > 0) add('SetTypeCmdsLatency', 'Microseconds', commands.write.usec / commands.write.calls);
  return out;
}

/** INFO text -> fields. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('#')) continue;
    out.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return out;
}

/** The commandstats section of parsed INFO: `cmdstat_get:calls=3,usec=12,...`. */
export function commandStats(info: Map<string, string>): Map<string, CommandStat> {
  const out = new Map<string, CommandStat>();
  for (const [field, value] of info) {
    if (!field.startsWith('cmdstat_')) continue;
    const calls = /(?:^|,)calls=(\d+)/.exec(value);
    const usec = /(?:^|,)usec=(\d+)/.exec(value);
    if (calls !== null && usec !== null) out.set(field.slice('cmdstat_'.length), { calls: Number(calls[1]), usec: Number(usec[1]) });
  }
  return out;
}

/** CPU seconds (utime + stime) from the text of /proc/<pid>/stat; the command name may hold spaces. */
export function processCpuSeconds(stat: string, ticksPerSecond = 100): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3; utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / ticksPerSecond : undefined;
}

/** VmSwap from the text of /proc/<pid>/status, in bytes. */
export function swapBytes(status: string): number | undefined {
  const match = /^VmSwap:\s+(\d+)\s+kB/m.exec(status);
  return match === null ? undefined : Number(match[1]) * 1024;
}
