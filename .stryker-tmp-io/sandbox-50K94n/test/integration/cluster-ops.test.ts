// @ts-nocheck
// Cluster operations of the local control plane (scaling, replicas, failover, snapshots, memory)
// against real TLS redis-server clusters on 127.0.0.1.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSlots, planReshard, slotsOf, type ShardSlots, type SlotRanges } from '../../src/lib/control/slots.js';
import { formCluster, waitClusterHealthy, type FormationNode } from '../../src/lib/local/engine/ops/formation.js';
import { infoField, readTopology } from '../../src/lib/local/engine/nodes/topology.js';
import { failoverReplica, shardRoles } from '../../src/lib/local/engine/ops/failover.js';
import { setMaxmemory, usedMemory } from '../../src/lib/local/engine/ops/memory.js';
import { joinCluster, leaveCluster } from '../../src/lib/local/engine/ops/membership.js';
import { migrateSlots, type SlotTransfer } from '../../src/lib/local/engine/ops/migrate.js';
import { saveRdb } from '../../src/lib/local/engine/ops/rdb.js';
import { allocateNodePorts } from '../../src/lib/local/engine/nodes/ports.js';
import { connectNode, type NodeSpec } from '../../src/lib/local/engine/nodes/redis-node.js';
import { NodeSupervisor } from '../../src/lib/local/engine/nodes/supervisor.js';
import { ensureLocalCa, type TlsFiles } from '../../src/lib/local/engine/nodes/tls.js';
import { checksum, clusterClientFor, keySlot, missingWrites, primaryPorts, slotTag, startWriteLoop, writeMixedDataset, type Checksum } from '../helpers/dataset.js';

const MAXMEMORY = 256 * 1024 * 1024;
const DATASET_KEYS = 20_000;

async function command(port: number, tls: TlsFiles | null, ...args: string[]): Promise<string> {
  const client = connectNode(port, tls, { connectTimeoutMs: 2_000, commandTimeoutMs: 5_000 });
  try {
    return String(await client.call(args[0] as string, ...args.slice(1)));
  } finally {
    client.disconnect();
  }
}

async function dbsize(port: number, tls: TlsFiles | null): Promise<number> {
  return Number(await command(port, tls, 'DBSIZE'));
}

