// Which Redis users the nodes of a cluster hold, from the state: the control plane's admin user,
// the `default` user (open only when the cluster's ACL lists it), and the ACL's users with their
// password hashes. Rendered as an aclfile before a node starts, and applied to running nodes with
// ACL SETUSER by cluster-users.ts.
import { ADMIN_USER } from './admin.js';
import { hashPassword } from './memorydb/access-strings.js';
import { DEFAULT_ACCESS_STRING, DEFAULT_USER, OPEN_ACCESS_ACL } from './memorydb/catalog.js';
import type { NodeCredentials } from './node-client.js';
import type { LocalCluster, LocalState, LocalUser } from './state.js';

/** One user as ACL SETUSER takes it: the rules that follow `reset`. */
export interface NodeUser {
  name: string;
  rules: string[];
}

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

export function userRules(user: LocalUser): string[] {
  const auth = user.authentication === 'iam'
    // A real Redis cannot check SigV4 tokens: locally an IAM user takes any password.
    ? ['nopass']
    : user.passwordHashes.map((hash) => `#${hash}`);
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

export function adminUser(admin: NodeCredentials): NodeUser {
  return { name: admin.user, rules: ['on', `#${hashPassword(admin.password)}`, '~*', '&*', '+@all'] };
}

/** An aclfile: hashes only, never a password. A user line's rules apply to a fresh (off, no rights) user. */
export function renderAclFile(admin: NodeCredentials, users: NodeUser[]): string {
  if (admin.user !== ADMIN_USER) throw new Error(`unexpected admin user ${admin.user}`);
  return `${[adminUser(admin), ...users].map((u) => `user ${u.name} ${u.rules.join(' ')}`).join('\n')}\n`;
}
