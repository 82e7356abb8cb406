// memctl analyze <target>: keys and memory by type and namespace, top keys, TTL buckets,
// encodings, shard balance and recommendations, from one sweep of every primary (in parallel).
// Table or -o json on stdout, --report FILE.html for people; Ctrl-C prints what was gathered.
import { writeFile } from 'node:fs/promises';
import type { Context } from '../../context.js';
import { InterruptedError, UsageError } from '../../lib/io/errors.js';
import { formatBytes } from '../../lib/io/units.js';
import { writeOutput, type Block } from '../../lib/io/output.js';
import { startProgress } from '../../lib/io/progress.js';
import type { AnalyzeReport } from '../../lib/redis/analyze.js';

/** A node's PING round trip above which analyze spaces its batches out. */
export const DEFAULT_MAX_LATENCY_MS = 2;
import type { TargetFlags } from '../../lib/redis/target.js';
import { DEFAULT_SCAN_COUNT, guardVerdict, latencyLimit, positiveInt, recoveryMs } from '../options/keys.js';
import { incomplete } from '../options/sweep.js';
import { resolveTarget } from '../options/target.js';

export interface AnalyzeFlags extends TargetFlags {
  sample?: string;
  match?: string;
  delimiter?: string;
  depth?: string;
  top?: string;
  report?: string;
  count?: string;
  maxOps?: string;
  parallel?: string;
  timeout?: string;
  maxLatencyMs?: string;
}

export async function run(ctx: Context, target: string, flags: AnalyzeFlags): Promise<void> {
  const sample = positiveInt(flags.sample, '--sample');
  const depth = positiveInt(flags.depth, '--depth', 2) as number;
  const top = positiveInt(flags.top, '--top', 10) as number;
  const count = positiveInt(flags.count, '--count', DEFAULT_SCAN_COUNT) as number;
  const maxOps = positiveInt(flags.maxOps, '--max-ops');
  const parallel = positiveInt(flags.parallel, '--parallel');
  const maxLatencyMs = latencyLimit(flags.maxLatencyMs, DEFAULT_MAX_LATENCY_MS);
  const delimiter = flags.delimiter ?? ':';
  if (delimiter === '') throw new UsageError('invalid --delimiter "": expected at least one character');
  if (depth > 16) throw new UsageError(`invalid --depth "${depth}": expected 1 to 16`);
  if (top > 1000) throw new UsageError(`invalid --top "${top}": expected 1 to 1000`);
  const recovery = recoveryMs(flags.timeout);
  if (flags.report !== undefined && !/\.html?$/i.test(flags.report)) throw new UsageError(`invalid --report "${flags.report}": expected a file name ending in .html`);
  const resolved = await resolveTarget(ctx, target, flags);
  const [{ openNodes }, { analyzeNodes }] = await Promise.all([import('../../lib/redis/target.js'), import('../../lib/redis/analyze.js')]);
  const opened = await openNodes(resolved);
  const progress = await startProgress(ctx.io, `analyzing ${resolved.label}`, { quiet: ctx.quiet, statusOnTerminal: true });
  let report: AnalyzeReport;
  try {
    const started = Date.now();
    let shown = 0;
    report = await analyzeNodes(resolved, opened, {
      delimiter,
      depth,
      top,
      sample,
      match: flags.match,
      count,
      maxOps,
      parallel,
      maxLatencyMs,
      signal: ctx.signal,
      recoveryMs: recovery,
      onNotice: (text) => progress.note(text),
      onBatch: (scanned) => {
        const now = Date.now();
        if (now - shown < 250) return;
        shown = now;
        progress.update(`${scanned} keys (${Math.round(scanned / Math.max(0.001, (now - started) / 1000))} keys/s)`);
      },
    });
  } finally {
    progress.stop();
    opened.close();
  }
  if (!ctx.quiet) ctx.io.stderr.write(`${report.totals.keys} keys from ${report.shards.length} node(s) in ${(report.durationMs / 1000).toFixed(1)} s\n`);
  if (flags.report !== undefined) {
    const { reportHtml } = await import('./html.js');
    await writeFile(flags.report, reportHtml(report));
    if (!ctx.quiet) ctx.io.stderr.write(`report written to ${flags.report}\n`);
  }
  await writeOutput(ctx.io, { data: report, blocks: blocksOf(report) }, ctx.output);
  if (ctx.signal?.aborted === true) throw new InterruptedError(`interrupted: printed the analysis of the ${report.totals.keys} keys seen so far`);
  if (!report.complete) throw incomplete(report.failure, `printed the analysis of the ${report.totals.keys} keys seen`);
}

