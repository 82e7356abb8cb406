// @ts-nocheck
// Routing one key to the primary that owns it: in cluster mode the owner of its slot (CLUSTER
// SLOTS), following one MOVED if the slot moved between that answer and the command; otherwise
// the node itself. Replies that say "try again shortly" are retried (withRetry); what stays
// names the node and command.
import { NotFoundError } from '../io/errors.js';
import { nodeLabel } from './scan.js';
import { keySlot } from './slot.js';
import { isDisruption, reopen, withRetry, type OpenedNodes } from './sweep.js';
import { sweepNodes, type NodeHandle, type ReadFrom, type ResolvedTarget } from './target.js';

/** How long a single-key command waits for the key's slot to be served again after a fault. */
export const KEY_RECOVERY_MS = 15_000;

/**
 * Runs `fn` on the primary that owns `key`; returns the node that answered and its answer. A
 * lost connection or a failover in between is waited out (up to KEY_RECOVERY_MS): the target is
 * opened again and the key routed to whichever node serves its slot then.
 */
export async function onKeyOwner<T>(
  target: ResolvedTarget,
  opened: OpenedNodes,
  key: Buffer,
  command: string,
  fn: (node: NodeHandle) => Promise<T>,
  readFrom: ReadFrom = 'primary',
): Promise<{ node: NodeHandle; result: T }> {
  const deadline = Date.now() + KEY_RECOVERY_MS;
  const extra: OpenedNodes[] = [];
  let current = opened;
  try {
    for (;;) {
      try {
        return await once(current, key, command, fn, readFrom);
      } catch (err) {
        const cause = err instanceof Error && 'node' in err ? err.cause : err;
        if (!isDisruption(cause) || Date.now() >= deadline) throw err;
        const next = await reopen(target, current.nodes, (o) => routable(o, key), { deadline });
        if (next === undefined) throw err;
        extra.push(next);
        current = next;
      }
    }
  } finally {
    for (const o of extra) o.close();
  }
}

async function once<T>(opened: OpenedNodes, key: Buffer, command: string, fn: (node: NodeHandle) => Promise<T>, readFrom: ReadFrom): Promise<{ node: NodeHandle; result: T }> {
  const owner = opened.cluster ? await slotOwner(opened.nodes, keySlot(key)) : (opened.nodes.find((n) => n.role === 'primary') ?? (opened.nodes[0] as NodeHandle));
  // Reads may go to one of the owner's replicas (READONLY connections); writes never do.
  let node = readFrom === 'primary' || owner.role !== 'primary' ? owner : (sweepNodes(opened.nodes.filter((n) => n === owner || n.primaryId === owner.id), readFrom)[0] ?? owner);
  const attempt = (n: NodeHandle): Promise<T> => withRetry(nodeLabel(n), command, () => fn(n));
  try {
    return { node, result: await attempt(node) };
  } catch (err) {
    const next = movedTo(opened.nodes, (err as { cause?: unknown }).cause ?? err);
    if (next === undefined) throw err;
    node = next;
    return { node, result: await attempt(node) };
  }
}

/** The key's owner is known and answers. */
async function routable(opened: OpenedNodes, key: Buffer): Promise<boolean> {
  try {
    const node = opened.cluster ? await slotOwner(opened.nodes, keySlot(key)) : opened.nodes.find((n) => n.role === 'primary');
    if (node === undefined) return false;
    await node.client.ping();
    return true;
  } catch {
    return false;
  }
}

/** The known node a MOVED error points to. */
function movedTo(nodes: NodeHandle[], err: unknown): NodeHandle | undefined {
  const moved = /MOVED \d+ (\S*):(\d+)/.exec((err as Error)?.message ?? '');
  if (moved === null) return undefined;
  return nodes.find((n) => n.port === Number(moved[2]) && (n.address === moved[1] || moved[1] === ''));
}

/** The primary serving `slot`, by CLUSTER SLOTS asked of a primary. */
export async function slotOwner(nodes: NodeHandle[], slot: number): Promise<NodeHandle> {
  const seed = nodes.find((n) => n.role === 'primary') ?? (nodes[0] as NodeHandle);
  const slots = (await seed.client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string?], ...unknown[]]>;
  for (const [from, to, primary] of slots) {
    if (slot < from || slot > to) continue;
    const owner = nodes.find((n) => n.id === primary[2]) ?? nodes.find((n) => n.port === Number(primary[1]) && (n.address === primary[0] || primary[0] === ''));
    if (owner !== undefined) return owner;
  }
  throw new NotFoundError(`no node owns slot ${slot} (the cluster is not fully formed)`);
}
