// @ts-nocheck
// E2E: memctl nodes and memctl slowlog through bin/memctl, against a --local 2x1 TLS cluster and
// a plain redis:// URL to a standalone redis-server that logs every command.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStandalone } from '../../src/lib/redis/connect.js';
import { cleanEnv, expectCleanError, expectOk, runMemctl, show, type RunResult, parseJson } from '../helpers/cli.js';
import { adminConnection, eventually, freePort, pidAlive, tempDir, recordedNodePids } from '../helpers/local.js';

interface NodeJson {
  id: string;
  address: string;
  port: number;
  role: string;
  primaryId?: string;
  primary?: string;
  status: string;
  slots: { ranges: string[]; count: number };
  keys: number;
  memory: { usedBytes: number; peakBytes: number; maxBytes: number };
  opsPerSec: number;
  clients: number;
  hitRatio: number | null;
  uptimeMs: number;
  engineVersion: string;
  replication?: { lagBytes: number | null; lastIoAgoMs: number | null; linkStatus: string | null };
}

interface EntryJson {
  node: string;
  id: number;
  time: string;
  timestamp: number;
  durationMs: number;
  command: string;
  args: string[];
  clientAddress: string;
  clientName: string;
}

const stateDir = tempDir('e2e-nodes');
const home = tempDir('e2e-nodes-home');
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
let url = '';
const memctl = (args: string[], timeoutMs = 30_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

const json = parseJson;


beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--slowlog-log-slower-than', '0'], { stdio: 'ignore' });
  await eventually(async () => {
    const client = connectStandalone({ host: '127.0.0.1', port, tls: null });
    try {
      await client.call('MSET', 'a', '1', 'b', '2', 'c', '3');
      await client.call('AUTH', 'e2e-not-a-password').catch(() => undefined);
      return true;
    } catch {
      return undefined;
    } finally {
      client.disconnect();
    }
  }, 10_000);
  const created = await memctl(['--local', 'create', 'stats', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json'], 60_000);
  expectOk(created);
}, 90_000);

afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGKILL');
  const nodePids = recordedNodePids(stateDir);
  const down = await runMemctl(['local', 'down'], { env, timeoutMs: 40_000 });
  // Whatever local down left behind (a failed test), stop by pid.
  for (const pid of nodePids.filter(pidAlive)) process.kill(pid, 'SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  expect(down.code, show(down)).toBe(0);
}, 60_000);

describe('memctl nodes', () => {
  it('shows every node of a --local cluster as stable JSON, sorted by shard', async () => {
    const r = await memctl(['--local', 'nodes', 'stats', '-o', 'json']);
    expectOk(r);
    const nodes = json<NodeJson[]>(r);
    expect(nodes.map((n) => n.role)).toEqual(['primary', 'replica', 'primary', 'replica']);
    expect(nodes.map((n) => n.slots)).toEqual([
      { ranges: ['0-8191'], count: 8192 },
      { ranges: ['0-8191'], count: 8192 },
      { ranges: ['8192-16383'], count: 8192 },
      { ranges: ['8192-16383'], count: 8192 },
    ]);
    for (const n of nodes) {
      expect(n).toMatchObject({ address: '127.0.0.1', status: 'ok' });
      expect(typeof n.keys).toBe('number');
      expect(typeof n.memory.usedBytes).toBe('number');
      expect(typeof n.opsPerSec).toBe('number');
      expect(typeof n.clients).toBe('number');
      expect(n.engineVersion).toMatch(/^\d+\.\d+/);
      expect(n.hitRatio === null || typeof n.hitRatio === 'number').toBe(true);
    }
    expect(nodes[1]?.primaryId).toBe(nodes[0]?.id);
    expect(nodes[1]?.primary).toBe(`127.0.0.1:${nodes[0]?.port}`);
    expect(nodes[1]?.replication?.linkStatus).toBe('up');
    expect(typeof nodes[1]?.replication?.lagBytes).toBe('number');
    expect(nodes[0]?.replication).toBeUndefined();
  });

  it('prints a table and tab-separated text', async () => {
    const table = await memctl(['--local', 'nodes', 'stats', '-o', 'table']);
    expectOk(table);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+ROLE\s+PRIMARY\s+STATUS\s+SLOTS\s+KEYS\s+USED MEMORY/);
    // Fitted to 100 columns; the last line says what -o wide adds.
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).every((l) => l.length <= 100)).toBe(true);
    expect(lines[5]).toMatch(/^\(\d+ more columns: .*version; -o wide shows everything\)$/);
    const wide = await memctl(['--local', 'nodes', 'stats', '-o', 'wide']);
    expectOk(wide);
    expect(wide.stdout.split('\n')[0]).toMatch(/HIT RATIO\s+MAXMEMORY\s+PEAK\s+UPTIME\s+VERSION$/);
    expect(wide.stdout.trimEnd().split('\n')).toHaveLength(5);
    expect(wide.stdout.split('\n')[2]).toMatch(/link up/);
    expect(lines[1]).toMatch(/^127\.0\.0\.1:\d+\s+primary\s+-\s+ok\s+0-8191 \(8192\)\s+\d+\s+[\d.]+ (B|KiB|MiB)/);
    expect(lines[2]).toMatch(/replica\s+127\.0\.0\.1:\d+\s+ok/);

    const text = await memctl(['--local', 'nodes', 'stats']);
    expectOk(text);
    const rows = text.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows).toHaveLength(4);
    expect(rows[0]?.slice(1, 5)).toEqual(['primary', '', 'ok', '0-8191']);
    expect(rows[0]?.[6]).toMatch(/^\d+$/); // bytes as bytes
  });

  it('reads a redis:// URL (standalone: all slots)', async () => {
    const r = await memctl(['nodes', url, '-o', 'json']);
    expectOk(r);
    const [node, ...rest] = json<NodeJson[]>(r);
    expect(rest).toEqual([]);
    expect(node).toMatchObject({ role: 'primary', status: 'ok', keys: 3, slots: { ranges: ['0-16383'], count: 16384 } });
  });

  it('exits 3 for an unknown cluster and 2 for a bad URL', async () => {
    expectCleanError(await memctl(['--local', 'nodes', 'nope']), 3, /nope/);
    expectCleanError(await memctl(['nodes', 'redis://']), 2);
    expectCleanError(await memctl(['nodes', 'http://127.0.0.1:1']), 2);
  });
});

