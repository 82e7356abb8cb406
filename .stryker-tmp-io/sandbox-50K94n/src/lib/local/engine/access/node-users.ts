// @ts-nocheck
// Which Redis users the nodes of a cluster hold, from the state: the control plane's admin user,
// the `default` user, and the users the cluster lets in with their password hashes: a MemoryDB
// cluster's ACL, or an ElastiCache replication group's user groups or AUTH token. Rendered as an
// aclfile before a node starts, and applied to running nodes with ACL SETUSER by sync.ts. Also: which clusters
// hold a user or user group, and how passwords are kept (SHA-256 only).
import { createHash } from 'node:crypto';
import { ADMIN_USER } from './admin.js';
import { restrictRules } from './restricted.js';
import { DEFAULT_ACCESS_STRING, DEFAULT_USER, OPEN_ACCESS_ACL } from '../../store/account.js';
import type { NodeCredentials } from '../nodes/node-client.js';
import type { NodeUser } from '../ops/users.js';
import type { LocalCluster, LocalEcUser, LocalState, LocalUser, LocalUserGroup } from '../../store/state.js';

/** Access strings are validated on the way in (access-strings.ts); this only splits them into rules. */
export function accessRules(accessString: string): string[] {
  const words = accessString.trim().split(/\s+/).filter((w) => w !== '');
  const rules: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let rule = words[i] as string;
    // A selector `(~a +get)` is one rule for ACL SETUSER.
    while (rule.startsWith('(') && !rule.endsWith(')') && i + 1 < words.length) rule += ` ${words[++i] as string}`;
    rules.push(rule);
  }
  return rules;
}

export function userRules(user: LocalUser | LocalEcUser): string[] {
  const auth = user.authentication === 'password'
    ? user.passwordHashes.map((hash) => `#${hash}`)
    // A real Redis cannot check SigV4 tokens: locally an IAM user takes any password.
    : ['nopass'];
  return [...accessRules(user.accessString), ...auth];
}

export function defaultUser(open: boolean): NodeUser {
  return { name: DEFAULT_USER, rules: open ? [...accessRules(DEFAULT_ACCESS_STRING), 'nopass'] : ['off'] };
}

/** The ACL a cluster's nodes should enforce now: the one being applied, if a switch is running. */
export function effectiveAcl(cluster: LocalCluster): string {
  return cluster.pendingUpdate?.kind === 'acl' ? String(cluster.pendingUpdate.target) : cluster.aclName;
}

/** The users (default first) the nodes of a cluster with this ACL hold, besides the admin user. */
export function usersOfAcl(state: LocalState, aclName: string): NodeUser[] {
  if (aclName === OPEN_ACCESS_ACL) return [defaultUser(true)];
  const members = state.acls[aclName]?.userNames ?? [];
  const users = members
    .map((name) => state.users[name])
    .filter((u): u is LocalUser => u !== undefined && u.status !== 'deleting')
    .map((u) => ({ name: u.name, rules: userRules(u) }));
  return [defaultUser(members.includes(DEFAULT_USER)), ...users];
}

/**
 * The users every node of a cluster holds besides the admin user, whichever service it belongs to,
 * each denied the commands the services restrict (restricted.ts).
 */
export function usersOfCluster(state: LocalState, cluster: LocalCluster): NodeUser[] {
  const users = cluster.service === 'elasticache' ? usersOfReplicationGroup(state, cluster) : usersOfAcl(state, effectiveAcl(cluster));
  return users.map((user) => ({ ...user, rules: restrictRules(user.rules) }));
}

/** ElastiCache's built-in `default` user (synthesized, never stored). */
export const EC_DEFAULT_USER: Readonly<LocalEcUser> = {
  userId: DEFAULT_USER,
  userName: DEFAULT_USER,
  arn: '',
  status: 'active',
  engine: 'redis',
  accessString: 'on ~* +@all',
  authentication: 'no-password',
  passwordHashes: [],
  createdAt: 0,
};

