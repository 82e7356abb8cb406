// E2E: sweeps that are complete or say so. On a local 2x1 cluster, a primary killed -9 in the middle
// of `keys scan` and a failover in the middle of `analyze` still end with every key exactly once and
// exit 0; a standalone server that dies mid-sweep and stays down ends with what was found, exit 7,
// the node and command named, and `complete: false`; `nodes` with a node that does not answer exits
// 7 after its table; a reshard from 2 to 3 shards mid-scan still gives every key exactly once.
// (bench/sweep-faults.mjs is the long drill.)
import { rmSync } from 'node:fs';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOk, parseJson, runMemctl, show, type RunResult, type Seen } from '../helpers/cli.js';
import { adminConnection, eventually, freePort, tempDir } from '../helpers/local.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';
import { keySlot } from '../../src/lib/redis/slot.js';

const KEYS = 20_000;
const stateDir = tempDir('e2e-sweep');
const home = tempDir('e2e-sweep-home');
let env: NodeJS.ProcessEnv;
let endpointPort = 0;
const memctl = (args: string[], timeoutMs = 60_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

interface LiveNode {
  name: string;
  port: number;
  pid: number;
  role: string;
}

/** The cluster's nodes as the plane runs them, with the role each node has now. */
async function liveNodes(): Promise<LiveNode[]> {
  const st = parseJson<{ clusters: Array<{ name: string; nodes: Array<{ name: string; port: number; pid: number }> }> }>(await memctl(['--local', 'local', 'status', '-o', 'json']));
  const nodes = st.clusters.find((c) => c.name === 'sf')?.nodes ?? [];
  return Promise.all(
    nodes.map(async (n) => {
      const admin = await adminConnection(stateDir, 'sf', n.port, false);
      try {
        const role = ((await admin.call('ROLE')) as unknown[])[0] === 'master' ? 'primary' : 'replica';
        return { ...n, role };
      } catch {
        return { ...n, role: 'down' };
      } finally {
        admin.disconnect();
      }
    }),
  );
}

/** Two primaries, two replicas, every slot served and each replica listed (synced) again. */
async function healthy(): Promise<LiveNode[]> {
  return eventually(
    async () => {
      const nodes = await liveNodes();
      const primaries = nodes.filter((n) => n.role === 'primary');
      if (primaries.length !== 2 || nodes.some((n) => n.role === 'down')) return undefined;
      const admin = await adminConnection(stateDir, 'sf', primaries[0]?.port as number, false);
      try {
        const ranges = (await admin.call('CLUSTER', 'SLOTS')) as unknown[][];
        const info = String(await admin.call('CLUSTER', 'INFO'));
        return /cluster_state:ok/.test(info) && ranges.length > 0 && ranges.every((r) => r.length >= 4) ? nodes : undefined;
      } finally {
        admin.disconnect();
      }
    },
    60_000,
    200,
  );
}

/**
 * When a fault is made: a time after the start, or once the run shows it is under way (its first
 * keys on stdout, a line on stderr). A start-up slowed by a busy machine then cannot put the fault
 * before the sweep began.
 */
type Cue = { afterMs: number } | { firstKeys: true } | { stderr: RegExp };

/** Runs memctl and calls `fault` on `cue`, while it runs; a run that ends before its cue fails the test. */
function withFault(args: string[], cue: Cue, fault: () => Promise<void>): Promise<RunResult> {
  let fire: () => void = () => undefined;
  const cued = new Promise<void>((resolve) => (fire = resolve));
  let state: 'waiting' | 'fired' | 'ended' = 'waiting';
  const onOutput = (seen: Seen): void => {
    if (('firstKeys' in cue && seen.stdoutBytes > 0) || ('stderr' in cue && cue.stderr.test(seen.stderr))) fire();
  };
  const running = runMemctl(args, { env, timeoutMs: 90_000, onOutput });
  const timer = 'afterMs' in cue ? setTimeout(fire, cue.afterMs) : undefined;
  const faulted = new Promise<void>((resolve, reject) => {
    void cued.then(() => {
      if (state !== 'waiting') return;
      state = 'fired';
      fault().then(resolve, reject);
    });
    running.then((r) => {
      clearTimeout(timer);
      if (state !== 'waiting') return;
      state = 'ended';
      reject(new Error(`the run ended before its cue: no fault was made\n${show(r)}`));
    }, reject);
  });
  return Promise.all([running, faulted]).then(([r]) => r);
}

beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  const created = await memctl(['--local', '-q', 'create', 'sf', '--shards', '2', '--replicas', '1', '--no-tls', '--wait', '-o', 'json'], 90_000);
  expectOk(created);
  const port = parseJson<{ endpoint: { port: number } }>(created).endpoint.port;
  endpointPort = port;
  const cluster = new Cluster([{ host: '127.0.0.1', port }], { enableAutoPipelining: true });
  try {
    for (let from = 0; from < KEYS; from += 2000) await Promise.all(Array.from({ length: 2000 }, (_, i) => cluster.set(`sf:${from + i}`, 'v')));
  } finally {
    cluster.disconnect();
  }
  await healthy();
}, 180_000);

