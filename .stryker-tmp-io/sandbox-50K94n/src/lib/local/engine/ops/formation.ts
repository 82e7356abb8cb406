// @ts-nocheck
// Turns freshly started, empty redis-server nodes into one Redis Cluster (what a node says about its
// cluster is read by nodes/topology.ts).
import type { Redis } from 'ioredis';
import { connectNode } from '../nodes/node-client.js';
import { formatSlots, rangesOf, slotsOf, type SlotRanges } from '../../../control/slots.js';
import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, openClients } from './nodes.js';
import { clusterNodes, infoField, type ClusterNodeEntry } from '../nodes/topology.js';

export const CLUSTER_SLOTS = 16384;

/** 16384 slots split evenly and contiguously in shard order; the first shards take the remainder. */
export function slotRanges(shardCount: number): Array<[number, number]> {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > CLUSTER_SLOTS) {
    throw new Error(`shard count must be an integer from 1 to ${CLUSTER_SLOTS}, got ${shardCount}`);
  }
  const base = Math.floor(CLUSTER_SLOTS / shardCount);
  const extra = CLUSTER_SLOTS % shardCount;
  const ranges: Array<[number, number]> = [];
  let next = 0;
  for (let shard = 0; shard < shardCount; shard++) {
    const size = base + (shard < extra ? 1 : 0);
    ranges.push([next, next + size - 1]);
    next += size;
  }
  return ranges;
}

export interface FormationNode {
  name: string;
  port: number;
  /** 0-based shard index. */
  shard: number;
  role: 'primary' | 'replica';
}

const POLL_MS = 50;
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * Polls `check` until it reports nothing pending. `check` returns what is not ready yet, so a
 * timeout can say exactly that.
 */
async function waitFor(stage: string, deadline: number, timeoutMs: number, check: () => Promise<string[]>, signal?: AbortSignal): Promise<void> {
  let pending: string[] = ['not checked yet'];
  for (;;) {
    if (signal?.aborted === true) throw new Error(`cluster formation stopped ${stage}: the control plane is shutting down`);
    try {
      pending = await check();
    } catch (error) {
      pending = [error instanceof Error ? error.message : String(error)];
    }
    if (pending.length === 0) return;
    if (Date.now() + POLL_MS > deadline) break;
    await sleep(POLL_MS);
  }
  const shown = pending.slice(0, 5).join('; ') + (pending.length > 5 ? `; and ${pending.length - 5} more` : '');
  throw new Error(`cluster formation timed out after ${timeoutMs} ms ${stage}: ${shown}`);
}

function validate(nodes: readonly FormationNode[]): number {
  if (nodes.length === 0) throw new Error('formCluster needs at least one node');
  const shardCount = Math.max(...nodes.map((node) => node.shard)) + 1;
  for (let shard = 0; shard < shardCount; shard++) {
    const primaries = nodes.filter((node) => node.shard === shard && node.role === 'primary');
    if (primaries.length !== 1) throw new Error(`shard ${shard} must have exactly one primary, has ${primaries.length}`);
  }
  if (nodes.some((node) => !Number.isInteger(node.shard) || node.shard < 0)) throw new Error('shard indexes must be integers from 0');
  if (new Set(nodes.map((node) => node.port)).size !== nodes.length) throw new Error('formCluster: node ports must be distinct');
  return shardCount;
}

/** The slots of each shard, normalized, checked to cover every slot exactly once. */
function slotLayout(shardCount: number, slots: SlotRanges[] | undefined): SlotRanges[] {
  if (slots === undefined) return slotRanges(shardCount).map((range) => [range]);
  if (slots.length !== shardCount) throw new Error(`formCluster: slots has ${slots.length} shard layouts for ${shardCount} shards`);
  const seen = new Set<number>();
  const layout = slots.map((ranges, shard) => {
    const list = slotsOf(ranges);
    for (const slot of list) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= CLUSTER_SLOTS) throw new Error(`formCluster: shard ${shard} has invalid slot ${slot}`);
      if (seen.has(slot)) throw new Error(`formCluster: slot ${slot} is given to more than one shard`);
      seen.add(slot);
    }
    return rangesOf(list);
  });
  if (seen.size !== CLUSTER_SLOTS) throw new Error(`formCluster: the shards cover ${seen.size} of ${CLUSTER_SLOTS} slots`);
  return layout;
}

