// @ts-nocheck
// CloudWatch's metric alarms on the local plane: PutMetricAlarm, DescribeAlarms,
// DescribeAlarmsForMetric, DeleteAlarms, DescribeAlarmHistory, SetAlarmState, Enable- and
// DisableAlarmActions, and tags on alarms (TagResource, UntagResource, ListTagsForResource). Alarms
// live in the state (they outlast a restart); engine/alarms/ evaluates them and runs their actions.
import { ACCOUNT_ID } from '../../store/account.js';
import type { LocalAlarm, LocalAlarmState, StateStore } from '../../store/state.js';
import { COMPARISONS } from '../../engine/alarms/evaluate.js';
import { record, type AlarmEngine } from '../../engine/alarms/alarm-engine.js';
import { isSupportedStatistic, STANDARD_STATISTICS } from '../../engine/metrics/statistics.js';
import { bool, date, errors, int, list, num, requiredStr, str, strList, structList, type Input } from './input.js';
import type { CloudWatchOperation } from './metric-operations.js';

const MAX_ALARMS = 5000;
const MAX_ACTIONS = 5;
const MAX_NAMES = 100;
const MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'];
const STATES: LocalAlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const ACTION_ARN = /^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

export function alarmArn(region: string, name: string): string {
  return `arn:aws:cloudwatch:${region}:${ACCOUNT_ID}:alarm:${name}`;
}

/** An alarm as DescribeAlarms shows it (a MetricAlarm). */
function alarmShape(a: LocalAlarm): Record<string, unknown> {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    AlarmDescription: a.description,
    AlarmConfigurationUpdatedTimestamp: new Date(a.configurationUpdatedAt),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: a.state,
    StateReason: a.stateReason,
    StateReasonData: a.stateReasonData,
    StateUpdatedTimestamp: new Date(a.stateUpdatedAt),
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: a.statistic,
    ExtendedStatistic: a.extendedStatistic,
    Dimensions: a.dimensions,
    Period: a.period,
    Unit: a.unit,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    EvaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
    StateTransitionedTimestamp: new Date(a.stateTransitionedAt),
  };
}

function actions(input: Input, key: string): string[] {
  const arns = strList(input, key) ?? [];
  if (arns.length > MAX_ACTIONS) throw errors.invalidValue(`${key} can hold at most ${MAX_ACTIONS} actions`);
  const bad = arns.find((arn) => !ACTION_ARN.test(arn));
  if (bad !== undefined) throw errors.invalidValue(`Invalid arn syntax: ${bad}`);
  return arns;
}

function token(offset: number): string {
  return Buffer.from(JSON.stringify(offset)).toString('base64');
}

function offsetOf(input: Input): number {
  const next = str(input, 'NextToken');
  if (next === undefined) return 0;
  try {
    const value: unknown = JSON.parse(Buffer.from(next, 'base64').toString('utf8'));
    if (Number.isInteger(value) && (value as number) >= 0) return value as number;
  } catch {
    // Falls through.
  }
  throw errors.nextToken('The NextToken is not valid.');
}

function page<T>(items: T[], input: Input, max: number): { items: T[]; next?: string } {
  const size = int(input, 'MaxRecords') ?? max;
  if (size < 1 || size > max) throw errors.invalidValue(`MaxRecords must be between 1 and ${max}`);
  const offset = offsetOf(input);
  return { items: items.slice(offset, offset + size), ...(offset + size < items.length ? { next: token(offset + size) } : {}) };
}

