#!/usr/bin/env node
// @ts-nocheck
// Monitoring figures on the local control plane (issue: CloudWatch metrics, alarms, top):
//  1. `memctl metrics` on a 3x1 cluster (6 nodes, the 12 standard metrics, --since 3h): wall time
//     (median of runs) and GetMetricData calls, with the data the plane has sampled by then;
//  2. the plane's side at full retention: GetMetricData's aggregation over 3 hours of 1-second
//     points for 6 nodes x 12 metrics, timed on the store and statistics modules themselves
//     (bundled from src with esbuild);
//  3. what sampling costs each node: the server time of the sampler's INFO calls per second
//     (INFO commandstats, reset first), as a share of one CPU;
//  4. time from data crossing a threshold to ALARM (alarm period 10 s, 1 evaluation period), and
//     back to OK, repeated;
//  5. `alarms apply` twice (changes on the second run), then scale 2 -> 3 -> 2 and apply: the
//     alarms against the nodes.
//
// Usage: npm run build && node bench/monitoring.mjs [--runs 5] [--fill-seconds 60] [--alarm-runs 3] [--json]
// Results: bench/results/monitoring.json (and on stdout with --json).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand, DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { Redis } from 'ioredis';
import { argValue } from './lib/service.mjs';
import { freePort, median, memctlSync, stampedLog as log, stopLocalPlane } from './lib/util.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const RUNS = Number(argValue('--runs', '5'));
const FILL_SECONDS = Number(argValue('--fill-seconds', '60'));
const ALARM_RUNS = Number(argValue('--alarm-runs', '3'));
const JSON_OUT = process.argv.includes('--json');

