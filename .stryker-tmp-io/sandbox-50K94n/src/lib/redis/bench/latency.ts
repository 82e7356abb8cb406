// @ts-nocheck
// The latency probe (memctl bench --latency), like redis-cli --latency: one PING at a time on one
// connection, a pause between them, and min/avg/max/p50/p99 for each window of --interval.
import { Connection, REQUEST, type ConnectionOwner, type ConnectSettings, type LostRequest } from './connection.js';
import { Histogram, type HistogramJson } from './histogram.js';
import { encodeCommand } from './resp.js';
import { msOf } from './result.js';

export interface ProbeOptions {
  host: string;
  port: number;
  connect: ConnectSettings;
  intervalMs: number;
  /** Stop after this long, or after `samples` PINGs, whichever comes first. */
  durationMs: number;
  samples: number | null;
  /** Pause between two PINGs (redis-cli waits 10 ms). */
  gapMs: number;
  signal?: AbortSignal | undefined;
  onWindow?: (w: ProbeWindow) => void;
}

export interface ProbeWindow {
  start: string;
  samples: number;
  errors: number;
  /** Milliseconds, to the microsecond. */
  minMs: number;
  avgMs: number;
  maxMs: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ProbeResult {
  samples: number;
  errors: number;
  windows: ProbeWindow[];
  overall: Omit<ProbeWindow, 'start'>;
  histogram: HistogramJson;
}

const PING = encodeCommand(['PING']);

function windowOf(h: Histogram, errors: number): Omit<ProbeWindow, 'start'> {
  return {
    samples: h.total,
    errors,
    minMs: h.total === 0 ? 0 : msOf(h.min),
    avgMs: msOf(h.mean()),
    maxMs: msOf(h.max),
    p50Ms: msOf(h.valueAtPercentile(50)),
    p99Ms: msOf(h.valueAtPercentile(99)),
  };
}

export function probeLatency(options: ProbeOptions): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const all = new Histogram();
    const window = new Histogram();
    const windows: ProbeWindow[] = [];
    let windowErrors = 0;
    let errors = 0;
    let sent = 0;
    let windowStart = Date.now();
    let started = false;
    let finished = false;
    const began = performance.now();
    const timers: NodeJS.Timeout[] = [];

    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      conn.close();
      options.signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) {
        reject(error);
        return;
      }
      if (window.total > 0 || windowErrors > 0) closeWindow();
      resolve({ samples: all.total, errors, windows, overall: windowOf(all, errors), histogram: all.toJSON() });
    };
    const onAbort = (): void => finish();
    const closeWindow = (): void => {
      const w = { start: new Date(windowStart).toISOString(), ...windowOf(window, windowErrors) };
      windows.push(w);
      options.onWindow?.(w);
      window.reset();
      windowErrors = 0;
      windowStart = Date.now();
    };
    const over = (): boolean => performance.now() - began >= options.durationMs || (options.samples !== null && sent >= options.samples);
    const ping = (): void => {
      if (finished) return;
      if (over()) {
        finish();
        return;
      }
      sent++;
      conn.reserve(PING.length);
      PING.copy(conn.out, conn.outLength);
      conn.outLength += PING.length;
      conn.push(REQUEST, 0, 0, performance.now(), 0);
      conn.flush();
    };
    const next = (): void => {
      timers.push(setTimeout(ping, options.gapMs));
    };
    const owner: ConnectionOwner = {
      onReply(_c, _cmd, sentAt, now) {
        const us = (now - sentAt) * 1000;
        all.record(us);
        window.record(us);
      },
      onErrorReply() {
        errors++;
        windowErrors++;
      },
      afterRead() {
        next();
      },
      // One PING at a time, stamped right before its write: the reply's own read time is exact.
      readTime: () => performance.now(),
      restampFrom: Number.POSITIVE_INFINITY,
      onReady() {
        if (!started) {
          started = true;
          windowStart = Date.now();
          const tick = (): void => {
            closeWindow();
            timers.push(setTimeout(tick, options.intervalMs));
          };
          timers.push(setTimeout(tick, options.intervalMs));
        }
        ping();
      },
      onDown(c: Connection, _reason, error: Error, lost: LostRequest[]) {
        if (!started) {
          finish(error);
          return;
        }
        errors += Math.max(1, lost.length);
        windowErrors += Math.max(1, lost.length);
        timers.push(setTimeout(() => !finished && c.open(), 100));
      },
    };
    const conn = new Connection(options.host, options.port, 0, 0, owner, options.connect, Buffer.allocUnsafe(16 * 1024));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => finish(), options.durationMs + options.connect.connectTimeoutMs + 1000));
    conn.open();
  });
}
