// E2E: memctl bench through bin/memctl (worker threads from dist/bench-worker.js) against a
// standalone redis-server by URL and a --local 2x1 TLS cluster by name: results as stable JSON and
// tables, the safety refusal and --cleanup, custom commands, --hdr-out, compare and merge, the
// --latency probe, a password never shown, bad input refused before connecting, and a failover
// (FailoverShard through the SDK) in the middle of a run.
import { FailoverShardCommand, MemoryDBClient } from '@aws-sdk/client-memorydb';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../src/lib/redis/bench/result.js';
import { cleanEnv, expectCleanError, expectOk, parseJson, registerTestSecret, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';
import { freePort, pidAlive, recordedNodePids, tempDir } from '../helpers/local.js';

const stateDir = tempDir('e2e-bench');
const home = tempDir('e2e-bench-home');
const files = tempDir('e2e-bench-files');
let env: NodeJS.ProcessEnv;
let localPort = 0;
let server: StandaloneServer;
const memctl = (args: string[], timeoutMs = 30_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> => runMemctl(args, { env: { ...env, ...extraEnv }, timeoutMs });

beforeAll(async () => {
  localPort = await freePort();
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(localPort) }, home);
  server = await startStandalone();
});

afterAll(async () => {
  await server?.stop();
  const nodePids = recordedNodePids(stateDir);
  const down = await runMemctl(['local', 'down'], { env, timeoutMs: 40_000 });
  for (const pid of nodePids.filter(pidAlive)) process.kill(pid, 'SIGKILL');
  for (const dir of [stateDir, home, files]) rmSync(dir, { recursive: true, force: true });
  expect(down.code, show(down)).toBe(0);
}, 60_000);

