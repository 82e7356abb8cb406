// memctl keys scan <target>: every key (SCAN on each primary, or replica with --read-from replica,
// in parallel), filtered by --match / --type, optionally with type, TTL, memory and length.
// Ctrl-C stops the sweep and still prints what was gathered (then exits 130).
import type { Context } from '../../context.js';
import { InterruptedError } from '../../lib/io/errors.js';
import { incomplete } from '../options/sweep.js';
import { startProgress } from '../../lib/io/progress.js';
import type { TargetFlags } from '../../lib/redis/target.js';
import { DEFAULT_SCAN_COUNT, keyColumns, keyType, latencyLimit, latencyLine, positiveInt, recoveryMs } from '../options/keys.js';
import { resolveTarget } from '../options/target.js';

export interface KeysScanFlags extends TargetFlags {
  match?: string;
  type?: string;
  limit?: string;
  columns?: string;
  count?: string;
  maxOps?: string;
  timeout?: string;
  maxLatencyMs?: string;
}

/** Large enough that a million keys take ~1,000 round trips per node, small enough to bound each call. */
export async function run(ctx: Context, target: string, flags: KeysScanFlags): Promise<void> {
  const type = keyType(flags.type);
  const columns = keyColumns(flags.columns);
  const limit = positiveInt(flags.limit, '--limit');
  const count = positiveInt(flags.count, '--count', DEFAULT_SCAN_COUNT) as number;
  const maxOps = positiveInt(flags.maxOps, '--max-ops');
  const maxLatencyMs = latencyLimit(flags.maxLatencyMs);
  const recovery = recoveryMs(flags.timeout);
  const resolved = await resolveTarget(ctx, target, flags);
  const [{ openNodes }, { keyInfo }, { sweep, withRetry }, { createSink }] = await Promise.all([
    import('../../lib/redis/target.js'),
    import('../../lib/redis/scan.js'),
    import('../../lib/redis/sweep.js'),
    import('./scan-output.js'),
  ]);
  const opened = await openNodes(resolved);
  const progress = await startProgress(ctx.io, `scanning ${resolved.label}`, { quiet: ctx.quiet, statusOnTerminal: true, streaming: true });
  try {
    const perNode = new Map<string, number>();
    const sink = createSink(ctx, ctx.output.format, columns);
    const started = Date.now();
    let total = 0;
    let shown = 0;
    // Nodes scan in parallel; their batches reach the output one at a time, in arrival order.
    let writing: Promise<void> = Promise.resolve();
    const outcome = await sweep(
      resolved,
      opened,
      { readFrom: resolved.readFrom, match: flags.match, type, count, limit, maxOps, maxLatencyMs, signal: ctx.signal, recoveryMs: recovery, onNotice: (text) => progress.note(text) },
      async ({ keys, node, label }) => {
        const info = columns.length === 0 ? undefined : await withRetry(label, 'TYPE/PTTL/MEMORY USAGE', () => keyInfo(node.client, keys, columns, type), ctx.signal);
        const write = writing.then(() => sink.add({ node: label, keys, ...(info === undefined ? {} : { info }) }));
        writing = write.catch(() => undefined);
        await write;
        total += keys.length;
        perNode.set(label, (perNode.get(label) ?? 0) + keys.length);
        const now = Date.now();
        if (now - shown >= 250) {
          shown = now;
          const rate = Math.round(total / Math.max(0.001, (now - started) / 1000));
          progress.update(`${total} keys (${rate} keys/s) · ${[...perNode].map(([n, c]) => `${n} ${c}`).join(' · ')}`);
        }
      },
    );
    await sink.end();
    progress.stop();
    const seconds = (Date.now() - started) / 1000;
    if (!ctx.quiet) {
      const nodes = outcome.nodes === 1 ? '1 node' : `${outcome.nodes} nodes`;
      const recovered = outcome.recovered.length === 0 ? '' : `, after recovering from ${outcome.recovered.length} fault(s)`;
      ctx.io.stderr.write(`${total} keys from ${nodes} in ${seconds.toFixed(1)} s (${Math.round(total / Math.max(seconds, 0.001))} keys/s)${recovered}\n`);
      if (outcome.latency !== undefined) ctx.io.stderr.write(`${latencyLine(outcome.latency)}\n`);
    }
    if (outcome.interrupted) throw new InterruptedError(`interrupted: printed the ${total} keys found so far`);
    if (!outcome.complete && !outcome.limited) throw incomplete(outcome.failure, `printed the ${total} keys found`);
  } finally {
    progress.stop();
    opened.close();
  }
}
