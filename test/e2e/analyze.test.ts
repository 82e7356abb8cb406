// E2E: memctl analyze through bin/memctl, against a local 2-shard TLS cluster (--local, by name)
// and a standalone redis-server by redis:// URL, seeded with known data: per-type counts, memory
// sums equal to an independent MEMORY USAGE sweep, namespaces, TTL buckets, top keys, shard
// balance, --sample, the HTML report, and bad input (exit 2).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeReport } from '../../src/lib/redis/analyze.js';
import { ANALYZE_COUNTS, ANALYZE_TOTAL, BIG_LIST_LENGTH, referenceSweep, seedAnalyzeData, type Reference } from '../helpers/analyze-data.js';
import { cleanEnv, expectCleanError, expectOk, runMemctl, show, type RunResult, parseJson } from '../helpers/cli.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';
import { clusterClient, freePort, tempDir } from '../helpers/local.js';

const stateDir = tempDir('e2e-analyze');
const home = tempDir('e2e-analyze-home');
let env: NodeJS.ProcessEnv;
let server: StandaloneServer;
let cluster: Cluster | undefined;
let clusterRef: Reference;
let standaloneRef: Reference;

const memctl = (args: string[], timeoutMs = 30_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

const json = parseJson;

beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  server = await startStandalone();
  await seedAnalyzeData(server.client);
  standaloneRef = await referenceSweep([{ label: `127.0.0.1:${server.port}`, client: server.client }]);
  const created = await memctl(['--local', 'create', 'an', '--shards', '2', '--replicas', '0', '--wait', '-o', 'json'], 60_000);
  expectOk(created);
  cluster = clusterClient(stateDir, json<{ endpoint: { port: number } }>(created).endpoint.port);
  await seedAnalyzeData(cluster);
  const primaries = cluster.nodes('master') as Redis[];
  clusterRef = await referenceSweep(primaries.map((c) => ({ label: `${c.options.host}:${c.options.port}`, client: c })));
}, 90_000);

afterAll(async () => {
  cluster?.disconnect();
  await server?.stop();
  const down = await runMemctl(['local', 'down'], { env, timeoutMs: 40_000 });
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  expect(down.code, show(down)).toBe(0);
}, 60_000);

function expectExact(report: AnalyzeReport, ref: Reference): void {
  expect(report.complete).toBe(true);
  expect(report.sample).toBeNull();
  expect(report.totals).toMatchObject({ keys: ANALYZE_TOTAL, memory: ref.memory, dbsize: ANALYZE_TOTAL, withoutTtl: 35, vanished: 0 });
  for (const [type, keys] of Object.entries(ANALYZE_COUNTS)) {
    expect(report.types.find((t) => t.type === type), type).toMatchObject({ keys, memory: ref.byType[type]?.memory });
  }
  expect(report.types.reduce((s, t) => s + t.memory, 0)).toBe(ref.memory);
  // The latency guard is on by default (2 ms), with the PING figures of every node swept.
  expect(report.latency?.limitMs).toBe(2);
  expect(report.latency?.nodes.map((n) => n.node).sort()).toEqual(report.shards.map((s) => s.node).sort());
  const ns = (prefix: string): unknown => report.namespaces.find((n) => n.prefix === prefix);
  expect(ns('cache')).toMatchObject({ depth: 1, keys: 30, withoutTtl: 30 });
  expect(ns('cache:page')).toMatchObject({ depth: 2, keys: 30 });
  expect(ns('session')).toMatchObject({ depth: 1, keys: 20, withoutTtl: 0 });
  expect(ns('user:*')).toMatchObject({ depth: 2, keys: 10 });
  expect(ns('(root)')).toMatchObject({ keys: 2 });
  expect(report.ttl).toEqual([
    { bucket: 'none', keys: 35, memory: expect.any(Number) },
    { bucket: '<1h', keys: 20, memory: expect.any(Number) },
    { bucket: '<1d', keys: 0, memory: 0 },
    { bucket: '<7d', keys: 10, memory: expect.any(Number) },
    { bucket: '>=7d', keys: 1, memory: expect.any(Number) },
  ]);
  expect(report.ttl.reduce((s, b) => s + b.memory, 0)).toBe(ref.memory);
  expect(report.topByMemory.map((k) => k.key).slice(0, 2)).toEqual(['blob', 'q:jobs']);
  expect(report.topByMemory).toHaveLength(10);
  const mems = report.topByMemory.map((k) => k.memory);
  expect(mems).toEqual([...mems].sort((a, b) => b - a));
  expect(report.topByLength[0]).toMatchObject({ key: 'q:jobs', type: 'list', length: BIG_LIST_LENGTH });
  expect(report.topByLength.every((k) => k.type !== 'string')).toBe(true);
  expect(report.recommendations.map((r) => r.kind)).toEqual(expect.arrayContaining(['big-keys', 'big-collections', 'cache-without-ttl']));
  expect(report.recommendations.find((r) => r.kind === 'cache-without-ttl')?.subjects).toEqual(['cache']);
  // Shard balance: per node exactly what the reference saw; skew = max / mean.
  expect(Object.fromEntries(report.shards.map((s) => [s.node, { keys: s.keys, memory: s.memory }]))).toEqual(ref.byNode);
  const mean = ref.memory / report.shards.length;
  expect(report.balance.memorySkew).toBeCloseTo(Math.max(...report.shards.map((s) => s.memory)) / mean, 2);
  expect(report.encodings.length).toBeGreaterThan(0);
}