export function alarmOperations(store: StateStore, engine: AlarmEngine): Record<string, CloudWatchOperation> {
  const state = store.state;
  const inRegion = (region: string): LocalAlarm[] => Object.values(state.alarms).filter((a) => a.region === region).sort((a, b) => a.name.localeCompare(b.name));
  const byName = (region: string, name: string): LocalAlarm | undefined => state.alarms[alarmArn(region, name)];
  const names = (input: Input, key: string): string[] => {
    const out = strList(input, key) ?? [];
    if (out.length > MAX_NAMES) throw errors.invalidValue(`${key} can hold at most ${MAX_NAMES} names`);
    return out;
  };

  return {
    async PutMetricAlarm(input, ctx) {
      const name = requiredStr(input, 'AlarmName');
      if (name.length > 255 || /[\u0000-\u001f]/.test(name)) throw errors.invalidValue('AlarmName must be 1 to 255 characters without control characters');
      if (list(input, 'Metrics') !== undefined) throw errors.invalidValue('Alarms on metric math (Metrics) are not supported by the memctl local control plane; give MetricName and Namespace.');
      if (str(input, 'ThresholdMetricId') !== undefined) throw errors.invalidValue('Anomaly detection alarms (ThresholdMetricId) are not supported by the memctl local control plane.');
      const comparison = requiredStr(input, 'ComparisonOperator');
      if (COMPARISONS[comparison] === undefined) throw errors.invalidValue(`ComparisonOperator must be one of ${Object.keys(COMPARISONS).join(', ')} (anomaly detection is not available locally)`);
      const evaluationPeriods = int(input, 'EvaluationPeriods');
      if (evaluationPeriods === undefined) throw errors.missing('The parameter EvaluationPeriods must be specified.');
      if (evaluationPeriods < 1) throw errors.invalidValue('EvaluationPeriods must be at least 1');
      const datapointsToAlarm = int(input, 'DatapointsToAlarm');
      if (datapointsToAlarm !== undefined && (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)) throw errors.invalidValue('DatapointsToAlarm must be between 1 and EvaluationPeriods');
      const threshold = num(input, 'Threshold');
      if (threshold === undefined) throw errors.missing('The parameter Threshold must be specified.');
      const period = int(input, 'Period');
      if (period === undefined) throw errors.missing('The parameter Period must be specified.');
      if (!(period === 10 || period === 30 || (period >= 60 && period % 60 === 0))) throw errors.invalidValue('Period must be 10, 30 or a multiple of 60');
      if (period * evaluationPeriods > 7 * 86_400) throw errors.invalidValue('Period times EvaluationPeriods must not exceed 7 days');
      const statistic = str(input, 'Statistic');
      const extended = str(input, 'ExtendedStatistic');
      if ((statistic === undefined) === (extended === undefined)) throw errors.combination('Exactly one of Statistic and ExtendedStatistic must be specified.');
      if (statistic !== undefined && !(STANDARD_STATISTICS as readonly string[]).includes(statistic)) throw errors.invalidValue(`Statistic must be one of ${STANDARD_STATISTICS.join(', ')}`);
      if (extended !== undefined && (!extended.startsWith('p') || !isSupportedStatistic(extended))) throw errors.invalidValue(`ExtendedStatistic ${extended} is not supported (percentiles such as p99)`);
      const treat = str(input, 'TreatMissingData');
      if (treat !== undefined && !MISSING_DATA.includes(treat)) throw errors.invalidValue(`TreatMissingData must be one of ${MISSING_DATA.join(', ')}`);
      const dimensions = (structList(input, 'Dimensions') ?? []).map((d) => ({ Name: requiredStr(d, 'Name'), Value: requiredStr(d, 'Value') }));
      if (dimensions.length > 30) throw errors.invalidValue('At most 30 dimensions');
      const now = Date.now();
      const arn = alarmArn(ctx.region, name);
      const existing = state.alarms[arn];
      if (existing === undefined && inRegion(ctx.region).length >= MAX_ALARMS) throw errors.limit(`The maximum of ${MAX_ALARMS} alarms in a region has been reached.`);
      const config = {
        description: str(input, 'AlarmDescription'),
        actionsEnabled: bool(input, 'ActionsEnabled') ?? true,
        okActions: actions(input, 'OKActions'),
        alarmActions: actions(input, 'AlarmActions'),
        insufficientDataActions: actions(input, 'InsufficientDataActions'),
        namespace: requiredStr(input, 'Namespace'),
        metricName: requiredStr(input, 'MetricName'),
        dimensions,
        statistic,
        extendedStatistic: extended,
        period,
        unit: str(input, 'Unit'),
        evaluationPeriods,
        datapointsToAlarm,
        threshold,
        comparisonOperator: comparison,
        treatMissingData: treat,
        evaluateLowSampleCountPercentile: str(input, 'EvaluateLowSampleCountPercentile'),
      };
      // An update overwrites the configuration and keeps the state; tags are set only on creation.
      const alarm: LocalAlarm = existing ?? {
        name,
        arn,
        region: ctx.region,
        ...config,
        state: 'INSUFFICIENT_DATA',
        stateReason: 'Unchecked: Initial alarm creation',
        stateUpdatedAt: now,
        stateTransitionedAt: now,
        configurationUpdatedAt: now,
        history: [],
      };
      Object.assign(alarm, config, { configurationUpdatedAt: now });
      for (const key of Object.keys(config) as Array<keyof typeof config>) if (alarm[key] === undefined) delete alarm[key];
      record(alarm, {
        at: now,
        type: 'ConfigurationUpdate',
        summary: `Alarm "${name}" ${existing === undefined ? 'created' : 'updated'}`,
        data: JSON.stringify({ version: '1.0', type: existing === undefined ? 'Create' : 'Update', updatedAlarm: { ...alarmShape(alarm), AlarmConfigurationUpdatedTimestamp: new Date(now).toISOString() } }),
      });
      state.alarms[arn] = alarm;
      if (existing === undefined) {
        const tags = (structList(input, 'Tags') ?? []).map((t) => ({ Key: requiredStr(t, 'Key'), Value: str(t, 'Value') ?? '' }));
        if (tags.length > 0) state.tags[arn] = tags;
      }
      engine.reset(arn);
      store.save();
      return {};
    },

    async DescribeAlarms(input, ctx) {
      const wanted = names(input, 'AlarmNames');
      const prefix = str(input, 'AlarmNamePrefix');
      if (wanted.length > 0 && prefix !== undefined) throw errors.combination('AlarmNames and AlarmNamePrefix cannot be given together.');
      const stateValue = str(input, 'StateValue');
      if (stateValue !== undefined && !STATES.includes(stateValue as LocalAlarmState)) throw errors.invalidValue(`StateValue must be one of ${STATES.join(', ')}`);
      const actionPrefix = str(input, 'ActionPrefix');
      const types = strList(input, 'AlarmTypes');
      const metricAlarms = types === undefined || types.length === 0 || types.includes('MetricAlarm');
      const matches = metricAlarms
        ? inRegion(ctx.region).filter(
            (a) =>
              (wanted.length === 0 || wanted.includes(a.name)) &&
              (prefix === undefined || a.name.startsWith(prefix)) &&
              (stateValue === undefined || a.state === stateValue) &&
              (actionPrefix === undefined || [...a.okActions, ...a.alarmActions, ...a.insufficientDataActions].some((arn) => arn.startsWith(actionPrefix))),
          )
        : [];
      const p = page(matches, input, 100);
      return { MetricAlarms: p.items.map(alarmShape), CompositeAlarms: [], ...(p.next === undefined ? {} : { NextToken: p.next }) };
    },

    async DescribeAlarmsForMetric(input, ctx) {
      const namespace = requiredStr(input, 'Namespace');
      const metric = requiredStr(input, 'MetricName');
      const statistic = str(input, 'Statistic');
      const extended = str(input, 'ExtendedStatistic');
      const period = int(input, 'Period');
      const unit = str(input, 'Unit');
      const dimensions = (structList(input, 'Dimensions') ?? []).map((d) => ({ Name: requiredStr(d, 'Name'), Value: requiredStr(d, 'Value') }));
      const sameDimensions = (a: LocalAlarm): boolean => a.dimensions.length === dimensions.length && dimensions.every((d) => a.dimensions.some((x) => x.Name === d.Name && x.Value === d.Value));
      const matches = inRegion(ctx.region).filter(
        (a) =>
          a.namespace === namespace &&
          a.metricName === metric &&
          (statistic === undefined || a.statistic === statistic) &&
          (extended === undefined || a.extendedStatistic === extended) &&
          (period === undefined || a.period === period) &&
          (unit === undefined || a.unit === unit) &&
          (dimensions.length === 0 || sameDimensions(a)),
      );
      return { MetricAlarms: matches.map(alarmShape) };
    },

    async DeleteAlarms(input, ctx) {
      const wanted = names(input, 'AlarmNames');
      // One unknown name and nothing is deleted.
      const missing = wanted.find((n) => byName(ctx.region, n) === undefined);
      if (missing !== undefined) throw errors.alarmNotFound(`Alarm ${missing} does not exist; no alarm was deleted.`);
      for (const n of wanted) {
        const arn = alarmArn(ctx.region, n);
        delete state.alarms[arn];
        delete state.tags[arn];
        engine.reset(arn);
      }
      store.save();
      return {};
    },

    async DescribeAlarmHistory(input, ctx) {
      const name = str(input, 'AlarmName');
      const type = str(input, 'HistoryItemType');
      if (type !== undefined && !['ConfigurationUpdate', 'StateUpdate', 'Action'].includes(type)) throw errors.invalidValue('HistoryItemType must be ConfigurationUpdate, StateUpdate or Action');
      const start = date(input, 'StartDate') ?? 0;
      const end = date(input, 'EndDate') ?? Number.MAX_SAFE_INTEGER;
      const scanBy = str(input, 'ScanBy') ?? 'TimestampDescending';
      const items = inRegion(ctx.region)
        .filter((a) => name === undefined || a.name === name)
        .flatMap((a) => a.history.filter((h) => (type === undefined || h.type === type) && h.at >= start && h.at <= end).map((h) => ({ alarm: a.name, ...h })))
        .sort((a, b) => (scanBy === 'TimestampAscending' ? a.at - b.at : b.at - a.at));
      const p = page(items, input, 100);
      return {
        AlarmHistoryItems: p.items.map((h) => ({ AlarmName: h.alarm, AlarmType: 'MetricAlarm', Timestamp: new Date(h.at), HistoryItemType: h.type, HistorySummary: h.summary, HistoryData: h.data })),
        ...(p.next === undefined ? {} : { NextToken: p.next }),
      };
    },

    async SetAlarmState(input, ctx) {
      const name = requiredStr(input, 'AlarmName');
      const value = requiredStr(input, 'StateValue');
      if (!STATES.includes(value as LocalAlarmState)) throw errors.invalidValue(`StateValue must be one of ${STATES.join(', ')}`);
      const reason = requiredStr(input, 'StateReason');
      const data = str(input, 'StateReasonData');
      if (data !== undefined) {
        try {
          JSON.parse(data);
        } catch {
          throw errors.format('StateReasonData is not valid JSON.');
        }
      }
      const alarm = byName(ctx.region, name);
      if (alarm === undefined) throw errors.alarmNotFound(`Alarm ${name} does not exist.`);
      if (alarm.state !== value) engine.transition(alarm, { state: value as LocalAlarmState, reason, reasonData: data ?? '{}' }, Date.now());
      store.save();
      return {};
    },

    async EnableAlarmActions(input, ctx) {
      for (const n of names(input, 'AlarmNames')) {
        const alarm = byName(ctx.region, n);
        if (alarm !== undefined) alarm.actionsEnabled = true;
      }
      store.save();
      return {};
    },

    async DisableAlarmActions(input, ctx) {
      for (const n of names(input, 'AlarmNames')) {
        const alarm = byName(ctx.region, n);
        if (alarm !== undefined) alarm.actionsEnabled = false;
      }
      store.save();
      return {};
    },

    async TagResource(input, ctx) {
      const arn = alarmOf(requiredStr(input, 'ResourceARN'), ctx.region);
      const tags = (structList(input, 'Tags') ?? []).map((t) => ({ Key: requiredStr(t, 'Key'), Value: str(t, 'Value') ?? '' }));
      const current = (state.tags[arn] ?? []).filter((t) => !tags.some((n) => n.Key === t.Key));
      if (current.length + tags.length > 50) throw errors.invalidValue('A resource can have at most 50 tags');
      state.tags[arn] = [...current, ...tags];
      store.save();
      return {};
    },

    async UntagResource(input, ctx) {
      const arn = alarmOf(requiredStr(input, 'ResourceARN'), ctx.region);
      const keys = strList(input, 'TagKeys') ?? [];
      state.tags[arn] = (state.tags[arn] ?? []).filter((t) => !keys.includes(t.Key));
      store.save();
      return {};
    },

    async ListTagsForResource(input, ctx) {
      const arn = alarmOf(requiredStr(input, 'ResourceARN'), ctx.region);
      return { Tags: state.tags[arn] ?? [] };
    },
  };

  function alarmOf(arn: string, region: string): string {
    if (state.alarms[arn]?.region !== region) throw errors.resourceNotFound(`The resource ${arn} does not exist.`);
    return arn;
  }
}
