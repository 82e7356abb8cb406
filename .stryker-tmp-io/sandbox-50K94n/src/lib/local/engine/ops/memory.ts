// @ts-nocheck
// Memory of the nodes: what they use, and the limit they enforce (vertical scaling changes it live).

import { infoField } from '../nodes/topology.js';
import { NODE_HOST } from '../nodes/node-client.js';
import type { TlsFiles } from '../nodes/tls.js';
import { closeClients, errorText, openClients } from './nodes.js';

/** INFO memory used_memory of each node, in bytes. Throws naming the first node that does not answer. */
export async function usedMemory(ports: number[], tls: TlsFiles | null): Promise<Map<number, number>> {
  const clients = openClients(ports, tls);
  try {
    const used = await Promise.all(
      [...clients].map(async ([port, client]) => {
        try {
          const value = Number(infoField(String(await client.call('INFO', 'memory')), 'used_memory'));
          if (!Number.isFinite(value)) throw new Error('INFO memory has no used_memory');
          return [port, value] as const;
        } catch (error) {
          throw new Error(`cannot read the memory use of ${NODE_HOST}:${port}: ${errorText(error)}`);
        }
      }),
    );
    return new Map(used);
  } finally {
    closeClients(clients);
  }
}

/**
 * CONFIG SET maxmemory on every node. It lasts until the node restarts: whoever restarts nodes must
 * start them with the same limit (NodeSpec.maxmemoryBytes).
 */
export async function setMaxmemory(ports: number[], bytes: number, tls: TlsFiles | null): Promise<void> {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`maxmemory must be a whole number of bytes, got ${bytes}`);
  const clients = openClients(ports, tls);
  try {
    const results = await Promise.allSettled([...clients].map(([, client]) => client.call('CONFIG', 'SET', 'maxmemory', String(bytes))));
    const failed = results.flatMap((result, index) => (result.status === 'rejected' ? [`${NODE_HOST}:${[...clients.keys()][index] ?? '?'}: ${errorText(result.reason)}`] : []));
    if (failed.length > 0) throw new Error(`setting maxmemory to ${bytes} bytes failed on ${failed.join('; ')}`);
  } finally {
    closeClients(clients);
  }
}