describe('analyze', () => {
  it('a 2-shard cluster by name: exact totals, namespaces, TTL buckets, top keys, balance', async () => {
    const r = await memctl(['--local', 'analyze', 'an', '-o', 'json']);
    expectOk(r);
    const report = json<AnalyzeReport>(r);
    expect(report.cluster).toBe(true);
    expect(report.shards).toHaveLength(2);
    expectExact(report, clusterRef);
    // The 1.2 MB blob lives on one shard, which is therefore the hot one.
    const hot = report.shards.find((s) => s.node === report.balance.hotShard);
    expect(hot?.memory).toBe(Math.max(...report.shards.map((s) => s.memory)));
    expect(report.recommendations.map((x) => x.kind)).toContain('shard-imbalance');
  });

  it('a standalone server by URL, the table output and the HTML report', async () => {
    const file = join(home, 'report.html');
    const r = await memctl(['analyze', server.url, '-o', 'json', '--report', file]);
    expectOk(r);
    const report = json<AnalyzeReport>(r);
    expect(report.cluster).toBe(false);
    expect(report.balance.hotShard).toBeNull();
    expectExact(report, standaloneRef);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('Memory by type');
    expect(html).toContain('Memory per shard');
    expect(html).toContain('Node latency during the sweep (PING round trips; batches spaced out above 2 ms)');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link /);
    const table = await memctl(['analyze', server.url, '-o', 'table', '--top', '3']);
    expectOk(table);
    expect(table.stdout).toMatch(/By type[\s\S]*By namespace[\s\S]*TTL[\s\S]*Top keys by memory[\s\S]*Shards[\s\S]*Recommendations[\s\S]*Node latency during the sweep/);
    expect(table.stdout).toContain('cache-without-ttl');
  });

  it('--sample N reads N keys per node; --delimiter and --depth shape the namespaces', async () => {
    const r = await memctl(['--local', 'analyze', 'an', '--sample', '5', '--count', '2', '-o', 'json']);
    expectOk(r);
    const report = json<AnalyzeReport>(r);
    expect(report.sample).toBe(5);
    expect(report.totals.keys).toBe(10);
    expect(report.totals.dbsize).toBe(ANALYZE_TOTAL);
    expect(report.shards.map((s) => s.keys)).toEqual([5, 5]);
    const flat = await memctl(['analyze', server.url, '--depth', '1', '--delimiter', '|', '-o', 'json']);
    expectOk(flat);
    expect(json<AnalyzeReport>(flat).namespaces).toEqual([expect.objectContaining({ prefix: '(root)', keys: ANALYZE_TOTAL })]);
  });

  it('Ctrl-C prints the figures gathered so far and exits 130', async () => {
    // --debug logs each round as it is answered: SIGINT once two batches have had their second round.
    const secondRounds = (stderr: string): number => stderr.match(/ (STRLEN|HLEN|LLEN|SCARD|ZCARD|XLEN|OBJECT ENCODING)\b/g)?.length ?? 0;
    const r = await runMemctl(['analyze', server.url, '--count', '1', '--max-ops', '20', '-o', 'json', '--debug'], { env, interruptWhen: (seen) => secondRounds(seen.stderr) >= 2, timeoutMs: 20_000 });
    expect(r.code, show(r)).toBe(130);
    const report = json<AnalyzeReport>(r);
    expect(report.complete).toBe(false);
    expect(report.totals.keys).toBeGreaterThan(0);
    expect(report.totals.keys).toBeLessThan(ANALYZE_TOTAL);
    expect(r.stderr).toMatch(/interrupted/);
  });

  it('bad input exits 2 before connecting', async () => {
    for (const args of [
      ['--depth', '0'],
      ['--top', 'ten'],
      ['--sample', '-1'],
      ['--report', 'out.txt'],
      ['--delimiter', ''],
      ['--max-latency-ms', '-1'],
      ['--max-latency-ms', 'fast'],
    ]) {
      expectCleanError(await memctl(['analyze', 'redis://127.0.0.1:1', ...args]), 2);
    }
    expectCleanError(await memctl(['keys', 'scan', 'redis://127.0.0.1:1', '--max-latency-ms', '1e3']), 2, /invalid --max-latency-ms "1e3"/);
    expectCleanError(await memctl(['analyze', 'ftp://x']), 2);
  });
});
