// @ts-nocheck
// ElastiCache user and user-group changes applied for real: each reaches every node of every
// replication group using them (through the same per-cluster queue as MemoryDB's ACL changes,
// cluster-users.ts), with the statuses the service walks: a user "modifying", a user group
// "creating" or "modifying", until the nodes have the change.
import { abortableSleep } from '../../../io/sleep.js';
import type { ClusterRuntime } from '../runtime.js';
import { bump, settleRecords, syncAll } from './sync.js';
import { effectiveUserGroups, replicationGroupsWithUser, replicationGroupsWithUserGroup } from './node-users.js';
import type { LocalEcUser, LocalState, LocalUserGroup } from '../../store/state.js';

/** After ModifyUser changed the state: the user is "modifying" until every node has the change. */
export function beginEcUserChange(rt: ClusterRuntime, user: LocalEcUser): void {
  user.status = 'modifying';
  rt.store.save();
  const newest = bump(rt, `ec-user:${user.userId}`);
  rt.run(`modifying user ${user.userId}`, async () => {
    await syncAll(rt, replicationGroupsWithUser(rt.store.state, user.userId), 'user', user.userId);
    if (rt.stopping || !newest() || rt.store.state.ecUsers[user.userId] !== user) return;
    user.status = 'active';
    rt.event('user', user.userId, `User ${user.userId} modified`, 'elasticache');
  });
}

/** DeleteUser: out of every user group at once, off every node, then gone from the state. */
export function beginEcUserDelete(rt: ClusterRuntime, user: LocalEcUser): void {
  const state = rt.store.state;
  const groups = replicationGroupsWithUser(state, user.userId);
  user.status = 'deleting';
  for (const group of Object.values(state.userGroups)) group.userIds = group.userIds.filter((id) => id !== user.userId);
  rt.store.save();
  rt.run(`deleting user ${user.userId}`, async () => {
    await syncAll(rt, groups, 'user', user.userId);
    if (rt.stopping || state.ecUsers[user.userId] !== user) return;
    delete state.ecUsers[user.userId];
    delete state.tags[user.arn];
    rt.event('user', user.userId, `User ${user.userId} deleted`, 'elasticache');
  });
}

/** CreateUserGroup: "creating" for a moment (no replication group can use it yet), then active. */
export function beginUserGroupCreate(rt: ClusterRuntime, group: LocalUserGroup): void {
  rt.run(`creating user group ${group.id}`, async () => {
    await abortableSleep(rt.options.createDelayMs, rt.signal);
    if (rt.stopping || rt.store.state.userGroups[group.id] !== group || group.status !== 'creating') return;
    group.status = 'active';
    rt.event('user-group', group.id, `User group ${group.id} created`);
  });
}

/** After ModifyUserGroup changed the members: "modifying" until every replication group using it has them. */
export function beginUserGroupChange(rt: ClusterRuntime, group: LocalUserGroup, add: string[], remove: string[]): void {
  if (group.status !== 'creating') group.status = 'modifying';
  group.pendingChanges = { add, remove };
  rt.store.save();
  const newest = bump(rt, `user-group:${group.id}`);
  rt.run(`modifying user group ${group.id}`, async () => {
    await syncAll(rt, replicationGroupsWithUserGroup(rt.store.state, group.id), 'user-group', group.id);
    if (rt.stopping || !newest() || rt.store.state.userGroups[group.id] !== group) return;
    if (group.status === 'modifying') group.status = 'active';
    delete group.pendingChanges;
    rt.event('user-group', group.id, `User group ${group.id} modified`);
  });
}

export function beginUserGroupDelete(rt: ClusterRuntime, group: LocalUserGroup): void {
  group.status = 'deleting';
  rt.store.save();
  rt.run(`deleting user group ${group.id}`, async () => {
    await abortableSleep(rt.options.deleteDelayMs, rt.signal);
    if (rt.stopping || rt.store.state.userGroups[group.id] !== group) return;
    delete rt.store.state.userGroups[group.id];
    delete rt.store.state.tags[group.arn];
    rt.event('user-group', group.id, `User group ${group.id} deleted`);
  });
}

/**
 * On start, before any node starts: user and user-group changes a stop cut short are settled
 * (nodes render their aclfile from the state, so they get whatever it says), and a replication
 * group's user-group switch cut short is completed: its AUTH token may already be gone, so going
 * back could leave the group open.
 */
export function settleElastiCacheAccess(state: LocalState): void {
  for (const group of Object.values(state.userGroups)) delete group.pendingChanges;
  settleRecords(state, state.ecUsers);
  settleRecords(state, state.userGroups);
  for (const cluster of Object.values(state.clusters)) {
    if (cluster.elasticache?.pendingUserGroups === undefined) continue;
    cluster.elasticache.userGroupIds = effectiveUserGroups(cluster).filter((id) => state.userGroups[id] !== undefined);
    delete cluster.elasticache.pendingUserGroups;
  }
}
