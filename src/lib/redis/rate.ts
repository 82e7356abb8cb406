// A pacing limiter for --max-ops / --rate: callers take N units and wait until spending them keeps
// the average at or under the rate. Waits are abortable so Ctrl-C never sits in a sleep.
import { abortableSleep } from '../io/sleep.js';

export class RateLimiter {
  private readonly started = Date.now();
  private spent = 0;

  /** `perSecond` undefined or <= 0: no limit. */
  constructor(private readonly perSecond: number | undefined) {}

  /**
   * Spends `units`; a promise to wait on when the rate asks for a pause, undefined when the caller
   * may go on at once (so a hot loop writes its next command in the same tick, not a few
   * microtasks later behind the work it is about to do).
   */
  take(units: number, signal?: AbortSignal): Promise<void> | undefined {
    if (this.perSecond === undefined || this.perSecond <= 0) return undefined;
    this.spent += units;
    // The time by which this many units may have been spent at the rate.
    const due = this.started + (this.spent / this.perSecond) * 1000;
    const wait = due - Date.now();
    return wait > 0 ? abortableSleep(wait, signal) : undefined;
  }
}

