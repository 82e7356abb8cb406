// @ts-nocheck
// What happens around a benchmark on the main thread, with ordinary connections: reading the
// topology (CLUSTER SLOTS), refusing to write into a key space that holds other data, checking
// custom commands only touch keys under the prefix (COMMAND GETKEYS), and --cleanup.
import type { Redis } from 'ioredis';
import { ConflictError, UsageError } from '../../io/errors.js';
import { escapeControl } from '../../io/sanitize.js';
import { sweep, withRetry, type OpenedNodes, type SweepOutcome } from '../sweep.js';
import type { NodeHandle, ResolvedTarget } from '../target.js';
import type { Topology } from './run.js';
import type { CommandSpec } from './workload.js';

export const SLOTS = 16384;

/** The primaries and, in cluster mode, which of them owns each slot. */
export async function readTopology(cluster: boolean, nodes: NodeHandle[]): Promise<Topology> {
  const primaries = nodes.filter((n) => n.role === 'primary');
  const first = primaries[0];
  if (first === undefined) throw new ConflictError('the target has no primary to send writes to');
  if (!cluster) return { cluster: false, nodes: [{ host: first.address, port: first.port }], slots: null };
  const reply = (await first.client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;
  const index = new Map<string, number>();
  const list: Array<{ host: string; port: number }> = [];
  const slots = new Array<number>(SLOTS).fill(-1);
  for (const [start, end, primary] of reply) {
    const host = primary[0] === '' ? first.address : String(primary[0]);
    const id = `${host}:${primary[1]}`;
    let i = index.get(id);
    if (i === undefined) {
      i = list.length;
      list.push({ host, port: Number(primary[1]) });
      index.set(id, i);
    }
    for (let s = start; s <= end; s++) slots[s] = i;
  }
  const missing = slots.indexOf(-1);
  if (missing >= 0) throw new ConflictError(`slot ${missing} has no primary (cluster not fully up?)`, { hint: 'check the cluster with `memctl nodes`' });
  return { cluster: true, nodes: list, slots };
}

/** Keys looked at per primary (SCAN iterations of COUNT 100) before concluding the data is ours. */
export const SAFETY_SCAN_CALLS = 20;

/**
 * Refuses (exit 6) when a primary holds keys outside the prefix: DBSIZE, then a bounded SCAN
 * looking for a key that does not start with it. Only a sample on big key spaces: pragmatic.
 */
export async function checkKeySpace(nodes: NodeHandle[], prefix: string): Promise<void> {
  for (const node of nodes.filter((n) => n.role === 'primary')) {
    const size = Number(await node.client.call('DBSIZE'));
    if (size === 0) continue;
    let cursor = '0';
    for (let call = 0; call < SAFETY_SCAN_CALLS; call++) {
      const [next, keys] = (await node.client.callBuffer('SCAN', cursor, 'COUNT', '100')) as [Buffer, Buffer[]];
      const foreign = keys.find((k) => !k.toString('utf8').startsWith(prefix));
      if (foreign !== undefined) {
        throw new ConflictError(`${node.address}:${node.port} holds ${size} keys, some outside the bench prefix "${prefix}" (e.g. "${escapeControl(foreign.toString('utf8'))}")`, {
          hint: 'benchmark an empty or dedicated database, or pass --yes to write beside that data',
        });
      }
      cursor = next.toString();
      if (cursor === '0') break;
    }
  }
}

/**
 * Custom commands may only name keys under the prefix: the server says which arguments are keys
 * (COMMAND GETKEYS) for the command expanded with a sample key.
 */
export async function checkCommandKeys(client: Redis, commands: CommandSpec[], prefix: string): Promise<void> {
  const sampleKey = `${prefix}0`;
  for (const c of commands) {
    const args = c.args.map((a) => a.replaceAll('__key__', sampleKey).replaceAll('__data__', 'x'));
    let keys: string[];
    try {
      keys = ((await client.call('COMMAND', 'GETKEYS', ...args)) as Buffer[] | string[]).map(String);
    } catch (err) {
      const message = (err as Error).message;
      if (/Invalid command|unknown command/i.test(message)) throw new UsageError(`--command "${c.args.join(' ')}": the server does not know this command`);
      if (/no key arguments|Invalid arguments/i.test(message)) throw new UsageError(`--command "${c.args.join(' ')}" names no key: benchmark commands must work on __key__`);
      throw new UsageError(`--command "${c.args.join(' ')}" was refused by the server: ${message}`);
    }
    const outside = keys.find((k) => !k.startsWith(prefix));
    if (outside !== undefined) throw new UsageError(`--command "${c.args.join(' ')}" writes key "${escapeControl(outside)}", outside the bench prefix "${prefix}": use __key__ for every key`);
  }
}

/**
 * --cleanup: SCAN MATCH prefix* and UNLINK on every primary (pipelined, one key per UNLINK), as a
 * sweep: a primary lost mid-run is replaced by the node serving its slots now. Returns the keys
 * removed and whether every primary was swept.
 */
export async function cleanup(target: ResolvedTarget, opened: OpenedNodes, prefix: string): Promise<{ removed: number; outcome: SweepOutcome }> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let removed = 0;
  const outcome = await sweep(target, opened, { readFrom: 'primary', match: pattern, count: 1000, recoveryMs: CLEANUP_RECOVERY_MS }, async ({ keys, node, label }) => {
    removed += await withRetry(label, 'UNLINK', async () => {
      const pipeline = node.client.pipeline();
      for (const k of keys) pipeline.unlink(k);
      let count = 0;
      for (const [err, n] of (await pipeline.exec()) ?? []) {
        if (err !== null) throw err;
        count += Number(n);
      }
      return count;
    });
  });
  return { removed, outcome };
}

/** How long the cleanup waits for a lost primary's slots to be served again. */
const CLEANUP_RECOVERY_MS = 30_000;
