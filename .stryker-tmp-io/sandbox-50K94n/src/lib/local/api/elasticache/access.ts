// @ts-nocheck
// Who may log in to a replication group: an AUTH token (with ROTATE / SET / DELETE strategies) or
// user groups (RBAC). Validated on create and modify, then applied to every node (node-users.ts
// renders the users; cluster-users.ts queues the change per group). Tokens are hashed on arrival.
import type { ClusterRuntime } from '../../engine/runtime.js';
import { syncClusterUsers } from '../../engine/access/sync.js';
import { ApiError } from '../shared/errors.js';
import { effectiveUserGroups, hashPassword } from '../../engine/access/node-users.js';
import { qBool, qStr, qStrList, xmlList, type QueryStruct, type XmlList } from '../shared/query-input.js';
import type { LocalCluster, LocalReplicationGroupSettings, LocalState } from '../../store/state.js';
import { invalidParameterCombination, invalidParameterValue, notFound } from './common.js';
import type { ApiDeps } from '../shared/operation.js';
import { inRegion } from '../../store/account.js';

/** ModifyReplicationGroup parameters this module owns. */
export const ACCESS_PARAMETERS = ['AuthToken', 'AuthTokenUpdateStrategy', 'UserGroupIdsToAdd', 'UserGroupIdsToRemove', 'RemoveUserGroups'] as const;

export interface InitialAccess {
  authTokenHashes: string[];
  userGroupIds: string[];
  /** Set when the group starts with a token. */
  authTokenLastModified?: number;
}

type Strategy = 'ROTATE' | 'SET' | 'DELETE';
export type AuthTokenStatus = 'ROTATING' | 'SETTING';

/** The validated access part of one ModifyReplicationGroup. */
export interface AccessChange {
  token?: { strategy: Strategy; hash?: string };
  /** User groups to attach and to detach (RemoveUserGroups: every attached one). */
  add: string[];
  remove: string[];
}

