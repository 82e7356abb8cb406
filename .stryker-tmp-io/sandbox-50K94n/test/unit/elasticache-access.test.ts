// @ts-nocheck
// Who may log in to a replication group's nodes (node-users.ts) and how AUTH token / user group
// changes are checked (access.ts): pure logic on a hand-made state, no nodes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessOnCreate, authTokenHash, planAccessChange } from '../../src/lib/local/api/elasticache/access.js';
import { ApiError } from '../../src/lib/local/api/shared/errors.js';
import { usersOfCluster } from '../../src/lib/local/engine/access/node-users.js';
import { restrictRules } from '../../src/lib/local/engine/access/restricted.js';
import type { QueryStruct } from '../../src/lib/local/api/shared/query-input.js';
import { emptyState, type LocalCluster, type LocalEcUser, type LocalState } from '../../src/lib/local/store/state.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const TOKEN_1 = 'first-token-0123456789';
const TOKEN_2 = 'second-token-0123456789';
const TOKEN_3 = 'third-token-0123456789';

function user(userId: string, userName: string, extra: Partial<LocalEcUser> = {}): LocalEcUser {
  return { userId, userName, arn: `arn:${userId}`, status: 'active', engine: 'redis', accessString: 'on ~* +@all', authentication: 'password', passwordHashes: [sha(`${userId}-pw`)], createdAt: 0, ...extra };
}

function group(name: string, settings: Partial<NonNullable<LocalCluster['elasticache']>> = {}): LocalCluster {
  return {
    service: 'elasticache',
    elasticache: { clusterMode: 'disabled', automaticFailover: false, multiAz: false, atRestEncryption: false, authTokenHashes: [], userGroupIds: [], cacheParameterGroup: 'default.redis7', cacheSubnetGroup: 'default', ...settings },
    name,
    arn: `arn:${name}`,
    region: 'us-east-1',
    description: '',
    status: 'available',
    nodeType: 'cache.t4g.micro',
    engine: 'redis',
    engineVersion: '7.0',
    parameterGroup: 'default.redis7',
    subnetGroup: 'default',
    securityGroupIds: [],
    aclName: 'open-access',
    tls: true,
    snapshotRetentionLimit: 0,
    snapshotWindow: '05:00-09:00',
    maintenanceWindow: 'sun:23:00-mon:01:30',
    autoMinorVersionUpgrade: true,
    dataTiering: false,
    replicasPerShard: 0,
    createdAt: 0,
    shards: [],
  };
}

function stateWithGroups(): LocalState {
  const state = emptyState();
  state.ecUsers = { app: user('app', 'app'), admin: user('admin', 'default'), reader: user('reader', 'reader', { authentication: 'no-password', passwordHashes: [], accessString: 'on ~* +@read' }) };
  state.userGroups = {
    apps: { id: 'apps', arn: 'arn:aws:elasticache:us-east-1:000000000000:usergroup:apps', status: 'active', engine: 'redis', userIds: ['admin', 'app'], createdAt: 0 },
    open: { id: 'open', arn: 'arn:aws:elasticache:us-east-1:000000000000:usergroup:open', status: 'active', engine: 'redis', userIds: ['default', 'reader'], createdAt: 0 },
  };
  return state;
}