describe('memctl bench on a standalone server', () => {
  it('runs the requests asked for and prints the JSON contract', async () => {
    await server.client.call('FLUSHALL');
    const r = await memctl(['bench', server.url, '--requests', '4000', '--ratio', '1:3', '--clients', '4', '--threads', '2', '--pipeline', '4', '--data-size', '8', '--keyspace', '500', '-o', 'json']);
    expectOk(r);
    const b = parseJson<BenchResult>(r);
    expect(b).toMatchObject({ kind: 'memctl-bench', formatVersion: 2, target: server.url, cluster: false, primaries: 1 });
    expect(b.config).toMatchObject({ threads: 2, clientsPerThread: 4, clients: 8, pipeline: 4, ratio: '1:3', keyMinimum: 0, keyMaximum: 499, keyPrefix: 'memctl-bench:', requests: 4000 });
    expect(b.totals).toMatchObject({ name: 'all', requests: 4000, ok: 4000, failed: 0 });
    expect(b.commands.map((c) => [c.name, c.requests])).toEqual([
      ['SET', 1000],
      ['GET', 3000],
    ]);
    expect(b.totals.histogram.count).toBe(4000);
    // Every duration in JSON is in milliseconds (format 2): a local round trip is well under 100 ms.
    expect(b.formatVersion).toBe(2);
    expect(b.totals.latencyMs.p50).toBeGreaterThan(0);
    expect(b.totals.latencyMs.p50).toBeLessThan(100);
    expect(b.totals.latencyMs.p50).toBeLessThanOrEqual(b.totals.latencyMs.p99);
    expect(JSON.stringify(b)).not.toMatch(/Us"|Micros"/);
    expect(b.totals.opsPerSec).toBeGreaterThan(0);
    expect(b.errors).toEqual({});
    expect(b.client?.threads).toHaveLength(2);
    expect(r.stderr).toMatch(/^bench redis:\/\/127\.0\.0\.1:\d+: 2 threads x 4 clients, pipeline 4, 4,000 requests$/m);
    // Its keys are gone at the end; kept (--keep-keys), they still expire on their own.
    expect(await server.client.call('KEYS', '*')).toEqual([]);
    expect(r.stderr).toMatch(/^cleanup: unlinked \d+ keys under memctl-bench:$/m);
    expectOk(await memctl(['bench', server.url, '--requests', '200', '--ratio', '1:0', '--keep-keys', '-q']));
    const kept = (await server.client.call('KEYS', '*')) as string[];
    expect(kept.length).toBeGreaterThan(0);
    for (const k of kept.slice(0, 20)) expect(Number(await server.client.pttl(k))).toBeGreaterThan(3_000_000);
    await server.client.call('FLUSHALL');
  });

  it('shows progress each second on stderr and a table on stdout', async () => {
    const r = await memctl(['bench', server.url, '--test-time', '2200ms', '--clients', '2', '--threads', '1', '--rate', '500', '-o', 'table']);
    expectOk(r);
    expect(r.stderr).toMatch(/^\[\s+1s\]\s+[\d,]+ ops\/s {2}\(SET [\d,]+, GET [\d,]+\) {2}p50 \d+\.\d{3} ms {2}p99 \d+\.\d{3} ms {2}errors 0$/m);
    expect(r.stderr).toMatch(/^\[\s+2s\]/m);
    expect(r.stdout).toMatch(/^throughput\s+[\d,]+ ops\/s$/m);
    expect(r.stdout).toMatch(/^load\s+1 thread x 2 clients, open loop at 500 requests\/s, pipeline 1$/m);
    expect(r.stdout).toMatch(/^COMMAND\s+REQUESTS\s+FAILED\s+OPS\/S\s+MEAN\s+MIN\s+P50\s+P90\s+P99\s+P99\.9\s+P99\.99\s+MAX$/m);
    expect(r.stdout).toMatch(/^send lag\s+p50 /m);
    // About 500 requests a second for 2.2 s.
    const requests = Number(/^requests\s+([\d,]+)/m.exec(r.stdout)?.[1]?.replace(/,/g, ''));
    expect(requests).toBeGreaterThan(950);
    expect(requests).toBeLessThan(1250);
  });

  it('refuses (exit 6) to write beside other data unless --yes, and --cleanup removes only its keys', async () => {
    await server.client.call('FLUSHALL');
    await server.client.set('customer:1', 'precious');
    const refused = await memctl(['bench', server.url, '--requests', '100']);
    expectCleanError(refused, 6, /holds 1 keys, some outside the bench prefix "memctl-bench:" \(e\.g\. "customer:1"\)/);
    expect(Number(await server.client.call('DBSIZE'))).toBe(1);
    const ok = await memctl(['bench', server.url, '--requests', '300', '--ratio', '1:0', '--key-prefix', 'mine:', '--yes', '--cleanup', '-o', 'json']);
    expectOk(ok);
    expect(ok.stderr).toMatch(/^cleanup: unlinked \d+ keys under mine:$/m);
    expect((await server.client.call('KEYS', '*')) as string[]).toEqual(['customer:1']);
    // A GET-only workload writes nothing, so it needs no --yes.
    expectOk(await memctl(['bench', server.url, '--requests', '100', '--ratio', '0:1']));
  });

  it('runs custom commands under the prefix and refuses keys outside it', async () => {
    await server.client.call('FLUSHALL');
    const r = await memctl(['bench', server.url, '--requests', '600', '--command', 'HSET __key__ f __data__', '--command', 'HGET __key__ f', '--keyspace', '50', '--keep-keys', '-o', 'json']);
    expectOk(r);
    expect(parseJson<BenchResult>(r).commands.map((c) => [c.name, c.ok])).toEqual([
      ['HSET', 300],
      ['HGET', 300],
    ]);
    expect(await server.client.type('memctl-bench:1')).toBe('hash');
    const outside = await memctl(['bench', server.url, '--requests', '10', '--command', 'SADD myset __key__']);
    expectCleanError(outside, 2, /writes key "myset", outside the bench prefix/);
    const unknown = await memctl(['bench', server.url, '--requests', '10', '--command', 'NOSUCHCMD __key__']);
    expectCleanError(unknown, 2, /does not know this command/);
  });

  it('writes --hdr-out files; compare and merge read saved results', async () => {
    await server.client.call('FLUSHALL');
    const hdr = join(files, 'run.hdr');
    const a = await memctl(['bench', server.url, '--requests', '1000', '--hdr-out', hdr, '-o', 'json', '-q']);
    expectOk(a);
    const b = await memctl(['bench', server.url, '--requests', '2000', '--pipeline', '8', '-o', 'json', '-q']);
    expectOk(b);
    for (const f of [hdr, join(files, 'run.SET.hdr'), join(files, 'run.GET.hdr')]) {
      expect(existsSync(f), f).toBe(true);
      expect(readFileSync(f, 'utf8')).toMatch(/Value\s+Percentile\s+TotalCount[\s\S]*#\[Max\s+=/);
    }
    expect(readFileSync(hdr, 'utf8')).toMatch(/Total count\s+=\s+1000\]/);
    writeFileSync(join(files, 'a.json'), a.stdout);
    writeFileSync(join(files, 'b.json'), b.stdout);
    const cmp = await memctl(['bench', 'compare', join(files, 'a.json'), join(files, 'b.json'), '-o', 'json']);
    expectOk(cmp);
    const rows = parseJson<{ rows: Array<{ command: string; metric: string; a: number; b: number; percent: number | null }> }>(cmp).rows;
    const ops = rows.find((x) => x.command === 'all' && x.metric === 'ops/s');
    expect(ops?.a).toBe(parseJson<BenchResult>(a).totals.opsPerSec);
    expect(ops?.b).toBe(parseJson<BenchResult>(b).totals.opsPerSec);
    const merged = await memctl(['bench', 'merge', join(files, 'a.json'), join(files, 'b.json'), '-o', 'json', '-q']);
    expectOk(merged);
    const m = parseJson<BenchResult>(merged);
    expect(m.totals.requests).toBe(3000);
    expect(m.totals.histogram.count).toBe(3000);
    expect(m.merged?.sources).toHaveLength(2);
    const table = await memctl(['bench', 'compare', join(files, 'a.json'), join(files, 'b.json'), '-o', 'table']);
    expect(table.stdout).toMatch(/^COMMAND\s+METRIC\s+A\s+B\s+DELTA\s+CHANGE$/m);
    expectCleanError(await memctl(['bench', 'merge', join(files, 'a.json'), hdr]), 2, /run\.hdr is not JSON/);
  });

  it('--latency probes PING one at a time', async () => {
    const r = await memctl(['bench', server.url, '--latency', '--samples', '30', '--interval', '100ms', '--history', '-o', 'json']);
    expectOk(r);
    const p = parseJson<{ mode: string; samples: number; overall: { samples: number; p50Ms: number; maxMs: number }; windows: unknown[] }>(r);
    expect(p.mode).toBe('latency');
    expect(p.overall.samples).toBe(30);
    expect(p.overall.p50Ms).toBeGreaterThan(0);
    expect(p.overall.p50Ms).toBeLessThan(100);
    expect(p.overall.p50Ms).toBeLessThanOrEqual(p.overall.maxMs);
    expect(p.windows.length).toBeGreaterThanOrEqual(2);
  });

  it('Ctrl-C stops the run, prints what was measured and exits 130', async () => {
    const r = await runMemctl(['bench', server.url, '--test-time', '60s', '--clients', '2', '--threads', '1', '-o', 'json', '--yes'], { env, timeoutMs: 30_000, interruptWhen: (seen) => /\[\s*1s\]/.test(seen.stderr) });
    expect(r.code, show(r)).toBe(130);
    const b = parseJson<BenchResult>(r);
    expect(b.interrupted).toBe(true);
    expect(b.totals.ok).toBeGreaterThan(0);
    expect(b.durationMs).toBeLessThan(10_000);
    expect(r.stderr).toMatch(/^memctl: interrupted: the results so far are above$/m);
  });

  it('logs in with a password that never shows, --debug included', async () => {
    const password = 'e2e-bench-secret-4f9a2c';
    registerTestSecret(password);
    await server.client.call('CONFIG', 'SET', 'requirepass', password);
    try {
      await server.client.call('AUTH', password);
      await server.client.call('FLUSHALL');
      const r = await memctl(['bench', server.url, '--requests', '500', '--debug', '-o', 'json'], 30_000, { MEMCTL_PASSWORD: password });
      expect(r.code, show(r)).toBe(0);
      expect(parseJson<BenchResult>(r).totals.ok).toBe(500);
      const wrong = await memctl(['bench', server.url, '--requests', '5'], 30_000, { MEMCTL_PASSWORD: 'e2e-wrong-password-77' });
      registerTestSecret('e2e-wrong-password-77');
      expectCleanError(wrong, 4, /authentication failed/);
    } finally {
      await server.client.call('CONFIG', 'SET', 'requirepass', '');
    }
  });
});

