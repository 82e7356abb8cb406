// @ts-nocheck
// E2E: memctl metrics and memctl alarms through bin/memctl against the local plane, which serves
// CloudWatch from the nodes it samples: every node's twelve standard metrics in one GetMetricData
// call, the documented JSON shape, CurrItems equal to the keys written; create makes the standard
// alarms, a second apply changes nothing, scale 2 -> 3 -> 2 keeps them matching the nodes exactly,
// delete removes them; bad input refused (exit 2) before any call.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cleanEnv, downLocalPlane, MEMCTL_BIN, expectCleanError, expectOk, parseJson, runMemctl, type RunResult } from '../helpers/cli.js';
import { clusterClient, eventually, freePort, tempDir } from '../helpers/local.js';

const stateDir = tempDir('e2e-metrics');
const home = tempDir('e2e-metrics-home');
let env: NodeJS.ProcessEnv;
const memctl = (args: string[], timeoutMs = 30_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

interface MetricsJson {
  cluster: string;
  namespace: string;
  stat: string;
  periodSeconds: number;
  calls: number;
  clusterSeries: Array<{ metric: string; rule: string; max: number | null }>;
  series: Array<{ node: string; metric: string; unit: string; min: number | null; average: number | null; max: number | null; last: number | null; partial: boolean; points: Array<{ time: string; value: number }> }>;
}

beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()), MEMCTL_LOCAL_METRICS_INTERVAL_MS: '250' }, home);
  const created = await memctl(['--local', 'create', 'mx', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json'], 60_000);
  expectOk(created);
  const port = (parseJson(created) as { endpoint: { port: number } }).endpoint.port;
  const redis = clusterClient(stateDir, port);
  for (let i = 0; i < 300; i++) await redis.set(`mx:${i}`, 'v');
  redis.disconnect();
}, 90_000);

afterAll(async () => {
  await downLocalPlane(env, stateDir, home);
});

