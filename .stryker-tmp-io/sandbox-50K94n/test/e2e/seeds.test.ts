// @ts-nocheck
// E2E: what the seeds ask for, through bin/memctl against a local cluster. memctl endpoints: the
// endpoints with the CA to trust, -o env read back by bash and used by redis-cli, -o k8s as YAML
// documents that validate against the Kubernetes API schema (a loopback endpoint: Service without
// a selector plus EndpointSlice), bad -o k8s settings refused before any call. Scheduled exports:
// snapshot copy --latest run twice exports once; --keep prunes the older exports. memctl cost:
// the estimate equals the hand calculation from the price file, --max-monthly fails above it.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1';
import { cleanEnv, downLocalPlane, expectCleanError, expectOk, parseJson, runMemctl, type RunResult } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';

const stateDir = tempDir('e2e-endpoints');
const home = tempDir('e2e-endpoints-home');
let env: NodeJS.ProcessEnv;
const memctl = (args: string[], timeoutMs = 30_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  expectOk(await memctl(['--local', 'create', 'eps', '--shards', '1', '--replicas', '1', '--no-alarms', '--wait', '-o', 'json'], 60_000));
}, 90_000);

afterAll(async () => {
  await downLocalPlane(env, stateDir, home);
});

describe('memctl endpoints', () => {
  it('lists the configuration endpoint and every node, with TLS and the CA to trust', async () => {
    const r = await memctl(['--local', 'endpoints', 'eps', '-o', 'json']);
    expectOk(r);
    const info = parseJson(r) as { tls: boolean; caFile: string; clusterMode: string; endpoints: Array<{ kind: string; name: string; address: string; port: number }> };
    expect(info).toMatchObject({ tls: true, clusterMode: 'enabled', caFile: `${stateDir}/tls/ca.crt` });
    expect(info.endpoints.map((e) => e.kind)).toEqual(['configuration', 'node', 'node']);
  });

  it('-o env: bash sources it and redis-cli connects with what it says', async () => {
    const r = await memctl(['--local', 'endpoints', 'eps', '-o', 'env']);
    expectOk(r);
    const pong = execFileSync('bash', ['-c', 'set -a; eval "$LINES"; redis-cli --tls --cacert "$REDIS_CACERT" -h "$REDIS_HOST" -p "$REDIS_PORT" PING'], { env: { PATH: process.env.PATH, LINES: r.stdout }, encoding: 'utf8' });
    expect(pong.trim()).toBe('PONG');
  });

  it('-o k8s: YAML documents valid against the Kubernetes schema, with the namespace and labels asked for', async () => {
    const r = await memctl(['--local', 'endpoints', 'eps', '-o', 'k8s', '--namespace', 'shop', '--label', 'team=payments', '--host-address', '10.1.2.3']);
    expectOk(r);
    expect(r.stderr).toMatch(/ExternalName Service cannot point at it/);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs.map((d) => d.kind)).toEqual(['Service', 'EndpointSlice', 'ConfigMap']);
    new Service(docs[0] as never).validate();
    new EndpointSlice(docs[1] as never).validate();
    new ConfigMap(docs[2] as never).validate();
    expect(docs[1]).toMatchObject({ metadata: { namespace: 'shop', labels: { team: 'payments', 'kubernetes.io/service-name': 'eps' } }, endpoints: [{ addresses: ['10.1.2.3'] }] });
  });

  it('refuses bad -o k8s settings before any call (exit 2)', async () => {
    expectCleanError(await memctl(['--local', 'endpoints', 'eps', '-o', 'k8s', '--namespace', 'Shop_1']), 2, /invalid --namespace "Shop_1"/);
    expectCleanError(await memctl(['--local', 'endpoints', 'eps', '-o', 'k8s', '--label', 'team']), 2, /invalid --label "team"/);
    expectCleanError(await memctl(['--local', 'endpoints', 'eps', '-o', 'k8s', '--host-address', '127.0.0.1']), 2, /invalid --host-address/);
    expectCleanError(await memctl(['--local', 'endpoints', 'ghost']), 3, /not found/);
  });
});

