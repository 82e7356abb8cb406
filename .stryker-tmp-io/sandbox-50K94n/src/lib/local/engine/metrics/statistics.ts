// @ts-nocheck
// CloudWatch statistics over the points of one period: SampleCount, Sum, Average, Minimum, Maximum
// and percentiles (pNN, pNN.N: nearest rank). Periods are aligned to multiples of their length
// since the epoch, as CloudWatch aligns them. Pure.
import type { Point } from './store.js';

export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type StandardStatistic = (typeof STANDARD_STATISTICS)[number];

const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

/** Whether a statistic name is one this plane computes (the standard five or a percentile). */
export function isSupportedStatistic(stat: string): boolean {
  return (STANDARD_STATISTICS as readonly string[]).includes(stat) || PERCENTILE.test(stat);
}

/** A period CloudWatch accepts: 1, 5, 10, 30 (high resolution) or a multiple of 60 seconds. */
export function isValidPeriod(seconds: number): boolean {
  return Number.isInteger(seconds) && (seconds === 1 || seconds === 5 || seconds === 10 || seconds === 30 || (seconds >= 60 && seconds % 60 === 0));
}

/** One statistic of a non-empty set of values. */
export function statistic(values: number[], stat: string): number | undefined {
  if (values.length === 0) return undefined;
  switch (stat) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    default: {
      const match = PERCENTILE.exec(stat);
      if (match === null) return undefined;
      const p = Number(match[1]);
      const sorted = [...values].sort((a, b) => a - b);
      const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
      return sorted[rank - 1];
    }
  }
}

/** The points grouped into aligned periods: start of each period (ms) -> its values, oldest first. */
export function byPeriod(points: Point[], periodSeconds: number): Map<number, number[]> {
  const periodMs = periodSeconds * 1000;
  const out = new Map<number, number[]>();
  for (const point of points) {
    const start = Math.floor(point.t / periodMs) * periodMs;
    let values = out.get(start);
    if (values === undefined) {
      values = [];
      out.set(start, values);
    }
    values.push(point.v);
  }
  return out;
}

/** The first period boundary at or after `t` (ms). */
export function alignUp(t: number, periodSeconds: number): number {
  const periodMs = periodSeconds * 1000;
  return Math.ceil(t / periodMs) * periodMs;
}

/** The last period boundary at or before `t` (ms). */
export function alignDown(t: number, periodSeconds: number): number {
  const periodMs = periodSeconds * 1000;
  return Math.floor(t / periodMs) * periodMs;
}