describe('memctl metrics', () => {
  it('reads 4 nodes x 12 metrics in one call; CurrItems of the primaries adds up to the keys written', async () => {
    const data = await eventually(async () => {
      const r = await memctl(['--local', 'metrics', 'mx', '--since', '1m', '--period', '1', '--stat', 'Maximum', '-o', 'json']);
      expectOk(r);
      const parsed = parseJson(r) as MetricsJson;
      const items = parsed.series.filter((s) => s.metric === 'CurrItems' && /-001$/.test(s.node)).map((s) => s.last ?? 0);
      return items.reduce((a, b) => a + b, 0) === 300 ? parsed : undefined;
    }, 20_000, 300);
    expect(data.calls).toBe(1);
    // The cluster row counts each shard's keys once (replicas hold the same keys).
    expect(data.clusterSeries.find((c) => c.metric === 'CurrItems')).toMatchObject({ rule: 'sum-of-shards', max: 300 });
    expect(data.clusterSeries.find((c) => c.metric === 'EngineCPUUtilization')?.rule).toBe('max');
    expect(data.namespace).toBe('AWS/MemoryDB');
    expect(data.stat).toBe('Maximum');
    expect(data.series).toHaveLength(4 * 12);
    expect(new Set(data.series.map((s) => s.node)).size).toBe(4);
    const cpu = data.series.find((s) => s.metric === 'EngineCPUUtilization');
    expect(cpu?.unit).toBe('Percent');
    expect(cpu?.points.length).toBeGreaterThan(0);
    expect(cpu?.max).toBeGreaterThanOrEqual(cpu?.min ?? Number.POSITIVE_INFINITY);
    // Replicas report a lag, primaries do not.
    expect(data.series.filter((s) => s.metric === 'ReplicationLag' && s.points.length > 0).every((s) => /-002$/.test(s.node))).toBe(true);
  });

  it('shows a table with a sparkline per node and metric; --node and --metric narrow it', async () => {
    const r = await memctl(['--local', 'metrics', 'mx', '--since', '1m', '--node', 'mx-0001-001', '--metric', 'curritems', '--metric', 'NetworkBytesIn', '-o', 'table']);
    expectOk(r);
    expect(r.stdout).toMatch(/mx-0001-001\s+CurrItems/);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(r.stdout.match(/mx-0001-001/g)).toHaveLength(2);
    // A --node subset is not the cluster: no cluster rows.
    expect(r.stdout).not.toMatch(/\(cluster/);
  });

  it('--watch reads again until stopped: Ctrl-C ends it with exit 0, SIGTERM with 143', async () => {
    for (const [signal, code] of [['SIGINT', 0], ['SIGTERM', 143]] as const) {
      const child = spawn(process.execPath, [MEMCTL_BIN, '--local', 'metrics', 'mx', '--since', '1m', '--metric', 'CurrItems', '--watch', '-o', 'json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await eventually(async () => (out.includes('"series"') ? true : undefined), 15_000, 100);
      const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      const sent = Date.now();
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(Date.now() - sent).toBeLessThan(3000);
    }
  });

  it('refuses bad input before any call (exit 2)', async () => {
    expectCleanError(await memctl(['--local', 'metrics', 'mx', '--metric', 'Nope']), 2, /unknown --metric Nope/);
    expectCleanError(await memctl(['--local', 'metrics', 'mx', '--stat', 'median']), 2, /invalid --stat "median"/);
    expectCleanError(await memctl(['--local', 'metrics', 'mx', '--period', '45']), 2, /invalid --period 45/);
    expectCleanError(await memctl(['--local', 'metrics', 'mx', '--since', '500d']), 2, /more than 455 days/);
    expectCleanError(await memctl(['--local', 'metrics', 'mx', '--node', 'mx-0009-001']), 2, /has no node mx-0009-001/);
    expectCleanError(await memctl(['--local', 'metrics', 'ghost']), 3, /not found/);
  });
});

interface ApplyJson {
  cluster: string;
  applied: boolean;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  changes: Array<{ action: string; alarm: string; detail: string }>;
}

const KEYS = ['cpu', 'engine-cpu', 'memory', 'freeable-memory', 'swap', 'connections', 'evictions', 'replication-lag'];

async function alarmNames(cluster: string): Promise<string[]> {
  const r = await memctl(['--local', 'alarms', 'list', cluster, '-o', 'json']);
  expectOk(r);
  return (parseJson(r) as Array<{ name: string }>).map((a) => a.name).sort();
}

async function nodeNames(cluster: string): Promise<string[]> {
  const r = await memctl(['--local', 'describe', cluster, '-o', 'json']);
  expectOk(r);
  return (parseJson(r) as { shards: Array<{ nodes: Array<{ name: string }> }> }).shards.flatMap((s) => s.nodes.map((n) => n.name));
}

const expected = (cluster: string, nodes: string[]): string[] => nodes.flatMap((n) => KEYS.map((k) => `memctl/${cluster}/${n}/${k}`)).sort();

describe('memctl alarms', () => {
  it('create makes the standard set; a second apply changes nothing; --no-alarms makes none', async () => {
    const created = await memctl(['--local', 'create', 'al', '--shards', '2', '--replicas', '0', '--alarm-sns-topic-arn', 'arn:aws:sns:us-east-1:000000000000:ops', '--wait', '-o', 'json'], 60_000);
    expectOk(created);
    expect(created.stderr).toMatch(/alarms: made 16, updated 0 for 2 node\(s\), notifying arn:aws:sns:us-east-1:000000000000:ops/);
    expect(await alarmNames('al')).toEqual(expected('al', await nodeNames('al')));
    const again = await memctl(['--local', 'alarms', 'apply', 'al', '--sns-topic-arn', 'arn:aws:sns:us-east-1:000000000000:ops', '-o', 'json']);
    expectOk(again);
    expect(parseJson(again)).toMatchObject({ applied: true, created: 0, updated: 0, deleted: 0, unchanged: 16, changes: [] });
    // A changed threshold updates only that alarm on each node; a dry run changes nothing.
    const dry = parseJson(await memctl(['--local', 'alarms', 'apply', 'al', '--sns-topic-arn', 'arn:aws:sns:us-east-1:000000000000:ops', '--threshold', 'memory=70', '--dry-run', '-o', 'json'])) as ApplyJson;
    expect([dry.applied, dry.updated, dry.created, dry.deleted]).toEqual([false, 2, 0, 0]);
    expect(dry.changes.every((c) => c.alarm.endsWith('/memory') && c.detail === 'Threshold')).toBe(true);
    const still = parseJson(await memctl(['--local', 'alarms', 'apply', 'al', '--sns-topic-arn', 'arn:aws:sns:us-east-1:000000000000:ops', '-o', 'json'])) as ApplyJson;
    expect(still.unchanged).toBe(16);
    const none = await memctl(['--local', 'create', 'noal', '--shards', '1', '--replicas', '0', '--no-alarms', '--wait', '-o', 'json'], 60_000);
    expectOk(none);
    expect(none.stderr).not.toMatch(/alarms:/);
    expect(await alarmNames('noal')).toEqual([]);
  }, 120_000);

  it('scale 2 -> 3 -> 2 shards keeps the alarms matching the nodes exactly; delete removes them', async () => {
    expectOk(await memctl(['--local', '--yes', 'scale', 'al', '--shards', '3', '--wait', '-o', 'json'], 90_000));
    expect(await alarmNames('al')).toEqual(expected('al', await nodeNames('al')));
    expect(await nodeNames('al')).toHaveLength(3);
    expectOk(await memctl(['--local', '--yes', 'scale', 'al', '--shards', '2', '--wait', '-o', 'json'], 90_000));
    expect(await alarmNames('al')).toEqual(expected('al', await nodeNames('al')));
    const applied = parseJson(await memctl(['--local', 'alarms', 'apply', 'al', '--sns-topic-arn', 'arn:aws:sns:us-east-1:000000000000:ops', '-o', 'json'])) as ApplyJson;
    expect([applied.created, applied.updated, applied.deleted, applied.unchanged]).toEqual([0, 0, 0, 16]);
    const deleted = await memctl(['--local', '--yes', 'delete', 'al', '--wait', '-o', 'json'], 60_000);
    expectOk(deleted);
    expect(deleted.stderr).toMatch(/alarms: deleted 16/);
    expect(await alarmNames('al')).toEqual([]);
  }, 240_000);

  it('refuses bad alarm settings before any call (exit 2)', async () => {
    expectCleanError(await memctl(['--local', 'alarms', 'apply', 'mx', '--sns-topic-arn', 'arn:aws:sqs:us-east-1:000000000000:q']), 2, /invalid --sns-topic-arn/);
    expectCleanError(await memctl(['--local', 'alarms', 'apply', 'mx', '--threshold', 'disk=3']), 2, /unknown alarm "disk"/);
    expectCleanError(await memctl(['--local', 'create', 'x1', '--alarm-sns-topic-arn', 'nope']), 2, /invalid --alarm-sns-topic-arn "nope"/);
    expectCleanError(await memctl(['--local', 'create', 'x1', '--no-alarms', '--alarm-sns-topic-arn', 'arn:aws:sns:us-east-1:000000000000:ops']), 2, /does not go with --no-alarms/);
  });
});
