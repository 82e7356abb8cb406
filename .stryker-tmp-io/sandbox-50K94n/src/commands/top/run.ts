// @ts-nocheck
// memctl top <target>: every --interval, INFO from every node over connections kept open, turned
// into per-node rates (lib/redis/node-rates.ts). On a terminal the table is redrawn in place until
// q, Ctrl-C or --count; otherwise one ndjson line per interval. Ctrl-C (or q) is how a person leaves
// it, so it exits 0; SIGTERM exits 143 as everywhere in memctl.
import type { Context } from '../../context.js';
import { InterruptedError } from '../../lib/io/errors.js';
import { isTable, ndjsonLines } from '../../lib/io/output.js';
import { stoppedBy } from '../../lib/io/signals.js';
import { abortableSleep } from '../../lib/io/sleep.js';
import { writeWithBackpressure } from '../../lib/io/streams.js';
import { LiveNodes, type SampleResult } from '../../lib/redis/live-nodes.js';
import { roleChanged, sortTopNodes, topNodes, topTotals, type InfoSample, type NodeReading } from '../../lib/redis/node-rates.js';
import { openNodes, permissionError, type TargetFlags } from '../../lib/redis/target.js';
import { resolveTarget } from '../options/target.js';
import { parseTopFlags, type TopFlagValues, type TopOptions } from './flags.js';
import { openScreen, type Screen } from './screen.js';
import { frameJson, screenLines, seconds, type TopFrame } from './view.js';

export type TopFlags = TargetFlags & TopFlagValues;

/** The topology is read again every this many intervals (and at once when a node's role changed). */
export const REDISCOVER_EVERY = 10;

/** How long a node may take to answer INFO before it shows as down this interval. */
export function sampleTimeoutMs(intervalMs: number): number {
  return Math.min(Math.max(intervalMs, 1000), 5000);
}

/** `work`, or undefined as soon as `signal` aborts (nothing waits for a slow node after q). */
function unlessStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

const isSample = (r: SampleResult | undefined): r is InfoSample => r !== undefined && 'info' in r;

/** Where intervals go: the redrawn screen, or ndjson lines. */
interface View {
  show(frame: TopFrame): Promise<void>;
  close(): void;
}

function terminalView(ctx: Context, options: TopOptions, label: string, onQuit: () => void): View {
  let last: TopFrame | undefined;
  const show = async (frame: TopFrame): Promise<void> => {
    last = frame;
    screen.draw(await screenLines(frame, options.sort, screen.size(), { wide: ctx.output.format === 'wide', color: ctx.io.color }));
  };
  const screen: Screen = openScreen(ctx.io, { onQuit, onResize: () => void (last === undefined ? undefined : show(last)) });
  screen.draw([`${label}  measuring: the first figures come after ${seconds(options.intervalMs)}  q quits`]);
  return { show, close: () => screen.close() };
}

function linesView(ctx: Context): View {
  return { show: (frame) => writeWithBackpressure(ctx.io.stdout, ndjsonLines(frameJson(frame), ctx.output.query)), close: () => undefined };
}

export async function run(ctx: Context, target: string, flags: TopFlags = {}): Promise<void> {
  const options = parseTopFlags(flags);
  const live = ctx.io.stdoutAnimate && isTable(ctx.output.format);
  const resolved = await resolveTarget(ctx, target, flags);
  const opened = await openNodes(resolved, { inventory: true });
  const nodes = new LiveNodes(resolved, opened.cluster, opened.nodes);
  // Stopped by q, Ctrl-C, SIGTERM, or a reader of stdout that went away.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal?.aborted === true) stop.abort();
  let view: View | undefined;
  try {
    // CLUSTER NODES also lists the nodes the cluster marks failed: they show as down.
    await unlessStopped(nodes.rediscover(), stop.signal);
    const first = await unlessStopped(nodes.sample(sampleTimeoutMs(options.intervalMs)), stop.signal);
    if (first === undefined) return;
    // A user who may not run INFO: exit 4 naming the permission, before any output.
    for (const [node, result] of first) {
      const denied = 'error' in result ? permissionError(node, new Error(result.error)) : undefined;
      if (denied !== undefined) throw denied;
    }
    view = live ? terminalView(ctx, options, resolved.label, () => stop.abort()) : linesView(ctx);
    await loop(ctx, options, resolved.label, nodes, first, stop.signal, view);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    view?.close();
    nodes.close();
    opened.close();
  }
  if (stoppedBy(ctx.signal) === 'SIGTERM') throw new InterruptedError('stopped by SIGTERM');
}

async function loop(ctx: Context, options: TopOptions, label: string, nodes: LiveNodes, first: Map<string, SampleResult>, signal: AbortSignal, view: View): Promise<void> {
  const previous = new Map<string, InfoSample>();
  for (const [node, result] of first) if (isSample(result)) previous.set(node, result);
  let due = Date.now() + options.intervalMs;
  for (let n = 1; options.count === undefined || n <= options.count; n++) {
    await abortableSleep(due - Date.now(), signal);
    if (signal.aborted) return;
    // A fixed schedule; after a refresh slower than the interval, the next one is an interval away.
    due = Math.max(due + options.intervalMs, Date.now() + options.intervalMs / 2);
    const started = performance.now();
    const current = await unlessStopped(nodes.sample(sampleTimeoutMs(options.intervalMs)), signal);
    if (current === undefined) return;
    const readings: NodeReading[] = nodes
      .identities()
      .filter((identity) => current.has(identity.node))
      .map((identity) => ({ identity, current: current.get(identity.node) as SampleResult, previous: previous.get(identity.node) }));
    const rows = sortTopNodes(topNodes(readings), options.sort);
    ctx.debug.log(`top: refresh ${n}: INFO from ${readings.length} node(s) in ${(performance.now() - started).toFixed(1)} ms`);
    await view.show({ time: new Date(), target: label, intervalMs: options.intervalMs, nodes: rows, totals: topTotals(rows) });
    previous.clear();
    for (const [node, result] of current) if (isSample(result)) previous.set(node, result);
    if (roleChanged(readings) || n % REDISCOVER_EVERY === 0) {
      const changed = await unlessStopped(nodes.rediscover(), signal);
      if (changed === true) ctx.debug.log('top: the topology changed');
    }
  }
}