describe('memctl slowlog', () => {
  it('merges a --local cluster\'s slow logs as stable JSON, oldest first', async () => {
    // Make every node log every command. CONFIG is the service's own (no user may run it, memctl
    // never does): the test sets it as the plane's user of the cluster, as an operator would.
    const nodes = json<NodeJson[]>(await memctl(['--local', 'nodes', 'stats', '-o', 'json']));
    const ca = readFileSync(join(stateDir, 'tls', 'ca.crt'));
    for (const n of nodes) {
      const admin = await adminConnection(stateDir, 'stats', n.port);
      const client = connectStandalone({ host: '127.0.0.1', port: n.port, tls: { ca } });
      try {
        await admin.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
        await client.call('ECHO', `hello-${n.port}`);
      } finally {
        admin.disconnect();
        client.disconnect();
      }
    }
    const r = await memctl(['--local', 'slowlog', 'stats', '--limit', '5', '-o', 'json']);
    expectOk(r);
    const entries = json<EntryJson[]>(r);
    expect(new Set(entries.map((e) => e.node))).toEqual(new Set(nodes.map((n) => `127.0.0.1:${n.port}`)));
    const times = entries.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // At most --limit per node.
    const perNode = new Map<string, number>();
    for (const e of entries) perNode.set(e.node, (perNode.get(e.node) ?? 0) + 1);
    for (const count of perNode.values()) expect(count).toBeLessThanOrEqual(5);
  });

  it('reads a URL: every command logged, AUTH redacted, table and json', async () => {
    const r = await memctl(['slowlog', url, '-o', 'json']);
    expectOk(r);
    const entries = json<EntryJson[]>(r);
    expect(r.stdout).not.toContain('e2e-not-a-password');
    const mset = entries.find((e) => e.args[0]?.toUpperCase() === 'MSET');
    expect(mset).toMatchObject({ node: url.replace('redis://', ''), command: 'MSET a 1 b 2 c 3' });
    // Milliseconds to the microsecond.
    expect(typeof mset?.durationMs).toBe('number');
    expect(Number.isInteger(Math.round((mset?.durationMs ?? 0) * 1000))).toBe(true);
    expect(mset).not.toHaveProperty('durationMicros');
    expect(mset?.clientAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    const auth = entries.find((e) => e.args[0]?.toUpperCase() === 'AUTH');
    expect(auth?.command).toBe('AUTH [REDACTED]');

    const table = await memctl(['slowlog', url, '-o', 'wide']);
    expectOk(table);
    expect(table.stdout).toMatch(/^TIME\s+DURATION MS\s+COMMAND\s+NODE\s+ID\s+CLIENT/);
    expect(table.stdout).toMatch(/MSET a 1 b 2 c 3/);
  });

  it('exits 2 for a bad --limit before connecting, and 3 for an unknown cluster', async () => {
    for (const limit of ['0', '-1', 'ten', '100001']) expectCleanError(await memctl(['slowlog', url, '--limit', limit]), 2, /--limit/);
    expectCleanError(await memctl(['--local', 'slowlog', 'nope']), 3, /nope/);
  });
});
