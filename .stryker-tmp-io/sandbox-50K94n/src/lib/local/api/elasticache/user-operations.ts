// @ts-nocheck
// ElastiCache users: CreateUser, ModifyUser, DeleteUser, DescribeUsers (user groups are in
// user-group-operations.ts). Passwords are hashed on arrival and only the SHA-256 hashes are kept;
// user-changes.ts puts every change on every node concerned.
import { ADMIN_USER } from '../../engine/access/admin.js';
import { ApiError } from '../shared/errors.js';
import { checkPasswords, parseAccessString } from '../shared/access-strings.js';
import { EC_DEFAULT_USER, hashPassword, userGroupsWithUser } from '../../engine/access/node-users.js';
import { qBool, qInt, qRequiredStr, qStr, qStrList, qStruct, qStructList, qTags, xmlList, type QueryStruct } from '../shared/query-input.js';
import type { LocalEcUser } from '../../store/state.js';
import { invalidParameterCombination, invalidParameterValue } from './common.js';
import { elasticacheArn, heldElsewhere, inRegion } from '../../store/account.js';
import { markerPage } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { beginEcUserChange, beginEcUserDelete } from '../../engine/access/elasticache-changes.js';
import { userGroupOperations } from './user-group-operations.js';
import { checkEngine, checkId, DEFAULT_USER_ID, DEFAULT_USER_NAME, userOrFault, userShape, withElastiCacheCodes } from './user-shapes.js';

const MAX_TAGS = 50;
const FILTERS = ['user-id', 'user-name', 'engine', 'access-string'] as const;

interface Authentication {
  type: LocalEcUser['authentication'];
  hashes: string[];
}

/**
 * The authentication a request asks for: AuthenticationMode, or the older Passwords /
 * NoPasswordRequired members (not both). Passwords leave this function only as hashes.
 */
function authentication(params: QueryStruct): Authentication | undefined {
  const mode = qStruct(params, 'AuthenticationMode');
  const passwords = qStrList(params, 'Passwords');
  const noPassword = qBool(params, 'NoPasswordRequired');
  if (mode !== undefined) {
    if (passwords !== undefined || noPassword !== undefined) throw invalidParameterCombination('AuthenticationMode cannot be given with Passwords or NoPasswordRequired');
    const type = qStr(mode, 'Type');
    const modePasswords = qStrList(mode, 'Passwords');
    if (type === 'iam' || type === 'no-password-required') {
      if (modePasswords !== undefined && modePasswords.length > 0) throw invalidParameterCombination(`Passwords cannot be given for authentication type ${type}`);
      return { type: type === 'iam' ? 'iam' : 'no-password', hashes: [] };
    }
    if (type !== 'password') throw invalidParameterValue('AuthenticationMode Type must be password, iam or no-password-required');
    if (modePasswords === undefined || modePasswords.length === 0) throw invalidParameterValue('Password authentication needs 1 or 2 Passwords');
    return { type: 'password', hashes: checkedHashes(modePasswords) };
  }
  if (noPassword === true) {
    if (passwords !== undefined && passwords.length > 0) throw invalidParameterCombination('Passwords cannot be given with NoPasswordRequired');
    return { type: 'no-password', hashes: [] };
  }
  if (passwords !== undefined) return { type: 'password', hashes: checkedHashes(passwords) };
  return undefined;
}

function checkedHashes(passwords: string[]): string[] {
  withElastiCacheCodes(() => checkPasswords(passwords));
  return passwords.map(hashPassword);
}

/** Validated (with the MemoryDB rules: no password rules, known commands) and whitespace-normalized. */
export function checkAccessString(value: string): string {
  withElastiCacheCodes(() => parseAccessString(value));
  return value.trim().split(/\s+/).join(' ');
}

function checkUserName(value: string): string {
  if (!/^[\x21-\x7e]{1,128}$/.test(value)) throw invalidParameterValue('UserName must be 1-128 printable characters without whitespace');
  if (value === ADMIN_USER) throw invalidParameterValue(`User name ${ADMIN_USER} is reserved by the memctl local control plane`);
  return value;
}