afterAll(async () => {
  const down = await runMemctl(['local', 'down'], { env, timeoutMs: 60_000 });
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  expect(down.code, show(down)).toBe(0);
}, 90_000);

describe('a fault mid-sweep on a cluster', () => {
  it('keys scan: a primary killed -9 mid-scan; every key exactly once, exit 0, the fault named', async () => {
    const victim = (await healthy()).find((n) => n.role === 'primary') as LiveNode;
    // ~100 SCAN calls per node at 40 per second: the kill lands in the middle, once keys come.
    const r = await withFault(['--local', 'keys', 'scan', 'sf', '--count', '100', '--max-ops', '40'], { firstKeys: true }, async () => {
      process.kill(victim.pid, 'SIGKILL');
    });
    expect(r.code, show(r)).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(KEYS);
    expect(new Set(lines).size).toBe(KEYS);
    expect(r.stderr).toContain(`127.0.0.1:${victim.port}`);
    expect(r.stderr).toMatch(/after recovering from \d+ fault/);
  });

  it('analyze: a failover mid-sweep, from replicas; exact totals, complete, exit 0', async () => {
    await healthy();
    const r = await withFault(['--local', 'analyze', 'sf', '--read-from', 'replica', '--count', '100', '--max-ops', '8000', '-o', 'json'], { afterMs: 800 }, async () => {
      expectOk(await memctl(['--local', '-q', 'failover', 'sf', '--shard', '0001', '--yes']));
    });
    expect(r.code, show(r)).toBe(0);
    const report = parseJson<{ complete: boolean; totals: { keys: number; vanished: number }; failure: unknown }>(r);
    expect(report).toMatchObject({ complete: true, failure: null, totals: { keys: KEYS, vanished: 0 } });
  });
});

describe('keys get right after the key\'s primary is killed -9', () => {
  it('waits for the failover and answers from the new primary', async () => {
    const nodes = await healthy();
    const admin = await adminConnection(stateDir, 'sf', nodes[0]?.port as number, false);
    const ranges = (await admin.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
    admin.disconnect();
    const slot = keySlot(Buffer.from('sf:1'));
    const ownerPort = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2][1];
    const owner = nodes.find((n) => n.port === ownerPort) as LiveNode;
    process.kill(owner.pid, 'SIGKILL');
    const r = await memctl(['--local', 'keys', 'get', 'sf', 'sf:1', '-o', 'json']);
    expect(r.code, show(r)).toBe(0);
    expect(parseJson<{ value: string }>(r).value).toBe('v');
  });
});

