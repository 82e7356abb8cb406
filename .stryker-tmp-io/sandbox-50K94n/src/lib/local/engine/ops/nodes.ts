// @ts-nocheck
// Plumbing shared by the cluster operations: one client per node, bounded polling, node views.

import type { Redis } from 'ioredis';
import { parseClusterNodes, type ClusterNodeEntry } from '../nodes/topology.js';
import { connectNode } from '../nodes/node-client.js';
import type { TlsFiles } from '../nodes/tls.js';

export const POLL_MS = 25;

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How to open a pool's clients again: a node that restarts ends its connection for good. */
const reopen = new WeakMap<Map<number, Redis>, (port: number) => Redis>();

/**
 * One standalone client per distinct port; close them with closeClients(). A client whose node
 * went away fails what it was doing; clientFor() then hands out a new connection to the node (one
 * per call, so a node that stays away never turns into a retry storm).
 */
export function openClients(ports: Iterable<number>, tls: TlsFiles | null, commandTimeoutMs = 5_000): Map<number, Redis> {
  const clients = new Map<number, Redis>();
  const open = (port: number): Redis => connectNode(port, tls, { connectTimeoutMs: 3_000, commandTimeoutMs });
  for (const port of ports) {
    if (!clients.has(port)) clients.set(port, open(port));
  }
  reopen.set(clients, open);
  return clients;
}

export function closeClients(clients: Map<number, Redis>): void {
  for (const client of clients.values()) client.disconnect();
}

export function clientFor(clients: Map<number, Redis>, port: number): Redis {
  let client = clients.get(port);
  if (!client) throw new Error(`internal error: no client for port ${port}`);
  const open = reopen.get(clients);
  if (client.status === 'end' && open !== undefined) {
    client = open(port);
    clients.set(port, client);
  }
  return client;
}

/** The cluster as the node behind `client` sees it. */
export async function nodeView(client: Redis): Promise<ClusterNodeEntry[]> {
  return parseClusterNodes(String(await client.call('CLUSTER', 'NODES')));
}

/** The node's own CLUSTER NODES line: its id, role and slots as it believes them to be. */
export async function selfEntry(client: Redis, port: number): Promise<ClusterNodeEntry> {
  const self = (await nodeView(client)).find((entry) => entry.myself);
  if (!self) throw new Error(`127.0.0.1:${port} did not list itself in CLUSTER NODES`);
  return self;
}

/** Whether a CLUSTER NODES entry is settled: not failing, not mid-handshake, with an address. */
export function settled(entry: ClusterNodeEntry): boolean {
  return !entry.flags.some((flag) => flag === 'fail' || flag === 'fail?' || flag === 'handshake' || flag === 'noaddr');
}

/**
 * Polls `check` until it reports nothing pending, or throws once `deadline` passes. `check` returns
 * what is not ready yet, so the timeout error can say exactly that.
 */
export async function pollUntil(
  operation: string,
  stage: string,
  deadline: number,
  check: () => Promise<string[]>,
  signal?: AbortSignal,
): Promise<void> {
  const began = Date.now();
  let pending: string[] = ['not checked yet'];
  for (;;) {
    if (signal?.aborted === true) throw new Error(`${operation} stopped while ${stage}: aborted`);
    try {
      pending = await check();
    } catch (error) {
      pending = [errorText(error)];
    }
    if (pending.length === 0) return;
    if (Date.now() + POLL_MS > deadline) break;
    await sleep(POLL_MS);
  }
  const shown = pending.slice(0, 5).join('; ') + (pending.length > 5 ? `; and ${pending.length - 5} more` : '');
  throw new Error(`${operation} timed out after ${Date.now() - began} ms while ${stage}: ${shown}`);
}
