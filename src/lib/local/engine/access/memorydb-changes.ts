// Users and ACLs applied for real: every change reaches every node of every cluster it concerns
// (primaries and replicas: ACLs are not replicated) with ACL SETUSER / DELUSER, then ACL SAVE.
// The same queue serves ElastiCache replication groups (user groups, AUTH tokens: see
// elasticache/access-changes.ts); the MemoryDB look-ups below only ever see MemoryDB clusters.
// Syncs of one cluster run one at a time and each applies the state as it is when it runs, so the
// last one always leaves the nodes matching the state. Nodes that are down get the same users from
// the aclfile rendered when they start (node-users.ts).
import { abortableSleep } from '../../../io/sleep.js';
import { allNodes, type ClusterRuntime } from '../runtime.js';
import { runChange } from '../changes.js';
import { effectiveAcl, usersOfCluster } from './node-users.js';
import { applyUsersEverywhere } from '../ops/users.js';
import type { LocalAcl, LocalCluster, LocalState, LocalUser } from '../../store/state.js';
import { DEFAULT_USER, OPEN_ACCESS_ACL } from '../../api/memorydb/catalog.js';
import { settleElastiCacheAccess } from './elasticache-changes.js';

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
  const [admin, tls] = await Promise.all([rt.admin(), rt.tlsFor(cluster)]);
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

/** Live MemoryDB clusters whose nodes hold (or are about to hold) this ACL's users. */
export function clustersWithAcl(state: LocalState, aclName: string): LocalCluster[] {
  return memorydbClusters(state).filter((c) => c.status !== 'deleting' && (c.aclName === aclName || effectiveAcl(c) === aclName));
}

function memorydbClusters(state: LocalState): LocalCluster[] {
  return Object.values(state.clusters).filter((c) => c.service !== 'elasticache');
}

export function aclsWithUser(state: LocalState, userName: string): string[] {
  const custom = Object.values(state.acls).filter((a) => a.userNames.includes(userName)).map((a) => a.name);
  return (userName === DEFAULT_USER ? [OPEN_ACCESS_ACL, ...custom] : custom).sort();
}

export function clustersWithUser(state: LocalState, userName: string): LocalCluster[] {
  const acls = new Set(aclsWithUser(state, userName));
  return memorydbClusters(state).filter((c) => c.status !== 'deleting' && (acls.has(c.aclName) || acls.has(effectiveAcl(c))));
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

/** After UpdateUser changed the state: the user is "modifying" until every node has the change. */
export function beginUserChange(rt: ClusterRuntime, user: LocalUser): void {
  user.status = 'modifying';
  rt.store.save();
  const newest = bump(rt, `user:${user.name}`);
  rt.run(`modifying user ${user.name}`, async () => {
    await syncAll(rt, clustersWithUser(rt.store.state, user.name), 'user', user.name);
    if (rt.stopping || !newest() || rt.store.state.users[user.name] !== user) return;
    user.status = 'active';
    rt.event('user', user.name, `User ${user.name} modified`);
  });
}

/** DeleteUser: out of every ACL at once, off every node, then gone from the state. */
export function beginUserDelete(rt: ClusterRuntime, user: LocalUser): void {
  const state = rt.store.state;
  const clusters = clustersWithUser(state, user.name);
  user.status = 'deleting';
  for (const acl of Object.values(state.acls)) acl.userNames = acl.userNames.filter((n) => n !== user.name);
  rt.store.save();
  rt.run(`deleting user ${user.name}`, async () => {
    await syncAll(rt, clusters, 'user', user.name);
    if (rt.stopping || state.users[user.name] !== user) return;
    delete state.users[user.name];
    delete state.tags[user.arn];
    rt.event('user', user.name, `User ${user.name} deleted`);
  });
}

/** CreateACL: "creating" for a moment (no cluster can use it yet), then active. */
export function beginAclCreate(rt: ClusterRuntime, acl: LocalAcl): void {
  rt.run(`creating ACL ${acl.name}`, async () => {
    await abortableSleep(rt.options.createDelayMs, rt.signal);
    if (rt.stopping || rt.store.state.acls[acl.name] !== acl || acl.status !== 'creating') return;
    acl.status = 'active';
    rt.event('acl', acl.name, `ACL ${acl.name} created`);
  });
}

/** After UpdateACL changed the members: "modifying" until every cluster using the ACL has them. */
export function beginAclChange(rt: ClusterRuntime, acl: LocalAcl, add: string[], remove: string[]): void {
  if (acl.status !== 'creating') acl.status = 'modifying';
  acl.pendingChanges = { add, remove };
  rt.store.save();
  const newest = bump(rt, `acl:${acl.name}`);
  rt.run(`modifying ACL ${acl.name}`, async () => {
    await syncAll(rt, clustersWithAcl(rt.store.state, acl.name), 'acl', acl.name);
    if (rt.stopping || !newest() || rt.store.state.acls[acl.name] !== acl) return;
    if (acl.status === 'modifying') acl.status = 'active';
    delete acl.pendingChanges;
    rt.event('acl', acl.name, `ACL ${acl.name} modified`);
  });
}

export function beginAclDelete(rt: ClusterRuntime, acl: LocalAcl): void {
  acl.status = 'deleting';
  rt.store.save();
  rt.run(`deleting ACL ${acl.name}`, async () => {
    await abortableSleep(rt.options.deleteDelayMs, rt.signal);
    if (rt.stopping || rt.store.state.acls[acl.name] !== acl) return;
    delete rt.store.state.acls[acl.name];
    delete rt.store.state.tags[acl.arn];
    rt.event('acl', acl.name, `ACL ${acl.name} deleted`);
  });
}

/** UpdateCluster ACLName: every node switches to the new ACL's users while the cluster is "updating". */
export function beginAclSwitch(rt: ClusterRuntime, cluster: LocalCluster, aclName: string): void {
  const from = cluster.aclName;
  cluster.status = 'updating';
  cluster.pendingUpdate = { kind: 'acl', progress: 0, target: aclName };
  rt.store.save();
  rt.event('cluster', cluster.name, `Changing ACL from ${from} to ${aclName} started`);
  runChange(rt, cluster, 'ACL change', async () => {
    try {
      await syncClusterUsers(rt, cluster);
    } catch (err) {
      // Back to the old ACL's users, as far as the nodes let us.
      delete cluster.pendingUpdate;
      await syncClusterUsers(rt, cluster).catch(() => undefined);
      throw err;
    }
    cluster.aclName = aclName;
    rt.store.save();
    rt.event('acl', aclName, `ACL ${aclName} applied to cluster ${cluster.name}`);
    rt.event('cluster', cluster.name, `Changing ACL from ${from} to ${aclName} completed`);
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

/**
 * On start: changes a stop cut short are settled. Nodes render their aclfile from the state when
 * they start, so whatever the state says is what they get; an ACL switch cut short is dropped here,
 * before any node starts, so the nodes come back with the ACL the cluster still names.
 */
export function settleAccessState(state: LocalState): void {
  settleElastiCacheAccess(state);
  for (const cluster of Object.values(state.clusters)) {
    if (cluster.pendingUpdate?.kind === 'acl') delete cluster.pendingUpdate;
  }
  for (const acl of Object.values(state.acls)) delete acl.pendingChanges;
  settleRecords(state, state.users);
  settleRecords(state, state.acls);
}