describe('bad input exits 2 before connecting', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--requests', 'abc'], /invalid --requests "abc"/],
    [['--ratio', '1-10'], /invalid --ratio/],
    [['--data-size-range', '9-2'], /--data-size-range/],
    [['--test-time', '10s', '--requests', '5'], /--requests and --test-time/],
    [['--command', 'HSET h f v'], /has no __key__/],
    [['--key-prefix', ''], /--key-prefix/],
    [['--latency', '--pipeline', '2'], /does not go with --latency/],
    [['--samples', '2'], /goes with --latency/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      // Nothing listens on this port: a connection attempt would fail with exit 1, not 2.
      const port = await freePort();
      expectCleanError(await memctl(['bench', `redis://127.0.0.1:${port}`, ...args]), 2, message);
    });
  }

  it('an unreachable server is exit 1 with the address', async () => {
    const port = await freePort();
    expectCleanError(await memctl(['bench', `redis://127.0.0.1:${port}`, '--requests', '5']), 1, new RegExp(`cannot connect to redis://127\\.0\\.0\\.1:${port}`));
  });
});

describe('memctl bench on a --local cluster', () => {
  it('keeps going through a failover: exit 0, MOVED followed, the counts add up', async () => {
    const created = await memctl(['--local', 'create', 'benchc', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json'], 90_000);
    expectOk(created);
    const running = memctl(['--local', 'bench', 'benchc', '--test-time', '7s', '--threads', '1', '--clients', '8', '--ratio', '1:1', '--keyspace', '2000', '-o', 'json'], 60_000);
    await new Promise((r) => setTimeout(r, 2500));
    const sdk = new MemoryDBClient({ endpoint: `http://127.0.0.1:${localPort}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await sdk.send(new FailoverShardCommand({ ClusterName: 'benchc', ShardName: '0001' }));
    } finally {
      sdk.destroy();
    }
    const r = await running;
    expectOk(r);
    const b = parseJson<BenchResult>(r);
    expect(b).toMatchObject({ target: 'benchc', cluster: true, primaries: 2 });
    expect(b.totals.requests).toBe(b.totals.ok + b.totals.failed);
    expect(b.commands.reduce((n, c) => n + c.requests, 0)).toBe(b.totals.requests);
    expect(Object.values(b.errors).reduce((n, x) => n + x, 0)).toBe(b.totals.failed);
    expect(b.totals.ok).toBeGreaterThan(1000);
    // The old primary answers MOVED for its slots once it is a replica; memctl follows them.
    expect(b.redirects.moved).toBeGreaterThan(0);
    // Redirects and any failures show in error windows.
    expect(b.errorWindows.length).toBeGreaterThan(0);
    expect(b.errorWindows.reduce((n, w) => n + (w.kinds.MOVED ?? 0), 0)).toBeGreaterThan(0);
    // Requests kept succeeding after the failover: the last seconds have answers.
    expect(b.timeline[b.timeline.length - 1]?.ok).toBeGreaterThan(0);
  }, 120_000);

  it('logs in with --iam tokens (minted in the main thread, handed to the workers)', async () => {
    expectOk(await memctl(['--local', '-q', 'users', 'create', 'benchbot', '--iam', '--access-string', 'on ~* +@all', '--wait']));
    expectOk(await memctl(['--local', '-q', 'acls', 'create', 'benchacl', '--user', 'benchbot', '--wait']));
    expectOk(await memctl(['--local', '-q', 'create', 'benchiam', '--shards', '1', '--replicas', '0', '--acl', 'benchacl', '--wait'], 90_000));
    // Without credentials the cluster refuses the benchmark's connections.
    expectCleanError(await memctl(['--local', '-q', 'bench', 'benchiam', '--requests', '10']), 4, /authentication/);
    const r = await memctl(['--local', '-q', 'bench', 'benchiam', '--user', 'benchbot', '--iam', '--requests', '500', '--threads', '2', '--clients', '2', '--debug', '-o', 'json']);
    expect(r.code, show(r)).toBe(0);
    expect(parseJson<BenchResult>(r).totals.ok).toBe(500);
    expect(r.stderr).not.toMatch(/X-Amz-Signature=[0-9a-f]{16}/);
  }, 120_000);
});
