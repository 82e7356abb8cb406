// @ts-nocheck
// memctl bench <target>: throughput and latency benchmark (worker threads, raw RESP, HDR
// histograms), the --latency probe, and `bench compare` / `bench merge` of saved -o json results.
import { readFile, writeFile } from 'node:fs/promises';
import type { Context } from '../../context.js';
import { registerSecret } from '../../lib/io/debug.js';
import { IncompleteError, InterruptedError, MemctlError, UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import type { ConnectSettings } from '../../lib/redis/bench/connection.js';
import { Histogram } from '../../lib/redis/bench/histogram.js';
import { checkResult, commandResult, compareResults, FORMAT_VERSION, mergeResults, msOf, percentileDistribution, RESULT_KIND, summaryMs, windowJson, type BenchResult } from '../../lib/redis/bench/result.js';
import type { RawRun } from '../../lib/redis/bench/run.js';
import { connectionError, openNodes, type ResolvedTarget } from '../../lib/redis/target.js';
import { parseBenchFlags, parseLatencyFlags, type BenchFlags, type BenchOptions } from './flags.js';
import { benchView, compareView, probeView, progressLine } from './view.js';
import { resolveTarget } from '../options/target.js';

export type { BenchFlags };

async function connectSettings(resolved: ResolvedTarget): Promise<ConnectSettings> {
  const password = resolved.credentials === undefined ? undefined : await resolved.credentials.password();
  registerSecret(password);
  return {
    tls: resolved.tls === null ? null : { ca: resolved.tls.ca, rejectUnauthorized: resolved.tls.rejectUnauthorized },
    user: password === undefined ? undefined : (resolved.credentials?.user ?? undefined),
    password,
    db: resolved.db,
    connectTimeoutMs: 5000,
  };
}

/** Live lines on stderr: one per second, rewritten in place on a terminal. */
function progressWriter(ctx: Context): { line(text: string): void; end(): void } {
  if (ctx.quiet) return { line: () => undefined, end: () => undefined };
  const tty = ctx.io.animate;
  let open = false;
  return {
    line(text) {
      ctx.io.stderr.write(tty ? `\r\u001b[2K${text}` : `${text}\n`);
      open = tty;
    },
    end() {
      if (open) ctx.io.stderr.write('\n');
      open = false;
    },
  };
}

export async function run(ctx: Context, target: string, flags: BenchFlags = {}): Promise<void> {
  if (flags.latency === true) {
    await latency(ctx, target, flags);
    return;
  }
  const options = parseBenchFlags(flags);
  const resolved = await resolveTarget(ctx, target, flags);
  const [{ readTopology, checkKeySpace, checkCommandKeys, cleanup }, { runBench }] = await Promise.all([import('../../lib/redis/bench/setup.js'), import('../../lib/redis/bench/run.js')]);
  const opened = await openNodes(resolved);
  try {
    const topology = await readTopology(opened.cluster, opened.nodes);
    const primary = opened.nodes.find((n) => n.role === 'primary');
    if (options.custom && primary !== undefined) await checkCommandKeys(primary.client, options.plan.workload.commands, options.plan.workload.keyPrefix);
    if (options.writes && !ctx.yes) await checkKeySpace(opened.nodes, options.plan.workload.keyPrefix);
    const connect = await connectSettings(resolved);
    const progress = progressWriter(ctx);
    const plan = options.plan;
    if (!ctx.quiet) {
      const what = plan.testTimeMs !== null ? `for ${plan.testTimeMs / 1000} s` : `${plan.requests?.toLocaleString('en-US')} requests`;
      ctx.io.stderr.write(`bench ${resolved.label}: ${plan.threads} thread${plan.threads === 1 ? '' : 's'} x ${plan.clients} clients, pipeline ${plan.pipeline}, ${what}${plan.warmupMs > 0 ? ` after ${plan.warmupMs / 1000} s of warm-up` : ''}\n`);
    }
    ctx.debug.log(`bench topology: ${topology.cluster ? 'cluster' : 'standalone'}, primaries ${topology.nodes.map((n) => `${n.host}:${n.port}`).join(' ')}`);
    // The keys the run wrote go at its end, however it ends (--keep-keys leaves them to their TTL).
    const removeKeys = async (): Promise<void> => {
      if (!options.cleanup || !options.writes) return;
      try {
        const { removed, outcome } = await cleanup(resolved, opened, plan.workload.keyPrefix);
        if (!ctx.quiet) {
          const f = outcome.failure;
          const partial = outcome.complete ? '' : ` (not every primary: ${f === undefined ? 'interrupted' : `${f.node}: ${f.command}: ${f.message}`}; the rest expire after their TTL)`;
          ctx.io.stderr.write(`cleanup: unlinked ${removed} keys under ${plan.workload.keyPrefix}${partial}\n`);
        }
      } catch (err) {
        if (!ctx.quiet) ctx.io.stderr.write(`cleanup of the keys under ${plan.workload.keyPrefix} failed (${(err as Error).message}); they expire after their TTL\n`);
      }
    };
    let raw: RawRun;
    try {
      raw = await runBench(plan, topology, connect, {
        signal: ctx.signal,
        onSecond: (s, perCommand) => progress.line(progressLine(s, perCommand)),
        refreshPassword:
          flags.iam === true && resolved.credentials !== undefined
            ? async () => {
                const token = await (resolved.credentials as { password: () => Promise<string> }).password();
                registerSecret(token);
                return token;
              }
            : undefined,
      });
    } catch (err) {
      await removeKeys();
      throw err instanceof MemctlError ? err : connectionError(resolved, err);
    } finally {
      progress.end();
    }
    await removeKeys();
    const result = buildResult(resolved.label, topology.cluster, topology.nodes.length, options, raw);
    if (options.hdrOut !== undefined) await writeHdr(options.hdrOut, raw);
    await writeOutput(ctx.io, benchView(result), ctx.output);
    if (raw.interrupted) throw new InterruptedError('interrupted: the results so far are above');
    if (raw.abandoned !== null) throw new IncompleteError(`bench stopped early (${raw.abandoned}): the results so far are above, marked complete: false`);
  } finally {
    opened.close();
  }
}

export function buildResult(target: string, cluster: boolean, primaries: number, options: BenchOptions, raw: RawRun): BenchResult {
  const plan = options.plan;
  const durationMs = Math.max(0, raw.lastCompletion - raw.measureStart);
  const all = new Histogram();
  let ok = 0;
  let failed = 0;
  for (const c of raw.commands) {
    all.add(c.histogram);
    ok += c.ok;
    failed += c.failed;
  }
  const wallMs = Math.max(1, ...raw.threads.map((t) => t.wallMs));
  return {
    kind: RESULT_KIND,
    formatVersion: FORMAT_VERSION,
    target,
    cluster,
    primaries,
    startedAt: new Date(raw.measureStart).toISOString(),
    endedAt: new Date(raw.lastCompletion).toISOString(),
    durationMs: Math.round(durationMs),
    config: {
      threads: plan.threads,
      clientsPerThread: plan.clients,
      clients: plan.threads * plan.clients,
      pipeline: plan.pipeline,
      commands: plan.workload.commands.map((c) => ({ name: c.name, command: c.args.join(' ') })),
      ratio: options.ratio,
      keyPattern: plan.keySpace.pattern,
      keyMinimum: plan.keySpace.minimum,
      keyMaximum: plan.keySpace.maximum,
      keyPrefix: plan.workload.keyPrefix,
      dataSize: plan.workload.dataSize,
      ttlMs: options.ttlSeconds === null ? null : options.ttlSeconds * 1000,
      requests: plan.requests,
      testTimeMs: plan.testTimeMs,
      warmupMs: plan.warmupMs,
      rate: plan.rate,
      timeoutMs: plan.timeoutMs,
    },
    totals: commandResult('all', all, ok, failed, durationMs),
    commands: raw.commands.map((c) => commandResult(c.name, c.histogram, c.ok, c.failed, durationMs)),
    errors: raw.errors,
    redirects: raw.redirects,
    errorWindows: raw.windows.map(windowJson),
    timeline: raw.timeline.map((s) => ({ second: s.second, ok: s.ok, failed: s.failed, p50Ms: msOf(s.p50), p99Ms: msOf(s.p99) })),
    reconnects: raw.reconnects,
    ...(raw.sendLag === null ? {} : { sendLagMs: summaryMs(raw.sendLag.summary()) }),
    client: {
      threads: raw.threads.map((t) => ({ eventLoopUtilization: t.eventLoopUtilization, cpuMs: t.threadCpuMs, wallMs: Math.round(t.wallMs) })),
      processCpuMs: raw.processCpuMs,
      processCpuPercent: Math.round((raw.processCpuMs / wallMs) * 1000) / 10,
    },
    complete: raw.abandoned === null && !raw.interrupted,
    ...(raw.abandoned === null ? {} : { abandoned: raw.abandoned }),
    ...(raw.interrupted ? { interrupted: true } : {}),
  };
}

/** --hdr-out FILE: every command together in FILE, each command in FILE with .NAME before the extension. */
export function hdrFiles(file: string, names: string[]): Array<{ file: string; name: string | null }> {
  const dot = file.lastIndexOf('.');
  const slash = file.lastIndexOf('/');
  const [stem, ext] = dot > slash + 1 ? [file.slice(0, dot), file.slice(dot)] : [file, ''];
  return [{ file, name: null }, ...names.map((n) => ({ file: `${stem}.${n.replace(/[^A-Za-z0-9_-]/g, '_')}${ext}`, name: n }))];
}

async function writeHdr(file: string, raw: RawRun): Promise<void> {
  const all = new Histogram();
  for (const c of raw.commands) all.add(c.histogram);
  for (const target of hdrFiles(file, raw.commands.map((c) => c.name))) {
    const h = target.name === null ? all : (raw.commands.find((c) => c.name === target.name)?.histogram ?? new Histogram());
    try {
      await writeFile(target.file, percentileDistribution(h));
    } catch (err) {
      throw new MemctlError(`cannot write --hdr-out ${target.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
}

async function latency(ctx: Context, target: string, flags: BenchFlags): Promise<void> {
  const options = parseLatencyFlags(flags);
  const resolved = await resolveTarget(ctx, target, flags);
  const { probeLatency } = await import('../../lib/redis/bench/latency.js');
  const connect = await connectSettings(resolved);
  const progress = progressWriter(ctx);
  let result;
  try {
    result = await probeLatency({
      host: resolved.seed.address,
      port: resolved.seed.port,
      connect,
      intervalMs: options.intervalMs,
      durationMs: options.durationMs,
      samples: options.samples,
      gapMs: 10,
      signal: ctx.signal,
      onWindow: (w) => progress.line(`${w.start}  samples ${w.samples}  min ${w.minMs.toFixed(3)}  avg ${w.avgMs.toFixed(3)}  max ${w.maxMs.toFixed(3)}  p50 ${w.p50Ms.toFixed(3)}  p99 ${w.p99Ms.toFixed(3)} ms${w.errors > 0 ? `  errors ${w.errors}` : ''}`),
    });
  } catch (err) {
    throw connectionError(resolved, err);
  } finally {
    progress.end();
  }
  await writeOutput(ctx.io, probeView(resolved.label, result, options.history), ctx.output);
  if (ctx.signal?.aborted === true) throw new InterruptedError('interrupted: the samples so far are above');
}

async function readResult(file: string): Promise<BenchResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON (save results with \`memctl bench ... -o json > ${file}\`)`);
  }
  const checked = checkResult(parsed);
  if (typeof checked === 'string') throw new UsageError(`${file}: ${checked}`);
  return checked;
}

export async function compare(ctx: Context, a: string, b: string): Promise<void> {
  const [ra, rb] = await Promise.all([readResult(a), readResult(b)]);
  await writeOutput(ctx.io, compareView(a, b, compareResults(ra, rb)), ctx.output);
}

export async function merge(ctx: Context, files: string[]): Promise<void> {
  if (files.length < 2) throw new UsageError('bench merge needs at least two result files');
  const results = await Promise.all(files.map(async (f) => ({ source: f, result: await readResult(f) })));
  const merged = mergeResults(results);
  if (merged.merged?.overlapMs === 0 && !ctx.quiet) ctx.io.stderr.write('warning: the runs did not overlap in time; throughput is all requests over the whole span\n');
  await writeOutput(ctx.io, benchView(merged), ctx.output);
}
