// @ts-nocheck
// Users: CreateUser, UpdateUser, DeleteUser, DescribeUsers. Passwords are hashed on arrival and
// only the SHA-256 hashes are kept; cluster-users.ts puts every change on every node concerned.
import { ADMIN_USER } from '../../engine/access/admin.js';
import { aclsWithUser, beginUserChange, beginUserDelete } from '../../engine/access/memorydb-changes.js';
import type { ClusterRuntime } from '../../engine/runtime.js';
import type { LocalTag, LocalUser, StateStore } from '../../store/state.js';
import { int, requiredStr, str, strList, tagList } from '../shared/json-input.js';
import { ApiError, invalidParameter } from '../shared/errors.js';
import { paginate } from '../shared/pagination.js';
import { checkPasswords, parseAccessString } from '../shared/access-strings.js';
import { hashPassword } from '../../engine/access/node-users.js';
import { DEFAULT_USER, heldElsewhere, inRegion, memorydbArn } from '../../store/account.js';
import { checkName, objectMember } from './common.js';
import type { Operation } from '../shared/operation.js';
import { defaultUserShape, userShape } from './shapes.js';

export interface UserDeps {
  store: StateStore;
  runtime: ClusterRuntime;
  setTags: (arn: string, tags: LocalTag[]) => void;
}

const MAX_TAGS = 50;
const FILTERS = ['access-string'];

interface Authentication {
  type: 'password' | 'iam';
  hashes: string[];
}

/** Reads AuthenticationMode; the passwords leave this function only as hashes. */
function authenticationMode(input: Record<string, unknown>): Authentication | undefined {
  const mode = objectMember(input, 'AuthenticationMode');
  if (mode === undefined) return undefined;
  const type = str(mode, 'Type');
  if (type !== 'password' && type !== 'iam') throw invalidParameter('AuthenticationMode Type must be password or iam');
  const passwords = strList(mode, 'Passwords');
  if (type === 'iam') {
    if (passwords !== undefined && passwords.length > 0) throw new ApiError('InvalidParameterCombinationException', 'Passwords cannot be given for IAM authentication');
    return { type, hashes: [] };
  }
  if (passwords === undefined || passwords.length === 0) throw invalidParameter('Password authentication needs 1 or 2 Passwords');
  checkPasswords(passwords);
  return { type, hashes: passwords.map(hashPassword) };
}

function accessString(value: string): string {
  parseAccessString(value);
  return value.trim().split(/\s+/).join(' ');
}

