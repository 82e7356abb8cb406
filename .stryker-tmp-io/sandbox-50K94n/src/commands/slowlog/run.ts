// @ts-nocheck
// memctl slowlog <target>: the slow log of every node, merged by time (newest last).
import type { Context } from '../../context.js';
import { UsageError } from '../../lib/io/errors.js';
import { escapeControl } from '../../lib/io/sanitize.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { DEFAULT_SLOWLOG_LIMIT, MAX_SLOWLOG_LIMIT, readSlowlogs, type SlowlogEntry } from '../../lib/redis/slowlog.js';
import { connectionError, openNodes, type TargetFlags } from '../../lib/redis/target.js';
import { resolveTarget } from '../options/target.js';

export interface SlowlogFlags extends TargetFlags {
  limit?: string;
}

/** --limit: entries read per node, checked before anything connects. */
export function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SLOWLOG_LIMIT;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_SLOWLOG_LIMIT) {
    throw new UsageError(`invalid --limit "${value}": expected a whole number from 1 to ${MAX_SLOWLOG_LIMIT}`);
  }
  return Number(value);
}

export async function run(ctx: Context, target: string, flags: SlowlogFlags = {}): Promise<void> {
  const limit = parseLimit(flags.limit);
  const resolved = await resolveTarget(ctx, target, flags);
  const opened = await openNodes(resolved, { inventory: true });
  try {
    const result = await readSlowlogs(opened.nodes, limit);
    if (result.failed.length === opened.nodes.length && result.failed.length > 0) {
      throw connectionError(resolved, new Error(result.failed.map((f) => `${f.node}: ${f.error}`).join('; ')));
    }
    // Partial answers are still useful; say which nodes are missing, on stderr.
    for (const f of result.failed) if (!ctx.quiet) ctx.io.stderr.write(`warning: ${f.node} did not answer SLOWLOG: ${escapeControl(f.error)}\n`);
    await writeOutput(ctx.io, slowlogView(result.entries), ctx.output);
  } finally {
    opened.close();
  }
}

export function slowlogView(entries: SlowlogEntry[]): Rendered {
  return {
    data: entries,
    blocks: [
      {
        kind: 'table',
        // Most telling first: a table fitted to the width leaves out the last columns.
        headers: ['time', 'duration ms', 'command', 'node', 'id', 'client', 'client name'],
        rows: entries.map((e) => [e.time, e.durationMs.toFixed(3), e.command, e.node, e.id, e.clientAddress, e.clientName]),
      },
    ],
  };
}