/**
 * Forms one Redis Cluster from running nodes: slots to each shard's primary, every node introduced
 * to every other, replicas attached to their primary. Resolves once every node agrees on the whole
 * topology, reports cluster_state:ok, and every replica's link to its primary is up.
 *
 * `slots` gives each shard (by index) its exact slots, e.g. a snapshot's layout; the default is an
 * even contiguous split. Primaries may already hold keys (seeded from a snapshot's RDB): Redis then
 * claims the slots of those keys by itself at start, and only the rest is added here.
 */
export async function formCluster(nodes: FormationNode[], options: { tls: TlsFiles | null; timeoutMs?: number; signal?: AbortSignal; slots?: SlotRanges[] }): Promise<void> {
  const shardCount = validate(nodes);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  const ranges = slotLayout(shardCount, options.slots);
  const clients = nodes.map((node) => connectNode(node.port, options.tls, { connectTimeoutMs: 3_000, commandTimeoutMs: 3_000 }));
  const label = (index: number): string => `${nodes[index]?.name ?? '?'} (port ${nodes[index]?.port ?? '?'})`;
  const client = (index: number): Redis => clients[index] as Redis;

  try {
    const ids = (await Promise.all(clients.map((c) => c.call('CLUSTER', 'MYID')))).map(String);
    const primaryIndexOf = (shard: number): number => nodes.findIndex((node) => node.shard === shard && node.role === 'primary');

    // Slots first: the MEET handshakes then already carry each primary's slots to every node.
    await Promise.all(nodes.map(async (node, index) => {
      if (node.role !== 'primary') return;
      const wanted = new Set(slotsOf(ranges[node.shard] ?? []));
      const self = (await clusterNodes(client(index))).find((entry) => entry.myself);
      const claimed = new Set(slotsOf(self?.slots ?? []));
      const stray = [...claimed].filter((slot) => !wanted.has(slot));
      if (stray.length > 0) {
        throw new Error(`${label(index)} already owns slots outside its shard's layout (${formatSlots(rangesOf(stray))}), e.g. keys of other shards in its seed RDB`);
      }
      const missing = rangesOf([...wanted].filter((slot) => !claimed.has(slot)));
      if (missing.length === 0) return;
      await client(index).call('CLUSTER', 'ADDSLOTSRANGE', ...missing.flatMap(([start, end]) => [String(start), String(end)]));
    }));

    // Every pair meets directly (once, from the later node) rather than waiting for gossip to spread.
    await Promise.all(nodes.flatMap((_, index) =>
      nodes.slice(0, index).map((other) => client(index).call('CLUSTER', 'MEET', '127.0.0.1', String(other.port)))));

    await waitFor('waiting for every node to know every other', deadline, timeoutMs, async () => {
      const views = await Promise.all(clients.map(clusterNodes));
      return views.flatMap((view, index) => {
        const known = view.filter((entry) => ids.includes(entry.nodeId) && !entry.flags.includes('handshake') && !entry.flags.includes('noaddr'));
        return known.length === nodes.length ? [] : [`${label(index)} knows ${known.length}/${nodes.length} nodes`];
      });
    }, options.signal);

    await Promise.all(nodes.map((node, index) => {
      if (node.role !== 'replica') return undefined;
      return client(index).call('CLUSTER', 'REPLICATE', ids[primaryIndexOf(node.shard)] as string);
    }));

    // Redis ignores the slots and role carried by handshake packets, so without help every node
    // would learn the others' slots and replica roles only from its next periodic ping (up to
    // cluster-node-timeout/2 = 2.5 s later). A MEET to an already known node sends our current
    // header at once and its temporary handshake entry is dropped on the reply, so one round of
    // MEETs in every direction spreads the final topology in milliseconds.
    await Promise.all(nodes.flatMap((_, index) =>
      nodes.map((other, j) => (j === index ? undefined : client(index).call('CLUSTER', 'MEET', '127.0.0.1', String(other.port))))));

    await waitFor('waiting for the cluster to be ok everywhere', deadline, timeoutMs, async () => {
      const pending: string[] = [];
      await Promise.all(nodes.map(async (node, index) => {
        const [info, view, replication] = await Promise.all([
          client(index).call('CLUSTER', 'INFO').then(String),
          clusterNodes(client(index)),
          node.role === 'replica' ? client(index).call('INFO', 'replication').then(String) : Promise.resolve(''),
        ]);
        const state = infoField(info, 'cluster_state');
        if (state !== 'ok') pending.push(`${label(index)} cluster_state:${state ?? '?'}`);
        if (node.role === 'replica' && infoField(replication, 'master_link_status') !== 'up') {
          pending.push(`${label(index)} replication link not up yet`);
        }
        const handshakes = view.filter((entry) => entry.flags.includes('handshake')).length;
        if (handshakes > 0) pending.push(`${label(index)} has ${handshakes} handshake(s) in progress`);
        const wrong = nodes.filter((expected, j) => !agrees(view.find((entry) => entry.nodeId === ids[j]), expected, ranges, ids[primaryIndexOf(expected.shard)]));
        if (wrong.length > 0) pending.push(`${label(index)} does not yet see the right role/slots for ${wrong.map((w) => w.name).join(', ')}`);
      }));
      return pending;
    }, options.signal);
  } finally {
    for (const c of clients) c.disconnect();
  }
}

