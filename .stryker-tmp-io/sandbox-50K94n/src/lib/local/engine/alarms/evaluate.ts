// @ts-nocheck
// How a metric alarm decides its state from its last datapoints, as CloudWatch documents it: each
// of the last EvaluationPeriods periods is breaching, not breaching or missing; M of N
// (DatapointsToAlarm of EvaluationPeriods) breaching is ALARM; missing datapoints count as
// TreatMissingData says (breaching, notBreaching, ignore: the state stays, missing: INSUFFICIENT_DATA
// when all are missing, otherwise decided by those present). Reasons read like CloudWatch's. Pure.
import type { LocalAlarm, LocalAlarmState } from '../../store/state.js';

export const COMPARISONS: Record<string, { test: (value: number, threshold: number) => boolean; words: string }> = {
  GreaterThanOrEqualToThreshold: { test: (v, t) => v >= t, words: 'greater than or equal to' },
  GreaterThanThreshold: { test: (v, t) => v > t, words: 'greater than' },
  LessThanThreshold: { test: (v, t) => v < t, words: 'less than' },
  LessThanOrEqualToThreshold: { test: (v, t) => v <= t, words: 'less than or equal to' },
};

export interface Datapoint {
  /** Start of the period, epoch ms. */
  start: number;
  value: number | undefined;
  sampleCount: number;
}

export interface Decision {
  state: LocalAlarmState;
  reason: string;
  reasonData: string;
}

/** dd/MM/yy HH:mm:ss in UTC, as CloudWatch writes datapoint times in reasons. */
function shortDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function number(v: number): string {
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/**
 * The state the datapoints (oldest first, EvaluationPeriods of them) call for; undefined when the
 * alarm keeps its state (TreatMissingData ignore with nothing to go on).
 */
export function decide(alarm: LocalAlarm, datapoints: Datapoint[], now: number): Decision | undefined {
  const comparison = COMPARISONS[alarm.comparisonOperator];
  if (comparison === undefined) return undefined;
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  const treat = alarm.treatMissingData ?? 'missing';
  const present = datapoints.filter((d): d is Datapoint & { value: number } => d.value !== undefined);
  const missing = datapoints.length - present.length;
  const breaching = present.filter((d) => comparison.test(d.value, alarm.threshold)).length + (treat === 'breaching' ? missing : 0);
  const newestFirst = [...present].sort((a, b) => b.start - a.start);
  const shown = `[${newestFirst.map((d) => `${number(d.value)} (${shortDate(d.start)})`).join(', ')}]`;
  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: new Date(now).toISOString(),
    startDate: new Date(datapoints[0]?.start ?? now).toISOString(),
    ...(alarm.statistic === undefined ? { unit: alarm.unit } : { statistic: alarm.statistic }),
    period: alarm.period,
    recentDatapoints: datapoints.filter((d) => d.value !== undefined).map((d) => d.value),
    threshold: alarm.threshold,
    evaluatedDatapoints: newestFirst.map((d) => ({ timestamp: new Date(d.start).toISOString(), sampleCount: d.sampleCount, value: d.value })),
  });
  if (present.length === 0 && treat !== 'breaching' && treat !== 'notBreaching') {
    if (treat === 'ignore') return undefined;
    return { state: 'INSUFFICIENT_DATA', reason: `Insufficient Data: ${datapoints.length} datapoint${datapoints.length === 1 ? ' was' : 's were'} unknown.`, reasonData };
  }
  if (breaching >= needed) {
    const were = breaching === 1 ? 'was' : 'were';
    return {
      state: 'ALARM',
      reason: `Threshold Crossed: ${breaching} out of the last ${datapoints.length} datapoints ${shown} ${were} ${comparison.words} the threshold (${number(alarm.threshold)}) (minimum ${needed} datapoint${needed === 1 ? '' : 's'} for OK -> ALARM transition).`,
      reasonData,
    };
  }
  return {
    state: 'OK',
    reason: `Threshold Crossed: ${present.length} datapoint${present.length === 1 ? '' : 's'} ${shown} ${present.length === 1 ? 'was' : 'were'} not ${comparison.words} the threshold (${number(alarm.threshold)}) (minimum ${needed} datapoint${needed === 1 ? '' : 's'} for ALARM -> OK transition).`,
    reasonData,
  };
}
