// The impact budget of a sweep on a production node: PINGs on a connection of their own, timed in
// a thread of their own (ping-probe.ts), measure how long the node takes to answer anyone while
// the sweep runs; their round trips come here. When the node's latency rises above the limit
// (--max-latency-ms) the sweep's batches are spaced out, the gap doubling while PINGs stay slow
// and shrinking while they are fast again (well under the limit), so the node gets time for its
// other clients. "Rises" is judged over the last WINDOW round trips, not one: a single slow PING
// (a stall of the host, a GC pause of the prober) is not the node being busy, and spacing the
// batches out would not have helped it. The round trips are kept, for the node's p50 / p99 / max
// in the report. A limit of 0 only watches.
import { abortableSleep } from '../io/sleep.js';

/** The longest gap put between two batches. */
const MAX_GAP_MS = 250;
/** The latest round trips the decision looks at (PINGs 10 ms apart: the last 80 ms). */
const WINDOW = 8;
/** Round trips kept for the figures (a ring: the latest ones when the sweep runs long). */
const KEEP = 100_000;

export interface LatencyFigures {
  node: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How long the node's batches were held back in all (gaps put between them). */
  heldMs: number;
}

export class LatencyGuard {
  private readonly rtts = new Float64Array(KEEP);
  private count = 0;
  private gapMs = 0;
  /** When the next batch may go. */
  private nextAt = 0;
  private heldMs = 0;

  /** `limitMs` 0 watches without holding anything back. */
  constructor(
    readonly node: string,
    readonly limitMs: number,
  ) {}

  /**
   * One round trip: kept, and the gap between batches adjusted: doubled when this PING and another
   * of the last WINDOW were slow (one alone is not a rise), shrunk when this one was fast.
   */
  record(rttMs: number): void {
    this.rtts[this.count % KEEP] = rttMs;
    this.count++;
    if (this.limitMs <= 0) return;
    if (rttMs > this.limitMs) {
      if (this.secondSlowest() > this.limitMs) this.gapMs = Math.min(MAX_GAP_MS, Math.max(1, this.gapMs * 2));
    } else if (rttMs < this.limitMs / 2) this.gapMs = this.gapMs < 0.5 ? 0 : this.gapMs * 0.8;
  }

  private secondSlowest(): number {
    let first = 0;
    let second = 0;
    for (let i = Math.max(0, this.count - WINDOW); i < this.count; i++) {
      const rtt = this.rtts[i % KEEP] as number;
      if (rtt > first) {
        second = first;
        first = rtt;
      } else if (rtt > second) second = rtt;
    }
    return second;
  }

  /** A promise to wait on until the next batch may go; undefined while the node answers fast. */
  ready(signal?: AbortSignal): Promise<void> | undefined {
    if (this.gapMs === 0) return undefined;
    // Batches go one gap apart: the time the sweep was stretched is the sum of the gaps.
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.heldMs += Math.min(this.gapMs, Math.max(0, this.nextAt + this.gapMs - now));
    this.nextAt = at + this.gapMs;
    return at > now ? abortableSleep(at - now, signal) : undefined;
  }

  figures(): LatencyFigures {
    const n = Math.min(this.count, KEEP);
    const sorted = Array.from(this.rtts.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => Math.round((sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0) * 1000) / 1000;
    return { node: this.node, samples: this.count, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round((sorted[n - 1] ?? 0) * 1000) / 1000, heldMs: Math.round(this.heldMs) };
  }
}
