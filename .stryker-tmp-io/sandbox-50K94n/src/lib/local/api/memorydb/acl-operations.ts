// @ts-nocheck
// ACLs: CreateACL, UpdateACL, DeleteACL, DescribeACLs. The built-in open-access cannot change;
// membership changes reach every node of every cluster using the ACL (cluster-users.ts).
import { beginAclChange, beginAclCreate, beginAclDelete, clustersWithAcl } from '../../engine/access/memorydb-changes.js';
import type { ClusterRuntime } from '../../engine/runtime.js';
import type { LocalAcl, LocalState, LocalTag, StateStore } from '../../store/state.js';
import { int, requiredStr, str, strList, tagList } from '../shared/json-input.js';
import { ApiError, invalidParameter } from '../shared/errors.js';
import { paginate } from '../shared/pagination.js';
import { DEFAULT_USER, heldElsewhere, inRegion, memorydbArn, OPEN_ACCESS_ACL } from '../../store/account.js';
import { checkName } from './common.js';
import type { Operation } from '../shared/operation.js';
import { aclShape, openAccessShape } from './shapes.js';

export interface AclDeps {
  store: StateStore;
  runtime: ClusterRuntime;
  setTags: (arn: string, tags: LocalTag[]) => void;
}

const MAX_TAGS = 50;

/** User names of a request: lowercased, each existing in the region (default included), no duplicates. */
function userNames(state: LocalState, input: Record<string, unknown>, key: string, region: string): string[] {
  const names = (strList(input, key) ?? []).map((n) => n.toLowerCase());
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new ApiError('DuplicateUserNameFault', `User ${duplicate} is listed more than once in ${key}`);
  for (const name of names) {
    const user = state.users[name];
    if (name !== DEFAULT_USER && (user === undefined || user.status === 'deleting' || !inRegion(user, region))) throw new ApiError('UserNotFoundFault', `User ${name} not found`);
  }
  return names;
}

export function aclOperations(deps: AclDeps): Record<string, Operation> {
  const { store, runtime } = deps;
  const state = store.state;

  const aclOrFault = (name: string, region: string): LocalAcl => {
    const acl = state.acls[name.toLowerCase()];
    if (acl === undefined || !inRegion(acl, region)) throw new ApiError('ACLNotFoundFault', `ACL ${name} not found`);
    return acl;
  };
  const refuseBuiltIn = (name: string, action: string): void => {
    if (name.toLowerCase() === OPEN_ACCESS_ACL) throw invalidParameter(`The ${OPEN_ACCESS_ACL} ACL cannot be ${action}`);
  };
  const clusterNames = (name: string, region: string): string[] =>
    Object.values(state.clusters).filter((c) => c.service !== 'elasticache' && c.aclName === name && c.region === region).map((c) => c.name).sort();

  return {
    async CreateACL(input, ctx) {
      const name = checkName('ACL', requiredStr(input, 'ACLName'));
      const members = userNames(state, input, 'UserNames', ctx.region);
      const tags = tagList(input, 'Tags') ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      const elsewhere = heldElsewhere(state.acls[name], ctx.region);
      if (elsewhere !== undefined) throw new ApiError('ACLAlreadyExistsFault', `ACL ${name} exists in ${elsewhere}: the local control plane keeps one name space for every region`);
      if (name === OPEN_ACCESS_ACL || state.acls[name] !== undefined) throw new ApiError('ACLAlreadyExistsFault', `ACL ${name} already exists`);
      const acl: LocalAcl = { name, arn: memorydbArn(ctx.region, 'acl', name), status: 'creating', userNames: [...members].sort(), createdAt: Date.now() };
      state.acls[name] = acl;
      if (tags.length > 0) deps.setTags(acl.arn, tags);
      store.save();
      beginAclCreate(runtime, acl);
      return { ACL: aclShape(acl, [], state.users) };
    },

    async UpdateACL(input, ctx) {
      const name = requiredStr(input, 'ACLName');
      refuseBuiltIn(name, 'modified');
      const acl = aclOrFault(name, ctx.region);
      if (acl.status === 'deleting') throw new ApiError('InvalidACLStateFault', `ACL ${acl.name} is being deleted`);
      const add = userNames(state, input, 'UserNamesToAdd', ctx.region);
      // Users being removed need not exist any more, only be members.
      const remove = (strList(input, 'UserNamesToRemove') ?? []).map((n) => n.toLowerCase());
      if (add.length === 0 && remove.length === 0) {
        throw new ApiError('InvalidParameterCombinationException', 'UpdateACL needs UserNamesToAdd or UserNamesToRemove');
      }
      const both = add.find((n) => remove.includes(n));
      if (both !== undefined) throw new ApiError('InvalidParameterCombinationException', `User ${both} cannot be both added to and removed from ACL ${acl.name}`);
      const duplicate = remove.find((n, i) => remove.indexOf(n) !== i);
      if (duplicate !== undefined) throw new ApiError('DuplicateUserNameFault', `User ${duplicate} is listed more than once in UserNamesToRemove`);
      const member = add.find((n) => acl.userNames.includes(n));
      if (member !== undefined) throw new ApiError('DuplicateUserNameFault', `User ${member} is already in ACL ${acl.name}`);
      const stranger = remove.find((n) => !acl.userNames.includes(n));
      if (stranger !== undefined) throw new ApiError('UserNotFoundFault', `User ${stranger} is not in ACL ${acl.name}`);
      acl.userNames = [...acl.userNames.filter((n) => !remove.includes(n)), ...add].sort();
      beginAclChange(runtime, acl, add, remove);
      return { ACL: aclShape(acl, clusterNames(acl.name, ctx.region), state.users) };
    },

    async DeleteACL(input, ctx) {
      const name = requiredStr(input, 'ACLName');
      refuseBuiltIn(name, 'deleted');
      const acl = aclOrFault(name, ctx.region);
      const users = clustersWithAcl(state, acl.name);
      if (users.length > 0) {
        throw new ApiError('InvalidACLStateFault', `ACL ${acl.name} is used by cluster(s) ${users.map((c) => c.name).sort().join(', ')}; switch them to another ACL first`);
      }
      if (acl.status === 'deleting') throw new ApiError('InvalidACLStateFault', `ACL ${acl.name} is already being deleted`);
      beginAclDelete(runtime, acl);
      return { ACL: aclShape(acl, [], state.users) };
    },

    async DescribeACLs(input, ctx) {
      const name = str(input, 'ACLName')?.toLowerCase();
      if (name !== undefined && name !== OPEN_ACCESS_ACL && !inRegion(state.acls[name], ctx.region)) throw new ApiError('ACLNotFoundFault', `ACL ${name} not found`);
      const all = [
        openAccessShape(ctx.region, clusterNames(OPEN_ACCESS_ACL, ctx.region)),
        ...Object.values(state.acls).filter((acl) => inRegion(acl, ctx.region)).map((acl) => aclShape(acl, clusterNames(acl.name, ctx.region), state.users)),
      ]
        .filter((a) => name === undefined || a.Name === name)
        .sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
      const page = paginate(all, (a) => String(a.Name), int(input, 'MaxResults'), str(input, 'NextToken'));
      return { ACLs: page.items, NextToken: page.nextToken };
    },
  };
}
