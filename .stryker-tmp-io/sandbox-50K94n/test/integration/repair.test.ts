// @ts-nocheck
// Slot repair on real redis-server nodes: the states a fault leaves (a slot half migrated with
// newer writes on both sides, keys on a node that does not own their slot, a slot nobody owns) are
// put together by hand, repaired, and checked key by key, and against redis-cli --cluster check.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formCluster } from '../../src/lib/local/engine/ops/formation.js';
import { repairSlots } from '../../src/lib/local/engine/ops/repair.js';
import { allocateNodePorts } from '../../src/lib/local/engine/nodes/ports.js';
import { connectNode, type NodeSpec } from '../../src/lib/local/engine/nodes/redis-node.js';
import { NodeSupervisor } from '../../src/lib/local/engine/nodes/supervisor.js';
import { keySlot } from '../helpers/dataset.js';

/** A key of `slot` (a hash tag found by search), so tests can put keys exactly where they want. */
function tagFor(slot: number): string {
  for (let i = 0; i < 1_000_000; i++) if (keySlot(`t${i}`) === slot) return `t${i}`;
  throw new Error(`no tag for slot ${slot}`);
}

describe('slot repair on real nodes', () => {
  let dir: string;
  const supervisor = new NodeSupervisor({ restartDelayMs: 100 });
  let a: number;
  let b: number;
  const clients: Redis[] = [];
  const client = (port: number): Redis => {
    const c = connectNode(port, null, { connectTimeoutMs: 2000, commandTimeoutMs: 5000 });
    clients.push(c);
    return c;
  };
  const idOf = async (port: number): Promise<string> => String(await client(port).call('CLUSTER', 'MYID'));
  /** A command on a node for a slot it does not serve (importing + ASKING), as a redirected client would send it. */
  const asking = async (port: number, ...args: string[]): Promise<unknown> => {
    const c = client(port);
    const replies = await c.pipeline().call('ASKING').call(args[0] as string, ...args.slice(1)).exec();
    const failed = replies?.find(([err]) => err !== null)?.[0];
    if (failed) throw failed;
    return replies?.[1]?.[1];
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'memctl-repair-'));
    const ports = await allocateNodePorts(2, new Set());
    [a, b] = ports as [number, number];
    const specs = ports.map((port, i): NodeSpec => ({ name: `r${i}`, port, dir: join(dir, `r${i}`), maxmemoryBytes: 64 * 1024 * 1024, tls: null }));
    for (const spec of specs) supervisor.add(spec);
    await Promise.all(specs.map((s) => supervisor.start(s.name)));
    await formCluster([{ name: 'r0', port: a, shard: 0, role: 'primary' }, { name: 'r1', port: b, shard: 1, role: 'primary' }], { tls: null });
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await supervisor.stopAll({ save: false });
    await rm(dir, { recursive: true, force: true });
  });

  /** redis-cli's own check of the cluster: every slot covered, nodes agree, no open slot. */
  function redisCliCheck(): string {
    const r = spawnSync('redis-cli', ['--cluster', 'check', `127.0.0.1:${a}`], { encoding: 'utf8', timeout: 20_000 });
    return `${r.stdout}${r.stderr}`;
  }

  it('closes a slot left half migrated, keeping the newest value of every key', async () => {
    // Slot 100 belongs to a; 10 of its 20 keys have moved to b when the migration stops.
    const tag = tagFor(100);
    for (let i = 0; i < 20; i++) await client(a).set(`{${tag}}:${i}`, `v${i}`);
    await client(b).call('CLUSTER', 'SETSLOT', '100', 'IMPORTING', await idOf(a));
    await client(a).call('CLUSTER', 'SETSLOT', '100', 'MIGRATING', await idOf(b));
    await client(a).call('MIGRATE', '127.0.0.1', String(b), '', '0', '5000', 'KEYS', ...Array.from({ length: 10 }, (_, i) => `{${tag}}:${i}`));
    // Meanwhile clients wrote: a moved key on b (asked there), a key still on a, and a new key on b.
    await asking(b, 'SET', `{${tag}}:1`, 'newer-on-b');
    await client(a).set(`{${tag}}:15`, 'newer-on-a');
    await asking(b, 'SET', `{${tag}}:new`, 'created-during-migration');
    expect(redisCliCheck()).toMatch(/open slot|migrating|importing/i);

    const report = await repairSlots([a, b], { tls: null });
    expect(report.actions.join('\n')).toMatch(/closed/);
    expect(report.keysMoved).toBe(11);
    const owner = client(a);
    expect(Number(await owner.call('CLUSTER', 'COUNTKEYSINSLOT', '100'))).toBe(21);
    expect(Number(await client(b).call('CLUSTER', 'COUNTKEYSINSLOT', '100'))).toBe(0);
    expect(await owner.get(`{${tag}}:1`)).toBe('newer-on-b');
    expect(await owner.get(`{${tag}}:15`)).toBe('newer-on-a');
    expect(await owner.get(`{${tag}}:new`)).toBe('created-during-migration');
    for (const i of [0, 2, 9, 10, 19]) expect(await owner.get(`{${tag}}:${i}`)).toBe(`v${i}`);
    const check = redisCliCheck();
    expect(check).toContain('[OK] All nodes agree about slots configuration.');
    expect(check).toContain('[OK] All 16384 slots covered.');
    expect(check).not.toMatch(/\[WARNING\]/);
  });

  it('moves keys a node holds outside its slots to the owner; the owner keeps its newer copies', async () => {
    // Slot 9000 belongs to b. a holds two keys of it: a stale copy of one b has, and one b lacks.
    const tag = tagFor(9000);
    await client(b).set(`{${tag}}:x`, 'newest-on-owner');
    await client(a).call('CLUSTER', 'SETSLOT', '9000', 'IMPORTING', await idOf(b));
    await asking(a, 'SET', `{${tag}}:x`, 'stale');
    await asking(a, 'SET', `{${tag}}:y`, 'only-on-a');
    await client(a).call('CLUSTER', 'SETSLOT', '9000', 'STABLE');

    const report = await repairSlots([a, b], { tls: null });
    expect(report.keysMoved + report.staleCopiesDropped).toBe(2);
    expect(report.staleCopiesDropped).toBe(1);
    expect(await client(b).get(`{${tag}}:x`)).toBe('newest-on-owner');
    expect(await client(b).get(`{${tag}}:y`)).toBe('only-on-a');
    expect(Number(await client(a).call('CLUSTER', 'COUNTKEYSINSLOT', '9000'))).toBe(0);
    expect(redisCliCheck()).toContain('[OK] All 16384 slots covered.');
  });

  it('gives a slot nobody owns to the node holding its keys', async () => {
    const tag = tagFor(200);
    await client(a).set(`{${tag}}:kept`, 'here');
    await client(a).call('CLUSTER', 'DELSLOTS', '200');
    await client(b).call('CLUSTER', 'DELSLOTS', '200').catch(() => undefined);
    expect(redisCliCheck()).toMatch(/Not all 16384 slots are covered/);

    const report = await repairSlots([a, b], { tls: null, defaultOwner: () => b });
    expect(report.actions.join('\n')).toMatch(/nobody owned/);
    expect(report.owners[200]).toBe(a);
    expect(await client(a).get(`{${tag}}:kept`)).toBe('here');
    expect(redisCliCheck()).toContain('[OK] All 16384 slots covered.');
  });

  it('finds nothing to do on a whole cluster', async () => {
    const report = await repairSlots([a, b], { tls: null });
    expect(report.actions).toEqual([]);
    expect(report.keysMoved).toBe(0);
  });

  it("takes a slot whose only owner is a node that is not among the answering ones (ADDSLOTS would say it is busy)", async () => {
    // b stands for a node that left the cluster: silent (stopped, no gossip) and not among the nodes
    // repaired, while a's view still gives b's slots to b.
    const pid = supervisor.pids().get('r1') as number;
    process.kill(pid, 'SIGSTOP');
    try {
      const report = await repairSlots([a], { tls: null, timeoutMs: 20_000 });
      expect(report.actions.join('\n')).toMatch(/slot\(s\) nobody owned were assigned/);
      const mine = String(await client(a).call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself')) ?? '';
      expect(mine).toMatch(/16383/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Put the cluster back as it was formed: b owns 8192-16383 again, in both nodes' views (gossip
    // may have carried a's claim to b meanwhile).
    const bId = await idOf(b);
    for (const port of [a, b]) {
      const pipeline = client(port).pipeline();
      for (let slot = 8192; slot < 16384; slot++) pipeline.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', bId);
      await pipeline.exec();
    }
    const deadline = Date.now() + 20_000;
    while (!redisCliCheck().includes('[OK] All nodes agree about slots configuration.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(redisCliCheck()).toContain('[OK] All nodes agree about slots configuration.');
    expect(redisCliCheck()).toContain('[OK] All 16384 slots covered.');
  }, 60_000);
});
