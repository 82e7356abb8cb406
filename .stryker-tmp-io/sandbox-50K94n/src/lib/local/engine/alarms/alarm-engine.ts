// @ts-nocheck
// Runs the local plane's CloudWatch alarms: each alarm is evaluated once per period, a moment after
// the period ends (so its last sample is in), over its last EvaluationPeriods periods of the
// sampled metric; a change of state is recorded in the alarm's history and, with actions enabled,
// its actions run: an SNS topic's message is appended to `<state>/sns/<topic>.ndjson` (0600),
// other actions are recorded as not available locally. SetAlarmState goes through the same
// transition.
import { appendFileSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ACCOUNT_ID } from '../../store/account.js';
import { stateFiles } from '../../store/paths.js';
import type { LocalAlarm, LocalAlarmHistoryItem, LocalAlarmState } from '../../store/state.js';
import type { ClusterRuntime } from '../runtime.js';
import { byPeriod, statistic } from '../metrics/statistics.js';
import type { MetricStore } from '../metrics/store.js';
import { decide, type Datapoint, type Decision } from './evaluate.js';

/** How often due alarms are looked for, and how long after a period ends it is evaluated. */
const TICK_MS = 250;
const GRACE_MS = 600;
const MAX_HISTORY = 200;
export const SNS_TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

export class AlarmEngine {
  private timer: NodeJS.Timeout | undefined;
  /** The period boundary each alarm was last evaluated at. */
  private readonly evaluated = new Map<string, number>();

  constructor(
    private readonly rt: ClusterRuntime,
    private readonly metrics: MetricStore,
  ) {}

