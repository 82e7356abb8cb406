// @ts-nocheck
// Repairs a Redis Cluster's slots after a fault, decided from what the live nodes say: a slot left
// migrating or importing is closed, keys a node holds in a slot it does not own go to the owner, a
// slot nobody owns gets one, and every primary ends up agreeing on every owner. The rule is "the
// owner wins": the node that owns a slot has been serving it, so its copy of a key is the newest;
// another node's copy of a key the owner lacks is moved to it, and a copy the owner has too is stale
// and dropped. That is what the migration itself guarantees (a key moves before its slot does), so
// no key a client could read, and no write a client had acknowledged, is lost.
import type { Redis } from 'ioredis';
import { SLOT_COUNT } from '../../../control/slots.js';
import { NODE_HOST } from '../nodes/node-client.js';
import { COMMAND_TIMEOUT_MS, migrateArgs } from './slot-keys.js';
import type { TlsFiles } from '../nodes/tls.js';
import type { ClusterNodeEntry } from '../nodes/topology.js';
import { clientFor, closeClients, errorText, nodeView, openClients, pollUntil } from './nodes.js';

export interface RepairOptions {
  tls: TlsFiles | null;
  /** Who should own a slot nobody owns and nobody holds keys in (the shard the state names), by port. */
  defaultOwner?: (slot: number) => number | undefined;
  /** Keys per GETKEYSINSLOT / MIGRATE round (default 1000). */
  batchKeys?: number;
  /** Bound for the whole repair (default 2 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RepairReport {
  /** What was repaired, one line each (empty when the cluster was whole). */
  actions: string[];
  keysMoved: number;
  staleCopiesDropped: number;
  /** Slot -> owner port after the repair, as every primary agrees. */
  owners: Int32Array;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_BATCH_KEYS = 1000;
/** How long the repair waits for the cluster to say ok before it moves keys anyway. */
const OK_WAIT_MS = 30_000;
/** Bound on rounds of moving one slot's keys (each round moves up to batchKeys keys). */
const MAX_ROUNDS = 100_000;

const addr = (port: number): string => `${NODE_HOST}:${port}`;

export interface SlotPeer {
  port: number;
  id: string;
  client: Redis;
}

/**
 * Moves every key `from` holds in `slot` to `owner`, which owns the slot: keys the owner lacks move
 * (MIGRATE without REPLACE), keys it has already are stale copies and are dropped from `from`. `from`
 * is set to importing the slot first, so that ASKING lets it run MIGRATE and DEL on a slot it does
 * not serve; clients are still sent to the owner. Ends with the slot stable on `from`.
 */
export async function mergeSlotInto(owner: SlotPeer, from: SlotPeer, slot: number, batch = DEFAULT_BATCH_KEYS): Promise<{ moved: number; dropped: number }> {
  const s = String(slot);
  await from.client.call('CLUSTER', 'SETSLOT', s, 'IMPORTING', owner.id);
  let moved = 0;
  let dropped = 0;
  for (let round = 0; ; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`${addr(from.port)} still holds keys of slot ${slot} after ${MAX_ROUNDS} rounds`);
    const keys = (await from.client.callBuffer('CLUSTER', 'GETKEYSINSLOT', s, String(batch))) as Buffer[];
    if (keys.length === 0) break;
    try {
      moved += await askingMigrate(from, owner.port, keys);
    } catch (error) {
      if (!/BUSYKEY/.test(errorText(error))) throw error;
      // Some keys exist on the owner: its copies are the newer ones. The others moved already.
      const left = (await from.client.callBuffer('CLUSTER', 'GETKEYSINSLOT', s, String(batch))) as Buffer[];
      const still = new Set(left.map((k) => k.toString('latin1')));
      moved += keys.filter((k) => !still.has(k.toString('latin1'))).length;
      for (const key of left) {
        if (Number(await owner.client.exists(key)) === 0) continue;
        const replies = await from.client.pipeline().call('ASKING').del(key).exec();
        const failed = replies?.find(([err]) => err !== null)?.[0];
        if (failed) throw failed;
        dropped++;
      }
    }
  }
  await from.client.call('CLUSTER', 'SETSLOT', s, 'STABLE');
  return { moved, dropped };
}

/** MIGRATE the keys from a node that does not serve their slot (ASKING on the same connection). */
async function askingMigrate(from: SlotPeer, toPort: number, keys: Buffer[]): Promise<number> {
  const replies = await from.client.pipeline().call('ASKING').callBuffer('MIGRATE', ...migrateArgs(toPort, keys, { replace: false })).exec();
  const failed = replies?.find(([err]) => err !== null)?.[0];
  if (failed) throw failed;
  return String(replies?.[1]?.[1]) === 'NOKEY' ? 0 : keys.length;
}

