// @ts-nocheck
// Picks loopback ports for redis-server nodes: each node needs its port p and its cluster bus port p+10000.

import { createServer } from 'node:net';

export const DEFAULT_PORT_RANGE = { min: 17000, max: 22700 } as const;
/** Redis Cluster's bus listens on the client port plus this offset. */
export const CLUSTER_BUS_OFFSET = 10000;

// Ports handed out by this process recently. Callers start nodes on them a moment later, so a
// second allocation in between (e.g. two clusters created in parallel) must not pick them again.
const RECENT_MS = 30_000;
const recentlyAllocated = new Map<number, number>();

function isRecentlyAllocated(port: number, now: number): boolean {
  const at = recentlyAllocated.get(port);
  if (at === undefined) return false;
  if (now - at > RECENT_MS) {
    recentlyAllocated.delete(port);
    return false;
  }
  return true;
}

/** Whether 127.0.0.1:port can be listened on right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/**
 * Returns `count` distinct ports p in [min, max) where both p and p+10000 are free on 127.0.0.1
 * and p is not in `taken`. The default range keeps p+10000 below Linux's ephemeral range (32768),
 * so outgoing connections never occupy a node's bus port. Scanning starts at a random offset so
 * parallel test runs rarely race for the same ports.
 */
export async function allocateNodePorts(
  count: number,
  taken: ReadonlySet<number>,
  range: { min: number; max: number } = DEFAULT_PORT_RANGE,
  preferred?: number,
): Promise<number[]> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`invalid port count: ${count}`);
  const { min, max } = range;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max <= min || max - 1 + CLUSTER_BUS_OFFSET > 65535) {
    throw new Error(`invalid port range [${min}, ${max}): ports and their bus ports (+${CLUSTER_BUS_OFFSET}) must fit in 1-65535`);
  }

  const size = max - min;
  const start = Math.floor(Math.random() * size);
  const chosen: number[] = [];
  const now = Date.now();
  // The port a request asked for (CreateCluster's Port) goes first when it and its bus port are free.
  if (count > 0 && preferred !== undefined && preferred >= 1 && preferred + CLUSTER_BUS_OFFSET <= 65535 && !taken.has(preferred) && !taken.has(preferred + CLUSTER_BUS_OFFSET)) {
    if ((await canListen(preferred)) && (await canListen(preferred + CLUSTER_BUS_OFFSET))) chosen.push(preferred);
  }
  // One pass over the range at most: the loop is bounded by its size.
  for (let i = 0; i < size && chosen.length < count; i++) {
    const port = min + ((start + i) % size);
    if (taken.has(port) || chosen.includes(port) || isRecentlyAllocated(port, now)) continue;
    // Node and bus ports of different nodes must not overlap either (only possible in wide ranges).
    const clashes = (p: number): boolean => taken.has(p) || chosen.includes(p);
    if (clashes(port + CLUSTER_BUS_OFFSET) || clashes(port - CLUSTER_BUS_OFFSET)) continue;
    if (!(await canListen(port)) || !(await canListen(port + CLUSTER_BUS_OFFSET))) continue;
    chosen.push(port);
  }
  if (chosen.length < count) {
    throw new Error(`no free ports for ${count} redis node(s) in 127.0.0.1:${min}-${max - 1} (each needs p and p+${CLUSTER_BUS_OFFSET} free); found ${chosen.length}`);
  }
  for (const port of chosen) recentlyAllocated.set(port, now);
  return chosen;
}

/** Makes ports from allocateNodePorts available again at once, e.g. after creating the nodes failed. */
export function releaseNodePorts(ports: Iterable<number>): void {
  for (const port of ports) recentlyAllocated.delete(port);
}
