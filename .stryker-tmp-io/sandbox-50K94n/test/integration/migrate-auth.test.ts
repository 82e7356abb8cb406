// @ts-nocheck
// Slot migration between nodes that refuse unauthenticated clients (the `default` user off, as on
// a cluster with an ACL): MIGRATE logs in to the target with AUTH2, and a move that fails after
// some keys reached the target rolls back with every key on the source.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formCluster } from '../../src/lib/local/engine/ops/formation.js';
import { readTopology } from '../../src/lib/local/engine/nodes/topology.js';
import { setMaxmemory, usedMemory } from '../../src/lib/local/engine/ops/memory.js';
import { migrateSlots } from '../../src/lib/local/engine/ops/migrate.js';
import { connectNode, sendRawCommand, setNodeCredentials, type NodeCredentials } from '../../src/lib/local/engine/nodes/node-client.js';
import { defaultUser, renderAclFile } from '../../src/lib/local/engine/access/node-users.js';
import { allocateNodePorts } from '../../src/lib/local/engine/nodes/ports.js';
import type { NodeSpec } from '../../src/lib/local/engine/nodes/redis-node.js';
import { NodeSupervisor } from '../../src/lib/local/engine/nodes/supervisor.js';

const admin: NodeCredentials = { user: 'memctl-admin', password: 'f'.repeat(64) };
const MAXMEMORY = 64 * 1024 * 1024;
const VALUE = 'x'.repeat(100_000);

describe('slot migration with authenticated nodes', () => {
  const supervisor = new NodeSupervisor();
  let dir: string;
  let source: number;
  let target: number;

  const call = async (port: number, ...args: string[]): Promise<unknown> => {
    const client = connectNode(port, null, { commandTimeoutMs: 5_000 });
    try {
      return await client.call(args[0] as string, ...args.slice(1));
    } finally {
      client.disconnect();
    }
  };
  const slotOf = async (key: string): Promise<number> => Number(await call(source, 'CLUSTER', 'KEYSLOT', key));
  const countIn = async (port: number, slot: number): Promise<number> => Number(await call(port, 'CLUSTER', 'COUNTKEYSINSLOT', String(slot)));
  const openSlots = async (port: number): Promise<boolean> => /\[\d+-[<>]-/.test(String(await call(port, 'CLUSTER', 'NODES')));
  const owner = async (slot: number): Promise<number | undefined> =>
    (await readTopology(source, null)).find((e) => e.slots.some(([a, b]) => slot >= a && slot <= b))?.port;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'memctl-migrate-auth-'));
    const ports = await allocateNodePorts(2, new Set());
    setNodeCredentials(ports, admin);
    const specs = ports.map((port, i): NodeSpec => ({
      name: `m-${i}`,
      port,
      dir: join(dir, `m-${i}`),
      maxmemoryBytes: MAXMEMORY,
      tls: null,
      access: { admin, aclFile: () => renderAclFile(admin, [defaultUser(false)]) },
    }));
    for (const spec of specs) supervisor.add(spec);
    await Promise.all(specs.map((spec) => supervisor.start(spec.name)));
    [source, target] = ports as [number, number];
    await formCluster(specs.map((s, i) => ({ name: s.name, port: s.port, shard: i, role: 'primary' as const })), { tls: null });
  });

  afterAll(async () => {
    await supervisor.stopAll({ save: false });
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses anonymous clients, so MIGRATE must log in (AUTH2) to move keys', async () => {
    expect(await sendRawCommand(source, null, ['PING'], 2_000, null)).toMatch(/^-NOAUTH/);
    const slot = await slotOf('{move}');
    const from = (await owner(slot)) as number;
    const to = from === source ? target : source;
    for (let i = 0; i < 20; i++) await call(from, 'SET', `{move}:${i}`, String(i));
    const result = await migrateSlots([{ fromPort: from, toPort: to, slots: [[slot, slot]] }], { tls: null, allPorts: [source, target] });
    expect(result).toMatchObject({ slots: 1, keys: 20 });
    expect(await countIn(to, slot)).toBe(20);
    expect(await owner(slot)).toBe(to);
  });

  it('a move that fails after keys reached the target rolls them back to the source', async () => {
    const slot = await slotOf('{back}');
    const from = (await owner(slot)) as number;
    const to = from === source ? target : source;
    for (let i = 0; i < 3; i++) await call(from, 'SET', `{back}:${i}`, VALUE);
    // The first 100 kB key fits under the target's limit, the second is refused (OOM).
    const used = (await usedMemory([to], null)).get(to) as number;
    await setMaxmemory([to], used + 50_000, null);
    try {
      await expect(migrateSlots([{ fromPort: from, toPort: to, slots: [[slot, slot]] }], { tls: null, allPorts: [source, target], batchKeys: 1 })).rejects.toThrow(
        /OOM.*rolled back: 1 key\(s\) moved back, slot \d+ stable on both nodes/,
      );
    } finally {
      await setMaxmemory([to], MAXMEMORY, null);
    }
    expect(await countIn(from, slot)).toBe(3);
    expect(await countIn(to, slot)).toBe(0);
    expect(await openSlots(from)).toBe(false);
    expect(await openSlots(to)).toBe(false);
    expect(await owner(slot)).toBe(from);
    for (let i = 0; i < 3; i++) expect(await call(from, 'GET', `{back}:${i}`)).toBe(VALUE);
  });
});
