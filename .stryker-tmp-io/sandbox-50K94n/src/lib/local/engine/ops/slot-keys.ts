// @ts-nocheck
// Moving the keys of one slot from node to node with MIGRATE: its arguments (the target's
// credentials included, which Redis redacts from SLOWLOG and MONITOR) and its time bounds.
import { NODE_HOST, nodeCredentials } from '../nodes/node-client.js';

/** MIGRATE's own I/O timeout towards the target, in ms. */
export const MIGRATE_IO_TIMEOUT_MS = 10_000;
/** Client-side bound for one command: above MIGRATE's own timeout, so MIGRATE reports first. */
export const COMMAND_TIMEOUT_MS = MIGRATE_IO_TIMEOUT_MS + 5_000;

/** MIGRATE's arguments (after the command name) moving `keys` to the node at `toPort`. */
export function migrateArgs(toPort: number, keys: Buffer[], options: { replace: boolean }): Array<string | Buffer> {
  // The source connects to the target by itself, so it needs the target's credentials.
  const credentials = nodeCredentials(toPort);
  const auth = credentials === undefined ? [] : ['AUTH2', credentials.user, credentials.password];
  return [NODE_HOST, String(toPort), '', '0', String(MIGRATE_IO_TIMEOUT_MS), ...(options.replace ? ['REPLACE'] : []), ...auth, 'KEYS', ...keys];
}