/** Each slot's owner from the primaries' own claims: of two claims, the higher config epoch wins. */
export function slotOwners(selves: ClusterNodeEntry[]): Int32Array {
  const owners = new Int32Array(SLOT_COUNT).fill(-1);
  const epochs = new Float64Array(SLOT_COUNT).fill(-1);
  for (const self of selves) {
    if (self.role !== 'primary') continue;
    for (const [start, end] of self.slots) {
      for (let slot = start; slot <= end && slot < SLOT_COUNT; slot++) {
        if (self.configEpoch > (epochs[slot] as number)) {
          owners[slot] = self.port;
          epochs[slot] = self.configEpoch;
        }
      }
    }
  }
  return owners;
}

/**
 * Repairs the slots of the cluster made of `ports` (every node must answer: a repair decided
 * without a node could misjudge what it holds). Returns what it did; throws naming what it could not.
 */
export async function repairSlots(ports: number[], options: RepairOptions): Promise<RepairReport> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const batch = options.batchKeys ?? DEFAULT_BATCH_KEYS;
  const clients = openClients(ports, options.tls, COMMAND_TIMEOUT_MS);
  const actions: string[] = [];
  let keysMoved = 0;
  let staleCopiesDropped = 0;
  try {
    const selves = await Promise.all(
      ports.map(async (port) => {
        try {
          const self = (await nodeView(clientFor(clients, port))).find((entry) => entry.myself);
          if (self === undefined) throw new Error('it does not list itself');
          return { ...self, port };
        } catch (error) {
          throw new Error(`cannot repair the cluster: ${addr(port)} does not answer (${errorText(error)})`);
        }
      }),
    );
    const primaries = selves.filter((self) => self.role === 'primary');
    const peer = (port: number): SlotPeer => ({ port, id: (selves.find((s) => s.port === port) as ClusterNodeEntry).nodeId, client: clientFor(clients, port) });
    const owners = slotOwners(selves);

    // Which slots need work: open on any primary, held by a primary that does not own them, or unowned.
    const touched = new Set<number>();
    for (const self of primaries) for (const slot of [...self.migrating.keys(), ...self.importing.keys()]) touched.add(slot);
    const keyCounts = new Map<number, Map<number, number>>();
    await Promise.all(
      primaries.map(async (self) => {
        const pipeline = clientFor(clients, self.port).pipeline();
        const asked: number[] = [];
        for (let slot = 0; slot < SLOT_COUNT; slot++) {
          if (owners[slot] === self.port) continue;
          pipeline.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot));
          asked.push(slot);
        }
        const replies = (await pipeline.exec()) ?? [];
        const counts = new Map<number, number>();
        replies.forEach(([err, count], i) => {
          if (err === null && Number(count) > 0) counts.set(asked[i] as number, Number(count));
        });
        keyCounts.set(self.port, counts);
        for (const slot of counts.keys()) touched.add(slot);
      }),
    );
    for (let slot = 0; slot < SLOT_COUNT; slot++) if (owners[slot] === -1) touched.add(slot);

    // Unowned slots: the primary holding most of their keys, else the one the state names, else the
    // primary with the fewest slots.
    const unowned = [...touched].filter((slot) => owners[slot] === -1).sort((a, b) => a - b);
    const reassigned: number[] = [];
    const slotCount = (port: number): number => owners.reduce((n, p) => n + (p === port ? 1 : 0), 0);
    for (const slot of unowned) {
      const holders = primaries.map((p) => [p.port, keyCounts.get(p.port)?.get(slot) ?? 0] as const).sort((a, b) => b[1] - a[1]);
      const fallback = options.defaultOwner?.(slot);
      const chosen =
        (holders[0] !== undefined && holders[0][1] > 0 ? holders[0][0] : undefined) ??
        (fallback !== undefined && primaries.some((p) => p.port === fallback) ? fallback : undefined) ??
        [...primaries].sort((a, b) => slotCount(a.port) - slotCount(b.port))[0]?.port;
      if (chosen === undefined) throw new Error('cannot repair the cluster: no primary answers');
      const client = clientFor(clients, chosen);
      await client.call('CLUSTER', 'SETSLOT', String(slot), 'STABLE');
      try {
        await client.call('CLUSTER', 'ADDSLOTS', String(slot));
      } catch (error) {
        // No answering primary claims it, but this node's view gives it to another node (one that
        // left, or was forgotten and gossiped back): it takes the slot itself, and the other
        // primaries are told so below, whatever their views say.
        if (!/already busy/i.test(errorText(error))) throw error;
        await client.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', (selves.find((s) => s.port === chosen) as ClusterNodeEntry).nodeId);
        reassigned.push(slot);
      }
      owners[slot] = chosen;
    }
    for (const slot of reassigned) {
      const owner = selves.find((s) => s.port === owners[slot]) as ClusterNodeEntry;
      for (const other of primaries) if (other.port !== owner.port) await clientFor(clients, other.port).call('CLUSTER', 'SETSLOT', String(slot), 'NODE', owner.nodeId);
    }
    if (unowned.length > 0) actions.push(`${unowned.length} slot(s) nobody owned were assigned (${summarise(unowned)})`);
    // Every slot has an owner now: key commands (EXISTS, DEL) work once the nodes say the cluster is
    // ok, which takes a moment after a restart. Bounded; a node that stays down fails the merge below.
    await pollUntil('slot repair', 'waiting for the cluster to be ok before moving keys', Math.min(deadline, Date.now() + OK_WAIT_MS), async () => {
      const states = await Promise.all(ports.map(async (port) => [port, String(await clientFor(clients, port).call('CLUSTER', 'INFO'))] as const));
      return states.filter(([, info]) => !/cluster_state:ok/.test(info)).map(([port]) => `${addr(port)} is not ok yet`);
    }, options.signal).catch(() => undefined);
    if (touched.size === 0) return { actions, keysMoved, staleCopiesDropped, owners };

    const closed: number[] = [];
    const merged: number[] = [];
    for (const slot of [...touched].sort((a, b) => a - b)) {
      if (Date.now() > deadline) throw new Error(`repair timed out with slot ${slot} and later still to do`);
      if (options.signal?.aborted === true) throw new Error('repair aborted');
      const owner = peer(owners[slot] as number);
      const ownerSelf = primaries.find((p) => p.port === owner.port) as ClusterNodeEntry;
      // The owner serves the slot plainly first: a write it now takes is newer than any other copy.
      if (ownerSelf.migrating.has(slot) || ownerSelf.importing.has(slot)) {
        await owner.client.call('CLUSTER', 'SETSLOT', String(slot), 'STABLE');
        closed.push(slot);
      }
      for (const other of primaries) {
        if (other.port === owner.port) continue;
        const open = other.migrating.has(slot) || other.importing.has(slot);
        const holds = (keyCounts.get(other.port)?.get(slot) ?? 0) > 0;
        if (holds) {
          const result = await mergeSlotInto(owner, peer(other.port), slot, batch);
          keysMoved += result.moved;
          staleCopiesDropped += result.dropped;
          merged.push(slot);
        } else if (open) {
          await clientFor(clients, other.port).call('CLUSTER', 'SETSLOT', String(slot), 'STABLE');
          closed.push(slot);
        }
        // Anyone still claiming the slot learns its owner.
        if (other.slots.some(([a, b]) => slot >= a && slot <= b) || holds || open) {
          await clientFor(clients, other.port).call('CLUSTER', 'SETSLOT', String(slot), 'NODE', owner.id);
        }
      }
    }
    if (closed.length > 0) actions.push(`${new Set(closed).size} slot(s) left migrating or importing were closed (${summarise([...new Set(closed)])})`);
    if (merged.length > 0) {
      actions.push(
        `keys held outside their slot's owner went to the owner in ${new Set(merged).size} slot(s) (${summarise([...new Set(merged)])}): ${keysMoved} moved, ${staleCopiesDropped} stale copies dropped`,
      );
    }
    await waitForAgreement(ports, clients, owners, deadline, options.signal);
    return { actions, keysMoved, staleCopiesDropped, owners };
  } finally {
    closeClients(clients);
  }
}

