// @ts-nocheck
// E2E: a whole cluster life through bin/memctl against one local control plane (real
// redis-server processes): create, list, describe, data through the endpoint, conflicts,
// guarded delete, and the local control plane's own status and shutdown; for MemoryDB clusters and
// ElastiCache replication groups (cluster mode enabled) alike.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cleanEnv, expectCleanError, expectNoWarnings, expectOk, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { clusterClient, freePort, pidAlive, tempDir, recordedNodePids } from '../helpers/local.js';
import { SERVICES } from '../helpers/services.js';

interface ClusterJson {
  name: string;
  status: string;
  shardCount: number;
  replicasPerShard: number;
  tls: boolean;
  endpoint?: { address: string; port: number };
  shards?: Array<{ id: string; slots?: string; nodes: Array<{ name: string; status: string; endpoint?: { address: string; port: number } }> }>;
}

interface StatusJson {
  running: boolean;
  pid: number;
  endpoint: string;
  port: number;
  stateDir: string;
  clusters: Array<{ name: string; nodes: Array<{ name: string; port: number; pid?: number }> }>;
}

describe.each(SERVICES)('cluster lifecycle ($name)', (svc) => {
  const stateDir = tempDir(`e2e-life-${svc.name}`);
  const home = tempDir(`e2e-life-home-${svc.name}`);
  let env: NodeJS.ProcessEnv;
  /** Every pid `local status` reported (daemon and nodes): none may outlive the suite. */
  const seenPids = new Set<number>();
  let demo: ClusterJson | undefined;

  const memctl = (args: string[], timeoutMs = 30_000, input?: string): Promise<RunResult> =>
    runMemctl(args[0] === 'local' ? args : [...svc.local, ...args], { env, timeoutMs, input });

  function json<T>(r: RunResult): T {
    try {
      return JSON.parse(r.stdout) as T;
    } catch (err) {
      throw new Error(`stdout is not JSON (${(err as Error).message})\n${show(r)}`);
    }
  }

  async function recordPids(): Promise<StatusJson> {
    const r = await memctl(['local', 'status', '-o', 'json']);
    expectOk(r);
    const status = json<StatusJson>(r);
    seenPids.add(status.pid);
    for (const c of status.clusters) for (const n of c.nodes) if (n.pid !== undefined) seenPids.add(n.pid);
    return status;
  }

  async function waitGone(pids: Iterable<number>, timeoutMs = 10_000): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    let alive = [...pids].filter(pidAlive);
    while (alive.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      alive = alive.filter(pidAlive);
    }
    return alive;
  }

  function runProcess(command: string, args: string[], timeoutMs = 10_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  });


  afterAll(async () => {
    // A last look at what runs, in case a test failed before recording it.
    const last = await runMemctl(['local', 'status', '-o', 'json'], { env, timeoutMs: 15_000 });
    if (last.code === 0) {
      const status = JSON.parse(last.stdout) as StatusJson;
      seenPids.add(status.pid);
      for (const c of status.clusters) for (const n of c.nodes) if (n.pid !== undefined) seenPids.add(n.pid);
    }
    for (const pid of recordedNodePids(stateDir)) seenPids.add(pid);

    const down = await runMemctl(['local', 'down'], { env, timeoutMs: 40_000 });
    const alive = await waitGone(seenPids);
    // Never leave processes behind, even when the assertions below fail: stop what this suite
    // started, by pid (SIGTERM lets the daemon stop its nodes), then SIGKILL what is left.
    const signalAll = (pids: number[], signal: NodeJS.Signals): void => {
      for (const pid of pids) {
        try {
          process.kill(pid, signal);
        } catch {
          // gone meanwhile
        }
      }
    };
    signalAll(alive, 'SIGTERM');
    signalAll(await waitGone(alive, 5_000), 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    expect(down.code, show(down)).toBe(0);
    expect(seenPids.size).toBeGreaterThan(1);
    expect(alive, `processes still alive after local down: ${alive.join(', ')}`).toEqual([]);
  }, 90_000);

  describe('lifecycle against the local control plane', () => {
    it('creates a 2x2 TLS cluster and waits until it is available', async () => {
      const r = await memctl(['create', 'demo', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json'], 60_000);
      expectOk(r);
      const c = json<ClusterJson>(r);
      expect(c).toMatchObject({ name: 'demo', status: 'available', shardCount: 2, replicasPerShard: 1, tls: true });
      expect(c.endpoint?.address).toBe('127.0.0.1');
      expect(c.endpoint?.port).toBeGreaterThan(0);
      expect(c.shards).toHaveLength(2);
      for (const shard of c.shards ?? []) {
        expect(shard.nodes).toHaveLength(2);
        for (const node of shard.nodes) {
          expect(node.endpoint?.address).toBe('127.0.0.1');
          expect(node.endpoint?.port).toBeGreaterThan(0);
        }
      }
      const nodePorts = (c.shards ?? []).flatMap((s) => s.nodes.map((n) => n.endpoint?.port));
      expect(new Set(nodePorts).size).toBe(4);
      expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|DeprecationWarning/);
      demo = c;
      await recordPids();
    });

    it('lists it as JSON, through --query, and as tab-separated text when piped', async () => {
      const asJson = await memctl(['list', '-o', 'json']);
      expectOk(asJson);
      const clusters = json<ClusterJson[]>(asJson);
      expect(Array.isArray(clusters)).toBe(true);
      expect(clusters.find((c) => c.name === 'demo')).toMatchObject({ status: 'available', shardCount: 2, tls: true });

      const names = await memctl(['list', '-o', 'json', '--query', '[].name']);
      expectOk(names);
      expect(json<string[]>(names)).toEqual(['demo']);

      const text = await memctl(['list']);
      expectOk(text);
      const lines = text.stdout.split('\n').filter((l) => l !== '');
      expect(lines, show(text)).toHaveLength(1);
      expect(lines[0]).toMatch(/^demo\tavailable\t/);
      expect(lines[0]).toContain(`127.0.0.1:${demo?.endpoint?.port}`);
    });

    it('describes it as JSON, text and table', async () => {
      const asJson = await memctl(['describe', 'demo', '-o', 'json']);
      expectOk(asJson);
      const c = json<ClusterJson>(asJson);
      expect(c).toMatchObject({ name: 'demo', status: 'available', shardCount: 2, replicasPerShard: 1 });
      expect(c.shards?.map((s) => s.nodes.length)).toEqual([2, 2]);
      expect(c.shards?.map((s) => s.slots)).toEqual(['0-8191', '8192-16383']);
      // Roles come from the nodes themselves over TLS: memctl trusts the local CA with no flag.
      expect(c.shards?.map((s) => s.nodes.map((n) => (n as { role?: string }).role))).toEqual([
        ['primary', 'replica'],
        ['primary', 'replica'],
      ]);
      const noRoles = json<ClusterJson>(await memctl(['describe', 'demo', '--no-roles', '-o', 'json']));
      expect(noRoles.shards?.flatMap((s) => s.nodes.map((n) => (n as { role?: string }).role))).toEqual([undefined, undefined, undefined, undefined]);

      const asText = await memctl(['describe', 'demo']);
      expectOk(asText);
      expect(asText.stdout).toMatch(/^name\tdemo$/m);
      expect(asText.stdout).toMatch(/^status\tavailable$/m);
      for (const node of ['demo-0001-001', 'demo-0001-002', 'demo-0002-001', 'demo-0002-002']) {
        expect(asText.stdout).toMatch(new RegExp(`^\\d{4}\\t[\\d-]+\\t${node}\\t(primary|replica)\\tavailable\\t.*\\t127\\.0\\.0\\.1:\\d+$`, 'm'));
      }

      const asTable = await memctl(['describe', 'demo', '-o', 'table']);
      expectOk(asTable);
      expect(asTable.stdout).toContain(`${svc.name === 'memorydb' ? 'Cluster' : 'Replication group'} demo`);
      expect(asTable.stdout).toMatch(/^Nodes$/m);
      expect(asTable.stdout).toMatch(/^SHARD\s+SLOTS\s+NODE/m);
      expect(asTable.stdout).toContain('demo-0002-002');
    });

    it('describes it as YAML (-o yaml)', async () => {
      const asYaml = await memctl(['describe', 'demo', '-o', 'yaml']);
      expectOk(asYaml);
      const y = parseYaml(asYaml.stdout) as ClusterJson;
      expect(y).toMatchObject({ name: 'demo', status: 'available', shardCount: 2, replicasPerShard: 1, tls: true });
      expect(y.shards?.flatMap((s) => s.nodes.map((n) => n.name))).toEqual(['demo-0001-001', 'demo-0001-002', 'demo-0002-001', 'demo-0002-002']);
    });

    it('exits 3 for a cluster that does not exist', async () => {
      const r = await memctl(['describe', 'nope']);
      expectCleanError(r, 3, 'nope');
    });

    it('stores and reads data through the cluster endpoint (ioredis cluster client and redis-cli)', async () => {
      const port = demo?.endpoint?.port;
      expect(port).toBeDefined();
      const client = clusterClient(stateDir, port as number);
      try {
        const keys = Array.from({ length: 20 }, (_, i) => `e2e:key:${i}`);
        for (const key of keys) expect(await client.set(key, `value-${key}`)).toBe('OK');
        for (const key of keys) expect(await client.get(key)).toBe(`value-${key}`);
        // The 20 keys spread over both shards.
        const masters = client.nodes('master');
        expect(masters).toHaveLength(2);
        const perShard = await Promise.all(masters.map((m) => m.dbsize()));
        expect(perShard.every((n) => n > 0)).toBe(true);
        expect(perShard.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20);
      } finally {
        client.disconnect();
      }

      const cli = ['-c', '--tls', '--cacert', join(stateDir, 'tls', 'ca.crt'), '-h', '127.0.0.1', '-p', String(port)];
      const set = await runProcess('redis-cli', [...cli, 'SET', 'k', 'v']);
      expect(set.stdout.trim(), set.stderr).toBe('OK');
      const get = await runProcess('redis-cli', [...cli, 'GET', 'k']);
      expect(get.code).toBe(0);
      expect(get.stdout.trim(), get.stderr).toBe('v');
    });

    it('refuses to create it twice (exit 6) unless --if-not-exists', async () => {
      const again = await memctl(['create', 'demo']);
      expectCleanError(again, 6, /demo/);
      expect(again.stderr).toMatch(/already exists/i);

      const idempotent = await memctl(['create', 'demo', '--if-not-exists', '-o', 'json']);
      expectOk(idempotent);
      expect(json<ClusterJson>(idempotent)).toMatchObject({ name: 'demo', status: 'available', replicasPerShard: 1 });
      expect(idempotent.stderr).not.toContain('differs');
      // The text view has every field it names filled in.
      const text = await memctl(['create', 'demo', '--if-not-exists', '-o', 'text']);
      expectOk(text);
      expect(text.stdout).toMatch(/^replicas per shard\t1$/m);
    });

    it('--if-not-exists lists what differs from the request; --fail-on-drift makes that exit 6', async () => {
      const same = await memctl(['create', 'demo', '--shards', '2', '--replicas', '1', '--if-not-exists', '--fail-on-drift', '-o', 'json']);
      expectOk(same);
      expect(same.stderr).not.toContain('differs');
      const nodeType = svc.name === 'memorydb' ? 'db.r7g.large' : 'cache.r7g.large';
      const differs = await memctl(['create', 'demo', '--shards', '3', '--replicas', '1', '--node-type', nodeType, '--if-not-exists', '-o', 'json']);
      expectOk(differs);
      expect(differs.stderr).toContain(`warning: it differs from this request:\n  node type: asked ${nodeType}, has `);
      expect(differs.stderr).toContain('  shards: asked 3, has 2\n');
      expect(differs.stderr).not.toContain('replicas:');
      const refused = await memctl(['create', 'demo', '--shards', '3', '--if-not-exists', '--fail-on-drift']);
      expectCleanError(refused, 6, /exists and differs from this request: shards: asked 3, has 2/);
      expect(refused.stdout).toBe('');
      const misuse = await memctl(['create', 'other', '--fail-on-drift']);
      expectCleanError(misuse, 2, '--fail-on-drift goes with --if-not-exists');
      expectCleanError(await memctl(['create', 'other', '--dry-run', '--wait']), 2, '--dry-run only shows the request');
      expectCleanError(await memctl(['create', 'other', '--dry-run', '--if-not-exists']), 2, '--dry-run only shows the request');
      // A dry run shows the request and creates nothing.
      const plan = await memctl(['create', 'other', '--shards', '2', '--dry-run', '-o', 'json']);
      expectOk(plan);
      expect(JSON.parse(plan.stdout)).toMatchObject({ dryRun: true, request: { name: 'other', shards: 2, authToken: false } });
      expect((await memctl(['describe', 'other'])).code).toBe(3);
    });

    it('will not delete without --yes when there is no terminal, and leaves the cluster alone', async () => {
      const r = await memctl(['delete', 'demo']);
      expectCleanError(r, 2, '--yes');
      const still = await memctl(['describe', 'demo', '-o', 'json']);
      expectOk(still);
      expect(json<ClusterJson>(still).status).toBe('available');
    });

    it('deletes it with --yes --wait, after which it is not found', async () => {
      const r = await memctl(['delete', 'demo', '--yes', '--wait', '-o', 'json'], 60_000);
      expectOk(r);
      expect(json<{ name: string; status: string }>(r)).toMatchObject({ name: 'demo', status: 'deleted' });
      const gone = await memctl(['describe', 'demo']);
      expectCleanError(gone, 3, 'demo');
      const list = await memctl(['list', '-o', 'json']);
      expectOk(list);
      expect(json<ClusterJson[]>(list)).toEqual([]);
    });

    it('reports the local control plane, and `local down` stops it and every node', async () => {
      // A cluster that is still there when the control plane goes down: its nodes must stop too.
      const keep = await memctl(['create', 'keep', '--shards', '1', '--replicas', '0', '--wait', '-o', 'json'], 60_000);
      expectOk(keep);
      expect(json<ClusterJson>(keep).status).toBe('available');

      const status = await recordPids();
      expect(status.running).toBe(true);
      expect(status.pid).toBeGreaterThan(0);
      expect(pidAlive(status.pid)).toBe(true);
      expect(status.endpoint).toBe(`http://127.0.0.1:${env.MEMCTL_LOCAL_PORT}`);
      const keepNodes = status.clusters.find((c) => c.name === 'keep')?.nodes ?? [];
      expect(keepNodes).toHaveLength(1);
      const keepPids = keepNodes.map((n) => n.pid as number);
      expect(keepPids.every((pid) => pid > 0 && pidAlive(pid))).toBe(true);

      const down = await memctl(['local', 'down'], 40_000);
      expectOk(down);
      expect(await waitGone([status.pid, ...keepPids], 5_000)).toEqual([]);

      const after = await memctl(['local', 'status']);
      expect(after.code, show(after)).toBe(3);
      expectNoWarnings(after);
      expect(after.stderr.split('\n')[0]).toMatch(/^memctl: .*not running/);
      const afterJson = await memctl(['local', 'status', '-o', 'json']);
      expect(afterJson.code, show(afterJson)).toBe(3);
      expect(json<{ running: boolean }>(afterJson).running).toBe(false);
    });
  });
});
