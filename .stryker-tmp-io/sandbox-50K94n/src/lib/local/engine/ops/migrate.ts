// @ts-nocheck
// Online slot migration between primaries of a running cluster, slot by slot, the way
// `redis-cli --cluster reshard` does it: clients keep reading and writing throughout (ASK/MOVED).

import type { Redis } from 'ioredis';
import { SLOT_COUNT, countSlots, slotsOf, type SlotRanges } from '../../../control/slots.js';
import { NODE_HOST } from '../nodes/node-client.js';
import { COMMAND_TIMEOUT_MS, migrateArgs } from './slot-keys.js';
import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, errorText, nodeView, openClients, pollUntil, selfEntry } from './nodes.js';
import { mergeSlotInto } from './repair.js';

export interface SlotTransfer {
  fromPort: number;
  toPort: number;
  slots: SlotRanges;
}

export interface MigrateOptions {
  tls: TlsFiles | null;
  /** Every node of the cluster: the other primaries among them are told each slot's new owner at once. */
  allPorts: number[];
  /** Slots in flight at once (default 8). */
  concurrency?: number;
  /** Keys per GETKEYSINSLOT/MIGRATE round (default 1000). */
  batchKeys?: number;
  /** Called after each slot is done, with the slots done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the migration: slots in flight are rolled back, slots done stay done. */
  signal?: AbortSignal;
  /** Bound for the whole migration (default 10 minutes); on expiry it stops like an abort. */
  timeoutMs?: number;
}

export interface MigrateResult {
  slots: number;
  keys: number;
  ms: number;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_BATCH_KEYS = 1000;
const DEFAULT_TIMEOUT_MS = 600_000;
/** Bound for the cluster to agree on the new owners once the slots have moved. */
const AGREEMENT_TIMEOUT_MS = 30_000;

interface Peer {
  port: number;
  id: string;
  client: Redis;
}

interface SlotJob {
  slot: number;
  from: Peer;
  to: Peer;
}

/** Interleaves the transfers' slots so that several sources work at the same time. */
function interleave(lists: SlotJob[][]): SlotJob[] {
  const out: SlotJob[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const job = list[i];
      if (job) out.push(job);
    }
  }
  return out;
}

function validate(transfers: readonly SlotTransfer[]): void {
  const seen = new Set<number>();
  for (const transfer of transfers) {
    if (transfer.fromPort === transfer.toPort) throw new Error(`slot transfer from port ${transfer.fromPort} to itself`);
    for (const [start, end] of transfer.slots) {
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end >= SLOT_COUNT || start > end) {
        throw new Error(`invalid slot range ${start}-${end} in the transfer from port ${transfer.fromPort} to ${transfer.toPort}`);
      }
    }
    for (const slot of slotsOf(transfer.slots)) {
      if (seen.has(slot)) throw new Error(`slot ${slot} appears in more than one transfer`);
      seen.add(slot);
    }
  }
}

/** "slot 42 from 127.0.0.1:17001 (id abcd1234) to 127.0.0.1:17002 (id ef567890)" */
function describe(job: SlotJob): string {
  return `slot ${job.slot} from ${NODE_HOST}:${job.from.port} (id ${job.from.id.slice(0, 8)}) to ${NODE_HOST}:${job.to.port} (id ${job.to.id.slice(0, 8)})`;
}

async function migrateKeys(from: Peer, toPort: number, keys: Buffer[]): Promise<number> {
  const reply = await from.client.callBuffer('MIGRATE', ...migrateArgs(toPort, keys, { replace: true }));
  // NOKEY: every key of the batch expired or was deleted since GETKEYSINSLOT listed it.
  return String(reply) === 'NOKEY' ? 0 : keys.length;
}

async function keysInSlot(peer: Peer, slot: number, batch: number): Promise<Buffer[]> {
  return (await peer.client.callBuffer('CLUSTER', 'GETKEYSINSLOT', String(slot), String(batch))) as Buffer[];
}

/** Whether the node says it owns the slot itself; false when it cannot tell. */
async function ownsSlot(peer: Peer, slot: number): Promise<boolean> {
  try {
    const self = await selfEntry(peer.client, peer.port);
    return self.slots.some(([start, end]) => slot >= start && slot <= end);
  } catch {
    return false;
  }
}

/**
 * Undoes a slot move that failed before the target owned the slot: the source closes the slot and
 * serves it plainly again (a key a client writes there from now on is newer than any copy on the
 * target), then the keys already on the target go back (mergeSlotInto: moved where the source
 * lacks them, dropped where it has a newer copy). Returns what was done, for the error message.
 */