/** The user groups a replication group's nodes should enforce now: a change being applied included. */
export function effectiveUserGroups(cluster: LocalCluster): string[] {
  const settings = cluster.elasticache;
  if (settings === undefined) return [];
  const pending = settings.pendingUserGroups;
  const kept = settings.userGroupIds.filter((id) => !(pending?.remove ?? []).includes(id));
  return [...new Set([...kept, ...(pending?.add ?? [])])];
}

/** An ElastiCache user by id (the built-in `default` included); undefined when gone or being deleted. */
export function ecUser(state: LocalState, userId: string): LocalEcUser | undefined {
  const user = userId === DEFAULT_USER ? EC_DEFAULT_USER : state.ecUsers[userId];
  return user === undefined || user.status === 'deleting' ? undefined : user;
}

/**
 * A replication group's users: with user groups (RBAC), every member of each (by user name; the
 * member named `default` replaces the built-in one, which is off when no member has that name);
 * with an AUTH token, only `default`, logging in with the token (either one while a ROTATE runs);
 * with neither, `default` open without a password.
 */
export function usersOfReplicationGroup(state: LocalState, cluster: LocalCluster): NodeUser[] {
  const settings = cluster.elasticache;
  const groups = effectiveUserGroups(cluster);
  if (settings !== undefined && groups.length > 0) {
    const byName = new Map<string, NodeUser>();
    for (const groupId of [...groups].sort()) {
      for (const userId of state.userGroups[groupId]?.userIds ?? []) {
        const user = ecUser(state, userId);
        // Names are unique within a user group; across several groups the first one wins.
        if (user !== undefined && !byName.has(user.userName)) byName.set(user.userName, { name: user.userName, rules: userRules(user) });
      }
    }
    const defaultMember = byName.get(DEFAULT_USER);
    byName.delete(DEFAULT_USER);
    return [defaultMember ?? defaultUser(false), ...[...byName.values()].sort((a, b) => a.name.localeCompare(b.name))];
  }
  if (settings !== undefined && settings.authTokenHashes.length > 0) {
    // A ROTATE that adds a token to a group that had none still lets clients in without one until SET.
    const auth = settings.authTokenAllowsNoAuth === true ? ['nopass'] : settings.authTokenHashes.map((hash) => `#${hash}`);
    return [{ name: DEFAULT_USER, rules: ['on', ...auth, '~*', '&*', '+@all'] }];
  }
  return [defaultUser(true)];
}

export function adminUser(admin: NodeCredentials): NodeUser {
  return { name: admin.user, rules: ['on', `#${hashPassword(admin.password)}`, '~*', '&*', '+@all'] };
}

/** An aclfile: hashes only, never a password. A user line's rules apply to a fresh (off, no rights) user. */
export function renderAclFile(admin: NodeCredentials, users: NodeUser[]): string {
  if (admin.user !== ADMIN_USER) throw new Error(`unexpected admin user ${admin.user}`);
  return `${[adminUser(admin), ...users].map((u) => `user ${u.name} ${u.rules.join(' ')}`).join('\n')}\n`;
}

/** What Redis's `#<hash>` rule takes: the SHA-256 of the password, lowercase hex. */
export function hashPassword(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('hex');
}

/** Replication groups (live) whose nodes hold, or are about to hold, this user group's users. */
export function replicationGroupsWithUserGroup(state: LocalState, userGroupId: string): LocalCluster[] {
  return Object.values(state.clusters).filter(
    (c) => c.service === 'elasticache' && c.status !== 'deleting' && (c.elasticache?.userGroupIds.includes(userGroupId) === true || effectiveUserGroups(c).includes(userGroupId)),
  );
}

export function userGroupsWithUser(state: LocalState, userId: string): LocalUserGroup[] {
  return Object.values(state.userGroups).filter((g) => g.userIds.includes(userId));
}

export function replicationGroupsWithUser(state: LocalState, userId: string): LocalCluster[] {
  return [...new Set(userGroupsWithUser(state, userId).flatMap((g) => replicationGroupsWithUserGroup(state, g.id)))];
}
