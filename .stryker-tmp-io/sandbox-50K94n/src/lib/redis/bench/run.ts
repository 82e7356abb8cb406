// @ts-nocheck
// The main thread's side of a benchmark: starts the worker threads (each runs an Engine with its
// share of the clients, requests and rate), starts them together, merges their per-second
// reports into progress lines and the final histograms, hands refreshed IAM tokens over, and
// stops them on Ctrl-C. Passwords reach workers through workerData/postMessage, never argv.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConnectSettings } from './connection.js';
import type { EngineConfig, EngineNode, EngineSummary, LoadShape } from './engine.js';
import { Histogram } from './histogram.js';
import type { ToMain, ToWorker } from './messages.js';
import { addCounts, mergeWindows, type ErrorWindow, type IntervalReport } from './stats.js';
import { sequenceCounter } from './keys.js';

export interface BenchPlan extends LoadShape {
  threads: number;
  /** Measured requests in total (all threads), or null with a test time. */
  requests: number | null;
  /** Requests per second in total (open loop), or null (closed loop). */
  rate: number | null;
}

export interface Topology {
  cluster: boolean;
  nodes: EngineNode[];
  slots: number[] | null;
}

export interface SecondReport {
  second: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
}

export interface CommandTotals {
  name: string;
  ok: number;
  failed: number;
  histogram: Histogram;
}

export interface RawRun {
  measureStart: number;
  lastCompletion: number;
  commands: CommandTotals[];
  errors: Record<string, number>;
  redirects: { moved: number; ask: number };
  windows: ErrorWindow[];
  timeline: SecondReport[];
  reconnects: number;
  abandoned: string | null;
  sendLag: Histogram | null;
  threads: Array<EngineSummary['cpu']>;
  processCpuMs: number;
  interrupted: boolean;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  onSecond?: (second: SecondReport, commands: Array<{ name: string; ok: number }>) => void;
  /** Called before the start to say workers are connected. */
  onReady?: () => void;
  /** IAM: a fresh token, fetched every refreshEveryMs and handed to every worker. */
  refreshPassword?: (() => Promise<string>) | undefined;
  refreshEveryMs?: number;
  workerFile?: string;
}

/** dist/bench-worker.js, wherever the calling chunk was loaded from (dist/ or dist/chunks/). */
export function workerFile(): string {
  const candidates = ['./bench-worker.js', '../bench-worker.js', '../../../../dist/bench-worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) throw new Error('bench-worker.js not found next to the program; run `npm run build`');
  return found;
}

/** n split into `parts` whole shares, the remainder going to the first ones. */
export function shares(n: number, parts: number): number[] {
  const base = Math.floor(n / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < n - base * parts ? 1 : 0));
}