/** Waits until no node has an open slot, every primary sees the same owners, and the cluster is ok. */
async function waitForAgreement(ports: number[], clients: Map<number, Redis>, owners: Int32Array, deadline: number, signal?: AbortSignal): Promise<void> {
  // A MEET to a known node sends the current header (slots, epoch) at once instead of at the next ping.
  await Promise.allSettled(
    ports.flatMap((port) => ports.filter((other) => other !== port).map((other) => clientFor(clients, port).call('CLUSTER', 'MEET', NODE_HOST, String(other)))),
  );
  await pollUntil('slot repair', 'waiting for every node to agree on the slot owners', deadline, async () => {
    const pending: string[] = [];
    await Promise.all(
      ports.map(async (port) => {
        const client = clientFor(clients, port);
        const [view, info] = await Promise.all([nodeView(client), client.call('CLUSTER', 'INFO').then(String)]);
        const self = view.find((entry) => entry.myself);
        if (self !== undefined && (self.migrating.size > 0 || self.importing.size > 0)) pending.push(`${addr(port)} has open slots`);
        if (!/cluster_state:ok/.test(info)) pending.push(`${addr(port)} is not ok yet`);
        if (view.some((entry) => entry.flags.includes('handshake'))) pending.push(`${addr(port)} has a handshake in progress`);
        const seen = new Int32Array(SLOT_COUNT).fill(-1);
        for (const entry of view) {
          if (entry.role !== 'primary') continue;
          for (const [a, b] of entry.slots) for (let s = a; s <= b && s < SLOT_COUNT; s++) seen[s] = entry.port;
        }
        let differ = 0;
        for (let s = 0; s < SLOT_COUNT; s++) if (seen[s] !== owners[s]) differ++;
        if (differ > 0) pending.push(`${addr(port)} sees another owner for ${differ} slot(s)`);
      }),
    );
    return pending;
  }, signal);
}

/** "3 slots: 1-2,7" for messages, shortened past a few ranges. */
function summarise(slots: number[]): string {
  const sorted = [...slots].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.length > 6 ? `${ranges.slice(0, 6).join(',')},…` : ranges.join(',');
}
