// memctl keys scan <target>: every key (SCAN on each primary, or replica with --read-from replica,
// in parallel), filtered by --match / --type, optionally with type, TTL, memory and length.
// Ctrl-C stops the sweep and still prints what was gathered (then exits 130).
import type { Context } from '../../context.js';
import { InterruptedError } from '../../lib/io/errors.js';
import { startProgress } from '../../lib/io/progress.js';
import type { TargetFlags } from '../../lib/redis/target.js';
import { DEFAULT_SCAN_COUNT, keyColumns, keyType, positiveInt } from '../options/keys.js';
import { resolveTarget } from '../options/target.js';

export interface KeysScanFlags extends TargetFlags {
  match?: string;
  type?: string;
  limit?: string;
  columns?: string;
  count?: string;
  maxOps?: string;
}

/** Large enough that a million keys take ~1,000 round trips per node, small enough to bound each call. */
export async function run(ctx: Context, target: string, flags: KeysScanFlags): Promise<void> {
  const type = keyType(flags.type);
  const columns = keyColumns(flags.columns);
  const limit = positiveInt(flags.limit, '--limit');
  const count = positiveInt(flags.count, '--count', DEFAULT_SCAN_COUNT) as number;
  const maxOps = positiveInt(flags.maxOps, '--max-ops');
  const resolved = await resolveTarget(ctx, target, flags);
  const [{ openNodes, sweepNodes }, { scanNodes, nodeLabel }, { createSink }] = await Promise.all([
    import('../../lib/redis/target.js'),
    import('../../lib/redis/scan.js'),
    import('./scan-output.js'),
  ]);
  const opened = await openNodes(resolved);
  const progress = await startProgress(ctx.io, `scanning ${resolved.label}`, { quiet: ctx.quiet || !ctx.io.stderrIsTTY });
  try {
    const nodes = sweepNodes(opened.nodes, resolved.readFrom);
    const perNode = new Map<string, number>(nodes.map((n) => [nodeLabel(n), 0]));
    const sink = createSink(ctx, ctx.output.format, columns);
    const started = Date.now();
    let total = 0;
    let shown = 0;
    for await (const batch of scanNodes(nodes, { match: flags.match, type, count, limit, maxOps, columns, signal: ctx.signal })) {
      await sink.add(batch);
      total += batch.keys.length;
      perNode.set(batch.node, (perNode.get(batch.node) ?? 0) + batch.keys.length);
      const now = Date.now();
      if (now - shown >= 250) {
        shown = now;
        const rate = Math.round(total / Math.max(0.001, (now - started) / 1000));
        progress.update(`${total} keys (${rate} keys/s) · ${[...perNode].map(([n, c]) => `${n} ${c}`).join(' · ')}`);
      }
    }
    await sink.end();
    progress.stop();
    const seconds = (Date.now() - started) / 1000;
    if (!ctx.quiet) {
      const shards = nodes.length === 1 ? '1 node' : `${nodes.length} nodes`;
      ctx.io.stderr.write(`${total} keys from ${shards} in ${seconds.toFixed(1)} s (${Math.round(total / Math.max(seconds, 0.001))} keys/s)\n`);
    }
    if (ctx.signal?.aborted === true) throw new InterruptedError(`interrupted: printed the ${total} keys found so far`);
  } finally {
    progress.stop();
    opened.close();
  }
}