  start(): void {
    const tick = (): void => {
      try {
        this.evaluateDue(Date.now());
      } catch (err) {
        this.rt.options.log(`alarm evaluation failed: ${(err as Error).message}`);
      }
      this.timer = setTimeout(tick, TICK_MS).unref();
    };
    this.timer = setTimeout(tick, TICK_MS).unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private get alarms(): Record<string, LocalAlarm> {
    return this.rt.store.state.alarms;
  }

  /** Evaluates every alarm whose period ended (and whose grace passed) since its last evaluation. */
  evaluateDue(now: number): void {
    let changed = false;
    for (const alarm of Object.values(this.alarms)) {
      const periodMs = alarm.period * 1000;
      const boundary = Math.floor((now - GRACE_MS) / periodMs) * periodMs;
      if ((this.evaluated.get(alarm.arn) ?? 0) >= boundary) continue;
      this.evaluated.set(alarm.arn, boundary);
      const decision = decide(alarm, this.datapoints(alarm, boundary), now);
      if (decision !== undefined && decision.state !== alarm.state) {
        this.transition(alarm, decision, now);
        changed = true;
      }
    }
    if (changed) this.rt.store.save();
  }

  /** The alarm's last EvaluationPeriods periods ending at `boundary`, oldest first. */
  datapoints(alarm: LocalAlarm, boundary: number): Datapoint[] {
    const periodMs = alarm.period * 1000;
    const stat = alarm.statistic ?? alarm.extendedStatistic ?? 'Average';
    const id = { namespace: alarm.namespace, metricName: alarm.metricName, dimensions: alarm.dimensions };
    const info = this.metrics.info(id);
    const usable = info !== undefined && info.region === alarm.region && (alarm.unit === undefined || info.unit === alarm.unit);
    // One read of the whole window, grouped into its periods.
    const first = boundary - alarm.evaluationPeriods * periodMs;
    const periods = usable ? byPeriod(this.metrics.points(id, first, boundary), alarm.period) : new Map<number, number[]>();
    const out: Datapoint[] = [];
    for (let start = first; start < boundary; start += periodMs) {
      const values = periods.get(start) ?? [];
      out.push({ start, value: statistic(values, stat), sampleCount: values.length });
    }
    return out;
  }

  /** Forgets when an alarm was evaluated (it was created or changed): it is evaluated at the next period's end. */
  reset(arn: string): void {
    this.evaluated.delete(arn);
  }

  /** A new state: recorded, then the actions for it run (when enabled). The caller saves. */
  transition(alarm: LocalAlarm, decision: Decision, now: number): void {
    const old = { stateValue: alarm.state, stateReason: alarm.stateReason, ...(alarm.stateReasonData === undefined ? {} : { stateReasonData: safeJson(alarm.stateReasonData) }) };
    alarm.state = decision.state;
    alarm.stateReason = decision.reason;
    alarm.stateReasonData = decision.reasonData;
    alarm.stateUpdatedAt = now;
    alarm.stateTransitionedAt = now;
    record(alarm, {
      at: now,
      type: 'StateUpdate',
      summary: `Alarm updated from ${old.stateValue} to ${decision.state}`,
      data: JSON.stringify({ version: '1.0', oldState: old, newState: { stateValue: decision.state, stateReason: decision.reason, stateReasonData: safeJson(decision.reasonData) } }),
    });
    if (!alarm.actionsEnabled) return;
    for (const action of actionsFor(alarm, decision.state)) this.runAction(alarm, action, old.stateValue, now);
  }

  private runAction(alarm: LocalAlarm, action: string, oldState: LocalAlarmState, now: number): void {
    const topic = SNS_TOPIC_ARN.exec(action);
    if (topic === null) {
      record(alarm, { at: now, type: 'Action', summary: `Failed to execute action ${action}: only SNS topics are available locally`, data: JSON.stringify({ actionState: 'Failed', notificationResource: action }) });
      return;
    }
    const message = {
      AlarmName: alarm.name,
      AlarmDescription: alarm.description ?? null,
      AWSAccountId: ACCOUNT_ID,
      AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdatedAt).toISOString(),
      NewStateValue: alarm.state,
      NewStateReason: alarm.stateReason,
      StateChangeTime: new Date(now).toISOString(),
      Region: alarm.region,
      AlarmArn: alarm.arn,
      OldStateValue: oldState,
      OKActions: alarm.okActions,
      AlarmActions: alarm.alarmActions,
      InsufficientDataActions: alarm.insufficientDataActions,
      Trigger: {
        MetricName: alarm.metricName,
        Namespace: alarm.namespace,
        StatisticType: alarm.statistic === undefined ? 'ExtendedStatistic' : 'Statistic',
        Statistic: (alarm.statistic ?? alarm.extendedStatistic ?? '').toUpperCase(),
        Unit: alarm.unit ?? null,
        Dimensions: alarm.dimensions.map((d) => ({ value: d.Value, name: d.Name })),
        Period: alarm.period,
        EvaluationPeriods: alarm.evaluationPeriods,
        DatapointsToAlarm: alarm.datapointsToAlarm ?? alarm.evaluationPeriods,
        ComparisonOperator: alarm.comparisonOperator,
        Threshold: alarm.threshold,
        TreatMissingData: alarm.treatMissingData ?? 'missing',
      },
    };
    const dir = stateFiles(this.rt.options.stateDir).sns;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const envelope = { Type: 'Notification', MessageId: randomUUID(), TopicArn: action, Subject: `${alarm.state}: "${alarm.name}" in ${alarm.region}`, Message: JSON.stringify(message), Timestamp: new Date(now).toISOString() };
    appendFileSync(join(dir, `${topic[3]}.ndjson`), `${JSON.stringify(envelope)}\n`, { mode: 0o600 });
    record(alarm, { at: now, type: 'Action', summary: `Successfully executed action ${action}`, data: JSON.stringify({ actionState: 'Succeeded', notificationResource: action, publishedMessage: { id: envelope.MessageId } }) });
  }
}

function actionsFor(alarm: LocalAlarm, state: LocalAlarmState): string[] {
  return state === 'ALARM' ? alarm.alarmActions : state === 'OK' ? alarm.okActions : alarm.insufficientDataActions;
}

export function record(alarm: LocalAlarm, item: LocalAlarmHistoryItem): void {
  alarm.history.push(item);
  if (alarm.history.length > MAX_HISTORY) alarm.history.splice(0, alarm.history.length - MAX_HISTORY);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
