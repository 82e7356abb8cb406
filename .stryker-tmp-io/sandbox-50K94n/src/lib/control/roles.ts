// @ts-nocheck
// Node roles, read from the nodes themselves (ROLE): MemoryDB's API does not report them.
import type { Cluster, NodeRole } from './model.js';
import { connectStandalone, type NodeTls } from '../redis/connect.js';

export interface RoleLookup {
  tls: NodeTls | null;
  timeoutMs: number;
  /** Credentials for clusters that refuse unauthenticated clients. */
  auth?: { user: string; password: string } | undefined;
}

/** Fills in `role` for every node that answers; nodes that do not answer keep no role. */
export async function withNodeRoles(cluster: Cluster, lookup: RoleLookup): Promise<Cluster> {
  if (cluster.shards === undefined) return cluster;
  const shards = await Promise.all(
    cluster.shards.map(async (shard) => ({
      ...shard,
      nodes: await Promise.all(
        shard.nodes.map(async (node) => {
          if (node.endpoint === undefined) return node;
          const role = await readRole(node.endpoint.address, node.endpoint.port, lookup);
          return role === undefined ? node : { ...node, role };
        }),
      ),
    })),
  );
  return { ...cluster, shards };
}

async function readRole(host: string, port: number, lookup: RoleLookup): Promise<NodeRole | undefined> {
  const client = connectStandalone({ host, port, tls: lookup.tls, auth: lookup.auth, connectTimeoutMs: lookup.timeoutMs, commandTimeoutMs: lookup.timeoutMs });
  try {
    const reply = (await client.call('ROLE')) as unknown[];
    return reply[0] === 'master' ? 'primary' : reply[0] === 'slave' ? 'replica' : undefined;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}