describe('cluster operations on real redis-server nodes', () => {
  let stateDir: string;
  let tls: TlsFiles;
  const supervisor = new NodeSupervisor({ restartDelayMs: 100 });
  const usedPorts = new Set<number>();
  const nameOf = new Map<number, string>();
  const clients: Cluster[] = [];

  /** The live cluster: shard name → primary port and replica ports. */
  const shards = new Map<string, { primary: number; replicas: number[] }>();
  const allPorts = (): number[] => [...shards.values()].flatMap((shard) => [shard.primary, ...shard.replicas]);
  let cluster: Cluster;
  let baseline: Checksum;

  async function startNodes(prefix: string, count: number, extra: (i: number) => Partial<NodeSpec> = () => ({})): Promise<NodeSpec[]> {
    const ports = await allocateNodePorts(count, usedPorts);
    const specs = ports.map((port, i): NodeSpec => ({ name: `${prefix}-${i}`, port, dir: join(stateDir, 'nodes', `${prefix}-${i}`), maxmemoryBytes: MAXMEMORY, tls, ...extra(i) }));
    for (const spec of specs) {
      usedPorts.add(spec.port);
      nameOf.set(spec.port, spec.name);
      supervisor.add(spec);
    }
    await Promise.all(specs.map((spec) => supervisor.start(spec.name)));
    return specs;
  }

  async function stopNodes(ports: number[]): Promise<void> {
    await Promise.all(ports.map((port) => supervisor.remove(nameOf.get(port) as string, { save: false })));
  }

  async function currentShards(): Promise<ShardSlots[]> {
    const topology = await readTopology(shards.get('s0')?.primary as number, tls);
    return [...shards].map(([name, shard]) => ({ name, slots: topology.find((entry) => entry.port === shard.primary)?.slots ?? [] }));
  }

  /** Every node of the cluster sees exactly `layout` (shard name → slots) on the shards' primaries. */
  async function expectLayout(layout: ShardSlots[]): Promise<void> {
    for (const port of allPorts()) {
      const topology = await readTopology(port, tls);
      for (const { name, slots } of layout) {
        const primary = topology.find((entry) => entry.port === shards.get(name)?.primary);
        expect(formatSlots(primary?.slots ?? []), `slots of ${name} as seen by ${port}`).toBe(formatSlots(slots));
      }
      expect(topology.filter((entry) => entry.role === 'primary' && entry.slots.length > 0)).toHaveLength(layout.length);
    }
  }

  /** Dataset intact, keys only on their owning primaries, nothing extra anywhere. */
  async function expectDataIntact(extraKeys: number): Promise<void> {
    const primaries = [...shards.values()].map((shard) => shard.primary);
    const now = await checksum(primaries, tls, { match: 'ds:*' });
    expect(now.keys).toBe(DATASET_KEYS);
    expect(now.digest).toBe(baseline.digest);
    const sizes = await Promise.all(primaries.map((port) => dbsize(port, tls)));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(DATASET_KEYS + extraKeys);
  }

  function transfersOf(plan: ReturnType<typeof planReshard>): SlotTransfer[] {
    return plan.moves.map((move) => ({ fromPort: shards.get(move.from)?.primary as number, toPort: shards.get(move.to)?.primary as number, slots: move.slots }));
  }

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'memctl cluster-ops '));
    tls = await ensureLocalCa(stateDir);
    const specs = await startNodes('c', 4);
    const formation: FormationNode[] = specs.map((spec, i) => ({ name: spec.name, port: spec.port, shard: i % 2, role: i < 2 ? 'primary' : 'replica' }));
    await formCluster(formation, { tls });
    shards.set('s0', { primary: specs[0]?.port as number, replicas: [specs[2]?.port as number] });
    shards.set('s1', { primary: specs[1]?.port as number, replicas: [specs[3]?.port as number] });
    cluster = clusterClientFor(specs[0]?.port as number, tls);
    clients.push(cluster);
    const began = performance.now();
    await writeMixedDataset(cluster, { count: DATASET_KEYS });
    baseline = await checksum(await primaryPorts(specs[0]?.port as number, tls), tls, { match: 'ds:*' });
    console.error(`dataset: ${DATASET_KEYS} keys written and checksummed in ${Math.round(performance.now() - began)} ms`);
    expect(baseline.keys).toBe(DATASET_KEYS);
    expect(Object.keys(baseline.byType).sort()).toEqual(['hash', 'list', 'set', 'string', 'zset']);
    expect(baseline.withTtl).toBeGreaterThan(2000);
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await supervisor.stopAll({ save: false });
    await rm(stateDir, { recursive: true, force: true });
  });

  it('scales 2 → 3 shards online: join, migrate the planned slots, nothing lost', async () => {
    const [primary, replica] = (await startNodes('s2', 2)) as [NodeSpec, NodeSpec];
    await joinCluster(shards.get('s0')?.primary as number, [
      { port: primary.port, role: 'primary' },
      { port: replica.port, role: 'replica', primaryPort: primary.port },
    ], { tls, allPorts: allPorts() });
    shards.set('s2', { primary: primary.port, replicas: [replica.port] });
    const roles = await shardRoles([primary.port, replica.port], tls);
    expect(roles.get(primary.port)).toEqual({ role: 'primary', linkUp: true });
    expect(roles.get(replica.port)).toEqual({ role: 'replica', primaryPort: primary.port, linkUp: true });

    const plan = planReshard(await currentShards(), ['s0', 's1', 's2']);
    expect(plan.movedSlots).toBe(5461);
    const writer = startWriteLoop(cluster, { keyOf: (i) => `live:${i}`, maxMs: 30_000 });
    const progress: number[] = [];
    const result = await migrateSlots(transfersOf(plan), { tls, allPorts: allPorts(), onProgress: (done) => progress.push(done) });
    const writes = await writer.stop();
    console.error(`2 → 3 shards: ${result.slots} slots, ${result.keys} keys in ${result.ms} ms (${Math.round(result.keys / (result.ms / 1000))} keys/s); ${writes.acked.size} writes acknowledged meanwhile, longest gap ${Math.round(writes.maxGapMs)} ms`);

    expect(result.slots).toBe(5461);
    expect(progress).toHaveLength(5461);
    expect(progress.at(-1)).toBe(5461);
    expect(result.keys).toBeGreaterThan(DATASET_KEYS / 3 - 1000);
    expect(writes.acked.size).toBeGreaterThan(100);
    await expectLayout(plan.layout);
    expect(await missingWrites(cluster, writes.acked)).toEqual([]);
    const liveKeys = (await checksum([...shards.values()].map((shard) => shard.primary), tls, { match: 'live:*' })).keys;
    expect(liveKeys).toBeGreaterThanOrEqual(writes.acked.size);
    await expectDataIntact(liveKeys);
    expect(await dbsize(primary.port, tls)).toBeGreaterThan(DATASET_KEYS / 3 - 1000);
    await waitClusterHealthy(allPorts(), tls, 10_000);
    // The new shard's replica has its primary's keys.
    expect(await dbsize(replica.port, tls)).toBe(await dbsize(primary.port, tls));
  });

  it('rolls a failed slot move back and refuses bad requests', async () => {
    const s0 = shards.get('s0')?.primary as number;
    const s2 = shards.get('s2')?.primary as number;
    const slots = (await currentShards()).find((shard) => shard.name === 's0')?.slots as SlotRanges;
    // Slots with keys: an empty slot would move fine even to a node that is out of memory.
    const withKeys: number[] = [];
    for (const slot of slotsOf(slots)) {
      if (withKeys.length === 3) break;
      if (Number(await command(s0, tls, 'CLUSTER', 'COUNTKEYSINSLOT', String(slot))) > 0) withKeys.push(slot);
    }
    const keysBefore = await dbsize(s0, tls);
    // A target out of memory refuses the RESTOREs that MIGRATE sends.
    await setMaxmemory([s2], 1, tls);
    try {
      await expect(migrateSlots([{ fromPort: s0, toPort: s2, slots: withKeys.map((s): [number, number] => [s, s]) }], { tls, allPorts: allPorts() }))
        .rejects.toThrow(new RegExp(`stopped after 0 of 3 slots: moving slot (${withKeys.join('|')}) from 127\\.0\\.0\\.1:${s0} .* to 127\\.0\\.0\\.1:${s2} .*OOM.*rolled back`));
    } finally {
      await setMaxmemory([s2], MAXMEMORY, tls);
    }
    for (const port of [s0, s2]) expect(await command(port, tls, 'CLUSTER', 'NODES')).not.toMatch(/\[\d+-[<>]-/);
    expect(await dbsize(s0, tls)).toBe(keysBefore);
    expect(formatSlots((await currentShards()).find((shard) => shard.name === 's0')?.slots ?? [])).toBe(formatSlots(slots));

    await expect(migrateSlots([{ fromPort: s2, toPort: s0, slots: [[withKeys[0] as number, withKeys[0] as number]] }], { tls, allPorts: allPorts() })).rejects.toThrow(/does not own/);
    await expect(failoverReplica(s0, { tls, allPorts: allPorts() })).rejects.toThrow(/not a replica/);
    await expect(leaveCluster([s2], { tls, remainingPorts: allPorts().filter((port) => port !== s2) })).rejects.toThrow(/still owns slots/);
  });

  it('scales 3 → 2 shards: slots move away, the shard leaves, survivors forget it', async () => {
    const leaving = shards.get('s2') as { primary: number; replicas: number[] };
    const writer = startWriteLoop(cluster, { keyOf: (i) => `live2:${i}`, maxMs: 30_000 });
    // Stopped part way: no slot is left open, and the slots done stay with their new owners...
    const controller = new AbortController();
    const first = planReshard(await currentShards(), ['s0', 's1']);
    await expect(migrateSlots(transfersOf(first), { tls, allPorts: allPorts(), signal: controller.signal, onProgress: (done) => done === 200 && controller.abort() }))
      .rejects.toThrow(/aborted/);
    for (const port of allPorts()) expect(await command(port, tls, 'CLUSTER', 'NODES')).not.toMatch(/\[\d+-[<>]-/);
    // ...so a fresh plan from the current layout finishes the job.
    const plan = planReshard(await currentShards(), ['s0', 's1']);
    expect(plan.movedSlots).toBeLessThanOrEqual(5461 - 200);
    const result = await migrateSlots(transfersOf(plan), { tls, allPorts: allPorts() });
    const writes = await writer.stop();
    console.error(`3 → 2 shards: ${result.slots} slots, ${result.keys} keys in ${result.ms} ms (${Math.round(result.keys / (result.ms / 1000))} keys/s) after ${5461 - plan.movedSlots} slots moved before the abort`);
    expect(result.slots).toBe(plan.movedSlots);

    const ids = (await readTopology(leaving.primary, tls)).filter((entry) => [leaving.primary, ...leaving.replicas].includes(entry.port) && !entry.flags.includes('handshake')).map((entry) => entry.nodeId);
    expect(ids).toHaveLength(2);
    shards.delete('s2');
    await leaveCluster([leaving.primary, ...leaving.replicas], { tls, remainingPorts: allPorts() });
    await stopNodes([leaving.primary, ...leaving.replicas]);

    await expectLayout(plan.layout);
    for (const port of allPorts()) {
      const nodes = await command(port, tls, 'CLUSTER', 'NODES');
      for (const id of ids) expect(nodes).not.toContain(id);
      expect(infoField(await command(port, tls, 'CLUSTER', 'INFO'), 'cluster_state')).toBe('ok');
    }
    expect(await missingWrites(cluster, writes.acked)).toEqual([]);
    const primaries = [...shards.values()].map((shard) => shard.primary);
    const live = (await checksum(primaries, tls, { match: 'live*' })).keys;
    await expectDataIntact(live);
  });

  it('adds a second replica to a shard and removes it again', async () => {
    const shard = shards.get('s0') as { primary: number; replicas: number[] };
    const [extra] = (await startNodes('r0b', 1)) as [NodeSpec];
    await joinCluster(shard.primary, [{ port: extra.port, role: 'replica', primaryPort: shard.primary }], { tls, allPorts: allPorts() });
    expect((await shardRoles([extra.port], tls)).get(extra.port)).toEqual({ role: 'replica', primaryPort: shard.primary, linkUp: true });
    expect(infoField(await command(shard.primary, tls, 'INFO', 'replication'), 'connected_slaves')).toBe('2');
    const size = await dbsize(shard.primary, tls);
    // The full sync is done once the link is up; DBSIZE equal confirms the data arrived.
    expect(await dbsize(extra.port, tls)).toBe(size);
    const id = (await readTopology(extra.port, tls)).find((entry) => entry.myself)?.nodeId as string;

    await leaveCluster([extra.port], { tls, remainingPorts: allPorts() });
    await stopNodes([extra.port]);
    for (const port of allPorts()) expect(await command(port, tls, 'CLUSTER', 'NODES')).not.toContain(id);
    await waitClusterHealthy(allPorts(), tls, 10_000);
    expect((await shardRoles(allPorts(), tls)).get(shard.replicas[0] as number)).toMatchObject({ role: 'replica', primaryPort: shard.primary, linkUp: true });
  });

  it('fails over a shard under steady writes without losing any acknowledged write', async () => {
    const shard = shards.get('s1') as { primary: number; replicas: number[] };
    const replica = shard.replicas[0] as number;
    // Every write of the loop goes to this shard, so the gap measures the failover itself.
    const slots = slotsOf((await currentShards()).find((s) => s.name === 's1')?.slots ?? []);
    const tag = slotTag(slots[Math.floor(slots.length / 2)] as number);
    expect(new Set(slots).has(keySlot(`{${tag}}:fo:1`))).toBe(true);
    const writer = startWriteLoop(cluster, { keyOf: (i) => `{${tag}}:fo:${i}`, intervalMs: 5, maxMs: 4_000 });
    await new Promise((done) => setTimeout(done, 800));
    const result = await failoverReplica(replica, { tls, allPorts: allPorts() });
    const finishedAt = performance.now();
    await new Promise((done) => setTimeout(done, 1_000));
    const writes = await writer.stop();
    console.error(`failover: ${result.ms} ms; ${writes.acked.size} of ${writes.attempts} writes acknowledged, longest gap between acknowledged writes ${Math.round(writes.maxGapMs)} ms; errors: ${writes.errors.slice(0, 3).join(' | ') || 'none'}`);

    expect(result).toMatchObject({ oldPrimaryPort: shard.primary, newPrimaryPort: replica });
    expect(writes.maxGapMs).toBeLessThanOrEqual(2_000);
    expect(writes.ackTimes.filter((at) => at > finishedAt).length).toBeGreaterThan(10);
    expect(await missingWrites(cluster, writes.acked)).toEqual([]);
    // The promoted node holds and takes the writes.
    const lastKey = [...writes.acked.keys()].at(-1) as string;
    expect(await command(replica, tls, 'GET', lastKey)).toBe(writes.acked.get(lastKey));
    const [unused] = await allocateNodePorts(1, usedPorts);
    const roles = await shardRoles([shard.primary, replica, unused as number], tls);
    expect(roles.get(replica)).toEqual({ role: 'primary', linkUp: true });
    expect(roles.get(shard.primary)).toEqual({ role: 'replica', primaryPort: replica, linkUp: true });
    // A node that does not answer is left out.
    expect(roles.has(unused as number)).toBe(false);
    shards.set('s1', { primary: replica, replicas: [shard.primary] });
    await expectDataIntact((await checksum([...shards.values()].map((s) => s.primary), tls, { match: '*:*' })).keys - DATASET_KEYS);
  });

  it('saves each primary as an RDB file and restores a cluster with the same slot layout and content', async () => {
    const names = [...shards.keys()];
    const primaries = names.map((name) => shards.get(name)?.primary as number);
    const layout = await currentShards();
    const before = await checksum(primaries, tls);
    const snapshotDir = join(stateDir, 'snapshots', 'nightly');
    const saveBegan = performance.now();
    const saved = await Promise.all(primaries.map((port, i) => saveRdb(port, { tls, dir: join(stateDir, 'nodes', nameOf.get(port) as string), targetFile: join(snapshotDir, `${names[i]}.rdb`) })));
    const saveMs = performance.now() - saveBegan;
    expect(saved.reduce((n, s) => n + s.keys, 0)).toBe(before.keys);
    for (const [i, s] of saved.entries()) {
      expect(s.bytes).toBe((await stat(join(snapshotDir, `${names[i]}.rdb`))).size);
      expect((await readFile(join(snapshotDir, `${names[i]}.rdb`))).subarray(0, 5).toString()).toBe('REDIS');
    }

    // Primaries start from the snapshot's files; replicas start empty and sync from them.
    const restoreBegan = performance.now();
    const specs = await startNodes('restored', 4, (i) => (i < 2 ? { seedRdb: join(snapshotDir, `${names[i]}.rdb`) } : {}));
    const started = performance.now() - restoreBegan;
    // Redis claims the slots of the keys it loaded by itself; formCluster adds only the rest.
    for (const spec of specs.slice(0, 2)) expect((await readTopology(spec.port, tls)).find((entry) => entry.myself)?.slots.length).toBeGreaterThan(0);
    await formCluster(
      specs.map((spec, i) => ({ name: spec.name, port: spec.port, shard: i % 2, role: i < 2 ? 'primary' : 'replica' })),
      { tls, slots: layout.map((shard) => shard.slots) },
    );
    const restoreMs = performance.now() - restoreBegan;
    console.error(`snapshot: ${before.keys} keys saved in ${Math.round(saveMs)} ms (${saved.map((s) => s.bytes).join(' + ')} bytes); restored cluster up in ${Math.round(restoreMs)} ms (nodes seeded and started in ${Math.round(started)} ms)`);

    const restoredPrimaries = specs.slice(0, 2).map((spec) => spec.port);
    const topology = await readTopology(specs[3]?.port as number, tls);
    for (const [i, port] of restoredPrimaries.entries()) {
      expect(formatSlots(topology.find((entry) => entry.port === port)?.slots ?? [])).toBe(formatSlots(layout[i]?.slots ?? []));
    }
    const after = await checksum(restoredPrimaries, tls);
    expect(after.keys).toBe(before.keys);
    expect(after.digest).toBe(before.digest);
    const restored = clusterClientFor(restoredPrimaries[0] as number, tls);
    clients.push(restored);
    expect(await restored.hget('ds:1', 'name')).toBe('n1');
    expect(await restored.getBuffer('ds:55')).toEqual(await cluster.getBuffer('ds:55'));
    for (const [i, spec] of specs.slice(2).entries()) expect(await dbsize(spec.port, tls)).toBe(await dbsize(restoredPrimaries[i] as number, tls));

    // A restart loads the node's own AOF (with writes made after the restore), not the seed again.
    await restored.set('ds:after-restore', 'yes');
    const seededPort = restoredPrimaries[0] as number;
    const owner = (await readTopology(seededPort, tls)).find((entry) => entry.slots.some(([a, b]) => keySlot('ds:after-restore') >= a && keySlot('ds:after-restore') <= b))?.port as number;
    const ownerName = nameOf.get(owner) as string;
    await supervisor.stop(ownerName, { save: false });
    await supervisor.start(ownerName);
    await waitClusterHealthy(specs.map((spec) => spec.port), tls, 15_000);
    expect(await command(owner, tls, 'GET', 'ds:after-restore')).toBe('yes');
    expect(await command(owner, tls, 'CONFIG', 'GET', 'appendonly')).toContain('yes');
    await stopNodes(specs.map((spec) => spec.port));
  });

  it('reads used memory and changes maxmemory on every node', async () => {
    const ports = allPorts();
    const used = await usedMemory(ports, tls);
    expect([...used.keys()].sort()).toEqual([...ports].sort());
    for (const bytes of used.values()) expect(bytes).toBeGreaterThan(1024 * 1024);
    await setMaxmemory(ports, 300 * 1024 * 1024, tls);
    for (const port of ports) expect(await command(port, tls, 'CONFIG', 'GET', 'maxmemory')).toContain(String(300 * 1024 * 1024));
    await setMaxmemory(ports, MAXMEMORY, tls);
    await expect(setMaxmemory(ports, -1, tls)).rejects.toThrow(/whole number/);
  });
});
