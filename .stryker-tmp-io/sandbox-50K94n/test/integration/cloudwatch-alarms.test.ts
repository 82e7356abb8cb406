// @ts-nocheck
// CloudWatch metric alarms on the local control plane through the unmodified JS SDK client: an
// alarm on a node's memory goes to ALARM within two evaluation periods of its data crossing the
// threshold, back to OK when the data is deleted, and each change notifies its SNS topic (a JSON
// line in <state>/sns/<topic>.ndjson, 0600) and is in the alarm's history; SetAlarmState, tags,
// DescribeAlarmsForMetric and the errors the model lists.
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-memorydb';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';

let t: TestPlane;
let cw: CloudWatchClient;
let port = 0;
let node = '';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:mem-alerts';
const PERIOD = 10;

beforeAll(async () => {
  // db.t4g.small at 1% is about 14 MB: a few MB of data cross 40%.
  t = await startPlane({ metricsIntervalMs: 200, memoryScale: 0.01 });
  cw = new CloudWatchClient({ endpoint: t.plane.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await t.client.send(new CreateClusterCommand({ ClusterName: 'alm', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, TLSEnabled: false }));
  const cluster = await eventually(async () => {
    const c = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'alm', ShowShardDetails: true }))).Clusters?.[0];
    return c?.Status === 'available' ? c : undefined;
  }, 60_000);
  port = cluster.ClusterEndpoint?.Port as number;
  node = cluster.Shards?.[0]?.Nodes?.[0]?.Name as string;
}, 90_000);

afterAll(async () => {
  cw?.destroy();
  await t?.stop();
});

async function alarm(name: string) {
  return (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
}

async function waitState(name: string, state: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  await eventually(async () => ((await alarm(name))?.StateValue === state ? true : undefined), timeoutMs, 100);
  return Date.now() - started;
}

function notifications(): Array<{ TopicArn: string; Subject: string; Message: string }> {
  const file = join(t.stateDir, 'sns', 'mem-alerts.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { TopicArn: string; Subject: string; Message: string });
}

describe('a memory alarm', () => {
  it('goes to ALARM within two periods of crossing, back to OK when the data goes, and notifies each time', async () => {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'alm-memory',
        Namespace: 'AWS/MemoryDB',
        MetricName: 'DatabaseMemoryUsagePercentage',
        Dimensions: [{ Name: 'ClusterName', Value: 'alm' }, { Name: 'NodeName', Value: node }],
        Statistic: 'Maximum',
        Period: PERIOD,
        EvaluationPeriods: 1,
        Threshold: 40,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [TOPIC],
        OKActions: [TOPIC],
        Tags: [{ Key: 'team', Value: 'ops' }],
      }),
    );
    expect((await alarm('alm-memory'))?.StateValue).toBe('INSUFFICIENT_DATA');
    await waitState('alm-memory', 'OK', 3 * PERIOD * 1000);

    const redis = clusterClient(t.stateDir, port, false);
    const value = 'x'.repeat(100_000);
    for (let i = 0; i < 80; i++) await redis.set(`fill:${i}`, value);
    const toAlarm = await waitState('alm-memory', 'ALARM', 3 * PERIOD * 1000);
    expect(toAlarm).toBeLessThanOrEqual(2 * PERIOD * 1000 + 1500);
    const reason = (await alarm('alm-memory'))?.StateReason ?? '';
    expect(reason).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints \[\d+(\.\d+)? \(.+\)\] was greater than or equal to the threshold \(40\.0\)/);

    for (let i = 0; i < 80; i++) await redis.del(`fill:${i}`);
    redis.disconnect();
    await waitState('alm-memory', 'OK', 3 * PERIOD * 1000);

    const sent = notifications();
    const states = sent.map((n) => (JSON.parse(n.Message) as { NewStateValue: string }).NewStateValue);
    expect(states).toEqual(['OK', 'ALARM', 'OK']);
    expect(sent[1]?.Subject).toBe('ALARM: "alm-memory" in us-east-1');
    expect(JSON.parse(sent[1]?.Message ?? '{}')).toMatchObject({ AlarmName: 'alm-memory', OldStateValue: 'OK', Trigger: { MetricName: 'DatabaseMemoryUsagePercentage', Threshold: 40, Period: PERIOD } });
    expect(statSync(join(t.stateDir, 'sns', 'mem-alerts.ndjson')).mode & 0o777).toBe(0o600);

    const history = (await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'alm-memory', ScanBy: 'TimestampAscending' }))).AlarmHistoryItems ?? [];
    expect(history.map((h) => h.HistoryItemType)).toEqual(['ConfigurationUpdate', 'StateUpdate', 'Action', 'StateUpdate', 'Action', 'StateUpdate', 'Action']);
    expect(history[3]?.HistorySummary).toBe('Alarm updated from OK to ALARM');
  }, 120_000);

  it('SetAlarmState, tags, DescribeAlarmsForMetric and the modelled errors', async () => {
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'alm-memory', StateValue: 'ALARM', StateReason: 'testing the pager' }));
    expect((await alarm('alm-memory'))?.StateReason).toBe('testing the pager');
    expect(notifications().at(-1)?.Subject).toBe('ALARM: "alm-memory" in us-east-1');
    const arn = (await alarm('alm-memory'))?.AlarmArn as string;
    expect(arn).toBe('arn:aws:cloudwatch:us-east-1:000000000000:alarm:alm-memory');
    await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'test' }] }));
    expect((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([{ Key: 'team', Value: 'ops' }, { Key: 'env', Value: 'test' }]);
    const forMetric = await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: 'AWS/MemoryDB', MetricName: 'DatabaseMemoryUsagePercentage', Dimensions: [{ Name: 'ClusterName', Value: 'alm' }, { Name: 'NodeName', Value: node }] }));
    expect(forMetric.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['alm-memory']);

    const code = (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: { name: string; $metadata: { httpStatusCode: number } }) => `${e.name} ${e.$metadata.httpStatusCode}`);
    expect(await code(cw.send(new DeleteAlarmsCommand({ AlarmNames: ['alm-memory', 'ghost'] })))).toBe('ResourceNotFound 404');
    expect(await alarm('alm-memory')).toBeDefined();
    expect(await code(cw.send(new SetAlarmStateCommand({ AlarmName: 'ghost', StateValue: 'OK', StateReason: 'x' })))).toBe('ResourceNotFound 404');
    expect(await code(cw.send(new SetAlarmStateCommand({ AlarmName: 'alm-memory', StateValue: 'OK', StateReason: 'x', StateReasonData: '{not json' })))).toBe('InvalidFormatFault 400');
    expect(await code(cw.send(new ListTagsForResourceCommand({ ResourceARN: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:ghost' })))).toBe('ResourceNotFoundException 404');
    const bad = { AlarmName: 'bad', Namespace: 'AWS/MemoryDB', MetricName: 'CurrItems', EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' as const };
    expect(await code(cw.send(new PutMetricAlarmCommand({ ...bad, Period: 45, Statistic: 'Average' })))).toBe('InvalidParameterValueException 400');
    expect(await code(cw.send(new PutMetricAlarmCommand({ ...bad, Period: 60 })))).toBe('InvalidParameterCombinationException 400');
    expect(await code(cw.send(new DescribeAlarmsCommand({ NextToken: 'garbage' })))).toBe('InvalidNextToken 400');
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['alm-memory'] }));
    expect(await alarm('alm-memory')).toBeUndefined();
  });
});
