// @ts-nocheck
// A pacing limiter for --max-ops / --rate: callers take N units and wait until spending them keeps
// the average at or under the rate. Waits are abortable so Ctrl-C never sits in a sleep.
import { abortableSleep } from '../io/sleep.js';

export class RateLimiter {
  private readonly started = Date.now();
  private spent = 0;

  /** `perSecond` undefined or <= 0: no limit. */
  constructor(private readonly perSecond: number | undefined) {}

  async take(units: number, signal?: AbortSignal): Promise<void> {
    if (this.perSecond === undefined || this.perSecond <= 0) return;
    this.spent += units;
    // The time by which this many units may have been spent at the rate.
    const due = this.started + (this.spent / this.perSecond) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await abortableSleep(wait, signal);
  }
}

