// E2E: memctl top through bin/memctl against a --local 2x1 TLS cluster with a writer loading one
// shard: one ndjson line per interval when stdout is a pipe (every node, ops/s on the written
// primary, memory), Ctrl-C (SIGINT) ends it with exit 0, bad input exits 2 before any call, an
// unknown cluster 3; under a pseudo-terminal with a width the table is redrawn in place and q quits.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster as RedisCluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../src/lib/redis/slot.js';
import { cleanEnv, downLocalPlane, expectCleanError, expectOk, MEMCTL_BIN, parseJson, REPO_ROOT, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { clusterClient, freePort, tempDir } from '../helpers/local.js';

interface TopNodeJson {
  node: string;
  id: string;
  role: 'primary' | 'replica' | null;
  primary: string | null;
  status: 'ok' | 'down';
  error: string | null;
  opsPerSec: number | null;
  cpuPercent: number | null;
  usedMemoryBytes: number | null;
  maxMemoryBytes: number | null;
  memoryPercent: number | null;
  clients: number | null;
  hitRatio: number | null;
  netInputBytesPerSec: number | null;
  netOutputBytesPerSec: number | null;
  lagBytes: number | null;
  lastIoAgoMs: number | null;
}

interface TopLine {
  time: string;
  target: string;
  intervalMs: number;
  totals: { nodes: number; down: number; opsPerSec: number; usedMemoryBytes: number };
  nodes: TopNodeJson[];
}

const stateDir = tempDir('e2e-top');
const home = tempDir('e2e-top-home');
let env: NodeJS.ProcessEnv;
let nodes: Array<{ address: string; port: number; role: string; slots: { ranges: string[] } }> = [];
let writer: RedisCluster | undefined;
let writing = false;
const memctl = (args: string[], timeoutMs = 20_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

function lines(r: RunResult): TopLine[] {
  return r.stdout
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as TopLine;
      } catch {
        throw new Error(`not an ndjson line: ${l}\n${show(r)}`);
      }
    });
}

/** SETs in a loop, pipelined, to the one slot of `{top}` (so to one primary), until stopped. */
async function write(): Promise<void> {
  writing = true;
  let i = 0;
  while (writing && writer !== undefined) {
    const batch = writer.pipeline();
    for (let k = 0; k < 50; k++) batch.set(`{top}:${i++ % 1000}`, 'x'.repeat(64));
    await batch.exec().catch(() => undefined);
  }
}

beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()), TERM: 'xterm-256color' }, home);
  const created = await memctl(['--local', 'create', 'topc', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json'], 60_000);
  expectOk(created);
  const listed = await memctl(['--local', 'nodes', 'topc', '-o', 'json']);
  expectOk(listed);
  nodes = parseJson<typeof nodes>(listed);
  writer = clusterClient(stateDir, parseJson<{ endpoint: { port: number } }>(created).endpoint.port);
  writer.on('error', () => undefined);
  await writer.set('{top}:0', 'x');
}, 90_000);

afterAll(async () => {
  writing = false;
  writer?.disconnect();
  const down = await downLocalPlane(env, stateDir, home);
  expect(down.code, show(down)).toBe(0);
}, 60_000);

