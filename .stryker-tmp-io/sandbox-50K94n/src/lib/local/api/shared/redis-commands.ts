// @ts-nocheck
// Which command and category names an access string may use on the local nodes: the Redis 7.0
// lists generated from a real redis-server (src/lib/control/redis-commands.ts, shared with the
// CLI's own validation). Only 7.0's: the local nodes run 7.0 and would refuse 7.2-only names in
// ACL SETUSER.
import { redis70Commands, redisAclCategories } from '../../../control/redis-commands.js';

export const ACL_CATEGORIES: ReadonlySet<string> = new Set(redisAclCategories);

const SUBCOMMANDS = new Map(Object.entries(redis70Commands).map(([command, subs]) => [command, new Set(subs)]));

/**
 * Whether `+<name>` / `-<name>` names a command Redis knows: `get`, `config|get`, or a first-argument
 * rule like `select|0` on a command without subcommands (Redis 7 still accepts those).
 */
export function isKnownCommand(name: string): boolean {
  const [command = '', sub, ...rest] = name.toLowerCase().split('|');
  const subs = SUBCOMMANDS.get(command);
  if (subs === undefined || rest.length > 0) return false;
  if (sub === undefined) return true;
  if (sub === '') return false;
  return subs.size === 0 || subs.has(sub);
}
