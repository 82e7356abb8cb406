// @ts-nocheck
// ElastiCache users and user groups: look-ups the operations share, and state → wire shapes
// (awsQuery: lists wrapped in <member>). Passwords never appear: users show PasswordCount only.
import { ApiError } from '../shared/errors.js';
import { EC_DEFAULT_USER, replicationGroupsWithUserGroup, userGroupsWithUser } from '../../engine/access/node-users.js';
import { xmlList } from '../shared/query-input.js';
import type { LocalEcUser, LocalState, LocalUserGroup } from '../../store/state.js';
import { invalidParameterValue, notFound } from './common.js';
import { elasticacheArn, inRegion } from '../../store/account.js';

export const DEFAULT_USER_ID = EC_DEFAULT_USER.userId;
export const DEFAULT_USER_NAME = EC_DEFAULT_USER.userName;

const ID = /^[a-z][a-z0-9-]{0,39}$/;

/** User and user-group ids: a letter, then letters, digits and hyphens (stored lowercase). */
export function checkId(kind: string, value: string): string {
  const id = value.toLowerCase();
  if (!ID.test(id) || id.endsWith('-') || id.includes('--')) {
    throw invalidParameterValue(`${kind} "${value}" is invalid: it must begin with a letter, contain only letters, digits and hyphens, be at most 40 characters, and not end with a hyphen or contain two consecutive hyphens`);
  }
  return id;
}

export function checkEngine(value: string): 'redis' | 'valkey' {
  const engine = value.toLowerCase();
  if (engine !== 'redis' && engine !== 'valkey') throw invalidParameterValue(`Engine must be redis or valkey, not ${value}`);
  return engine;
}

/** A user of the region by id, the built-in `default` included (in every region: the region only shapes its ARN). */
export function userOrFault(state: LocalState, userId: string, region: string): LocalEcUser {
  const id = userId.toLowerCase();
  const user = id === DEFAULT_USER_ID ? EC_DEFAULT_USER : state.ecUsers[id];
  if (user === undefined || (user !== EC_DEFAULT_USER && !inRegion(user, region))) throw notFound('UserNotFound', `User ${userId} not found`);
  return user;
}

export function userGroupOrFault(state: LocalState, userGroupId: string, region: string): LocalUserGroup {
  const group = state.userGroups[userGroupId.toLowerCase()];
  if (group === undefined || !inRegion(group, region)) throw notFound('UserGroupNotFound', `User group ${userGroupId} not found`);
  return group;
}

function minimumEngineVersion(engine: string, authentication: LocalEcUser['authentication']): string {
  if (engine === 'valkey') return '7.2';
  return authentication === 'iam' ? '7.0' : '6.0';
}

export function userShape(state: LocalState, user: LocalEcUser, region: string): Record<string, unknown> {
  const type = user.authentication;
  return {
    UserId: user.userId,
    UserName: user.userName,
    Status: user.status,
    Engine: user.engine,
    MinimumEngineVersion: minimumEngineVersion(user.engine, type),
    AccessString: user.accessString,
    UserGroupIds: xmlList('member', userGroupsWithUser(state, user.userId).map((g) => g.id).sort()),
    Authentication: { Type: type, PasswordCount: user.passwordHashes.length },
    ARN: user.arn === '' ? elasticacheArn(region, 'user', user.userId) : user.arn,
  };
}

export function userGroupShape(state: LocalState, group: LocalUserGroup): Record<string, unknown> {
  const pending = group.pendingChanges;
  return {
    UserGroupId: group.id,
    Status: group.status,
    Engine: group.engine,
    UserIds: xmlList('member', group.userIds),
    MinimumEngineVersion: group.engine === 'valkey' ? '7.2' : '6.0',
    PendingChanges: pending === undefined ? undefined : { UserIdsToRemove: xmlList('member', pending.remove), UserIdsToAdd: xmlList('member', pending.add) },
    ReplicationGroups: xmlList('member', replicationGroupsWithUserGroup(state, group.id).map((c) => c.name).sort()),
    ServerlessCaches: xmlList('member', []),
    ARN: group.arn,
  };
}

/** Runs a check written for MemoryDB (access strings, passwords) and answers with ElastiCache's codes. */
export function withElastiCacheCodes<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'InvalidParameterValueException') throw invalidParameterValue(err.message);
    if (err instanceof ApiError && err.code === 'InvalidParameterCombinationException') throw new ApiError('InvalidParameterCombination', err.message);
    throw err;
  }
}
