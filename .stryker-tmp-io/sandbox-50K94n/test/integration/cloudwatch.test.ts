// @ts-nocheck
// CloudWatch on the local control plane, through clients we did not write and in each protocol
// its model lists: the JS SDK (AWS JSON 1.0 with query compatibility), boto3 as it comes (Smithy
// RPC v2 CBOR), and boto3 made to speak AWS JSON 1.0 and awsQuery. Metrics match the nodes: after
// loading keys, CurrItems is DBSIZE; bad requests get CloudWatch's error codes.
import { CloudWatchClient, GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-memorydb';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterClient, eventually, startPlane, tempDir, type TestPlane } from '../helpers/local.js';

const run = promisify(execFile);
const hasBoto3 = await run('python3', ['-c', 'import boto3'], { timeout: 20_000 }).then(
  () => true,
  () => false,
);

let t: TestPlane;
let cw: CloudWatchClient;
let primary = '';
let replica = '';
const KEYS = 250;

const dims = (node: string) => [
  { Name: 'ClusterName', Value: 'cwt' },
  { Name: 'NodeName', Value: node },
];

beforeAll(async () => {
  t = await startPlane({ metricsIntervalMs: 200 });
  cw = new CloudWatchClient({ endpoint: t.plane.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await t.client.send(new CreateClusterCommand({ ClusterName: 'cwt', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 1 }));
  const cluster = await eventually(async () => {
    const c = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'cwt', ShowShardDetails: true }))).Clusters?.[0];
    return c?.Status === 'available' ? c : undefined;
  }, 60_000);
  const nodes = cluster.Shards?.[0]?.Nodes ?? [];
  primary = nodes[0]?.Name as string;
  replica = nodes[1]?.Name as string;
  const redis = clusterClient(t.stateDir, cluster.ClusterEndpoint?.Port as number);
  for (let i = 0; i < KEYS; i++) await redis.set(`cw:${i}`, String(i));
  expect(await redis.dbsize()).toBe(KEYS);
  redis.disconnect();
}, 90_000);

afterAll(async () => {
  cw?.destroy();
  await t?.stop();
});

/** The newest CurrItems of a node over the last minute, as the JS SDK reads it. */
async function currItems(node: string, until = Date.now()): Promise<number | undefined> {
  const now = new Date(until);
  const out = await cw.send(
    new GetMetricStatisticsCommand({ Namespace: 'AWS/MemoryDB', MetricName: 'CurrItems', Dimensions: dims(node), StartTime: new Date(now.getTime() - 60_000), EndTime: now, Period: 1, Statistics: ['Maximum'] }),
  );
  const points = (out.Datapoints ?? []).sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0));
  return points.at(-1)?.Maximum;
}

