// @ts-nocheck
// Nodes joining and leaving a running Redis Cluster: new shards and replicas come in empty
// (slots follow with migrateSlots), and nodes leave only once they own no slots.

import type { Redis } from 'ioredis';
import { infoField, type ClusterNodeEntry } from '../nodes/topology.js';
import { NODE_HOST } from '../nodes/node-client.js';
import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, errorText, nodeView, openClients, pollUntil, selfEntry, settled } from './nodes.js';

export interface JoiningNode {
  port: number;
  role: 'primary' | 'replica';
  /** For a replica: the port of its primary (an existing primary or one joining in the same call). */
  primaryPort?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

const addr = (port: number): string => `${NODE_HOST}:${port}`;

/**
 * Brings running, empty nodes that belong to no cluster yet into the cluster of `existingPort`:
 * every node meets every other, replicas attach to their primary. Resolves once every node knows
 * every other with the right role, each new replica's link is up, and cluster_state is ok everywhere.
 */
export async function joinCluster(
  existingPort: number,
  newNodes: JoiningNode[],
  options: { tls: TlsFiles | null; allPorts: number[]; timeoutMs?: number; signal?: AbortSignal },
): Promise<void> {
  if (newNodes.length === 0) return;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const newPorts = newNodes.map((node) => node.port);
  if (new Set(newPorts).size !== newPorts.length) throw new Error('joinCluster: new node ports must be distinct');
  const oldPorts = [...new Set([existingPort, ...options.allPorts])].filter((port) => !newPorts.includes(port));
  const everyPort = [...oldPorts, ...newPorts];
  const clients = openClients(everyPort, options.tls);
  const client = (port: number): Redis => clientFor(clients, port);
  const operation = `joining ${newPorts.map(addr).join(', ')} to the cluster`;

  try {
    // Ids of the nodes already in the cluster, as the existing node knows them.
    const existingView = await nodeView(client(existingPort));
    const idOfPort = new Map(existingView.filter((entry) => entry.port !== 0 && !entry.flags.includes('handshake')).map((entry) => [entry.port, entry]));
    for (const port of oldPorts) {
      if (!idOfPort.has(port)) throw new Error(`joinCluster: ${addr(port)} is not a member of the cluster of ${addr(existingPort)}`);
    }
    const newSelves = await Promise.all(newNodes.map((node) => selfEntry(client(node.port), node.port)));
    await Promise.all(
      newNodes.map(async (node, index) => {
        const self = newSelves[index] as ClusterNodeEntry;
        if (idOfPort.has(node.port)) throw new Error(`joinCluster: ${addr(node.port)} is already a member of the cluster`);
        const [known, keys] = await Promise.all([nodeView(client(node.port)), client(node.port).dbsize()]);
        if (known.length > 1 || self.slots.length > 0 || keys > 0) {
          throw new Error(`joinCluster: ${addr(node.port)} is not a fresh node (knows ${known.length} node(s), ${self.slots.length} slot range(s), ${keys} key(s))`);
        }
      }),
    );
    const idOf = new Map<number, string>([
      ...[...idOfPort].map(([port, entry]) => [port, entry.nodeId] as [number, string]),
      ...newNodes.map((node, index) => [node.port, (newSelves[index] as ClusterNodeEntry).nodeId] as [number, string]),
    ]);
    const primaryIdOf = (node: JoiningNode): string => {
      if (node.primaryPort === undefined) throw new Error(`joinCluster: replica ${addr(node.port)} needs a primaryPort`);
      const joiningPrimary = newNodes.find((other) => other.port === node.primaryPort);
      const existingPrimary = idOfPort.get(node.primaryPort);
      const isPrimary = joiningPrimary ? joiningPrimary.role === 'primary' : existingPrimary?.role === 'primary';
      const id = idOf.get(node.primaryPort);
      if (id === undefined || !isPrimary) throw new Error(`joinCluster: the primary of ${addr(node.port)}, ${addr(node.primaryPort)}, is not a primary of the cluster`);
      return id;
    };
    const replicaTargets = new Map(newNodes.filter((node) => node.role === 'replica').map((node) => [node.port, primaryIdOf(node)]));

    // Each new node meets every node directly, rather than waiting for gossip to spread it.
    const meetAll = (): Promise<unknown> =>
      Promise.all(
        newPorts.flatMap((port, index) =>
          everyPort.filter((other) => other !== port && !newPorts.slice(index + 1).includes(other)).map((other) => client(port).call('CLUSTER', 'MEET', NODE_HOST, String(other))),
        ),
      );
    await meetAll();

    const ids = [...idOf.values()];
    await pollUntil(operation, 'waiting for every node to know the new ones', deadline, async () => {
      const views = await Promise.all(everyPort.map((port) => nodeView(client(port))));
      return views.flatMap((view, index) => {
        const known = new Set(view.filter((entry) => settled(entry)).map((entry) => entry.nodeId));
        const missing = ids.filter((id) => !known.has(id)).length;
        return missing === 0 ? [] : [`${addr(everyPort[index] as number)} does not know ${missing} node(s) yet`];
      });
    }, options.signal);

    await Promise.all([...replicaTargets].map(([port, primaryId]) => client(port).call('CLUSTER', 'REPLICATE', primaryId)));

    // Handshake packets carry no slots or roles, so without help the nodes learn them from the next
    // periodic ping (up to cluster-node-timeout/2 later). A MEET to a known node sends the current
    // header at once (see formCluster), so one more round in both directions spreads them now.
    await Promise.all(
      newPorts.flatMap((port) =>
        everyPort.filter((other) => other !== port).flatMap((other) => [
          client(port).call('CLUSTER', 'MEET', NODE_HOST, String(other)),
          client(other).call('CLUSTER', 'MEET', NODE_HOST, String(port)),
        ]),
      ),
    );

    await pollUntil(operation, 'waiting for the cluster to be ok everywhere', deadline, async () => {
      const pending: string[] = [];
      await Promise.all(
        everyPort.map(async (port) => {
          const [info, view] = await Promise.all([client(port).call('CLUSTER', 'INFO').then(String), nodeView(client(port))]);
          const state = infoField(info, 'cluster_state');
          if (state !== 'ok') pending.push(`${addr(port)} cluster_state:${state ?? '?'}`);
          const handshakes = view.filter((entry) => entry.flags.includes('handshake')).length;
          if (handshakes > 0) pending.push(`${addr(port)} has ${handshakes} handshake(s) in progress`);
          for (const node of newNodes) {
            const seen = view.find((entry) => entry.nodeId === idOf.get(node.port));
            const primaryId = replicaTargets.get(node.port);
            const right = seen !== undefined && settled(seen) && seen.role === node.role && (primaryId === undefined || seen.primaryId === primaryId);
            if (!right) pending.push(`${addr(port)} does not see ${addr(node.port)} as a ${node.role} yet`);
          }
          if (replicaTargets.has(port)) {
            const replication = String(await client(port).call('INFO', 'replication'));
            if (infoField(replication, 'master_link_status') !== 'up') pending.push(`${addr(port)} replication link not up yet`);
          }
        }),
      );
      return pending;
    }, options.signal);
  } finally {
    closeClients(clients);
  }
}

/**
 * Removes nodes that own no slots from the cluster: every remaining node forgets them (and bans
 * them from gossip for 60 s). Replicas are forgotten before their primaries, so no remaining node
 * ever sees a replica whose primary it no longer knows. The caller stops the removed processes
 * afterwards, within that minute.
 */
export async function leaveCluster(removedPorts: number[], options: { tls: TlsFiles | null; remainingPorts: number[]; timeoutMs?: number }): Promise<void> {
  if (removedPorts.length === 0) return;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const remaining = [...new Set(options.remainingPorts)];
  const overlap = removedPorts.filter((port) => remaining.includes(port));
  if (overlap.length > 0) throw new Error(`leaveCluster: ${overlap.map(addr).join(', ')} cannot both leave and remain`);
  if (remaining.length === 0) throw new Error('leaveCluster: no nodes would remain');
  const clients = openClients(remaining, options.tls);
  const client = (port: number): Redis => clientFor(clients, port);
  const operation = `removing ${removedPorts.map(addr).join(', ')} from the cluster`;

  try {
    // The removed nodes may already be stopped, so everything is read from the remaining ones.
    const views = await Promise.all(remaining.map((port) => nodeView(client(port))));
    const leaving = new Map<string, ClusterNodeEntry>();
    for (const view of views) {
      for (const entry of view) {
        // A handshake entry is a temporary stand-in (random id) that goes away by itself.
        if (entry.flags.includes('handshake')) continue;
        if (removedPorts.includes(entry.port) && !leaving.has(entry.nodeId)) leaving.set(entry.nodeId, entry);
      }
    }
    for (const [index, view] of views.entries()) {
      for (const entry of view) {
        if (!leaving.has(entry.nodeId)) continue;
        if (entry.slots.length > 0) {
          throw new Error(`leaveCluster: ${addr(entry.port)} still owns slots (${entry.slots.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(',')}) according to ${addr(remaining[index] as number)}; migrate them away first`);
        }
      }
      const orphan = view.find((entry) => !leaving.has(entry.nodeId) && entry.primaryId !== undefined && leaving.has(entry.primaryId));
      if (orphan) {
        throw new Error(`leaveCluster: ${addr(orphan.port)} replicates ${addr(leaving.get(orphan.primaryId as string)?.port ?? 0)}, which is leaving; remove that replica too or fail over first`);
      }
    }

    const replicasFirst = [...leaving.values()].sort((a, b) => (a.role === b.role ? 0 : a.role === 'replica' ? -1 : 1));
    for (const group of [replicasFirst.filter((entry) => entry.role === 'replica'), replicasFirst.filter((entry) => entry.role === 'primary')]) {
      await Promise.all(
        group.flatMap((entry) =>
          remaining.map(async (port) => {
            try {
              await client(port).call('CLUSTER', 'FORGET', entry.nodeId);
            } catch (error) {
              // Already forgotten (e.g. a retried call) is what we want anyway.
              if (!/unknown node/i.test(errorText(error))) throw new Error(`${addr(port)} refused to forget ${addr(entry.port)}: ${errorText(error)}`);
            }
          }),
        ),
      );
    }

    const gone = new Set(leaving.keys());
    await pollUntil(operation, 'waiting for the remaining nodes to be ok without them', deadline, async () => {
      const pending: string[] = [];
      await Promise.all(
        remaining.map(async (port) => {
          const [info, view] = await Promise.all([client(port).call('CLUSTER', 'INFO').then(String), nodeView(client(port))]);
          const state = infoField(info, 'cluster_state');
          if (state !== 'ok') pending.push(`${addr(port)} cluster_state:${state ?? '?'}`);
          const still = view.filter((entry) => gone.has(entry.nodeId) || removedPorts.includes(entry.port));
          if (still.length > 0) pending.push(`${addr(port)} still lists ${still.map((entry) => addr(entry.port)).join(', ')}`);
        }),
      );
      return pending;
    });
  } finally {
    closeClients(clients);
  }
}