async function rollback(job: SlotJob, batch: number): Promise<string> {
  const slot = String(job.slot);
  try {
    await job.from.client.call('CLUSTER', 'SETSLOT', slot, 'STABLE');
    const { moved, dropped } = await mergeSlotInto(job.from, job.to, job.slot, batch);
    const stale = dropped === 0 ? '' : ` (${dropped} stale copy/copies dropped: the source had newer values)`;
    return `rolled back: ${moved} key(s) moved back${stale}, slot ${slot} stable on both nodes and still owned by ${NODE_HOST}:${job.from.port}`;
  } catch (error) {
    // At least try to close the slot on whichever side still answers; a repair finishes the job.
    await Promise.allSettled([job.from.client.call('CLUSTER', 'SETSLOT', slot, 'STABLE'), job.to.client.call('CLUSTER', 'SETSLOT', slot, 'STABLE')]);
    return `rollback failed (${errorText(error)}); the slot is left for a repair (keys on ${NODE_HOST}:${job.to.port} go back to its owner)`;
  }
}

/**
 * Waits until every node sees the new owner of every moved slot. Primaries were told directly;
 * replicas learn it from gossip, which can take cluster-node-timeout/2. A MEET to a known node
 * sends the sender's current header (with its slots and config epoch) at once, so the nodes that
 * gained or lost slots MEET everyone first (the same trick as formCluster).
 */
async function waitForAgreement(jobs: readonly SlotJob[], ports: number[], clients: Map<number, Redis>, deadline: number, signal: AbortSignal | undefined): Promise<void> {
  const changed = [...new Set(jobs.flatMap((job) => [job.from.port, job.to.port]))];
  await Promise.allSettled(
    changed.flatMap((port) => ports.filter((other) => other !== port).map((other) => clientFor(clients, port).call('CLUSTER', 'MEET', NODE_HOST, String(other)))),
  );
  await pollUntil('slot migration', 'waiting for every node to see the new slot owners', deadline, async () => {
    const pending: string[] = [];
    await Promise.all(
      ports.map(async (port) => {
        const ownerOf = new Map<number, string>();
        const view = await nodeView(clientFor(clients, port));
        // The MEETs leave a temporary handshake entry until the known node answers.
        const handshakes = view.filter((entry) => entry.flags.includes('handshake')).length;
        if (handshakes > 0) pending.push(`${NODE_HOST}:${port} has ${handshakes} handshake(s) in progress`);
        for (const entry of view) {
          for (const slot of slotsOf(entry.slots)) ownerOf.set(slot, entry.nodeId);
        }
        const stale = jobs.filter((job) => ownerOf.get(job.slot) !== job.to.id);
        if (stale.length > 0) pending.push(`${NODE_HOST}:${port} still sees old owners for ${stale.length} slot(s), e.g. slot ${stale[0]?.slot}`);
      }),
    );
    return pending;
  }, signal);
}

/**
 * Moves slots between primaries of one running cluster while clients keep using it. Per slot:
 * target IMPORTING, source MIGRATING, keys moved in batches with MIGRATE (node to node, over TLS
 * when the cluster bus uses TLS), then the new owner announced to the target, the source, and every
 * other primary. A failure rolls that slot back where possible and throws naming the slot and nodes;
 * slots already done stay with their new owner.
 */
