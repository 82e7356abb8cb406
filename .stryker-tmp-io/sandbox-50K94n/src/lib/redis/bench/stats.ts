// @ts-nocheck
// What a benchmark thread counts between two reports: per command the requests that succeeded
// (with their latencies) and failed, errors by kind, redirects; and the windows of time in which
// errors happened. Reports are plain data (they cross from worker threads to the main thread).
import { Histogram, type HistogramJson } from './histogram.js';

export interface CommandInterval {
  ok: number;
  failed: number;
  histogram: HistogramJson;
}

export interface IntervalReport {
  commands: CommandInterval[];
  errors: Record<string, number>;
  redirects: { moved: number; ask: number };
}

export interface ErrorWindow {
  /** Epoch milliseconds. */
  start: number;
  end: number;
  errors: number;
  kinds: Record<string, number>;
}

/** Errors closer than this to the last one extend its window. */
export const WINDOW_GAP_MS = 1000;

export class IntervalStats {
  private readonly histograms: Histogram[];
  private readonly ok: Float64Array;
  private readonly failed: Float64Array;
  private errors: Record<string, number> = {};
  private moved = 0;
  private ask = 0;

  constructor(commands: number) {
    this.histograms = Array.from({ length: commands }, () => new Histogram());
    this.ok = new Float64Array(commands);
    this.failed = new Float64Array(commands);
  }

  success(cmd: number, latencyMs: number): void {
    this.ok[cmd] = (this.ok[cmd] as number) + 1;
    (this.histograms[cmd] as Histogram).record(latencyMs * 1000);
  }

  failure(cmd: number, kind: string): void {
    this.failed[cmd] = (this.failed[cmd] as number) + 1;
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  redirect(kind: 'MOVED' | 'ASK'): void {
    if (kind === 'MOVED') this.moved++;
    else this.ask++;
  }

  /** The counts since the last call, which starts a new interval. */
  take(): IntervalReport {
    const report: IntervalReport = {
      commands: this.histograms.map((h, i) => ({ ok: this.ok[i] as number, failed: this.failed[i] as number, histogram: h.toJSON() })),
      errors: this.errors,
      redirects: { moved: this.moved, ask: this.ask },
    };
    for (const h of this.histograms) h.reset();
    this.ok.fill(0);
    this.failed.fill(0);
    this.errors = {};
    this.moved = 0;
    this.ask = 0;
    return report;
  }
}

/** Error events grouped into windows: a new window starts after WINDOW_GAP_MS without errors. */
export class ErrorWindows {
  readonly windows: ErrorWindow[] = [];

  note(at: number, kind: string): void {
    const last = this.windows[this.windows.length - 1];
    if (last !== undefined && at - last.end <= WINDOW_GAP_MS) {
      if (at > last.end) last.end = at;
      last.errors++;
      last.kinds[kind] = (last.kinds[kind] ?? 0) + 1;
      return;
    }
    this.windows.push({ start: at, end: at, errors: 1, kinds: { [kind]: 1 } });
  }
}

/** Windows of several threads as one list: overlapping or close windows become one. */
export function mergeWindows(lists: ErrorWindow[][]): ErrorWindow[] {
  const all = lists.flat().sort((a, b) => a.start - b.start);
  const merged: ErrorWindow[] = [];
  for (const w of all) {
    const last = merged[merged.length - 1];
    if (last !== undefined && w.start - last.end <= WINDOW_GAP_MS) {
      last.end = Math.max(last.end, w.end);
      last.errors += w.errors;
      for (const [k, n] of Object.entries(w.kinds)) last.kinds[k] = (last.kinds[k] ?? 0) + n;
    } else merged.push({ ...w, kinds: { ...w.kinds } });
  }
  return merged;
}

/** Adds one report's counts into running totals (errors and redirects). */
export function addCounts(into: { errors: Record<string, number>; redirects: { moved: number; ask: number } }, report: Pick<IntervalReport, 'errors' | 'redirects'>): void {
  for (const [k, n] of Object.entries(report.errors)) into.errors[k] = (into.errors[k] ?? 0) + n;
  into.redirects.moved += report.redirects.moved;
  into.redirects.ask += report.redirects.ask;
}
