// @ts-nocheck
// The nodes `memctl top` watches: one connection per node, kept open from one refresh to the
// next. A node that stops answering is reported (never fatal) and, once its connection closed,
// connected again at the next refresh; a node whose last INFO is still unanswered is not asked
// again, so a hung node never piles up commands. The topology is read again on demand from any
// node that answers: nodes that appeared are added, nodes the cluster forgot are dropped, roles
// and primaries follow failovers.
import type { Redis } from 'ioredis';
import { parseClusterNodes, parseInfo } from './node-stats.js';
import type { InfoSample, NodeIdentity } from './node-rates.js';
import { clusterTopology, connectedReplicas, connectNode, isNoPerm, type NodeHandle, type ResolvedTarget } from './target.js';

export type SampleResult = InfoSample | { error: string };

interface Watched {
  key: string;
  id: string;
  address: string;
  port: number;
  role: 'primary' | 'replica';
  primaryId?: string | undefined;
  client: Redis | undefined;
  /** The last socket error, which says more than ioredis's "Connection is closed". */
  socketError?: string | undefined;
  /** An INFO sent and not yet answered. */
  pending: boolean;
  /** The last refresh got an answer. */
  answered: boolean;
}

interface DiscoveredNode {
  id: string;
  address: string;
  port: number;
  role: 'primary' | 'replica';
  primaryId?: string | undefined;
}

const keyOf = (address: string, port: number): string => `${address}:${port}`;

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0] ?? 'error';
}

export class LiveNodes {
  private readonly watched = new Map<string, Watched>();

  /** `handles`: what openNodes connected; their connections are kept (and closed by close()). */
  constructor(
    private readonly target: ResolvedTarget,
    private readonly cluster: boolean,
    handles: NodeHandle[],
  ) {
    for (const h of handles) {
      const w: Watched = { key: keyOf(h.address, h.port), id: h.id, address: h.address, port: h.port, role: h.role, primaryId: h.primaryId, client: undefined, pending: false, answered: true };
      this.attach(w, h.client);
      this.watched.set(w.key, w);
    }
  }

  /** Every watched node with its role and primary as discovery last saw them. */
  identities(): NodeIdentity[] {
    const keyById = new Map([...this.watched.values()].map((w) => [w.id, w.key]));
    return [...this.watched.values()].map((w) => ({ node: w.key, id: w.id, role: w.role, ...(w.primaryId === undefined ? {} : { primary: keyById.get(w.primaryId) }) }));
  }

  /** INFO from every node in parallel, each bounded by timeoutMs. */
  async sample(timeoutMs: number): Promise<Map<string, SampleResult>> {
    const nodes = [...this.watched.values()];
    const results = await Promise.all(nodes.map((w) => this.sampleOne(w, timeoutMs)));
    return new Map(nodes.map((w, i) => [w.key, results[i] as SampleResult]));
  }

  private async sampleOne(w: Watched, timeoutMs: number): Promise<SampleResult> {
    if (w.pending) {
      w.answered = false;
      return { error: 'still no answer to the previous INFO' };
    }
    if (w.client === undefined || w.client.status === 'end') {
      w.client?.disconnect();
      w.client = undefined;
      try {
        this.attach(w, await connectNode(this.target, w.address, w.port));
      } catch (err) {
        w.answered = false;
        return { error: firstLine(err) };
      }
    }
    const client = w.client as Redis;
    w.pending = true;
    const work = client.call('INFO').then((text) => ({ receivedAt: Date.now(), info: parseInfo(String(text)) }));
    work.then(
      () => (w.pending = false),
      () => (w.pending = false),
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      const sample = await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      w.answered = true;
      w.socketError = undefined;
      return sample;
    } catch (err) {
      w.answered = false;
      // A NOPERM is the user's, not the node's: the caller tells it as such.
      const message = firstLine(err);
      return { error: /Connection is closed/.test(message) && w.socketError !== undefined ? w.socketError : message };
    } finally {
      clearTimeout(timer);
    }
  }

  private attach(w: Watched, client: Redis): void {
    w.client = client;
    client.on('error', (err: Error) => (w.socketError = firstLine(err)));
  }

  /**
   * Reads the topology again from the first node that answers it (primaries first). Returns
   * whether anything changed: a node added or dropped, a role or a primary changed.
   */
  async rediscover(): Promise<boolean> {
    const candidates = [...this.watched.values()].filter((w) => w.client?.status === 'ready' && !w.pending).sort((a, b) => (a.role === b.role ? 0 : a.role === 'primary' ? -1 : 1));
    for (const via of candidates) {
      let found: DiscoveredNode[] | undefined;
      try {
        found = await this.topologyFrom(via);
      } catch (err) {
        if (isNoPerm(err)) return false;
        continue;
      }
      if (found === undefined) continue;
      return this.merge(found);
    }
    return false;
  }

  private async topologyFrom(via: Watched): Promise<DiscoveredNode[] | undefined> {
    const client = via.client as Redis;
    if (this.cluster) {
      try {
        // CLUSTER NODES lists the nodes the cluster marks failed too: they stay, shown down.
        return parseClusterNodes(String(await client.call('CLUSTER', 'NODES')))
          .filter((t) => t.port > 0)
          .map((t) => ({ id: t.id, address: t.address === '' ? via.address : t.address, port: t.port, role: t.role, primaryId: t.primaryId }));
      } catch (err) {
        if (!isNoPerm(err)) throw err;
      }
      const entries = await clusterTopology(client, false);
      return entries?.map((e) => ({ id: e.id, address: e.host === '' ? via.address : e.host, port: e.port, role: e.role, primaryId: e.primaryId }));
    }
    // Without cluster mode: the seed (its role may have changed) and, while it is a primary, its online replicas.
    if (via.id !== 'standalone') return undefined;
    const replication = String(await client.call('INFO', 'replication'));
    const role = /role:slave/.test(replication) ? 'replica' : 'primary';
    const replicas = role === 'primary' ? connectedReplicas(replication).map((r) => ({ id: keyOf(r.address, r.port), address: r.address, port: r.port, role: 'replica' as const, primaryId: 'standalone' })) : [];
    return [{ id: 'standalone', address: via.address, port: via.port, role }, ...replicas];
  }

  private merge(found: DiscoveredNode[]): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const d of found) {
      const key = keyOf(d.address, d.port);
      seen.add(key);
      const w = this.watched.get(key);
      if (w === undefined) {
        this.watched.set(key, { key, id: d.id, address: d.address, port: d.port, role: d.role, primaryId: d.primaryId, client: undefined, pending: false, answered: true });
        changed = true;
        continue;
      }
      if (w.role !== d.role || w.primaryId !== d.primaryId || w.id !== d.id) changed = true;
      w.id = d.id;
      w.role = d.role;
      w.primaryId = d.primaryId;
    }
    for (const w of [...this.watched.values()]) {
      if (seen.has(w.key)) continue;
      // Cluster mode: CLUSTER NODES is the list. Without it, a replica that stopped answering is no
      // longer listed by its primary: dropped only once it does not answer either.
      if (!this.cluster && w.answered) continue;
      w.client?.disconnect();
      this.watched.delete(w.key);
      changed = true;
    }
    return changed;
  }

  close(): void {
    for (const w of this.watched.values()) w.client?.disconnect();
  }
}
