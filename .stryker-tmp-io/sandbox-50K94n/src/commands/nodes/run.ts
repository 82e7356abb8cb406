// @ts-nocheck
// memctl nodes <target>: per node role, slots, keys, memory, ops/s, clients, replication lag and
// hit ratio. Tables show human units; text and json keep raw numbers (bytes as bytes) for scripts.
import type { Context } from '../../context.js';
import type { Block, Rendered } from '../../lib/io/output.js';
import { isTable, writeOutput } from '../../lib/io/output.js';
import { collectNodeStats, type NodeStats } from '../../lib/redis/node-stats.js';
import { openNodes, permissionError, type TargetFlags } from '../../lib/redis/target.js';
import { IncompleteError } from '../../lib/io/errors.js';
import { resolveTarget } from '../options/target.js';

export type NodesFlags = TargetFlags;

export async function run(ctx: Context, target: string, flags: NodesFlags = {}): Promise<void> {
  const resolved = await resolveTarget(ctx, target, flags);
  const opened = await openNodes(resolved, { inventory: true });
  try {
    const stats = await collectNodeStats(opened.nodes, opened.cluster);
    // A user who may not run INFO or DBSIZE: exit 4 naming the permission, not a table of "unreachable".
    for (const s of stats) {
      const denied = s.error === undefined ? undefined : permissionError(`${s.address}:${s.port}`, new Error(s.error));
      if (denied !== undefined) throw denied;
    }
    await writeOutput(ctx.io, nodesView(stats, opened.cluster, isTable(ctx.output.format)), ctx.output);
    const down = stats.filter((s) => s.status === 'unreachable');
    if (down.length > 0) {
      throw new IncompleteError(`${down.length} of ${stats.length} node(s) did not answer: ${down.map((s) => `${s.address}:${s.port} (${s.error ?? 'unreachable'})`).join(', ')}`, {
        hint: 'the rows above show what the other nodes report; a node the cluster marks failed is being replaced or needs attention',
      });
    }
  } finally {
    opened.close();
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

export function humanSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d${Math.floor((seconds % 86_400) / 3600)}h`;
}

function lagText(s: NodeStats, human: boolean): string | number | undefined {
  const r = s.replication;
  if (r === undefined) return undefined;
  if (!human) return r.lagBytes ?? undefined;
  const lag = r.lagBytes === null ? '?' : humanBytes(r.lagBytes);
  return `${lag} (link ${r.linkStatus ?? '?'}, io ${r.lastIoAgoMs === null ? '?' : r.lastIoAgoMs / 1000}s ago)`;
}

export function nodesView(stats: NodeStats[], cluster: boolean, human: boolean): Rendered {
  const bytes = (n: number | undefined): string | number | undefined => (n === undefined ? undefined : human ? humanBytes(n) : n);
  const slotsText = (s: NodeStats): string | undefined => {
    if (s.slots === undefined) return undefined;
    if (!cluster) return 'all';
    return human ? `${s.slots.ranges.join(',')} (${s.slots.count})` : s.slots.ranges.join(',');
  };
  const block: Block = {
    kind: 'table',
    // Most telling first: a table fitted to 100 columns leaves out the last ones (-o wide shows them).
    headers: ['node', 'role', 'primary', 'status', 'slots', 'keys', 'used memory', 'lag', 'ops/s', 'clients', 'hit ratio', 'maxmemory', 'peak', 'uptime', 'version'],
    rows: stats.map((s) => [
      `${s.address}:${s.port}`,
      s.role,
      s.primary,
      s.status,
      slotsText(s),
      s.keys,
      bytes(s.memory?.usedBytes),
      lagText(s, human),
      s.opsPerSec,
      s.clients,
      s.hitRatio === null || s.hitRatio === undefined ? undefined : human ? `${(s.hitRatio * 100).toFixed(1)}%` : Number(s.hitRatio.toFixed(4)),
      s.memory === undefined ? undefined : s.memory.maxBytes === 0 && human ? 'unlimited' : bytes(s.memory.maxBytes),
      bytes(s.memory?.peakBytes),
      s.uptimeMs === undefined ? undefined : human ? humanSeconds(s.uptimeMs / 1000) : s.uptimeMs,
      s.engineVersion === undefined ? undefined : `${s.engine ?? 'redis'} ${s.engineVersion}`,
    ]),
  };
  return { data: stats, blocks: [block] };
}