const pct = (part: number, whole: number): string => `${whole === 0 ? 0 : ((100 * part) / whole).toFixed(1)}%`;

function blocksOf(r: AnalyzeReport): Block[] {
  const mem = r.totals.memory;
  const blocks: Block[] = [
    {
      kind: 'fields',
      title: 'Summary',
      fields: [
        ['target', r.target],
        ['keys', r.sample === null ? r.totals.keys : `${r.totals.keys} sampled (${r.sample} per node) of ${r.totals.dbsize}`],
        ['memory', r.sample === null ? formatBytes(mem) : `${formatBytes(mem)} sampled, ~${formatBytes(r.totals.estimatedMemory)} estimated in all`],
        ['without TTL', `${r.totals.withoutTtl} (${pct(r.totals.withoutTtl, r.totals.keys)})`],
        ['complete', r.complete ? 'yes' : r.failure === null ? 'no (interrupted)' : `no (${r.failure.node}: ${r.failure.command}: ${r.failure.message})`],
        ['seconds', (r.durationMs / 1000).toFixed(1)],
      ],
    },
    { kind: 'table', title: 'By type', headers: ['type', 'keys', 'memory', 'share', 'elements', 'no ttl'], rows: r.types.map((t) => [t.type, t.keys, formatBytes(t.memory), pct(t.memory, mem), t.elements, t.withoutTtl]) },
    {
      kind: 'table',
      title: `By namespace (delimiter "${r.options.delimiter}", depth ${r.options.depth}, top ${r.options.top} by memory)`,
      headers: ['namespace', 'keys', 'memory', 'share', 'no ttl'],
      rows: r.namespaces.slice(0, r.options.top).map((n) => [`${'  '.repeat(Math.max(0, n.depth - 1))}${n.prefix}`, n.keys, formatBytes(n.memory), pct(n.memory, mem), n.withoutTtl]),
    },
    { kind: 'table', title: 'TTL', headers: ['ttl', 'keys', 'memory'], rows: r.ttl.map((b) => [b.bucket, b.keys, formatBytes(b.memory)]) },
    { kind: 'table', title: 'Top keys by memory', headers: ['key', 'type', 'memory', 'length', 'node'], rows: r.topByMemory.map((k) => [k.key, k.type, formatBytes(k.memory), k.length, k.node]) },
    { kind: 'table', title: 'Top collections by length', headers: ['key', 'type', 'length', 'memory', 'node'], rows: r.topByLength.map((k) => [k.key, k.type, k.length, formatBytes(k.memory), k.node]) },
    { kind: 'table', title: `Encodings (1 key in ${r.options.encodingEvery})`, headers: ['type', 'encoding', 'keys'], rows: r.encodings.map((e) => [e.type, e.encoding, e.keys]) },
    {
      kind: 'table',
      title: `Shards (key skew ${r.balance.keySkew}, memory skew ${r.balance.memorySkew}${r.balance.hotShard === null ? '' : `, hot ${r.balance.hotShard}`})`,
      headers: ['node', 'keys', 'memory', 'dbsize'],
      rows: r.shards.map((s) => [s.node, s.keys, formatBytes(s.memory), s.dbsize]),
    },
    { kind: 'table', title: 'Recommendations', headers: ['kind', 'advice'], rows: r.recommendations.map((x) => [x.kind, x.message]) },
  ];
  if (r.latency !== null) {
    const verdict = guardVerdict(r.latency);
    blocks.push({
      kind: 'table',
      title: `Node latency during the sweep (PING round trips; ${r.latency.limitMs === 0 ? 'watched only' : `batches spaced out above ${r.latency.limitMs} ms`})${verdict === '' ? '' : `: ${verdict}`}`,
      headers: ['node', 'pings', 'p50 ms', 'p99 ms', 'max ms', 'held back'],
      rows: r.latency.nodes.map((n) => [n.node, n.samples, n.p50Ms, n.p99Ms, n.maxMs, `${(n.heldMs / 1000).toFixed(1)} s`]),
    });
  }
  return blocks;
}