describe('memctl snapshot copy --latest', () => {
  const exportOf = (r: RunResult) => parseJson(r) as { snapshot: string; export: string; exported: boolean; pruned: string[] };
  const latest = (...extra: string[]) => memctl(['--local', 'snapshot', 'copy', '--latest', '--cluster', 'eps', '--source', 'manual', '--bucket', 'other-account', '--prefix', 'x-', '--wait', '-o', 'json', ...extra], 60_000);
  const files = () => readdirSync(join(stateDir, 's3', 'other-account')).sort();

  it('exports the newest snapshot once, however often it runs; --keep 1 removes older exports', async () => {
    expectCleanError(await latest(), 3, /has no available manual snapshot to export/);
    expectOk(await memctl(['--local', 'snapshot', 'create', 'eps', 'eps-a', '--wait', '-o', 'json'], 60_000));
    const first = await latest();
    expectOk(first);
    expect(exportOf(first)).toMatchObject({ snapshot: 'eps-a', export: 'x-eps-a', exported: true });
    const again = await latest();
    expect(again.code).toBe(0);
    expect(exportOf(again)).toMatchObject({ snapshot: 'eps-a', exported: false });
    expect(again.stderr).toMatch(/exported to other-account as x-eps-a already; nothing to do/);
    expect(files()).toEqual(['x-eps-a-0001.rdb']);
    expectOk(await memctl(['--local', 'snapshot', 'create', 'eps', 'eps-b', '--wait', '-o', 'json'], 60_000));
    const next = await latest('--keep', '1');
    expectOk(next);
    expect(exportOf(next)).toMatchObject({ snapshot: 'eps-b', export: 'x-eps-b', exported: true, pruned: ['x-eps-a'] });
    expect(files()).toEqual(['x-eps-b-0001.rdb']);
  }, 120_000);

  it('refuses what does not go together, before any call (exit 2)', async () => {
    expectCleanError(await memctl(['--local', 'snapshot', 'copy', '--latest', '--bucket', 'b1b']), 2, /--latest needs --cluster/);
    expectCleanError(await memctl(['--local', 'snapshot', 'copy', '--latest', '--cluster', 'eps']), 2, /--latest needs --bucket/);
    expectCleanError(await memctl(['--local', 'snapshot', 'copy', 'a', 'b', '--latest', '--cluster', 'eps', '--bucket', 'b1b']), 2, /give no source or target/);
    expectCleanError(await memctl(['--local', 'snapshot', 'copy', '--latest', '--cluster', 'eps', '--bucket', 'b1b', '--keep', '0']), 2, /--keep must be at least 1/);
    expectCleanError(await memctl(['--local', 'snapshot', 'copy', '--latest', '--cluster', 'eps', '--bucket', 'b1b', '--source', 'daily']), 2, /invalid --source "daily"/);
    expectCleanError(await memctl(['--local', 'snapshot', 'copy', 'a', 'b', '--keep', '2']), 2, /--keep goes with --latest/);
  });
});