const work = mkdtempSync(join(tmpdir(), 'memctl-monitoring-'));
const port = await freePort();
// Laptop-sized nodes (1%) so a few MB of data cross a memory threshold.
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(port), AWS_EC2_METADATA_DISABLED: 'true', MEMCTL_LOCAL_MEMORY_SCALE: '0.01' };
const memctl = (args, timeoutMs = 300_000) => memctlSync(bin, env, args, timeoutMs);
const json = (r) => {
  if (r.code !== 0) throw new Error(`memctl failed (${r.code}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const results = { when: new Date().toISOString() };

async function withAdmin(cluster, nodePort, work) {
  // The nodes accept the plane's own user only; the bench reads commandstats as that user.
  const { readClusterAdminCredential } = await loadModule('src/lib/local/engine/access/admin.ts');
  const credential = await readClusterAdminCredential(env.MEMCTL_LOCAL_DIR, cluster);
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  const client = new Redis({ host: '127.0.0.1', port: nodePort, username: credential.user, password: credential.password, tls: { ca, servername: 'localhost' }, lazyConnect: false });
  client.on('error', () => undefined);
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}

/** Bundles one src module (and what it imports) with esbuild and imports it. */
async function loadModule(path) {
  const out = join(work, `${path.replace(/[/.]/g, '_')}.mjs`);
  await build({ entryPoints: [join(root, path)], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent', packages: 'external' });
  return import(pathToFileURL(out).href);
}

try {
  json(memctl(['local', 'up', '-o', 'json']));
  const endpoint = `http://127.0.0.1:${port}`;
  const cw = new CloudWatchClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

  // 1. memctl metrics on 3x1.
  log('creating a 3x1 cluster');
  const cluster = json(memctl(['create', 'mon', '--shards', '3', '--replicas', '1', '--no-alarms', '--wait', '-o', 'json']));
  const nodes = cluster.shards.flatMap((s) => s.nodes);
  log(`sampling for ${FILL_SECONDS} s`);
  await sleep(FILL_SECONDS * 1000);
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const started = Date.now();
    last = json(memctl(['metrics', 'mon', '--since', '3h', '-o', 'json']));
    times.push(Date.now() - started);
  }
  const highRes = json(memctl(['metrics', 'mon', '--since', '3h', '--period', '1', '-o', 'json']));
  results.metrics = {
    nodes: nodes.length,
    metrics: new Set(last.series.map((s) => s.metric)).size,
    series: last.series.length,
    sampledSeconds: FILL_SECONDS,
    wallMsMedian: median(times),
    wallMsMax: Math.max(...times),
    calls: last.calls,
    readMs: last.ms,
    periodSeconds: last.periodSeconds,
    atOneSecond: { calls: highRes.calls, datapoints: highRes.series.reduce((n, s) => n + s.points.length, 0), readMs: highRes.ms },
  };
  log(`metrics: ${JSON.stringify(results.metrics)}`);

  // 2. The plane's aggregation at full retention (3 h of 1-s points, 72 series).
  const { MetricStore } = await loadModule('src/lib/local/engine/metrics/store.ts');
  const { byPeriod, statistic, alignDown } = await loadModule('src/lib/local/engine/metrics/statistics.ts');
  const store = new MetricStore(10_800);
  const now = Date.now();
  const ids = [];
  for (let n = 0; n < 6; n++) {
    for (let m = 0; m < 12; m++) {
      const info = { namespace: 'AWS/MemoryDB', metricName: `M${m}`, dimensions: [{ Name: 'ClusterName', Value: 'c' }, { Name: 'NodeName', Value: `n${n}` }], unit: 'Percent', cluster: 'c', region: 'us-east-1' };
      for (let s = 10_800; s > 0; s--) store.put(info, now - s * 1000, Math.random() * 100);
      ids.push(info);
    }
  }
  const aggregate = () => {
    let datapoints = 0;
    for (const id of ids) {
      const periods = byPeriod(store.points(id, alignDown(now - 3 * 3600_000, 60), now), 60);
      for (const values of periods.values()) {
        statistic(values, 'Average');
        datapoints++;
      }
    }
    return datapoints;
  };
  aggregate();
  const aggTimes = [];
  let datapoints = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    datapoints = aggregate();
    aggTimes.push(performance.now() - started);
  }
  results.fullRetention = { series: ids.length, pointsScanned: ids.length * 10_800, datapoints, aggregateMsMedian: Math.round(median(aggTimes) * 10) / 10 };
  log(`full retention: ${JSON.stringify(results.fullRetention)}`);

  // 3. What sampling costs each node: the server time of INFO per second.
  const primary = nodes[0];
  const cost = await withAdmin('mon', primary.endpoint.port, async (client) => {
    await client.call('CONFIG', 'RESETSTAT');
    const started = Date.now();
    await sleep(30_000);
    const stats = String(await client.call('INFO', 'commandstats'));
    const elapsed = (Date.now() - started) / 1000;
    const usec = Number(/cmdstat_info:calls=(\d+),usec=(\d+)/.exec(stats)?.[2] ?? 0);
    const calls = Number(/cmdstat_info:calls=(\d+)/.exec(stats)?.[1] ?? 0);
    // This read's own INFO is one of the calls: negligible.
    return { seconds: Math.round(elapsed), infoCalls: calls, infoUsecPerSecond: Math.round(usec / elapsed), cpuPercent: Math.round((usec / elapsed / 1e6) * 100 * 1000) / 1000 };
  });
  results.samplerCost = cost;
  log(`sampler cost on ${primary.name}: ${JSON.stringify(cost)}`);

  // 4. Crossing a threshold -> ALARM, and back.
  json(memctl(['-q', '--yes', 'delete', 'mon', '--wait', '-o', 'json']));
  const small = json(memctl(['create', 'alm', '--shards', '1', '--replicas', '0', '--no-alarms', '--no-tls', '--wait', '-o', 'json']));
  const node = small.shards[0].nodes[0];
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: 'bench-memory',
      Namespace: 'AWS/MemoryDB',
      MetricName: 'DatabaseMemoryUsagePercentage',
      Dimensions: [{ Name: 'ClusterName', Value: 'alm' }, { Name: 'NodeName', Value: node.name }],
      Statistic: 'Maximum',
      Period: 10,
      EvaluationPeriods: 1,
      Threshold: 40,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: ['arn:aws:sns:us-east-1:000000000000:bench'],
    }),
  );
  const stateOf = async () => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['bench-memory'] }))).MetricAlarms[0].StateValue;
  const until = async (state, limitMs) => {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      if ((await stateOf()) === state) return Date.now() - started;
      await sleep(50);
    }
    return null;
  };
  await until('OK', 60_000);
  const data = new Redis({ host: '127.0.0.1', port: node.endpoint.port, username: 'default', lazyConnect: false });
  data.on('error', () => undefined);
  const toAlarm = [];
  const toOk = [];
  const value = 'x'.repeat(100_000);
  for (let i = 0; i < ALARM_RUNS; i++) {
    // Cross at a random moment of the period (evaluations happen just after each period ends).
    await sleep(Math.floor(Math.random() * 10_000));
    for (let k = 0; k < 80; k++) await data.set(`fill:${k}`, value);
    toAlarm.push(await until('ALARM', 60_000));
    for (let k = 0; k < 80; k++) await data.del(`fill:${k}`);
    toOk.push(await until('OK', 60_000));
  }
  data.disconnect();
  await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['bench-memory'] }));
  results.alarm = { periodSeconds: 10, evaluationPeriods: 1, crossingToAlarmMs: toAlarm, backToOkMs: toOk, maxInPeriods: Math.round((Math.max(...toAlarm.filter((x) => x !== null)) / 10_000) * 100) / 100, missed: toAlarm.filter((x) => x === null).length };
  log(`alarm: ${JSON.stringify(results.alarm)}`);
  json(memctl(['-q', '--yes', 'delete', 'alm', '--wait', '-o', 'json']));

  // 5. alarms apply twice; scale 2 -> 3 -> 2; apply.
  json(memctl(['create', 'app', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json']));
  const second = json(memctl(['alarms', 'apply', 'app', '-o', 'json']));
  json(memctl(['--yes', 'scale', 'app', '--shards', '3', '--wait', '-o', 'json']));
  json(memctl(['--yes', 'scale', 'app', '--shards', '2', '--wait', '-o', 'json']));
  const afterScale = json(memctl(['alarms', 'apply', 'app', '-o', 'json']));
  const described = json(memctl(['describe', 'app', '-o', 'json']));
  const nodeNames = described.shards.flatMap((s) => s.nodes.map((n) => n.name));
  const alarms = json(memctl(['alarms', 'list', 'app', '-o', 'json']));
  const want = nodeNames.flatMap((n) => ['cpu', 'engine-cpu', 'memory', 'freeable-memory', 'swap', 'connections', 'evictions', 'replication-lag'].map((k) => `memctl/app/${n}/${k}`)).sort();
  const have = alarms.map((a) => a.name).sort();
  results.apply = {
    secondApply: { created: second.created, updated: second.updated, deleted: second.deleted, unchanged: second.unchanged },
    applyAfterScale: { created: afterScale.created, updated: afterScale.updated, deleted: afterScale.deleted, unchanged: afterScale.unchanged },
    nodes: nodeNames.length,
    alarms: have.length,
    missing: want.filter((n) => !have.includes(n)).length,
    extra: have.filter((n) => !want.includes(n)).length,
  };
  log(`apply: ${JSON.stringify(results.apply)}`);
  cw.destroy();
} finally {
  stopLocalPlane(bin, env, log);
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'monitoring.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, JSON_OUT ? 2 : 0)}\n`);