export async function runBench(plan: BenchPlan, topology: Topology, connect: ConnectSettings, options: RunOptions = {}): Promise<RawRun> {
  const file = options.workerFile ?? workerFile();
  const sequence = sequenceCounter();
  const requestShares = plan.requests === null ? null : shares(plan.requests, plan.threads);
  const workers: Worker[] = [];
  const commands: CommandTotals[] = plan.workload.commands.map((c) => ({ name: c.name, ok: 0, failed: 0, histogram: new Histogram() }));
  const counts = { errors: {} as Record<string, number>, redirects: { moved: 0, ask: 0 } };
  const summaries: EngineSummary[] = [];
  const timeline: SecondReport[] = [];
  const seconds = new Map<number, IntervalReport[]>();
  let running = plan.threads;
  const cpuBefore = process.cpuUsage();

  const addReport = (report: IntervalReport): void => {
    report.commands.forEach((c, i) => {
      const into = commands[i] as CommandTotals;
      into.ok += c.ok;
      into.failed += c.failed;
      into.histogram.addJSON(c.histogram);
    });
    addCounts(counts, report);
  };
  const emitSecond = (index: number): void => {
    const reports = seconds.get(index) ?? [];
    seconds.delete(index);
    const h = new Histogram();
    let ok = 0;
    let failed = 0;
    const perCommand = plan.workload.commands.map((c) => ({ name: c.name, ok: 0 }));
    for (const r of reports) {
      r.commands.forEach((c, i) => {
        h.addJSON(c.histogram);
        ok += c.ok;
        failed += c.failed;
        (perCommand[i] as { ok: number }).ok += c.ok;
      });
    }
    const second = { second: index, ok, failed, p50: h.valueAtPercentile(50), p99: h.valueAtPercentile(99) };
    timeline.push(second);
    options.onSecond?.(second, perCommand);
  };
  const flushSeconds = (): void => {
    for (const [index, reports] of [...seconds].sort((a, b) => a[0] - b[0])) if (reports.length >= running) emitSecond(index);
  };

  let refreshTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    for (const w of workers) w.postMessage({ type: 'stop' } satisfies ToWorker);
  };
  try {
    const ready: Array<Promise<void>> = [];
    const done: Array<Promise<void>> = [];
    for (let t = 0; t < plan.threads; t++) {
      const { threads: _threads, ...shape } = plan;
      const config: EngineConfig = {
        ...shape,
        nodes: topology.nodes,
        slots: topology.slots,
        requests: requestShares === null ? null : (requestShares[t] as number),
        rate: plan.rate === null ? null : plan.rate / plan.threads,
        connect,
        sequence,
      };
      const worker = new Worker(file, { workerData: config });
      workers.push(worker);
      let readyResolve: () => void = () => undefined;
      let readyReject: (err: Error) => void = () => undefined;
      ready.push(
        new Promise<void>((resolve, reject) => {
          readyResolve = resolve;
          readyReject = reject;
        }),
      );
      let finished = false;
      const workerDone = new Promise<void>((resolve, reject) => {
          worker.on('message', (message: ToMain) => {
            switch (message.type) {
              case 'ready':
                readyResolve();
                break;
              case 'failed':
                readyReject(new Error(message.message));
                break;
              case 'tick': {
                const list = seconds.get(message.tick.index) ?? [];
                list.push(message.tick.report);
                seconds.set(message.tick.index, list);
                addReport(message.tick.report);
                flushSeconds();
                break;
              }
              case 'done':
                finished = true;
                addReport(message.summary.final);
                summaries.push(message.summary);
                running--;
                flushSeconds();
                resolve();
                break;
            }
          });
          worker.once('error', (err) => {
            readyReject(err);
            reject(err);
          });
          worker.once('exit', (code) => {
            readyReject(new Error(`a benchmark thread exited (${code}) before it was ready`));
            if (finished) resolve();
            else reject(new Error(`a benchmark thread stopped unexpectedly (exit ${code})`));
          });
        });
      // Awaited below; a failure before then must not be an unhandled rejection.
      workerDone.catch(() => undefined);
      done.push(workerDone);
    }
    await Promise.all(ready);
    options.onReady?.();
    const startAt = Date.now() + 20;
    for (const w of workers) w.postMessage({ type: 'start', at: startAt } satisfies ToWorker);
    if (options.signal?.aborted === true) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.refreshPassword !== undefined) {
      const refresh = options.refreshPassword;
      refreshTimer = setInterval(() => {
        void refresh().then(
          (password) => {
            for (const w of workers) w.postMessage({ type: 'password', value: password } satisfies ToWorker);
          },
          () => undefined, // the current token stays valid for a while; the next refresh may work
        );
      }, options.refreshEveryMs ?? 5 * 60_000);
    }
    await Promise.all(done);
    // Seconds some thread never completed (it finished first) are still shown.
    for (const index of [...seconds.keys()].sort((a, b) => a - b)) emitSecond(index);
  } finally {
    if (refreshTimer !== undefined) clearInterval(refreshTimer);
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (summaries.length === 0) throw new Error('no benchmark thread finished');
  const cpu = process.cpuUsage(cpuBefore);
  let sendLag: Histogram | null = null;
  for (const s of summaries) {
    if (s.sendLag === null) continue;
    sendLag ??= new Histogram();
    sendLag.addJSON(s.sendLag);
  }
  const abandoned = summaries.map((s) => s.abandoned).find((a) => a !== null) ?? null;
  return {
    measureStart: Math.min(...summaries.map((s) => s.measureStart)),
    lastCompletion: Math.max(...summaries.map((s) => s.lastCompletion)),
    commands,
    errors: counts.errors,
    redirects: counts.redirects,
    windows: mergeWindows(summaries.map((s) => s.windows)),
    timeline: timeline.sort((a, b) => a.second - b.second),
    reconnects: summaries.reduce((n, s) => n + s.reconnects, 0),
    abandoned,
    sendLag,
    threads: summaries.map((s) => s.cpu),
    processCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    interrupted: options.signal?.aborted === true,
  };
}
