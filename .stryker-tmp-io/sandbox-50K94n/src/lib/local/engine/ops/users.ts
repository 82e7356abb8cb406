// @ts-nocheck
// Users on running nodes: ACL SETUSER / ACL DELUSER to make a node hold exactly a given set of
// users, then ACL SAVE so its aclfile keeps them across restarts. ACL changes are not replicated,
// so callers apply them to every node, primaries and replicas alike.

import type { Redis } from 'ioredis';
import { NODE_HOST } from '../nodes/node-client.js';

import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, errorText, openClients } from './nodes.js';

/**
 * Sets every user in `users` (each replaced as a whole: `reset`, then its rules, in one command, so
 * there is no moment without its password), deletes users the node has beyond those and `keep`,
 * and saves the aclfile. Deleting a user disconnects the clients logged in as it.
 */
export async function applyUsers(client: Redis, users: NodeUser[], keep: string[]): Promise<void> {
  for (const user of users) {
    await client.call('ACL', 'SETUSER', user.name, 'reset', ...user.rules);
    // Turning a user off does not end the connections already logged in as it (e.g. `default`
    // when a cluster leaves open-access); cut them, like DELUSER does for deleted users.
    if (user.rules.includes('off')) await client.call('CLIENT', 'KILL', 'USER', user.name);
  }
  const wanted = new Set([...users.map((u) => u.name), ...keep]);
  const extra = ((await client.call('ACL', 'USERS')) as string[]).filter((name) => !wanted.has(name));
  if (extra.length > 0) await client.call('ACL', 'DELUSER', ...extra);
  await client.call('ACL', 'SAVE');
}

/** applyUsers on every port at once; throws naming each node that failed. */
export async function applyUsersEverywhere(ports: number[], users: NodeUser[], options: { tls: TlsFiles | null; keep: string[] }): Promise<void> {
  if (ports.length === 0) return;
  const clients = openClients(ports, options.tls);
  try {
    const results = await Promise.allSettled(ports.map((port) => applyUsers(clientFor(clients, port), users, options.keep)));
    const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [`${NODE_HOST}:${ports[i] ?? '?'}: ${errorText(result.reason)}`] : []));
    if (failed.length > 0) throw new Error(`applying users failed on ${failed.length} of ${ports.length} node(s): ${failed.join('; ')}`);
  } finally {
    closeClients(clients);
  }
}

/** One user as ACL SETUSER takes it: the rules that follow `reset`. */
export interface NodeUser {
  name: string;
  rules: string[];
}
