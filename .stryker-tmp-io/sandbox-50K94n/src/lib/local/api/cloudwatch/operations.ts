// @ts-nocheck
// CloudWatch's operations on the local plane, by name (the http front finds them in each of the
// three protocols): metric reads over the sampled node metrics, and metric alarms.
import type { AlarmEngine } from '../../engine/alarms/alarm-engine.js';
import type { MetricStore } from '../../engine/metrics/store.js';
import type { StateStore } from '../../store/state.js';
import { alarmOperations } from './alarm-operations.js';
import { metricOperations, type CloudWatchOperation } from './metric-operations.js';

export function cloudwatchOperations(metrics: MetricStore, store: StateStore, alarms: AlarmEngine): Record<string, CloudWatchOperation> {
  return { ...metricOperations(metrics), ...alarmOperations(store, alarms) };
}