export function userOperations(deps: UserDeps): Record<string, Operation> {
  const { store, runtime } = deps;
  const state = store.state;

  const userOrFault = (name: string, region: string): LocalUser => {
    const user = state.users[name.toLowerCase()];
    if (user === undefined || !inRegion(user, region)) throw new ApiError('UserNotFoundFault', `User ${name} not found`);
    return user;
  };
  const refuseBuiltIn = (name: string, action: string): void => {
    if (name.toLowerCase() === DEFAULT_USER) throw invalidParameter(`The default user cannot be ${action}`);
  };

  return {
    async CreateUser(input, ctx) {
      const name = checkName('User', requiredStr(input, 'UserName'));
      if (name === ADMIN_USER) throw invalidParameter(`User name ${ADMIN_USER} is reserved by the memctl local control plane`);
      const auth = authenticationMode(input);
      if (auth === undefined) throw invalidParameter('AuthenticationMode is required');
      const access = accessString(requiredStr(input, 'AccessString'));
      const tags = tagList(input, 'Tags') ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      const elsewhere = heldElsewhere(state.users[name], ctx.region);
      if (elsewhere !== undefined) throw new ApiError('UserAlreadyExistsFault', `User ${name} exists in ${elsewhere}: the local control plane keeps one name space for every region`);
      if (name === DEFAULT_USER || state.users[name] !== undefined) throw new ApiError('UserAlreadyExistsFault', `User ${name} already exists`);
      const user: LocalUser = {
        name,
        arn: memorydbArn(ctx.region, 'user', name),
        status: 'active',
        accessString: access,
        authentication: auth.type,
        passwordHashes: auth.hashes,
        createdAt: Date.now(),
      };
      state.users[name] = user;
      if (tags.length > 0) deps.setTags(user.arn, tags);
      runtime.event('user', name, `User ${name} created`);
      return { User: userShape(user, []) };
    },

    async UpdateUser(input, ctx) {
      const name = requiredStr(input, 'UserName');
      refuseBuiltIn(name, 'modified');
      const user = userOrFault(name, ctx.region);
      const auth = authenticationMode(input);
      const rawAccess = str(input, 'AccessString');
      if (auth === undefined && rawAccess === undefined) {
        throw new ApiError('InvalidParameterCombinationException', 'UpdateUser needs AuthenticationMode or AccessString');
      }
      const access = rawAccess === undefined ? undefined : accessString(rawAccess);
      if (user.status === 'deleting') throw new ApiError('InvalidUserStateFault', `User ${user.name} is being deleted`);
      if (access !== undefined) user.accessString = access;
      if (auth !== undefined) {
        user.authentication = auth.type;
        user.passwordHashes = auth.hashes;
      }
      beginUserChange(runtime, user);
      return { User: userShape(user, aclsWithUser(state, user.name)) };
    },

    async DeleteUser(input, ctx) {
      const name = requiredStr(input, 'UserName');
      refuseBuiltIn(name, 'deleted');
      const user = userOrFault(name, ctx.region);
      if (user.status === 'deleting') throw new ApiError('InvalidUserStateFault', `User ${user.name} is already being deleted`);
      const acls = aclsWithUser(state, user.name);
      beginUserDelete(runtime, user);
      return { User: userShape(user, acls) };
    },

    async DescribeUsers(input, ctx) {
      const name = str(input, 'UserName');
      const wanted = accessStringFilter(input);
      const all: Array<Record<string, unknown>> = [
        defaultUserShape(ctx.region, aclsWithUser(state, DEFAULT_USER)),
        ...Object.values(state.users).filter((u) => inRegion(u, ctx.region)).map((u) => userShape(u, aclsWithUser(state, u.name))),
      ];
      const matches = all
        .filter((u) => name === undefined || u.Name === name.toLowerCase())
        .filter((u) => wanted === undefined || wanted.has(String(u.AccessString)))
        .sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
      if (name !== undefined && matches.length === 0 && !all.some((u) => u.Name === name.toLowerCase())) {
        throw new ApiError('UserNotFoundFault', `User ${name} not found`);
      }
      const page = paginate(matches, (u) => String(u.Name), int(input, 'MaxResults'), str(input, 'NextToken'));
      return { Users: page.items, NextToken: page.nextToken };
    },
  };
}

/** Filters [{Name: "access-string", Values}] → the access strings wanted (whitespace normalized). */
function accessStringFilter(input: Record<string, unknown>): Set<string> | undefined {
  const filters = input.Filters;
  if (filters === undefined || filters === null) return undefined;
  if (!Array.isArray(filters)) throw new ApiError('SerializationException', 'Filters must be a list');
  let wanted: Set<string> | undefined;
  for (const filter of filters as unknown[]) {
    if (filter === null || typeof filter !== 'object') throw new ApiError('SerializationException', 'every filter must be a structure');
    const f = filter as Record<string, unknown>;
    const filterName = requiredStr(f, 'Name');
    if (!FILTERS.includes(filterName)) throw invalidParameter(`Unknown filter ${filterName}; DescribeUsers filters on ${FILTERS.join(', ')}`);
    const values = strList(f, 'Values') ?? [];
    if (values.length === 0) throw invalidParameter(`Filter ${filterName} needs at least one value`);
    const normalized = new Set(values.map((v) => v.trim().split(/\s+/).join(' ')));
    // Several filters on the same name narrow each other.
    wanted = wanted === undefined ? normalized : new Set([...wanted].filter((v) => normalized.has(v)));
  }
  return wanted;
}