describe('bench with a primary killed -9 mid-run', () => {
  it('prints its results (complete, or complete: false and exit 7) and removes its keys', async () => {
    const victim = (await healthy()).find((n) => n.role === 'primary') as LiveNode;
    const r = await withFault(['--local', '--yes', 'bench', 'sf', '--test-time', '4s', '--threads', '1', '--clients', '4', '--keyspace', '5000', '-o', 'json'], { stderr: /\[\s*1s\]/ }, async () => {
      process.kill(victim.pid, 'SIGKILL');
    });
    expect([0, 7], show(r)).toContain(r.code);
    const result = parseJson<{ complete: boolean; totals: { ok: number; failed: number }; abandoned?: string }>(r);
    expect(result.complete).toBe(r.code === 0);
    expect(result.totals.ok).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/cleanup: unlinked \d+ keys/);
    // Only the keys of the test are left: the bench keys are gone from every primary.
    const nodes = await healthy();
    let total = 0;
    for (const n of nodes.filter((x) => x.role === 'primary')) {
      const admin = await adminConnection(stateDir, 'sf', n.port, false);
      total += Number(await admin.call('DBSIZE'));
      admin.disconnect();
    }
    expect(total).toBe(KEYS);
  });
});

describe('a node that stays down', () => {
  let server: StandaloneServer;
  beforeAll(async () => {
    server = await startStandalone();
    for (let from = 0; from < 5000; from += 500) await Promise.all(Array.from({ length: 500 }, (_, i) => server.client.set(`gone:${from + i}`, 'v')));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keys scan prints what it found and exits 7 naming the node and command', async () => {
    const r = await withFault(['keys', 'scan', server.url, '--count', '10', '--max-ops', '100', '--timeout', '1s'], { firstKeys: true }, async () => {
      process.kill(server.pid, 'SIGKILL');
    });
    expect(r.code, show(r)).toBe(7);
    const lines = r.stdout.trimEnd().split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(5000);
    expect(r.stderr).toContain(`incomplete: printed the ${lines.length} keys found`);
    expect(r.stderr).toContain(`127.0.0.1:${server.port}`);
    expect(r.stderr).toMatch(/SCAN|PING|CLUSTER SLOTS/);
  });
});

describe('nodes', () => {
  it('shows every node and exits 7 when one does not answer', async () => {
    // Not the node the cluster endpoint names: that one is where every command starts.
    const replica = (await healthy()).find((n) => n.role === 'replica' && n.port !== endpointPort) as LiveNode;
    // A replica that hangs (SIGSTOP) for a moment: its INFO goes unanswered.
    process.kill(replica.pid, 'SIGSTOP');
    let r: RunResult;
    try {
      r = await memctl(['--local', 'nodes', 'sf', '-o', 'json'], 30_000);
    } finally {
      process.kill(replica.pid, 'SIGCONT');
    }
    expect(r.code, show(r)).toBe(7);
    const rows = parseJson<Array<{ port: number; status: string }>>(r);
    expect(rows.find((n) => n.port === replica.port)?.status).toBe('unreachable');
    expect(rows.filter((n) => n.status === 'ok')).toHaveLength(3);
    expect(r.stderr).toContain(`127.0.0.1:${replica.port}`);
    await healthy();
  });
});

describe('a reshard mid-sweep (last: the cluster keeps its three shards)', () => {
  it('keys scan from 2 to 3 shards: every key exactly once, exit 0 (the user may run CLUSTER NODES)', async () => {
    await healthy();
    // ~200 SCAN calls per node at 15 per second: the new shard starts and slots move meanwhile.
    const r = await withFault(['--local', 'keys', 'scan', 'sf', '--count', '50', '--max-ops', '15'], { afterMs: 300 }, async () => {
      expectOk(await memctl(['--local', '-q', 'scale', 'sf', '--shards', '3', '--yes']));
    });
    expect(r.code, show(r)).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(KEYS);
    expect(lines).toHaveLength(KEYS);
    // The reshard was under way while the sweep ran: it saw slots move or migrate.
    expect(r.stderr).toMatch(/slot\(s\) (moved away|are migrating)/);
  });
});