function fault(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('users of a replication group on its nodes', () => {
  it('leaves default open without a token or user groups', () => {
    expect(usersOfCluster(emptyState(), group('g'))).toEqual([{ name: 'default', rules: restrictRules(['on', '~*', '&*', '+@all', 'nopass']) }]);
  });

  it('puts the AUTH token hashes on default (both during a rotation), nopass while a first ROTATE still lets clients in without one', () => {
    expect(usersOfCluster(emptyState(), group('g', { authTokenHashes: [sha(TOKEN_1), sha(TOKEN_2)] }))).toEqual([
      { name: 'default', rules: restrictRules(['on', `#${sha(TOKEN_1)}`, `#${sha(TOKEN_2)}`, '~*', '&*', '+@all']) },
    ]);
    expect(usersOfCluster(emptyState(), group('g', { authTokenHashes: [sha(TOKEN_1)], authTokenAllowsNoAuth: true }))[0]?.rules).toContain('nopass');
  });

  it('holds the members of its user groups by user name, the group\'s default-named user replacing the built-in one', () => {
    const state = stateWithGroups();
    expect(usersOfCluster(state, group('g', { userGroupIds: ['apps'] }))).toEqual([
      { name: 'default', rules: restrictRules(['on', '~*', '+@all', `#${sha('admin-pw')}`]) },
      { name: 'app', rules: restrictRules(['on', '~*', '+@all', `#${sha('app-pw')}`]) },
    ]);
    expect(usersOfCluster(state, group('g', { userGroupIds: ['open'] }))).toEqual([
      { name: 'default', rules: restrictRules(['on', '~*', '+@all', 'nopass']) },
      { name: 'reader', rules: restrictRules(['on', '~*', '+@read', 'nopass']) },
    ]);
    // A switch in progress: the nodes already enforce the group being added.
    const switching = group('g', { userGroupIds: ['open'], pendingUserGroups: { add: ['apps'], remove: ['open'] } });
    expect(usersOfCluster(state, switching).map((u) => u.name)).toEqual(['default', 'app']);
    // A user being deleted is gone from the nodes at once.
    (state.ecUsers.app as LocalEcUser).status = 'deleting';
    expect(usersOfCluster(state, group('g', { userGroupIds: ['apps'] })).map((u) => u.name)).toEqual(['default']);
  });
});

describe('AUTH token and user group checks', () => {
  it('checks AUTH tokens without echoing them', () => {
    expect(authTokenHash(TOKEN_1)).toBe(sha(TOKEN_1));
    expect(authTokenHash('Aa0!&#$^<>-Aa0!&#$^<>-')).toMatch(/^[0-9a-f]{64}$/);
    for (const bad of ['short-token', 'has space in it 0123', 'has@at-sign-0123456789', 'has%percent-0123456789', 'has*star-0123456789', 'x'.repeat(129)]) {
      let message = '';
      try {
        authTokenHash(bad);
      } catch (err) {
        message = (err as Error).message;
        expect((err as ApiError).code).toBe('InvalidParameterValue');
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(bad);
    }
  });

  it('takes an AuthToken on create only with transit encryption and without user groups', () => {
    const state = stateWithGroups();
    expect(accessOnCreate(state, { AuthToken: TOKEN_1 }, true, 'us-east-1').authTokenHashes).toEqual([sha(TOKEN_1)]);
    expect(fault(() => accessOnCreate(state, { AuthToken: TOKEN_1 }, false, 'us-east-1'))).toBe('InvalidParameterCombination');
    expect(fault(() => accessOnCreate(state, { AuthToken: TOKEN_1, UserGroupIds: ['apps'] }, true, 'us-east-1'))).toBe('InvalidParameterCombination');
    expect(accessOnCreate(state, { UserGroupIds: ['Apps'] }, false, 'us-east-1')).toEqual({ authTokenHashes: [], userGroupIds: ['apps'] });
    expect(fault(() => accessOnCreate(state, { UserGroupIds: ['nope'] }, true, 'us-east-1'))).toBe('UserGroupNotFound');
    // Another region's user group is not there to use.
    expect(fault(() => accessOnCreate(state, { UserGroupIds: ['apps'] }, true, 'eu-west-1'))).toBe('UserGroupNotFound');
  });

  it('plans ROTATE, SET and DELETE like the service allows them', () => {
    const state = stateWithGroups();
    const open = group('g');
    const tokened = group('t', { authTokenHashes: [sha(TOKEN_1)] });
    const rbac = group('r', { userGroupIds: ['apps'] });
    const plan = (g: LocalCluster, params: QueryStruct): unknown => planAccessChange(state, g, params);
    expect(plan(open, { SnapshotRetentionLimit: '1' })).toBeUndefined();
    expect(plan(open, { RemoveUserGroups: 'true' })).toBeUndefined();
    expect(plan(tokened, { AuthToken: TOKEN_2 })).toEqual({ token: { strategy: 'ROTATE', hash: sha(TOKEN_2) }, add: [], remove: [] });
    expect(plan(tokened, { AuthToken: TOKEN_2, AuthTokenUpdateStrategy: 'SET' })).toEqual({ token: { strategy: 'SET', hash: sha(TOKEN_2) }, add: [], remove: [] });
    expect(fault(() => plan(open, { AuthToken: TOKEN_2, AuthTokenUpdateStrategy: 'SET' }))).toBe('InvalidParameterValue');
    expect(fault(() => plan(tokened, { AuthTokenUpdateStrategy: 'SET' }))).toBe('InvalidParameterCombination');
    expect(fault(() => plan(tokened, { AuthToken: TOKEN_3, AuthTokenUpdateStrategy: 'SWAP' }))).toBe('InvalidParameterValue');
    expect(fault(() => plan({ ...tokened, tls: false }, { AuthToken: TOKEN_3 }))).toBe('InvalidParameterCombination');
    // DELETE only when user groups take over; adding user groups to a token group implies it.
    expect(fault(() => plan(tokened, { AuthTokenUpdateStrategy: 'DELETE' }))).toBe('InvalidParameterCombination');
    expect(plan(tokened, { AuthTokenUpdateStrategy: 'DELETE', UserGroupIdsToAdd: ['apps'] })).toEqual({ token: { strategy: 'DELETE' }, add: ['apps'], remove: [] });
    expect(plan(tokened, { UserGroupIdsToAdd: ['apps'] })).toEqual({ token: { strategy: 'DELETE' }, add: ['apps'], remove: [] });
    // RBAC → AUTH: RemoveUserGroups with a token; a token next to user groups is refused.
    expect(plan(rbac, { RemoveUserGroups: 'true', AuthToken: TOKEN_1 })).toEqual({ token: { strategy: 'ROTATE', hash: sha(TOKEN_1) }, add: [], remove: ['apps'] });
    expect(fault(() => plan(rbac, { AuthToken: TOKEN_1 }))).toBe('InvalidParameterCombination');
    expect(fault(() => plan(rbac, { UserGroupIdsToAdd: ['apps'] }))).toBe('InvalidParameterValue');
    expect(fault(() => plan(rbac, { UserGroupIdsToRemove: ['open'] }))).toBe('InvalidParameterValue');
    expect(fault(() => plan(rbac, { UserGroupIdsToAdd: ['nope'] }))).toBe('UserGroupNotFound');
    expect(fault(() => plan({ ...tokened, status: 'snapshotting' }, { AuthToken: TOKEN_2 }))).toBe('InvalidReplicationGroupState');
  });
});