describe('memctl top', () => {
  it('prints one ndjson line per interval through a pipe, every node, with the load where it is', async () => {
    const slot = keySlot('{top}');
    const written = nodes.find((n) => n.role === 'primary' && n.slots.ranges.some((r) => {
      const [a = 0, b = a] = r.split('-').map(Number);
      return slot >= a && slot <= b;
    }));
    expect(written).toBeDefined();
    const load = write();
    const r = await memctl(['--local', 'top', 'topc', '--count', '2', '--interval', '0.5']);
    writing = false;
    await load;
    expectOk(r);
    expect(r.stderr, show(r)).toBe('');
    const got = lines(r);
    expect(got, show(r)).toHaveLength(2);
    for (const line of got) {
      expect(line).toMatchObject({ target: 'topc', intervalMs: 500, totals: { nodes: 4, down: 0 } });
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(line.nodes.map((n) => n.node).sort()).toEqual(nodes.map((n) => `${n.address}:${n.port}`).sort());
      for (const n of line.nodes) {
        expect(n.status, show(r)).toBe('ok');
        expect(n.usedMemoryBytes).toBeGreaterThan(0);
        expect(typeof n.opsPerSec).toBe('number');
        expect(typeof n.cpuPercent).toBe('number');
        expect(typeof n.clients).toBe('number');
        expect(n.maxMemoryBytes).toBeGreaterThan(0);
        expect(n.memoryPercent).toBeGreaterThan(0);
        if (n.role === 'replica') {
          expect(n.primary).toMatch(/^127\.0\.0\.1:\d+$/);
          expect(typeof n.lagBytes).toBe('number');
        } else expect(n.lagBytes).toBeNull();
      }
      // The written primary (and its replica, which applies the same writes) well above memctl's
      // own INFO, which is all the other shard sees; sorted by ops/s, the default.
      const busy = line.nodes.find((n) => n.node === `${written?.address}:${written?.port}`) as TopNodeJson;
      const idle = line.nodes.find((n) => n.role === 'primary' && n !== busy) as TopNodeJson;
      expect(busy.opsPerSec, show(r)).toBeGreaterThan(100);
      expect(busy.opsPerSec as number, show(r)).toBeGreaterThan(10 * (idle.opsPerSec as number));
      expect(busy.netInputBytesPerSec).toBeGreaterThan(1000);
      expect(line.nodes.indexOf(busy), show(r)).toBeLessThan(2);
      const ops = line.nodes.map((n) => n.opsPerSec as number);
      expect(ops).toEqual([...ops].sort((a, b) => b - a));
      expect(line.totals.opsPerSec).toBeCloseTo(ops.reduce((a, b) => a + b, 0), 0);
    }
    // The first line comes after one interval, the second one interval later.
    expect(Date.parse(got[1]?.time ?? '') - Date.parse(got[0]?.time ?? '')).toBeGreaterThanOrEqual(400);
  });

  it('ends with exit 0 on Ctrl-C, --sort name orders by address, --query runs on each line', async () => {
    const r = await runMemctl(['--local', 'top', 'topc', '--interval', '0.2', '--sort', 'name', '--query', 'nodes[].node'], { env, timeoutMs: 20_000, interruptWhen: (seen) => seen.stdout().split('\n').length > 2 });
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr, show(r)).toBe('');
    const got = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as string[]);
    expect(got.length, show(r)).toBeGreaterThanOrEqual(2);
    const ports = nodes.map((n) => n.port).sort((a, b) => a - b);
    for (const names of got) expect(names).toEqual(ports.map((p) => `127.0.0.1:${p}`));
  });

  it('refuses bad input with exit 2 before any call, and an unknown cluster with 3', async () => {
    // A cluster that does not exist: exit 2 (not 3) shows the flags were checked first.
    expectCleanError(await memctl(['--local', 'top', 'nope', '--interval', '0.1']), 2, /--interval/);
    expectCleanError(await memctl(['--local', 'top', 'nope', '--interval', '61']), 2, /--interval/);
    expectCleanError(await memctl(['--local', 'top', 'nope', '--sort', 'size']), 2, /--sort/);
    expectCleanError(await memctl(['--local', 'top', 'nope', '--count', '0']), 2, /--count/);
    expectCleanError(await memctl(['--local', 'top', 'nope', '--count', '1']), 3, /nope/);
  });

  it('redraws a table in place on a terminal with a width, and q quits with exit 0', async () => {
    const log = join(stateDir, 'typescript');
    const shell = `stty cols 100 rows 30; exec ${MEMCTL_BIN} --local top topc --interval 0.3`;
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('script', ['-qec', shell, log], { cwd: REPO_ROOT, env, stdio: ['pipe', 'ignore', 'pipe'] });
      setTimeout(() => child.stdin.write('q'), 2000);
      const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearTimeout(guard);
        resolve(c);
      });
    });
    const output = readFileSync(log, 'utf8');
    expect(code, output).toBe(0);
    // Cursor home and clear-below each refresh, the cursor hidden while it runs and shown again.
    expect(output).toContain('\u001b[?25l');
    expect(output).toContain('\u001b[?25h');
    expect(output.split('\u001b[H').length, output).toBeGreaterThanOrEqual(3);
    expect(output).toMatch(/topc {2}\d\d:\d\d:\d\d {2}4 nodes {2}ops\/s \d+ {2}memory/);
    expect(output).toMatch(/NODE.*ROLE.*OPS\/S/);
    expect(output).not.toContain('{"time"');
  });
});
