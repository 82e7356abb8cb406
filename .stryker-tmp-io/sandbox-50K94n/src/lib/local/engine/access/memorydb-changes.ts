// @ts-nocheck
// MemoryDB users and ACLs applied for real: every change reaches every node of every cluster it
// concerns through the per-cluster queue (sync.ts), with the statuses the service walks: a user
// "modifying", an ACL "creating", "modifying" or "deleting", a cluster "updating" while it switches
// ACL. The look-ups below only ever see MemoryDB clusters.
import { abortableSleep } from '../../../io/sleep.js';
import type { ClusterRuntime } from '../runtime.js';
import { runChange } from '../changes.js';
import { effectiveAcl } from './node-users.js';
import type { LocalAcl, LocalCluster, LocalState, LocalUser } from '../../store/state.js';
import { DEFAULT_USER, OPEN_ACCESS_ACL } from '../../store/account.js';
import { bump, syncAll, syncClusterUsers } from './sync.js';

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

