// The impact budget of a sweep on a production node: PINGs on a connection of their own, timed in
// a thread of their own (ping-probe.ts), measure how long the node takes to answer anyone while
// the sweep runs; their round trips come here. When the node's latency rises above the limit
// (--max-latency-ms) the sweep's batches are spaced out, the gap doubling while PINGs stay slow
// and shrinking while they are fast again (well under the limit), so the node gets time for its
// other clients. "Rises" is judged over the last WINDOW round trips, not one: a single slow PING
// (a stall of the host, a GC pause of the prober) is not the node being busy, and spacing the
// batches out would not have helped it.
// Holding back is checked for what it buys: the share of PINGs over the limit is kept apart for
// those answered while the batches were held back and those answered while they ran freely. Once
// there are EVIDENCE of each and the node was about as slow while held back as while running (a
// host that stalls on its own, other clients' load), holding back does not help the node and only
// stretches the sweep: the guard stops holding back, until the node is slower while the sweep
// runs than it was while held back (then it holds back again, and looks again).
// The round trips are kept, for the node's p50 / p99 / max in the report. A limit of 0 only watches.
import { abortableSleep } from '../io/sleep.js';

/** The longest gap put between two batches. */
const MAX_GAP_MS = 250;
/** The latest round trips the decision looks at (PINGs 10 ms apart: the last 80 ms). */
const WINDOW = 8;
/** Round trips kept for the figures (a ring: the latest ones when the sweep runs long). */
const KEEP = 100_000;
/** PINGs answered while held back, and while running, before holding back is judged (~0.64 s of each). */
const EVIDENCE = 64;
/** Holding back helps when it at least halves the share of slow PINGs (held back against running): less does not pay for the stretched sweep. */
const HELPS_BELOW = 0.5;

export interface LatencyFigures {
  node: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How long the node's batches were held back in all (gaps put between them). */
  heldMs: number;
  /** Share of the PINGs over the limit, of those answered while the batches were held back and while they ran (null: none of that kind). */
  overLimitHeld: number | null;
  overLimitRunning: number | null;
  /** The guard's last judgement: holding back lowered the node's latency (false: it stopped holding back); null: not judged (too few PINGs of a kind, or no limit). */
  holdingHelps: boolean | null;
}

/** The share of slow PINGs of one kind: an average of the first EVIDENCE, then a moving one over about as many. */
class SlowShare {
  count = 0;
  share = 0;

  add(slow: boolean): void {
    this.count++;
    this.share += ((slow ? 1 : 0) - this.share) / Math.min(this.count, EVIDENCE);
  }
}

export class LatencyGuard {
  private readonly rtts = new Float64Array(KEEP);
  private count = 0;
  private gapMs = 0;
  /** When the next batch may go. */
  private nextAt = 0;
  private heldMs = 0;
  private readonly whileHeld = new SlowShare();
  private readonly whileRunning = new SlowShare();

  /** `limitMs` 0 watches without holding anything back. */
  constructor(
    readonly node: string,
    readonly limitMs: number,
  ) {}

  /**
   * One round trip: kept, counted as answered while held back or while running, and the gap
   * between batches adjusted: doubled when this PING and another of the last WINDOW were slow (one
   * alone is not a rise) and holding back helps, dropped when it does not, shrunk when this PING
   * was fast.
   */
  record(rttMs: number): void {
    this.rtts[this.count % KEEP] = rttMs;
    this.count++;
    if (this.limitMs <= 0) return;
    const slow = rttMs > this.limitMs;
    (this.gapMs > 0 ? this.whileHeld : this.whileRunning).add(slow);
    if (slow) {
      if (this.secondSlowest() > this.limitMs) this.gapMs = this.shouldHold() ? Math.min(MAX_GAP_MS, Math.max(1, this.gapMs * 2)) : 0;
    } else if (rttMs < this.limitMs / 2) this.gapMs = this.gapMs < 0.5 ? 0 : this.gapMs * 0.8;
  }

  /**
   * Whether to hold back on a rise: yes until EVIDENCE PINGs were answered while held back; then
   * no until as many were answered while running (a guard that held back from the start has not
   * seen the node running under the sweep); then as judged.
   */
  private shouldHold(): boolean {
    if (this.whileHeld.count < EVIDENCE) return true;
    return this.holdingHelps() === true;
  }

  /** Whether the node answered fewer PINGs over the limit while held back than while running; null until both kinds have EVIDENCE. */
  private holdingHelps(): boolean | null {
    // With a limit of 0 nothing is counted (record() only keeps the round trip): never judged.
    if (this.whileHeld.count < EVIDENCE || this.whileRunning.count < EVIDENCE) return null;
    return this.whileHeld.share < HELPS_BELOW * this.whileRunning.share;
  }

  /** The current gap between batches, in ms (0: batches go at once). */
  get gap(): number {
    return this.gapMs;
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
    const share = (s: SlowShare): number | null => (s.count === 0 ? null : Math.round(s.share * 1000) / 1000);
    return {
      node: this.node,
      samples: this.count,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: Math.round((sorted[n - 1] ?? 0) * 1000) / 1000,
      heldMs: Math.round(this.heldMs),
      overLimitHeld: share(this.whileHeld),
      overLimitRunning: share(this.whileRunning),
      holdingHelps: this.holdingHelps(),
    };
  }
}