describe('memctl cost', () => {
  const prices = join(home, 'prices.json');
  const write = (nodes: Record<string, unknown>) =>
    writeFileSync(prices, JSON.stringify({ date: '2026-01-01', source: 'test prices', nodes: { memorydb: { 'us-east-1': nodes } }, dataWrittenPerGB: { 'us-east-1': 0.2 }, snapshotPerGBMonth: { memorydb: { 'us-east-1': 0.021 } } }));

  it('equals the hand calculation from the price file; --max-monthly is a budget check (exit 6 above it)', async () => {
    write({ 'db.t4g.small': { onDemand: 0.1, reserved1y: 0.07 } });
    const r = await memctl(['--local', 'cost', 'eps', '--price-file', prices, '--write-gb-per-month', '10', '-o', 'json']);
    expectOk(r);
    const cost = parseJson(r) as { monthly: number; reserved1y: number; prices: string; lines: Array<{ item: string; monthly: number; source: string }> };
    // 2 nodes (1 shard, 1 replica) x 730 h x $0.10 = $146; 10 GB x $0.20 = $2; snapshots at $0.021 per GB-month.
    expect(cost.lines[0]).toMatchObject({ item: '2 x db.t4g.small node-hours', monthly: 146, source: 'test prices, 2026-01-01' });
    expect(cost.lines[1]).toMatchObject({ item: 'data written', monthly: 2 });
    expect(cost.monthly).toBeCloseTo(cost.lines.reduce((n, l) => n + l.monthly, 0), 2);
    expect(cost.reserved1y).toBeCloseTo(2 * 730 * 0.07 + cost.monthly - 146, 2);
    expect(cost.prices).toBe(`price file ${prices}`);
    expect((await memctl(['--local', 'cost', 'eps', '--price-file', prices, '--max-monthly', '1000'])).code).toBe(0);
    // Above the budget: the estimate is still printed, then exit 6 says why.
    const over = await memctl(['--local', 'cost', 'eps', '--price-file', prices, '--write-gb-per-month', '10', '--max-monthly', '100', '-o', 'json']);
    expect(over.code).toBe(6);
    expect((parseJson(over) as { monthly: number }).monthly).toBe(cost.monthly);
    expect(over.stderr).toMatch(/costs \$14\d\.\d\d a month on demand, above --max-monthly 100/);
  });

  it('create --dry-run and scale --dry-run show the monthly cost and the difference (prices from MEMCTL_PRICE_FILE)', async () => {
    write({ 'db.t4g.small': { onDemand: 0.1 }, 'db.r7g.large': { onDemand: 0.5 } });
    const withPrices = { ...env, MEMCTL_PRICE_FILE: prices };
    const scale = await runMemctl(['--local', 'scale', 'eps', '--shards', '2', '--node-type', 'db.r7g.large', '--dry-run', '-o', 'json'], { env: withPrices, timeoutMs: 30_000 });
    expectOk(scale);
    // Now 2 x db.t4g.small ($146); after, 2 shards x 2 nodes of db.r7g.large: 4 x 730 x $0.50 = $1,460.
    expect((parseJson(scale) as { cost: unknown }).cost).toEqual({ from: 146, to: 1460, difference: 1314, prices: `price file ${prices}` });
    const create = await runMemctl(['--local', 'create', 'planned', '--shards', '3', '--replicas', '2', '--dry-run', '-o', 'json'], { env: withPrices, timeoutMs: 30_000 });
    expectOk(create);
    expect((parseJson(create) as { cost: unknown }).cost).toEqual({ monthly: 9 * 730 * 0.1, prices: `price file ${prices}` });
    // Without prices a dry run still plans, and says why it has no cost.
    const unknown = await memctl(['--local', 'scale', 'eps', '--shards', '2', '--dry-run', '-o', 'json']);
    expectOk(unknown);
    expect((parseJson(unknown) as { cost: { unknown: string } }).cost.unknown).toMatch(/not implemented by the memctl local control plane; give prices in a file/);
  });

  it('says what it could not price (exit 7) and refuses bad input before any call (exit 2)', async () => {
    write({ 'db.r7g.large': { onDemand: 0.5 } });
    const partial = await memctl(['--local', 'cost', 'eps', '--price-file', prices]);
    expect(partial.code).toBe(7);
    expect(partial.stderr).toMatch(/leaves out what the prices do not cover: db.t4g.small in us-east-1/);
    expectCleanError(await memctl(['--local', 'cost', 'eps', '--price-file', join(home, 'missing.json')]), 2, /cannot read the price file/);
    expectCleanError(await memctl(['--local', 'cost', 'eps', '--max-monthly', 'lots']), 2, /invalid --max-monthly "lots"/);
    writeFileSync(prices, JSON.stringify({ date: 'yesterday', nodes: {} }));
    expectCleanError(await memctl(['--local', 'cost', 'eps', '--price-file', prices]), 2, /"date" must be YYYY-MM-DD/);
  });
});