export async function migrateSlots(transfers: SlotTransfer[], options: MigrateOptions): Promise<MigrateResult> {
  const began = performance.now();
  validate(transfers);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const batch = Math.max(1, Math.floor(options.batchKeys ?? DEFAULT_BATCH_KEYS));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const total = transfers.reduce((n, transfer) => n + countSlots(transfer.slots), 0);
  if (total === 0) return { slots: 0, keys: 0, ms: Math.round(performance.now() - began) };

  const ports = new Set([...options.allPorts, ...transfers.flatMap((t) => [t.fromPort, t.toPort])]);
  const clients = openClients(ports, options.tls, COMMAND_TIMEOUT_MS);
  try {
    const selves = new Map(
      await Promise.all(
        [...ports].map(async (port) => {
          try {
            return [port, await selfEntry(clientFor(clients, port), port)] as const;
          } catch (error) {
            throw new Error(`slot migration cannot start: ${NODE_HOST}:${port} does not answer (${errorText(error)})`);
          }
        }),
      ),
    );
    const peer = (port: number): Peer => {
      const self = selves.get(port);
      if (!self) throw new Error(`internal error: no view of port ${port}`);
      if (self.role !== 'primary') throw new Error(`slot migration needs primaries, but ${NODE_HOST}:${port} is a replica`);
      return { port, id: self.nodeId, client: clientFor(clients, port) };
    };
    const jobs = interleave(
      transfers.map((transfer) => {
        const from = peer(transfer.fromPort);
        const to = peer(transfer.toPort);
        const owned = new Set(slotsOf(selves.get(transfer.fromPort)?.slots ?? []));
        return slotsOf(transfer.slots).map((slot): SlotJob => {
          if (!owned.has(slot)) throw new Error(`cannot move slot ${slot}: ${NODE_HOST}:${transfer.fromPort} does not own it`);
          return { slot, from, to };
        });
      }),
    );
    // Only primaries accept SETSLOT; replicas learn the new owner from their primary's gossip.
    const primaries = [...selves.entries()].filter(([, self]) => self.role === 'primary').map(([port]) => port);

    let next = 0;
    let done = 0;
    let keys = 0;
    let failure: Error | undefined;
    const stopReason = (): string | undefined => {
      if (options.signal?.aborted === true) return 'aborted';
      if (Date.now() > deadline) return `timed out after ${timeoutMs} ms`;
      return undefined;
    };

    const moveSlot = async (job: SlotJob): Promise<number> => {
      const slot = String(job.slot);
      let stage = 'setting the target to importing';
      let targetOwns = false;
      try {
        // Importing first: once the source says MIGRATING, its ASK redirections must find the target ready.
        await job.to.client.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', job.from.id);
        stage = 'setting the source to migrating';
        await job.from.client.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', job.to.id);
        stage = 'moving keys';
        let moved = 0;
        // While MIGRATING, the source creates no new keys in the slot (ASK sends them to the
        // target), so this ends once the existing ones are gone; the deadline bounds it anyway.
        for (;;) {
          const stop = stopReason();
          if (stop !== undefined) throw new Error(stop);
          const batchKeys = await keysInSlot(job.from, job.slot, batch);
          if (batchKeys.length === 0) break;
          moved += await migrateKeys(job.from, job.to.port, batchKeys);
        }
        // Target first (it bumps its config epoch, so its claim wins in gossip), then the source,
        // whose remaining ASK redirections become MOVED, then everyone else.
        stage = 'assigning the slot to the target';
        await job.to.client.call('CLUSTER', 'SETSLOT', slot, 'NODE', job.to.id);
        targetOwns = true;
        stage = 'assigning the slot on the source';
        await job.from.client.call('CLUSTER', 'SETSLOT', slot, 'NODE', job.to.id);
        // The other primaries would learn it from gossip within a second; telling them saves clients
        // a round of stale MOVED redirections. Failures here change nothing that gossip won't fix.
        await Promise.allSettled(
          primaries
            .filter((port) => port !== job.from.port && port !== job.to.port)
            .map((port) => clientFor(clients, port).call('CLUSTER', 'SETSLOT', slot, 'NODE', job.to.id)),
        );
        return moved;
      } catch (error) {
        // A lost reply can hide a SETSLOT NODE the target did apply: moving keys back then would
        // strand them on the source, which loses the slot to the target's newer epoch.
        if (!targetOwns && stage === 'assigning the slot to the target') targetOwns = await ownsSlot(job.to, job.slot);
        const cleanup = targetOwns
          ? `the target owns the slot and holds all its keys; the source will learn that from gossip`
          : await rollback(job, batch);
        throw new Error(`moving ${describe(job)} failed while ${stage}: ${errorText(error)}; ${cleanup}`, { cause: error });
      }
    };

    const worker = async (): Promise<void> => {
      while (failure === undefined && stopReason() === undefined) {
        const job = jobs[next++];
        if (!job) return;
        try {
          // Not `keys += await ...`: that reads `keys` before the await and loses other workers' counts.
          const moved = await moveSlot(job);
          keys += moved;
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
          return;
        }
        done++;
        try {
          options.onProgress?.(done, total);
        } catch {
          // A faulty progress listener must not break a migration half way.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));

    if (failure) throw new Error(`slot migration stopped after ${done} of ${total} slots: ${failure.message}`, { cause: failure });
    const stop = stopReason();
    if (done < total) throw new Error(`slot migration ${stop ?? 'stopped'} after ${done} of ${total} slots (those stay with their new owners)`);
    await waitForAgreement(jobs, [...ports], clients, Math.min(deadline, Date.now() + AGREEMENT_TIMEOUT_MS), options.signal);
    return { slots: done, keys, ms: Math.round(performance.now() - began) };
  } finally {
    closeClients(clients);
  }
}
