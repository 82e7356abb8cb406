// Planned failover of one shard (a replica takes over from its primary without losing writes),
// and the live role of each node.

import type { Redis } from 'ioredis';
import { abortableSleep } from '../../../io/sleep.js';
import { infoField, type ClusterNodeEntry } from '../nodes/topology.js';
import { connectNode, NODE_HOST } from '../nodes/node-client.js';
import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, nodeView, openClients, pollUntil, settled } from './nodes.js';

export interface NodeRole {
  role: 'primary' | 'replica';
  /** For a replica: the port of the primary it replicates from. */
  primaryPort?: number;
  /** For a replica: whether its replication link is up. A primary that answers is always up. */
  linkUp: boolean;
}

export interface FailoverResult {
  oldPrimaryPort: number;
  newPrimaryPort: number;
  ms: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const ROLE_TIMEOUT_MS = 2_000;

const addr = (port: number): string => `${NODE_HOST}:${port}`;

/**
 * Promotes a replica with CLUSTER FAILOVER (the coordinated kind: the primary stops taking writes,
 * the replica catches up, then takes over, so no acknowledged write is lost). Resolves once the
 * replica is primary, the old primary replicates from it with its link up, and every node in
 * `allPorts` sees the new primary owning the shard's slots with cluster_state ok.
 */
export async function failoverReplica(replicaPort: number, options: { tls: TlsFiles | null; allPorts: number[]; timeoutMs?: number }): Promise<FailoverResult> {
  const began = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const clients = openClients([replicaPort, ...options.allPorts], options.tls);
  const client = (port: number): Redis => clientFor(clients, port);
  try {
    const replication = String(await client(replicaPort).call('INFO', 'replication'));
    if (infoField(replication, 'role') !== 'slave') throw new Error(`cannot fail over to ${addr(replicaPort)}: it is not a replica`);
    const oldPrimaryPort = Number(infoField(replication, 'master_port'));
    if (infoField(replication, 'master_link_status') !== 'up') {
      throw new Error(`cannot fail over to ${addr(replicaPort)}: its replication link to ${addr(oldPrimaryPort)} is down`);
    }
    const view = await nodeView(client(replicaPort));
    const self = view.find((entry) => entry.myself);
    const oldPrimary = view.find((entry) => entry.nodeId === self?.primaryId);
    if (!self || !oldPrimary) throw new Error(`cannot fail over to ${addr(replicaPort)}: it does not know its primary in CLUSTER NODES`);
    if (oldPrimary.slots.length === 0) throw new Error(`cannot fail over to ${addr(replicaPort)}: its primary ${addr(oldPrimaryPort)} owns no slots`);
    const slots = JSON.stringify(oldPrimary.slots);
    // The old primary may be missing from allPorts; it is watched either way.
    if (!clients.has(oldPrimaryPort)) clients.set(oldPrimaryPort, connectNode(oldPrimaryPort, options.tls, { connectTimeoutMs: 3_000, commandTimeoutMs: 5_000 }));

    await client(replicaPort).call('CLUSTER', 'FAILOVER');
    const operation = `failover from ${addr(oldPrimaryPort)} to ${addr(replicaPort)}`;
    const everyPort = [...new Set([replicaPort, oldPrimaryPort, ...options.allPorts])];

    await pollUntil(operation, 'waiting for the replica to take over', deadline, async () => {
      const role = (await client(replicaPort).call('ROLE')) as unknown[];
      return role[0] === 'master' ? [] : [`${addr(replicaPort)} is still a replica`];
    });
    await outrankDeadPrimary(client(replicaPort), oldPrimary.configEpoch, view, (port) => (options.allPorts.includes(port) ? client(port) : undefined), deadline);
    await pollUntil(operation, 'waiting for every node to agree on the new primary', deadline, async () => {
      const pending: string[] = [];
      const oldRole = await readRole(client(oldPrimaryPort));
      if (oldRole.role !== 'replica' || oldRole.primaryPort !== replicaPort || !oldRole.linkUp) {
        pending.push(`old primary ${addr(oldPrimaryPort)} does not replicate from ${addr(replicaPort)} with its link up yet`);
      }
      await Promise.all(
        everyPort.map(async (port) => {
          const [info, nodes] = await Promise.all([client(port).call('CLUSTER', 'INFO').then(String), nodeView(client(port))]);
          const state = infoField(info, 'cluster_state');
          if (state !== 'ok') pending.push(`${addr(port)} cluster_state:${state ?? '?'}`);
          const promoted = nodes.find((entry) => entry.nodeId === self.nodeId);
          if (!promoted || promoted.role !== 'primary' || !settled(promoted) || JSON.stringify(promoted.slots) !== slots) {
            pending.push(`${addr(port)} does not see ${addr(replicaPort)} as the owner of the shard's slots yet`);
          }
        }),
      );
      return pending;
    });
    return { oldPrimaryPort, newPrimaryPort: replicaPort, ms: Math.round(performance.now() - began) };
  } finally {
    closeClients(clients);
  }
}

/**
 * Promotes a replica whose primary is gone (dead, or crash-looping): CLUSTER FAILOVER TAKEOVER,
 * which needs no vote and no primary. Writes the old primary acknowledged after the replica's last
 * sync are lost, so it is for when no coordinated failover is possible. Resolves once every node in
 * `allPorts` that answers sees the replica owning the shard's slots, with cluster_state ok.
 */
export async function takeoverReplica(replicaPort: number, options: { tls: TlsFiles | null; allPorts: number[]; timeoutMs?: number }): Promise<FailoverResult> {
  const began = performance.now();
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const clients = openClients([replicaPort, ...options.allPorts], options.tls);
  const client = (port: number): Redis => clientFor(clients, port);
  try {
    const view = await nodeView(client(replicaPort));
    const self = view.find((entry) => entry.myself);
    const oldPrimary = view.find((entry) => entry.nodeId === self?.primaryId);
    if (!self || self.role !== 'replica' || !oldPrimary) throw new Error(`cannot take over with ${addr(replicaPort)}: it is not a replica of a known primary`);
    const slots = JSON.stringify(oldPrimary.slots);
    await client(replicaPort).call('CLUSTER', 'FAILOVER', 'TAKEOVER');
    const operation = `takeover of ${addr(oldPrimary.port)}'s slots by ${addr(replicaPort)}`;
    await pollUntil(operation, 'waiting for the replica to take over', deadline, async () => {
      const role = (await client(replicaPort).call('ROLE')) as unknown[];
      return role[0] === 'master' ? [] : [`${addr(replicaPort)} is still a replica`];
    });
    await outrankDeadPrimary(client(replicaPort), oldPrimary.configEpoch, view, (port) => (options.allPorts.includes(port) ? client(port) : undefined), deadline);
    // Every node that answers must see the new owner (the old primary may still be down).
    await pollUntil(operation, 'waiting for the live nodes to agree on the new primary', deadline, async () => {
      const pending: string[] = [];
      await Promise.all(
        options.allPorts.filter((port) => port !== oldPrimary.port).map(async (port) => {
          let info: string;
          let nodes: Awaited<ReturnType<typeof nodeView>>;
          try {
            [info, nodes] = await Promise.all([client(port).call('CLUSTER', 'INFO').then(String), nodeView(client(port))]);
          } catch {
            return;
          }
          if (infoField(info, 'cluster_state') !== 'ok') pending.push(`${addr(port)} cluster_state is not ok`);
          const promoted = nodes.find((entry) => entry.nodeId === self.nodeId);
          if (!promoted || promoted.role !== 'primary' || JSON.stringify(promoted.slots) !== slots) pending.push(`${addr(port)} does not see ${addr(replicaPort)} as the owner yet`);
        }),
      );
      return pending;
    });
    return { oldPrimaryPort: oldPrimary.port, newPrimaryPort: replicaPort, ms: Math.round(performance.now() - began) };
  } finally {
    closeClients(clients);
  }
}

/**
 * After a TAKEOVER, makes the new primary's config epoch greater than the dead primary's. TAKEOVER
 * bumps the epoch only when the node's is not already the greatest, and a replica carries its
 * primary's: when that primary held the greatest epoch, the new claim on its slots ties with the
 * dead one's and every other node keeps the dead primary as their owner (a tie is never settled
 * without it). Then another live primary's epoch is bumped first, so the new primary's bump goes
 * past both.
 */
async function outrankDeadPrimary(promoted: Redis, deadEpoch: number, view: ClusterNodeEntry[], clientOf: (port: number) => Redis | undefined, deadline: number): Promise<void> {
  const self = (await nodeView(promoted)).find((entry) => entry.myself);
  if (self === undefined || self.configEpoch > deadEpoch) return;
  if (String(await promoted.call('CLUSTER', 'BUMPEPOCH')).startsWith('BUMPED')) return;
  // A live primary (the dead one has no client: it is not among the live ports).
  const other = view.map((entry) => (entry.role === 'primary' && !entry.myself ? clientOf(entry.port) : undefined)).find((c) => c !== undefined);
  if (other === undefined) return;
  await other.call('CLUSTER', 'BUMPEPOCH');
  // The new primary bumps past the greatest epoch it knows of: the other's new one reaches it by
  // gossip (a heartbeat or two), so it is asked again until it has (bounded by the deadline).
  for (let attempt = 0; Date.now() < deadline && attempt < 200; attempt++) {
    if (String(await promoted.call('CLUSTER', 'BUMPEPOCH')).startsWith('BUMPED')) return;
    await abortableSleep(50);
  }
}

async function readRole(client: Redis): Promise<NodeRole> {
  // ROLE: ['master', offset, replicas] or ['slave', host, port, state, offset].
  const reply = (await client.call('ROLE')) as unknown[];
  if (reply[0] === 'slave') return { role: 'replica', primaryPort: Number(reply[2]), linkUp: reply[3] === 'connected' };
  if (reply[0] === 'master') return { role: 'primary', linkUp: true };
  throw new Error(`unexpected ROLE reply ${JSON.stringify(reply[0])}`);
}

/**
 * The live role of each node (from ROLE). Nodes that do not answer within 2 s are left out of the
 * map, so a caller picking a replica to promote simply does not see them.
 */
export async function shardRoles(ports: number[], tls: TlsFiles | null): Promise<Map<number, NodeRole>> {
  const clients = openClients(ports, tls, ROLE_TIMEOUT_MS);
  try {
    const roles = await Promise.all(
      [...clients].map(async ([port, client]) => {
        try {
          return [port, await readRole(client)] as const;
        } catch {
          return undefined;
        }
      }),
    );
    return new Map(roles.filter((entry): entry is readonly [number, NodeRole] => entry !== undefined));
  } finally {
    closeClients(clients);
  }
}
