// @ts-nocheck
// Users applied to the nodes for real: every change reaches every node of every cluster it concerns
// (primaries and replicas: ACLs are not replicated) with ACL SETUSER / DELUSER, then ACL SAVE.
// MemoryDB's ACL changes (memorydb-changes.ts) and ElastiCache's user-group and AUTH token changes
// (elasticache-changes.ts) go through the same queue. Syncs of one cluster run one at a time and each
// applies the state as it is when it runs, so the last one always leaves the nodes matching the
// state. Nodes that are down get the same users from the aclfile rendered when they start
// (node-users.ts).
import { abortableSleep } from '../../../io/sleep.js';
import { type ClusterRuntime } from '../runtime.js';
import { allNodes } from '../cluster-nodes.js';
import { usersOfCluster } from './node-users.js';
import { applyUsersEverywhere } from '../ops/users.js';
import type { LocalCluster, LocalState } from '../../store/state.js';

/** How long a sync waits for a node that is still starting. */
const NODE_WAIT_MS = 15_000;
const RETRY_MS = 100;

interface SyncQueue {
  tail: Promise<void>;
  /** A sync that has not started yet: later requests join it (it will read the newest state). */
  queued?: Promise<void>;
}

const queues = new WeakMap<ClusterRuntime, Map<string, SyncQueue>>();
/** Bumped by every change of a user or ACL, so only the newest change marks it active again. */
const generations = new WeakMap<ClusterRuntime, Map<string, number>>();

export function bump(rt: ClusterRuntime, key: string): () => boolean {
  let map = generations.get(rt);
  if (map === undefined) generations.set(rt, (map = new Map()));
  const mine = (map.get(key) ?? 0) + 1;
  map.set(key, mine);
  return () => map.get(key) === mine;
}

/** Applies the cluster's users (node-users.ts) to every node of the cluster, after syncs already queued. */
export function syncClusterUsers(rt: ClusterRuntime, cluster: LocalCluster): Promise<void> {
  let byCluster = queues.get(rt);
  if (byCluster === undefined) queues.set(rt, (byCluster = new Map()));
  const queue = byCluster.get(cluster.name) ?? { tail: Promise.resolve() };
  byCluster.set(cluster.name, queue);
  if (queue.queued !== undefined) return queue.queued;
  const next = queue.tail.then(() => {
    queue.queued = undefined;
    return applyNow(rt, cluster);
  });
  queue.queued = next;
  queue.tail = next.catch(() => undefined);
  return next;
}

async function applyNow(rt: ClusterRuntime, cluster: LocalCluster): Promise<void> {
  const state = rt.store.state;
  if (state.clusters[cluster.name] !== cluster || cluster.status === 'deleting' || cluster.status === 'create-failed') return;
  const users = usersOfCluster(state, cluster);
  const [admin, tls] = await Promise.all([rt.admin(cluster), rt.tlsFor(cluster)]);
  const deadline = Date.now() + NODE_WAIT_MS;
  const results = await Promise.allSettled(
    allNodes(cluster).map(async (node) => {
      for (;;) {
        const health = rt.supervisor.health(node.name);
        // A node that is not up takes the users from its aclfile when it starts.
        if (health !== 'running' && health !== 'starting') return;
        try {
          await applyUsersEverywhere([node.port], users, { tls, keep: [admin.user] });
          return;
        } catch (err) {
          if (Date.now() + RETRY_MS > deadline || rt.stopping) throw new Error(`${node.name}: ${(err as Error).message}`);
          await abortableSleep(RETRY_MS, rt.signal);
        }
      }
    }),
  );
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failed.length > 0) throw new Error(failed.join('; '));
}

/** Syncs the clusters; failures become events (the nodes catch up from their aclfile on restart). */
export async function syncAll(rt: ClusterRuntime, clusters: LocalCluster[], source: 'user' | 'acl' | 'user-group', name: string): Promise<void> {
  const unique = [...new Set(clusters)];
  const results = await Promise.allSettled(unique.map((c) => syncClusterUsers(rt, c)));
  const what = { user: 'user', acl: 'ACL', 'user-group': 'user group' }[source];
  results.forEach((r, i) => {
    const target = unique[i];
    const kind = target?.service === 'elasticache' ? 'replication group' : 'cluster';
    if (r.status === 'rejected' && !rt.stopping) rt.event(source, name, `Applying ${what} ${name} to ${kind} ${target?.name ?? '?'} failed: ${(r.reason as Error).message}`, target?.service);
  });
}

/** Marks each user / ACL / user group active again, or drops the ones being deleted, with their tags. */
export function settleRecords(state: LocalState, records: Record<string, { status: string; arn: string }>): void {
  for (const [key, record] of Object.entries(records)) {
    if (record.status !== 'deleting') record.status = 'active';
    else {
      delete records[key];
      delete state.tags[record.arn];
    }
  }
}