export function userOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const { store, runtime } = deps;
  const state = store.state;

  const storedUser = (userId: string, action: string, region: string): LocalEcUser => {
    const user = userOrFault(state, userId, region);
    if (user === EC_DEFAULT_USER) throw invalidParameterValue(`The built-in user ${DEFAULT_USER_ID} cannot be ${action}`);
    return user;
  };

  return {
    ...userGroupOperations(deps),

    async CreateUser(params, ctx) {
      const userId = checkId('UserId', qRequiredStr(params, 'UserId'));
      const userName = checkUserName(qRequiredStr(params, 'UserName'));
      const engine = checkEngine(qRequiredStr(params, 'Engine'));
      const accessString = checkAccessString(qRequiredStr(params, 'AccessString'));
      const auth = authentication(params);
      if (auth === undefined) throw invalidParameterValue('No password was given: set Passwords, NoPasswordRequired or AuthenticationMode');
      if (auth.type === 'iam' && userId !== userName) throw invalidParameterValue('An IAM-authenticated user needs the same UserId and UserName');
      const tags = qTags(params) ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      const elsewhere = heldElsewhere(state.ecUsers[userId], ctx.region);
      if (elsewhere !== undefined) throw new ApiError('UserAlreadyExists', `User ${userId} exists in ${elsewhere}: the local control plane keeps one name space for every region`);
      if (userId === DEFAULT_USER_ID || state.ecUsers[userId] !== undefined) throw new ApiError('UserAlreadyExists', `User ${userId} already exists`);
      const user: LocalEcUser = {
        userId,
        userName,
        arn: elasticacheArn(ctx.region, 'user', userId),
        status: 'active',
        engine,
        accessString,
        authentication: auth.type,
        passwordHashes: auth.hashes,
        createdAt: Date.now(),
      };
      state.ecUsers[userId] = user;
      if (tags.length > 0) state.tags[user.arn] = tags;
      runtime.event('user', userId, `User ${userId} created`, 'elasticache');
      return userShape(state, user, ctx.region);
    },

    async ModifyUser(params, ctx) {
      const user = storedUser(qRequiredStr(params, 'UserId'), 'modified', ctx.region);
      const replace = qStr(params, 'AccessString');
      const append = qStr(params, 'AppendAccessString');
      if (replace !== undefined && append !== undefined) throw invalidParameterCombination('AccessString and AppendAccessString cannot be given together');
      const accessString = replace !== undefined ? checkAccessString(replace) : append !== undefined ? checkAccessString(`${user.accessString} ${append}`) : undefined;
      const auth = authentication(params);
      if (auth === undefined && qBool(params, 'NoPasswordRequired') === false && user.authentication === 'no-password') {
        throw invalidParameterValue('NoPasswordRequired false needs Passwords');
      }
      if (auth?.type === 'iam' && user.userId !== user.userName) throw invalidParameterValue('An IAM-authenticated user needs the same UserId and UserName');
      const rawEngine = qStr(params, 'Engine');
      const engine = rawEngine === undefined ? undefined : checkEngine(rawEngine);
      if (accessString === undefined && auth === undefined && engine === undefined) {
        throw invalidParameterCombination('ModifyUser needs AccessString, AppendAccessString, Passwords, NoPasswordRequired, AuthenticationMode or Engine');
      }
      if (user.status === 'deleting') throw new ApiError('InvalidUserState', `User ${user.userId} is being deleted`);
      if (accessString !== undefined) user.accessString = accessString;
      if (engine !== undefined) user.engine = engine;
      if (auth !== undefined) {
        user.authentication = auth.type;
        user.passwordHashes = auth.hashes;
      }
      beginEcUserChange(runtime, user);
      return userShape(state, user, ctx.region);
    },

    async DeleteUser(params, ctx) {
      const user = storedUser(qRequiredStr(params, 'UserId'), 'deleted', ctx.region);
      if (user.status === 'deleting') throw new ApiError('InvalidUserState', `User ${user.userId} is already being deleted`);
      const groups = userGroupsWithUser(state, user.userId);
      if (user.userName === DEFAULT_USER_NAME && groups.length > 0) {
        throw new ApiError('DefaultUserAssociatedToUserGroup', `User ${user.userId} is the ${DEFAULT_USER_NAME} user of user group(s) ${groups.map((g) => g.id).sort().join(', ')}; replace it there first`);
      }
      const shape = userShape(state, user, ctx.region);
      beginEcUserDelete(runtime, user);
      return { ...shape, Status: user.status };
    },

    async DescribeUsers(params, ctx) {
      const userId = qStr(params, 'UserId')?.toLowerCase();
      const rawEngine = qStr(params, 'Engine');
      const engine = rawEngine === undefined ? undefined : checkEngine(rawEngine);
      const filters = userFilters(params);
      if (userId !== undefined) userOrFault(state, userId, ctx.region);
      const matches = [EC_DEFAULT_USER, ...Object.values(state.ecUsers).filter((u) => inRegion(u, ctx.region))]
        .filter((u) => (userId === undefined || u.userId === userId) && (engine === undefined || u.engine === engine))
        .filter((u) => filters.every(([name, values]) => values.has(filterValue(u, name))))
        .sort((a, b) => a.userId.localeCompare(b.userId));
      const page = markerPage(matches, (u) => u.userId, qInt(params, 'MaxRecords'), qStr(params, 'Marker'), { min: 1, max: 100 });
      return { Users: xmlList('member', page.items.map((u) => userShape(state, u, ctx.region))), Marker: page.marker };
    },
  };
}

type FilterName = (typeof FILTERS)[number];

function filterValue(user: LocalEcUser, name: FilterName): string {
  switch (name) {
    case 'user-id':
      return user.userId;
    case 'user-name':
      return user.userName;
    case 'engine':
      return user.engine;
    case 'access-string':
      return user.accessString;
  }
}

/** Filters [{Name, Values}]: every filter must match one of its values. */
function userFilters(params: QueryStruct): Array<[FilterName, Set<string>]> {
  return (qStructList(params, 'Filters') ?? []).map((filter) => {
    const name = qRequiredStr(filter, 'Name');
    if (!(FILTERS as readonly string[]).includes(name)) throw invalidParameterValue(`Unknown filter ${name}; DescribeUsers filters on ${FILTERS.join(', ')}`);
    const values = qStrList(filter, 'Values') ?? [];
    if (values.length === 0) throw invalidParameterValue(`Filter ${name} needs at least one value`);
    const normalized = name === 'access-string' ? values.map((v) => v.trim().split(/\s+/).join(' ')) : name === 'user-id' || name === 'engine' ? values.map((v) => v.toLowerCase()) : values;
    return [name as FilterName, new Set(normalized)];
  });
}
