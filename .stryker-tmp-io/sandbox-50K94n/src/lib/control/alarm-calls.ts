// @ts-nocheck
// memctl's alarms in CloudWatch: reading a cluster's (DescribeAlarms by its name prefix, every
// page), and carrying out a plan (PutMetricAlarm for each alarm to create or update, tagged with
// its cluster, node and key on creation; DeleteAlarms 100 names at a time).
import { DeleteAlarmsCommand, DescribeAlarmsCommand, PutMetricAlarmCommand, type CloudWatchClient, type MetricAlarm, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { clusterAlarmPrefix, parseAlarmName, type AlarmDiff, type AlarmSpec } from './alarm-plan.js';

type Sender = Pick<CloudWatchClient, 'send'>;

/** Pages followed before giving up (100 alarms a page). */
const MAX_PAGES = 1000;

export interface ClusterAlarm extends AlarmSpec {
  node: string;
  key: string;
  state: string;
  reason: string;
  since?: Date;
}

export async function listClusterAlarms(client: Sender, cluster: string): Promise<ClusterAlarm[]> {
  const out: ClusterAlarm[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: clusterAlarmPrefix(cluster), AlarmTypes: ['MetricAlarm'], MaxRecords: 100, ...(token === undefined ? {} : { NextToken: token }) }));
    for (const alarm of answer.MetricAlarms ?? []) {
      const parsed = parseAlarmName(cluster, alarm.AlarmName ?? '');
      if (parsed !== undefined) out.push(fromAws(alarm, parsed));
    }
    token = answer.NextToken;
    if (token === undefined) break;
  }
  return out;
}

function fromAws(a: MetricAlarm, where: { node: string; key: string }): ClusterAlarm {
  return {
    ...where,
    AlarmName: a.AlarmName ?? '',
    AlarmDescription: a.AlarmDescription ?? '',
    ActionsEnabled: a.ActionsEnabled ?? true,
    AlarmActions: a.AlarmActions ?? [],
    OKActions: a.OKActions ?? [],
    Namespace: a.Namespace ?? '',
    MetricName: a.MetricName ?? '',
    Dimensions: (a.Dimensions ?? []).map((d) => ({ Name: d.Name ?? '', Value: d.Value ?? '' })),
    Statistic: a.Statistic ?? a.ExtendedStatistic ?? '',
    Period: a.Period ?? 0,
    EvaluationPeriods: a.EvaluationPeriods ?? 0,
    DatapointsToAlarm: a.DatapointsToAlarm ?? a.EvaluationPeriods ?? 0,
    Threshold: a.Threshold ?? 0,
    ComparisonOperator: a.ComparisonOperator ?? '',
    TreatMissingData: a.TreatMissingData ?? 'missing',
    state: a.StateValue ?? 'INSUFFICIENT_DATA',
    reason: a.StateReason ?? '',
    ...(a.StateUpdatedTimestamp === undefined ? {} : { since: a.StateUpdatedTimestamp }),
  };
}

/** Carries out a plan; creations are tagged so the alarms say whose they are. */
export async function applyAlarmDiff(client: Sender, cluster: string, diff: AlarmDiff): Promise<void> {
  for (const spec of diff.create) {
    const where = parseAlarmName(cluster, spec.AlarmName);
    const tags = [
      { Key: 'memctl:cluster', Value: cluster },
      ...(where === undefined ? [] : [{ Key: 'memctl:node', Value: where.node }, { Key: 'memctl:alarm', Value: where.key }]),
    ];
    await client.send(new PutMetricAlarmCommand({ ...putInput(spec), Tags: tags }));
  }
  for (const { spec } of diff.update) await client.send(new PutMetricAlarmCommand(putInput(spec)));
  for (let i = 0; i < diff.delete.length; i += 100) await client.send(new DeleteAlarmsCommand({ AlarmNames: diff.delete.slice(i, i + 100) }));
}

/** The spec as the SDK types it (its enums are the strings memctl's plan holds). */
function putInput(spec: AlarmSpec): PutMetricAlarmCommandInput {
  return spec as unknown as PutMetricAlarmCommandInput;
}
