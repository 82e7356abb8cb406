// Who may log in to a replication group: an AUTH token (with ROTATE / SET / DELETE strategies) or
// user groups (RBAC). Validated on create and modify, then applied to every node.
// (Work in progress: the signatures replication-group operations call.)
import type { LocalCluster, LocalState } from '../state.js';
import type { QueryStruct } from '../query-protocol.js';
import type { ElastiCacheDeps } from './handlers.js';

/** ModifyReplicationGroup parameters this module owns. */
export const ACCESS_PARAMETERS = ['AuthToken', 'AuthTokenUpdateStrategy', 'UserGroupIdsToAdd', 'UserGroupIdsToRemove', 'RemoveUserGroups'] as const;

export interface InitialAccess {
  authTokenHashes: string[];
  userGroupIds: string[];
}

/** CreateReplicationGroup's AuthToken / UserGroupIds, checked against TransitEncryptionEnabled. */
export function accessOnCreate(_state: LocalState, params: QueryStruct, _transitEncryption: boolean): InitialAccess {
  if (params.AuthToken !== undefined || params.UserGroupIds !== undefined) throw new Error('AuthToken and UserGroupIds are not supported yet');
  return { authTokenHashes: [], userGroupIds: [] };
}

/** Validates and starts the access part of a ModifyReplicationGroup (the group is "modifying" meanwhile). */
export async function modifyAccess(_deps: ElastiCacheDeps, _group: LocalCluster, params: QueryStruct): Promise<void> {
  if (ACCESS_PARAMETERS.some((p) => params[p] !== undefined)) throw new Error('changing the AUTH token or user groups is not supported yet');
}
