// @ts-nocheck
// How a metric alarm decides its state, case by case as CloudWatch documents it: M out of N,
// each comparison, and each way of treating missing data; reasons name the datapoints.
import { describe, expect, it } from 'vitest';
import { decide, type Datapoint } from '../../src/lib/local/engine/alarms/evaluate.js';
import type { LocalAlarm } from '../../src/lib/local/store/state.js';

function alarm(extra: Partial<LocalAlarm> = {}): LocalAlarm {
  return {
    name: 'a',
    arn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:a',
    region: 'us-east-1',
    actionsEnabled: true,
    okActions: [],
    alarmActions: [],
    insufficientDataActions: [],
    namespace: 'AWS/MemoryDB',
    metricName: 'DatabaseMemoryUsagePercentage',
    dimensions: [],
    statistic: 'Average',
    period: 60,
    evaluationPeriods: 3,
    threshold: 80,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    state: 'INSUFFICIENT_DATA',
    stateReason: '',
    stateUpdatedAt: 0,
    stateTransitionedAt: 0,
    configurationUpdatedAt: 0,
    history: [],
    ...extra,
  };
}

const points = (...values: Array<number | undefined>): Datapoint[] => values.map((value, i) => ({ start: Date.UTC(2026, 11, 7, 2, i), value, sampleCount: value === undefined ? 0 : 60 }));
const now = Date.UTC(2026, 11, 7, 2, 5);

describe('alarm decisions', () => {
  it('needs DatapointsToAlarm of EvaluationPeriods breaching (all of them by default)', () => {
    expect(decide(alarm(), points(90, 90, 70), now)?.state).toBe('OK');
    expect(decide(alarm(), points(90, 90, 80), now)?.state).toBe('ALARM');
    expect(decide(alarm({ datapointsToAlarm: 2 }), points(90, 70, 85), now)?.state).toBe('ALARM');
    expect(decide(alarm({ datapointsToAlarm: 2 }), points(90, 70, 75), now)?.state).toBe('OK');
  });

  it('compares as each operator says', () => {
    expect(decide(alarm({ comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1 }), points(80), now)?.state).toBe('OK');
    expect(decide(alarm({ comparisonOperator: 'LessThanThreshold', evaluationPeriods: 1 }), points(79.9), now)?.state).toBe('ALARM');
    expect(decide(alarm({ comparisonOperator: 'LessThanOrEqualToThreshold', evaluationPeriods: 1 }), points(80), now)?.state).toBe('ALARM');
    expect(decide(alarm({ comparisonOperator: 'LessThanThreshold', evaluationPeriods: 1 }), points(80), now)?.state).toBe('OK');
  });

  it('treats missing data as it is told', () => {
    const none = points(undefined, undefined, undefined);
    expect(decide(alarm(), none, now)?.state).toBe('INSUFFICIENT_DATA');
    expect(decide(alarm({ treatMissingData: 'missing' }), none, now)?.reason).toBe('Insufficient Data: 3 datapoints were unknown.');
    expect(decide(alarm({ treatMissingData: 'ignore' }), none, now)).toBeUndefined();
    expect(decide(alarm({ treatMissingData: 'breaching' }), none, now)?.state).toBe('ALARM');
    expect(decide(alarm({ treatMissingData: 'notBreaching' }), none, now)?.state).toBe('OK');
    // Some present: missing ones count as told, or (missing, ignore) the present decide.
    expect(decide(alarm({ treatMissingData: 'breaching' }), points(90, undefined, 85), now)?.state).toBe('ALARM');
    expect(decide(alarm({ treatMissingData: 'notBreaching' }), points(90, undefined, 85), now)?.state).toBe('OK');
    expect(decide(alarm({ datapointsToAlarm: 2 }), points(90, undefined, 85), now)?.state).toBe('ALARM');
    expect(decide(alarm({ datapointsToAlarm: 2, treatMissingData: 'ignore' }), points(undefined, undefined, 85), now)?.state).toBe('OK');
  });

  it('says which datapoints crossed, newest first, and carries them as reason data', () => {
    const d = decide(alarm({ datapointsToAlarm: 2 }), points(90, 70, 85.5), now);
    expect(d?.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [85.5 (07/12/26 02:02:00), 70.0 (07/12/26 02:01:00), 90.0 (07/12/26 02:00:00)] were greater than or equal to the threshold (80.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    const data = JSON.parse(d?.reasonData ?? '{}') as { threshold: number; recentDatapoints: number[]; statistic: string; period: number };
    expect(data).toMatchObject({ threshold: 80, recentDatapoints: [90, 70, 85.5], statistic: 'Average', period: 60 });
  });
});