describe('the JS SDK (AWS JSON 1.0)', () => {
  it('CurrItems on the primary and the replica is the keys loaded (DBSIZE)', async () => {
    expect(await eventually(async () => ((await currItems(primary)) === KEYS ? true : undefined), 20_000, 200)).toBe(true);
    expect(await eventually(async () => ((await currItems(replica)) === KEYS ? true : undefined), 20_000, 200)).toBe(true);
  });

  it('lists the standard metrics of each node; GetMetricData answers every query with its Id', async () => {
    const listed = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/MemoryDB', Dimensions: [{ Name: 'NodeName', Value: replica }] }));
    const names = (listed.Metrics ?? []).map((m) => m.MetricName);
    expect(names).toEqual(expect.arrayContaining(['CPUUtilization', 'EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'CurrConnections', 'CurrItems', 'ReplicationLag', 'IsPrimary']));
    const now = new Date();
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 60_000),
        EndTime: now,
        MetricDataQueries: [
          { Id: 'items', MetricStat: { Metric: { Namespace: 'AWS/MemoryDB', MetricName: 'CurrItems', Dimensions: dims(primary) }, Period: 5, Stat: 'Maximum' } },
          { Id: 'role', MetricStat: { Metric: { Namespace: 'AWS/MemoryDB', MetricName: 'IsPrimary', Dimensions: dims(replica) }, Period: 5, Stat: 'Maximum' } },
          { Id: 'none', MetricStat: { Metric: { Namespace: 'AWS/MemoryDB', MetricName: 'CurrItems', Dimensions: dims('ghost') }, Period: 5, Stat: 'Average' } },
        ],
      }),
    );
    const byId = Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, r]));
    expect(byId.items?.Values?.[0]).toBe(KEYS);
    expect(byId.items?.Timestamps?.[0]).toBeInstanceOf(Date);
    expect(byId.role?.Values?.length).toBeGreaterThan(0);
    expect(byId.role?.Values?.every((v: number) => v === 0)).toBe(true);
    expect(byId.none?.Values).toEqual([]);
    expect(byId.items?.StatusCode).toBe('Complete');
  });

  it('answers bad requests with CloudWatch error codes, and another region sees nothing', async () => {
    const now = new Date();
    const bad = await cw
      .send(new GetMetricStatisticsCommand({ Namespace: 'AWS/MemoryDB', MetricName: 'CurrItems', StartTime: new Date(now.getTime() - 60_000), EndTime: now, Period: 7, Statistics: ['Average'] }))
      .catch((e: { name: string; $metadata: { httpStatusCode: number } }) => e);
    expect([(bad as { name: string }).name, (bad as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode]).toEqual(['InvalidParameterValueException', 400]);
    const west = new CloudWatchClient({ endpoint: t.plane.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    expect((await west.send(new ListMetricsCommand({}))).Metrics ?? []).toEqual([]);
    west.destroy();
  });
});

describe.skipIf(!hasBoto3)('boto3 in each protocol (skipped when python3 has no boto3)', () => {
  it('CBOR (as it comes), AWS JSON 1.0 and awsQuery read the same CurrItems and the same error code', async () => {
    // AWS JSON sends whole seconds: the window must end after the first samples of a new cluster.
    await eventually(async () => ((await currItems(primary, Math.floor(Date.now() / 1000) * 1000)) === KEYS ? true : undefined), 20_000, 200);
    // botocore picks the first protocol of the model's list: a copy of the model with one protocol makes it speak that one.
    const dataDir = tempDir('botocore-models');
    const script = `
import json, sys, os, datetime, boto3, botocore.session
protocol = sys.argv[1]
if protocol != 'default':
    model = botocore.session.get_session().get_component('data_loader').load_service_model('cloudwatch', 'service-2')
    model['metadata']['protocols'] = [protocol]
    model['metadata']['protocol'] = protocol
    path = os.path.join(sys.argv[3], protocol, 'cloudwatch', '2010-08-01')
    os.makedirs(path, exist_ok=True)
    json.dump(model, open(os.path.join(path, 'service-2.json'), 'w'))
    os.environ['AWS_DATA_PATH'] = os.path.join(sys.argv[3], protocol)
c = boto3.session.Session().client('cloudwatch', endpoint_url=sys.argv[2], region_name='us-east-1', aws_access_key_id='local', aws_secret_access_key='local')
now = datetime.datetime.now(datetime.timezone.utc)
points = c.get_metric_statistics(Namespace='AWS/MemoryDB', MetricName='CurrItems', Dimensions=[{'Name': 'ClusterName', 'Value': 'cwt'}, {'Name': 'NodeName', 'Value': sys.argv[4]}], StartTime=now - datetime.timedelta(seconds=60), EndTime=now, Period=1, Statistics=['Maximum'], ExtendedStatistics=['p99'])['Datapoints']
latest = sorted(points, key=lambda p: p['Timestamp'])[-1]
listed = len(c.list_metrics(Namespace='AWS/MemoryDB')['Metrics'])
try:
    c.get_metric_statistics(Namespace='AWS/MemoryDB', MetricName='CurrItems', StartTime=now - datetime.timedelta(seconds=60), EndTime=now, Period=7, Statistics=['Average'])
    code = None
except c.exceptions.InvalidParameterValueException as e:
    code = e.response['Error']['Code']
print(json.dumps({'protocol': c.meta.service_model.protocol, 'items': latest['Maximum'], 'p99': latest['ExtendedStatistics']['p99'], 'timestamp': type(latest['Timestamp']).__name__, 'listed': listed, 'code': code}))
`;
    const file = join(dataDir, 'read.py');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, script);
    const results = [];
    for (const protocol of ['default', 'json', 'query']) {
      const { stdout } = await run('python3', [file, protocol, t.plane.endpoint, dataDir, primary], { env: { PATH: process.env.PATH, HOME: dataDir }, timeout: 60_000 });
      results.push(JSON.parse(stdout) as Record<string, unknown>);
    }
    expect(results.map((r) => r.protocol)).toEqual(['smithy-rpc-v2-cbor', 'json', 'query']);
    for (const r of results) expect(r).toMatchObject({ items: KEYS, p99: KEYS, timestamp: 'datetime', code: 'InvalidParameterValue' });
    expect(new Set(results.map((r) => r.listed)).size).toBe(1);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