/**
 * Waits until every node reports cluster_state:ok and every replica's link to its primary is up:
 * used when nodes of an existing cluster come back after a restart (roles may differ from
 * formation after failovers, so only health is checked, not the layout).
 */
export async function waitClusterHealthy(ports: number[], tls: TlsFiles | null, timeoutMs = 20_000, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A node that restarts (or dies and is restarted) meanwhile ends its connection: clientFor opens a new one.
  const clients = openClients(ports, tls, 3_000);
  try {
    await waitFor('waiting for restarted nodes to be ok', deadline, timeoutMs, async () => {
      const pending: string[] = [];
      await Promise.all(
        ports.map(async (port, index) => {
          const c = clientFor(clients, port);
          const [info, replication] = await Promise.all([c.call('CLUSTER', 'INFO').then(String), c.call('INFO', 'replication').then(String)]);
          const state = infoField(info, 'cluster_state');
          if (state !== 'ok') pending.push(`port ${ports[index] ?? '?'} cluster_state:${state ?? '?'}`);
          if (infoField(replication, 'role') === 'slave' && infoField(replication, 'master_link_status') !== 'up') {
            pending.push(`port ${ports[index] ?? '?'} replication link not up yet`);
          }
        }),
      );
      return pending;
    }, signal);
  } finally {
    closeClients(clients);
  }
}

function agrees(seen: ClusterNodeEntry | undefined, expected: FormationNode, ranges: SlotRanges[], primaryId: string | undefined): boolean {
  if (!seen || seen.role !== expected.role) return false;
  if (seen.flags.some((flag) => flag === 'fail' || flag === 'fail?' || flag === 'handshake' || flag === 'noaddr')) return false;
  if (expected.role === 'replica') return seen.primaryId === primaryId && seen.slots.length === 0;
  // CLUSTER NODES lists a node's slots as sorted, merged ranges, like the normalized layout.
  return formatSlots(seen.slots) === formatSlots(ranges[expected.shard] ?? []);
}
