// @ts-nocheck
// ElastiCache user groups: CreateUserGroup, ModifyUserGroup, DeleteUserGroup, DescribeUserGroups.
// A user group must always hold a user named `default` and no user name twice; membership
// changes reach every node of every replication group using it (user-changes.ts).
import { ApiError } from '../shared/errors.js';
import { ecUser, replicationGroupsWithUserGroup } from '../../engine/access/node-users.js';
import { qInt, qRequiredStr, qStr, qStrList, qTags, xmlList, type QueryStruct } from '../shared/query-input.js';
import type { LocalState, LocalUserGroup } from '../../store/state.js';
import { invalidParameterCombination, invalidParameterValue, notFound } from './common.js';
import { elasticacheArn, heldElsewhere, inRegion } from '../../store/account.js';
import { markerPage } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { beginUserGroupChange, beginUserGroupCreate, beginUserGroupDelete } from '../../engine/access/elasticache-changes.js';
import { checkEngine, checkId, DEFAULT_USER_ID, DEFAULT_USER_NAME, userGroupOrFault, userGroupShape } from './user-shapes.js';

const MAX_TAGS = 50;

/** User ids of a request: lowercased, each an existing user of the region, none twice. */
function userIds(state: LocalState, params: QueryStruct, key: string, region: string): string[] {
  const ids = (qStrList(params, key) ?? []).map((id) => id.toLowerCase());
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new ApiError('DuplicateUserName', `User ${twice} is listed more than once in ${key}`);
  for (const id of ids) {
    const user = ecUser(state, id);
    if (user === undefined || (id !== DEFAULT_USER_ID && !inRegion(user, region))) throw notFound('UserNotFound', `User ${id} not found`);
  }
  return ids;
}

/** The rules a user group's members must keep: one user named `default`, no name twice, engine fit. */
function checkMembers(state: LocalState, groupId: string, engine: string, ids: string[]): void {
  const users = ids.map((id) => ecUser(state, id)).filter((u) => u !== undefined);
  const names = users.map((u) => u.userName);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ApiError('DuplicateUserName', `User group ${groupId} would hold two users named ${twice}`);
  if (!names.includes(DEFAULT_USER_NAME)) throw new ApiError('DefaultUserRequired', `User group ${groupId} needs a user named ${DEFAULT_USER_NAME}`);
  // A Valkey user group takes Valkey users, and Redis OSS users only when they authenticate.
  const unfit = engine === 'valkey' ? users.find((u) => u.engine !== 'valkey' && u.authentication === 'no-password') : undefined;
  if (unfit !== undefined) throw invalidParameterValue(`User ${unfit.userId} (redis, no password) cannot join the valkey user group ${groupId}`);
}

export function userGroupOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const { store, runtime } = deps;
  const state = store.state;

  return {
    async CreateUserGroup(params, ctx) {
      const id = checkId('UserGroupId', qRequiredStr(params, 'UserGroupId'));
      const engine = checkEngine(qRequiredStr(params, 'Engine'));
      const members = userIds(state, params, 'UserIds', ctx.region);
      checkMembers(state, id, engine, members);
      const tags = qTags(params) ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      const elsewhere = heldElsewhere(state.userGroups[id], ctx.region);
      if (elsewhere !== undefined) throw new ApiError('UserGroupAlreadyExists', `User group ${id} exists in ${elsewhere}: the local control plane keeps one name space for every region`);
      if (state.userGroups[id] !== undefined) throw new ApiError('UserGroupAlreadyExists', `User group ${id} already exists`);
      const group: LocalUserGroup = { id, arn: elasticacheArn(ctx.region, 'usergroup', id), status: 'creating', engine, userIds: [...members].sort(), createdAt: Date.now() };
      state.userGroups[id] = group;
      if (tags.length > 0) state.tags[group.arn] = tags;
      store.save();
      beginUserGroupCreate(runtime, group);
      return userGroupShape(state, group);
    },

    async ModifyUserGroup(params, ctx) {
      const group = userGroupOrFault(state, qRequiredStr(params, 'UserGroupId'), ctx.region);
      const add = userIds(state, params, 'UserIdsToAdd', ctx.region);
      // Users being removed need not exist any more, only be members.
      const remove = (qStrList(params, 'UserIdsToRemove') ?? []).map((id) => id.toLowerCase());
      const rawEngine = qStr(params, 'Engine');
      const engine = rawEngine === undefined ? group.engine : checkEngine(rawEngine);
      if (add.length === 0 && remove.length === 0 && engine === group.engine) {
        throw invalidParameterCombination('ModifyUserGroup needs UserIdsToAdd, UserIdsToRemove or Engine');
      }
      const both = add.find((id) => remove.includes(id));
      if (both !== undefined) throw invalidParameterCombination(`User ${both} cannot be both added to and removed from user group ${group.id}`);
      const member = add.find((id) => group.userIds.includes(id));
      if (member !== undefined) throw invalidParameterValue(`User ${member} is already in user group ${group.id}`);
      const stranger = remove.find((id) => !group.userIds.includes(id));
      if (stranger !== undefined) throw notFound('UserNotFound', `User ${stranger} is not in user group ${group.id}`);
      const next = [...group.userIds.filter((id) => !remove.includes(id)), ...add].sort();
      checkMembers(state, group.id, engine, next);
      if (group.status === 'deleting') throw new ApiError('InvalidUserGroupState', `User group ${group.id} is being deleted`);
      group.userIds = next;
      group.engine = engine;
      beginUserGroupChange(runtime, group, add, remove);
      return userGroupShape(state, group);
    },

    async DeleteUserGroup(params, ctx) {
      const group = userGroupOrFault(state, qRequiredStr(params, 'UserGroupId'), ctx.region);
      const users = replicationGroupsWithUserGroup(state, group.id);
      if (users.length > 0) {
        throw new ApiError('InvalidUserGroupState', `User group ${group.id} is used by replication group(s) ${users.map((c) => c.name).sort().join(', ')}; remove it from them first`);
      }
      if (group.status === 'deleting') throw new ApiError('InvalidUserGroupState', `User group ${group.id} is already being deleted`);
      beginUserGroupDelete(runtime, group);
      return userGroupShape(state, group);
    },

    async DescribeUserGroups(params, ctx) {
      const id = qStr(params, 'UserGroupId');
      if (id !== undefined) userGroupOrFault(state, id, ctx.region);
      const matches = Object.values(state.userGroups)
        .filter((g) => inRegion(g, ctx.region) && (id === undefined || g.id === id.toLowerCase()))
        .sort((a, b) => a.id.localeCompare(b.id));
      const page = markerPage(matches, (g) => g.id, qInt(params, 'MaxRecords'), qStr(params, 'Marker'), { min: 1, max: 100 });
      return { UserGroups: xmlList('member', page.items.map((g) => userGroupShape(state, g))), Marker: page.marker };
    },
  };
}