/** 16-128 characters: letters, digits and the specials ElastiCache permits, `! & # $ ^ < > -` (never echoed). */
export function authTokenHash(token: string): string {
  if (token.length < 16 || token.length > 128) throw invalidParameterValue(`The AUTH token must be 16-128 characters long (it has ${token.length})`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw invalidParameterValue('The AUTH token must contain only printable ASCII characters and no whitespace');
  if (!/^[A-Za-z0-9!&#$^<>-]+$/.test(token)) throw invalidParameterValue('The only special characters permitted in the AUTH token are !, &, #, $, ^, <, > and -');
  return hashPassword(token);
}

/** User group ids a request names: lowercased, once each, every one usable. */
function usableUserGroups(state: LocalState, ids: string[], region: string): string[] {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  for (const id of unique) {
    const group = state.userGroups[id];
    if (group === undefined || group.status === 'deleting' || !inRegion(group, region)) throw notFound('UserGroupNotFound', `User group ${id} not found`);
  }
  return unique;
}

/** CreateReplicationGroup's AuthToken / UserGroupIds, checked against TransitEncryptionEnabled. */
export function accessOnCreate(state: LocalState, params: QueryStruct, transitEncryption: boolean, region: string): InitialAccess {
  const token = qStr(params, 'AuthToken');
  const userGroupIds = usableUserGroups(state, qStrList(params, 'UserGroupIds') ?? [], region);
  if (token === undefined) return { authTokenHashes: [], userGroupIds };
  if (userGroupIds.length > 0) throw invalidParameterCombination('AuthToken and UserGroupIds cannot be used together');
  if (!transitEncryption) throw invalidParameterCombination('AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true');
  return { authTokenHashes: [authTokenHash(token)], userGroupIds, authTokenLastModified: Date.now() };
}

function settingsOf(group: LocalCluster): LocalReplicationGroupSettings {
  if (group.elasticache === undefined) throw new Error(`${group.name} is not an ElastiCache replication group`);
  return group.elasticache;
}

/**
 * Checks the access part of a ModifyReplicationGroup without changing anything; undefined when the
 * request has none. ROTATE (the default with an AuthToken) adds a token, SET keeps only the new one
 * (once the group has a token), DELETE drops token auth when user groups take over; AUTH → RBAC
 * is UserGroupIdsToAdd (DELETE implied), RBAC → AUTH is RemoveUserGroups with an AuthToken.
 */
export function planAccessChange(state: LocalState, group: LocalCluster, params: QueryStruct): AccessChange | undefined {
  if (!ACCESS_PARAMETERS.some((p) => params[p] !== undefined)) return undefined;
  const settings = settingsOf(group);
  const token = qStr(params, 'AuthToken');
  const rawStrategy = qStr(params, 'AuthTokenUpdateStrategy');
  if (rawStrategy !== undefined && rawStrategy !== 'ROTATE' && rawStrategy !== 'SET' && rawStrategy !== 'DELETE') {
    throw invalidParameterValue('AuthTokenUpdateStrategy must be ROTATE, SET or DELETE');
  }
  const strategy: Strategy | undefined = rawStrategy ?? (token === undefined ? undefined : 'ROTATE');
  const add = usableUserGroups(state, qStrList(params, 'UserGroupIdsToAdd') ?? [], group.region);
  const removeAll = qBool(params, 'RemoveUserGroups') ?? false;
  const current = settings.userGroupIds;
  const remove = removeAll ? [...current] : [...new Set((qStrList(params, 'UserGroupIdsToRemove') ?? []).map((id) => id.toLowerCase()))];

  if (strategy === 'DELETE' && token !== undefined) throw invalidParameterCombination('AuthTokenUpdateStrategy DELETE takes no AuthToken');
  if ((strategy === 'ROTATE' || strategy === 'SET') && token === undefined) throw invalidParameterCombination(`AuthTokenUpdateStrategy ${strategy} needs an AuthToken`);
  if (token !== undefined && !group.tls) throw invalidParameterCombination('An AUTH token needs TransitEncryptionEnabled');
  if (removeAll && add.length > 0) throw invalidParameterCombination('RemoveUserGroups cannot be given with UserGroupIdsToAdd');
  const both = add.find((id) => remove.includes(id));
  if (both !== undefined) throw invalidParameterCombination(`User group ${both} cannot be both added and removed`);
  const attached = add.find((id) => current.includes(id));
  if (attached !== undefined) throw invalidParameterValue(`User group ${attached} is already associated with replication group ${group.name}`);
  const stranger = remove.find((id) => !current.includes(id));
  if (stranger !== undefined) throw invalidParameterValue(`User group ${stranger} is not associated with replication group ${group.name}`);

  const groupsAfter = [...current.filter((id) => !remove.includes(id)), ...add];
  const hasToken = settings.authTokenHashes.length > 0;
  if ((strategy === 'ROTATE' || strategy === 'SET') && groupsAfter.length > 0) {
    throw invalidParameterCombination('An AUTH token cannot be used with user groups: remove them in the same request (RemoveUserGroups)');
  }
  if (strategy === 'SET' && !hasToken) throw invalidParameterValue('AuthTokenUpdateStrategy SET is allowed only after ROTATE: the replication group has no AUTH token');
  if (strategy === 'DELETE' && !hasToken) throw invalidParameterValue('The replication group has no AUTH token to delete');
  if (strategy === 'DELETE' && groupsAfter.length === 0) throw invalidParameterCombination('AuthTokenUpdateStrategy DELETE is allowed only when moving to user groups (UserGroupIdsToAdd)');
  if (group.status !== 'available' && group.status !== 'modifying') {
    throw new ApiError('InvalidReplicationGroupState', `Replication group ${group.name} is ${group.status}; it must be available to be modified`);
  }
  if (accessChangeInProgress(group)) {
    throw new ApiError('InvalidReplicationGroupState', `Replication group ${group.name} is still applying its last AUTH token or user group change`);
  }

  const change: AccessChange = { add, remove };
  // E.g. RemoveUserGroups=false alone, or on a group without user groups: nothing to do.
  if (strategy === undefined && add.length === 0 && remove.length === 0) return undefined;
  if (strategy !== undefined) change.token = { strategy, hash: token === undefined ? undefined : authTokenHash(token) };
  // Attaching user groups to a token group moves it to RBAC: the token goes.
  else if (hasToken && add.length > 0) change.token = { strategy: 'DELETE' };
  return change;
}

const tokenStatus = new WeakMap<LocalCluster, AuthTokenStatus>();
const accessGeneration = new WeakMap<LocalCluster, number>();

/** Validates (nothing changes when it throws) and starts the access part of a ModifyReplicationGroup. */
export async function modifyAccess(deps: ApiDeps, group: LocalCluster, params: QueryStruct): Promise<void> {
  const change = planAccessChange(deps.store.state, group, params);
  if (change !== undefined) beginAccessChange(deps.runtime, group, change);
}

/**
 * Applies a planned change: the state at once (so nodes that restart get it from their aclfile),
 * then every node, while the group is "modifying" with PendingModifiedValues; available afterwards.
 */
export function beginAccessChange(rt: ClusterRuntime, group: LocalCluster, change: AccessChange): void {
  const settings = settingsOf(group);
  const hadNoAccess = settings.authTokenHashes.length === 0 && settings.userGroupIds.length === 0;
  const token = change.token;
  if (token !== undefined) {
    const newHash = token.hash ?? '';
    if (token.strategy === 'ROTATE') {
      // At most two tokens: the newest one before and the new one.
      settings.authTokenHashes = [...settings.authTokenHashes.filter((h) => h !== newHash).slice(-1), newHash];
      // A first token on an open group: clients without it still get in until SET.
      settings.authTokenAllowsNoAuth = hadNoAccess || settings.authTokenAllowsNoAuth === true;
    } else {
      settings.authTokenHashes = token.strategy === 'SET' ? [newHash] : [];
      delete settings.authTokenAllowsNoAuth;
    }
    if (settings.authTokenAllowsNoAuth !== true) delete settings.authTokenAllowsNoAuth;
    settings.authTokenLastModified = Date.now();
    if (token.strategy !== 'DELETE') tokenStatus.set(group, token.strategy === 'ROTATE' ? 'ROTATING' : 'SETTING');
  }
  if (change.add.length > 0 || change.remove.length > 0) settings.pendingUserGroups = { add: change.add, remove: change.remove };
  if (group.status === 'available') group.status = 'modifying';
  const generation = (accessGeneration.get(group) ?? 0) + 1;
  accessGeneration.set(group, generation);
  rt.store.save();
  const what = describeChange(change);
  rt.clusterEvent(group, `Modifying ${what} started`);
  rt.run(
    `modifying ${what} of ${group.name}`,
    async () => {
      try {
        await syncClusterUsers(rt, group);
      } catch (err) {
        // Back to the user groups the nodes had, as far as they let us (a token change stays: the
        // aclfiles already hold it and a restart applies it).
        if (settings.pendingUserGroups !== undefined) {
          delete settings.pendingUserGroups;
          await syncClusterUsers(rt, group).catch(() => undefined);
        }
        throw err;
      } finally {
        if (!rt.stopping && accessGeneration.get(group) === generation) finish(rt, group);
      }
      if (rt.stopping) return;
      rt.clusterEvent(group, `Modifying ${what} completed`);
    },
    (err) => rt.clusterEvent(group, `Modifying ${what} failed: ${err.message}`),
  );
}

function finish(rt: ClusterRuntime, group: LocalCluster): void {
  const settings = settingsOf(group);
  if (settings.pendingUserGroups !== undefined) {
    settings.userGroupIds = effectiveUserGroups(group);
    delete settings.pendingUserGroups;
  }
  tokenStatus.delete(group);
  // Another change of the group (resharding, node type) keeps it modifying until that one ends.
  if (group.status === 'modifying' && group.pendingUpdate === undefined && rt.store.state.clusters[group.name] === group) group.status = 'available';
  rt.store.save();
}

function describeChange(change: AccessChange): string {
  const parts: string[] = [];
  if (change.token !== undefined) parts.push(`AUTH token (${change.token.strategy})`);
  if (change.add.length > 0) parts.push(`user groups added: ${change.add.join(', ')}`);
  if (change.remove.length > 0) parts.push(`user groups removed: ${change.remove.join(', ')}`);
  return parts.join('; ');
}

/** Whether an access change of this group is still reaching its nodes. */
export function accessChangeInProgress(group: LocalCluster): boolean {
  return tokenStatus.has(group) || group.elasticache?.pendingUserGroups !== undefined;
}

/** ReplicationGroup.PendingModifiedValues members this module owns (AuthTokenStatus, UserGroups). */
export function accessPendingValues(group: LocalCluster): { AuthTokenStatus?: AuthTokenStatus; UserGroups?: { UserGroupIdsToAdd: XmlList; UserGroupIdsToRemove: XmlList } } {
  const pending = group.elasticache?.pendingUserGroups;
  return {
    AuthTokenStatus: tokenStatus.get(group),
    UserGroups: pending === undefined ? undefined : { UserGroupIdsToAdd: xmlList('member', pending.add), UserGroupIdsToRemove: xmlList('member', pending.remove) },
  };
}
