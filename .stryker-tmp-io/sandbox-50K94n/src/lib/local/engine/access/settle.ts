// @ts-nocheck
// What a stop cut short is settled into when the plane starts again, for both services' users,
// ACLs and user groups.
import type { LocalState } from '../../store/state.js';
import { settleElastiCacheAccess } from './elasticache-changes.js';
import { settleRecords } from './sync.js';

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
