// @ts-nocheck
// ElastiCache users and user groups through the unmodified SDK client (awsQuery): the built-in
// default user, password / no-password / IAM users, access strings, user groups and their rules
// (a `default`-named member, no name twice), statuses, paging, error codes; then on real
// replication groups over TLS: user groups let their users in on every node, changes reach every
// node, AUTH tokens (ROTATE keeps both, SET only the new one), AUTH → RBAC — and no plaintext
// password or token in the state directory or the plane's log.
import {
  CreateReplicationGroupCommand,
  CreateUserCommand,
  CreateUserGroupCommand,
  DeleteUserCommand,
  DeleteUserGroupCommand,
  DescribeReplicationGroupsCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ModifyUserCommand,
  ModifyReplicationGroupCommand,
  ModifyUserGroupCommand,
  type ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elasticacheClient, eventually, startPlane, type TestPlane } from '../helpers/local.js';
import { captureLog, findSecrets } from '../helpers/secrets.js';

const APP_1 = 'ec-app-password-one-0123456789';
const APP_2 = 'ec-app-password-two-0123456789';
const ADMIN = 'ec-admin-password-0123456789';
const TOKEN_1 = 'first-auth-token-0123456789';
const TOKEN_2 = 'second-auth-token-0123456789';
const SECRETS = [APP_1, APP_2, ADMIN, TOKEN_1, TOKEN_2];

const logs = captureLog();
let t: TestPlane;
let ec: ElastiCacheClient;

beforeAll(async () => {
  t = await startPlane({ log: logs.log });
  ec = elasticacheClient(t.plane.endpoint);
});

afterAll(async () => {
  ec?.destroy();
  await t?.stop();
});

/** The error code (`name`) a call fails with, with its HTTP status. */
async function fault(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error & { $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode ?? '?'}`,
  );
}

async function waitUserGroup(id: string, status = 'active'): Promise<void> {
  await eventually(async () => ((await ec.send(new DescribeUserGroupsCommand({ UserGroupId: id }))).UserGroups?.[0]?.Status === status ? true : undefined));
}

describe('ElastiCache users', () => {
  it('has the built-in default user', async () => {
    const out = await ec.send(new DescribeUsersCommand({ UserId: 'default' }));
    expect(out.Users).toEqual([
      expect.objectContaining({
        UserId: 'default',
        UserName: 'default',
        Status: 'active',
        Engine: 'redis',
        AccessString: 'on ~* +@all',
        Authentication: { Type: 'no-password', PasswordCount: 0 },
        ARN: 'arn:aws:elasticache:us-east-1:000000000000:user:default',
      }),
    ]);
    expect(await fault(ec.send(new DeleteUserCommand({ UserId: 'default' })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new ModifyUserCommand({ UserId: 'default', AccessString: 'on ~* +@read' })))).toBe('InvalidParameterValueException 400');
  });

  it('creates, modifies and describes users with the model shapes', async () => {
    const created = await ec.send(
      new CreateUserCommand({ UserId: 'App-1', UserName: 'app', Engine: 'redis', AccessString: 'on ~app:* +@read', Passwords: [APP_1], Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    expect(created).toMatchObject({ UserId: 'app-1', UserName: 'app', Status: 'active', Engine: 'redis', MinimumEngineVersion: '6.0', AccessString: 'on ~app:* +@read', Authentication: { Type: 'password', PasswordCount: 1 }, ARN: 'arn:aws:elasticache:us-east-1:000000000000:user:app-1' });
    expect(created.UserGroupIds ?? []).toEqual([]);
    await ec.send(new CreateUserCommand({ UserId: 'admin-default', UserName: 'default', Engine: 'redis', AccessString: 'on ~* &* +@all', AuthenticationMode: { Type: 'password', Passwords: [ADMIN] } }));
    await ec.send(new CreateUserCommand({ UserId: 'open-reader', UserName: 'reader', Engine: 'valkey', AccessString: 'on ~* +@read', NoPasswordRequired: true }));
    await ec.send(new CreateUserCommand({ UserId: 'iam-user', UserName: 'iam-user', Engine: 'redis', AccessString: 'on ~* +@all', AuthenticationMode: { Type: 'iam' } }));

    const modified = await ec.send(new ModifyUserCommand({ UserId: 'app-1', AppendAccessString: '+@write', Passwords: [APP_1, APP_2] }));
    expect(modified).toMatchObject({ Status: 'modifying', AccessString: 'on ~app:* +@read +@write', Authentication: { Type: 'password', PasswordCount: 2 } });
    await eventually(async () => ((await ec.send(new DescribeUsersCommand({ UserId: 'app-1' }))).Users?.[0]?.Status === 'active' ? true : undefined));

    const all = await ec.send(new DescribeUsersCommand({}));
    expect(all.Users?.map((u) => u.UserId)).toEqual(['admin-default', 'app-1', 'default', 'iam-user', 'open-reader']);
    expect(all.Users?.find((u) => u.UserId === 'iam-user')).toMatchObject({ MinimumEngineVersion: '7.0', Authentication: { Type: 'iam', PasswordCount: 0 } });
    const valkey = await ec.send(new DescribeUsersCommand({ Engine: 'valkey' }));
    expect(valkey.Users?.map((u) => u.UserId)).toEqual(['open-reader']);
    const byName = await ec.send(new DescribeUsersCommand({ Filters: [{ Name: 'user-name', Values: ['default'] }] }));
    expect(byName.Users?.map((u) => u.UserId)).toEqual(['admin-default', 'default']);
    const first = await ec.send(new DescribeUsersCommand({ MaxRecords: 2 }));
    expect(first.Users).toHaveLength(2);
    const rest = await ec.send(new DescribeUsersCommand({ MaxRecords: 100, Marker: first.Marker }));
    expect([...(first.Users ?? []), ...(rest.Users ?? [])].map((u) => u.UserId)).toEqual(all.Users?.map((u) => u.UserId));
    expect(rest.Marker).toBeUndefined();
  });

  it('answers bad requests with the model error codes', async () => {
    const base = { UserName: 'x', Engine: 'redis', AccessString: 'on ~* +@all' };
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'app-1', Passwords: [APP_1] })))).toBe('UserAlreadyExistsFault 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'default', NoPasswordRequired: true })))).toBe('UserAlreadyExistsFault 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'short', Passwords: ['too-short'] })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'nopw' })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'both', Passwords: [APP_1], NoPasswordRequired: true })))).toBe('InvalidParameterCombinationException 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'pwrule', AccessString: 'on >secret ~* +@all', NoPasswordRequired: true })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'badcmd', AccessString: 'on ~* +nosuchcommand', NoPasswordRequired: true })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'iam-x', AuthenticationMode: { Type: 'iam' } })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new CreateUserCommand({ ...base, UserId: 'engine-x', Engine: 'memcached', NoPasswordRequired: true })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new ModifyUserCommand({ UserId: 'nobody', AccessString: 'on ~* +@all' })))).toBe('UserNotFoundFault 404');
    expect(await fault(ec.send(new ModifyUserCommand({ UserId: 'app-1', AccessString: 'on', AppendAccessString: '+get' })))).toBe('InvalidParameterCombinationException 400');
    expect(await fault(ec.send(new DescribeUsersCommand({ UserId: 'nobody' })))).toBe('UserNotFoundFault 404');
    expect(await fault(ec.send(new DescribeUsersCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })))).toBe('InvalidParameterValueException 400');
  });
});

describe('ElastiCache user groups', () => {
  it('needs a user named default and no name twice', async () => {
    expect(await fault(ec.send(new CreateUserGroupCommand({ UserGroupId: 'no-default', Engine: 'redis', UserIds: ['app-1'] })))).toBe('DefaultUserRequired 400');
    expect(await fault(ec.send(new CreateUserGroupCommand({ UserGroupId: 'two-defaults', Engine: 'redis', UserIds: ['default', 'admin-default'] })))).toBe('DuplicateUserNameFault 400');
    expect(await fault(ec.send(new CreateUserGroupCommand({ UserGroupId: 'ghost', Engine: 'redis', UserIds: ['default', 'nobody'] })))).toBe('UserNotFoundFault 404');
    // A Valkey user group takes Redis OSS users only when they authenticate.
    expect(await fault(ec.send(new CreateUserGroupCommand({ UserGroupId: 'valkey-open', Engine: 'valkey', UserIds: ['default'] })))).toBe('InvalidParameterValueException 400');
  });

  it('walks creating → active and modifying → active, and shows members and pending changes', async () => {
    const created = await ec.send(new CreateUserGroupCommand({ UserGroupId: 'App-Group', Engine: 'redis', UserIds: ['default', 'app-1'] }));
    expect(created).toMatchObject({ UserGroupId: 'app-group', Status: 'creating', Engine: 'redis', UserIds: ['app-1', 'default'], MinimumEngineVersion: '6.0', ARN: 'arn:aws:elasticache:us-east-1:000000000000:usergroup:app-group' });
    expect(await fault(ec.send(new CreateUserGroupCommand({ UserGroupId: 'app-group', Engine: 'redis', UserIds: ['default'] })))).toBe('UserGroupAlreadyExistsFault 400');
    await waitUserGroup('app-group');
    const users = await ec.send(new DescribeUsersCommand({ UserId: 'app-1' }));
    expect(users.Users?.[0]?.UserGroupIds).toEqual(['app-group']);

    // Replacing the built-in default with a password-protected user named default.
    const modified = await ec.send(new ModifyUserGroupCommand({ UserGroupId: 'app-group', UserIdsToAdd: ['admin-default'], UserIdsToRemove: ['default'] }));
    expect(modified).toMatchObject({ Status: 'modifying', UserIds: ['admin-default', 'app-1'], PendingChanges: { UserIdsToAdd: ['admin-default'], UserIdsToRemove: ['default'] } });
    await waitUserGroup('app-group');
    const described = (await ec.send(new DescribeUserGroupsCommand({ UserGroupId: 'app-group' }))).UserGroups?.[0];
    expect(described?.PendingChanges).toBeUndefined();
    expect(described?.UserIds).toEqual(['admin-default', 'app-1']);

    expect(await fault(ec.send(new ModifyUserGroupCommand({ UserGroupId: 'app-group', UserIdsToRemove: ['admin-default'] })))).toBe('DefaultUserRequired 400');
    expect(await fault(ec.send(new ModifyUserGroupCommand({ UserGroupId: 'app-group', UserIdsToAdd: ['default'] })))).toBe('DuplicateUserNameFault 400');
    expect(await fault(ec.send(new ModifyUserGroupCommand({ UserGroupId: 'app-group', UserIdsToAdd: ['app-1'] })))).toBe('InvalidParameterValueException 400');
    expect(await fault(ec.send(new ModifyUserGroupCommand({ UserGroupId: 'nope', UserIdsToAdd: ['app-1'] })))).toBe('UserGroupNotFoundFault 404');
    expect(await fault(ec.send(new DescribeUserGroupsCommand({ UserGroupId: 'nope' })))).toBe('UserGroupNotFoundFault 404');
    expect(await fault(ec.send(new DeleteUserCommand({ UserId: 'admin-default' })))).toBe('DefaultUserAssociatedToUserGroupFault 400');
  });

  it('deletes users (leaving their groups) and user groups', async () => {
    await ec.send(new CreateUserGroupCommand({ UserGroupId: 'second', Engine: 'redis', UserIds: ['default', 'app-1', 'iam-user'] }));
    const deleted = await ec.send(new DeleteUserCommand({ UserId: 'iam-user' }));
    expect(deleted.Status).toBe('deleting');
    expect((await ec.send(new DescribeUserGroupsCommand({ UserGroupId: 'second' }))).UserGroups?.[0]?.UserIds).toEqual(['app-1', 'default']);
    await eventually(async () => ((await fault(ec.send(new DescribeUsersCommand({ UserId: 'iam-user' })))) === 'UserNotFoundFault 404' ? true : undefined));

    const groupDeleted = await ec.send(new DeleteUserGroupCommand({ UserGroupId: 'second' }));
    expect(groupDeleted.Status).toBe('deleting');
    await eventually(async () => ((await fault(ec.send(new DescribeUserGroupsCommand({ UserGroupId: 'second' })))) === 'UserGroupNotFoundFault 404' ? true : undefined));
    const groups = await ec.send(new DescribeUserGroupsCommand({}));
    expect(groups.UserGroups?.map((g) => g.UserGroupId)).toEqual(['app-group']);
  });

});

async function describeGroup(id: string): Promise<ReplicationGroup> {
  return (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0] as ReplicationGroup;
}

async function waitGroup(id: string): Promise<ReplicationGroup> {
  return eventually(async () => {
    const g = await describeGroup(id);
    return g.Status === 'available' ? g : undefined;
  }, 60_000);
}

function memberPorts(group: ReplicationGroup): number[] {
  return (group.NodeGroups ?? []).flatMap((g) => (g.NodeGroupMembers ?? []).map((m) => m.ReadEndpoint?.Port as number));
}

/** What a fresh TLS connection gets for AUTH (or PING without credentials): "OK", "PONG" or the error. */
async function login(port: number, user?: string, password?: string): Promise<string> {
  const client = new Redis({ host: '127.0.0.1', port, tls: { ca: readFileSync(join(t.stateDir, 'tls', 'ca.crt')), servername: 'localhost' }, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    const reply = password === undefined ? await client.call('PING') : user === undefined ? await client.call('AUTH', password) : await client.call('AUTH', user, password);
    return String(reply);
  } catch (err) {
    return (err as Error).message.split(' ')[0] as string;
  } finally {
    client.disconnect();
  }
}

/** The same login on every node of a group: one answer when they all agree. */
async function loginEverywhere(group: ReplicationGroup, user?: string, password?: string): Promise<string> {
  const answers = await Promise.all(memberPorts(group).map((port) => login(port, user, password)));
  return [...new Set(answers)].join(' | ');
}

describe('access on replication groups', () => {
  let rbac: ReplicationGroup;
  let tokened: ReplicationGroup;

  beforeAll(async () => {
    const base = { CacheNodeType: 'cache.t4g.micro', Engine: 'redis', NumCacheClusters: 2, TransitEncryptionEnabled: true };
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', ReplicationGroupDescription: 'x', AuthToken: TOKEN_1, TransitEncryptionEnabled: false })))).toBe(
      'InvalidParameterCombinationException 400',
    );
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'bad', ReplicationGroupDescription: 'x', AuthToken: TOKEN_1, UserGroupIds: ['app-group'] })))).toBe(
      'InvalidParameterCombinationException 400',
    );
    await ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'rbac', ReplicationGroupDescription: 'users', UserGroupIds: ['app-group'] }));
    await ec.send(new CreateReplicationGroupCommand({ ...base, ReplicationGroupId: 'tokened', ReplicationGroupDescription: 'token', AuthToken: TOKEN_1 }));
    [rbac, tokened] = await Promise.all([waitGroup('rbac'), waitGroup('tokened')]);
  }, 90_000);

  it('lets the users of its user group in on every node, and nobody else', async () => {
    expect(rbac.UserGroupIds).toEqual(['app-group']);
    expect(rbac.AuthTokenEnabled).toBe(false);
    expect(memberPorts(rbac)).toHaveLength(2);
    expect(await loginEverywhere(rbac)).toBe('NOAUTH');
    expect(await loginEverywhere(rbac, 'app', APP_1)).toBe('OK');
    expect(await loginEverywhere(rbac, 'app', APP_2)).toBe('OK');
    expect(await loginEverywhere(rbac, 'default', ADMIN)).toBe('OK');
    expect(await loginEverywhere(rbac, 'app', ADMIN)).toBe('WRONGPASS');
    expect((await ec.send(new DescribeUserGroupsCommand({ UserGroupId: 'app-group' }))).UserGroups?.[0]?.ReplicationGroups).toEqual(['rbac']);
    expect(await fault(ec.send(new DeleteUserGroupCommand({ UserGroupId: 'app-group' })))).toBe('InvalidUserGroupStateFault 400');
  });

  it('puts user and user group changes on every node', async () => {
    await ec.send(new ModifyUserCommand({ UserId: 'app-1', Passwords: [APP_2] }));
    await eventually(async () => ((await ec.send(new DescribeUsersCommand({ UserId: 'app-1' }))).Users?.[0]?.Status === 'active' ? true : undefined));
    expect(await loginEverywhere(rbac, 'app', APP_1)).toBe('WRONGPASS');
    expect(await loginEverywhere(rbac, 'app', APP_2)).toBe('OK');
    await ec.send(new ModifyUserGroupCommand({ UserGroupId: 'app-group', UserIdsToRemove: ['app-1'] }));
    await waitUserGroup('app-group');
    expect(await loginEverywhere(rbac, 'app', APP_2)).toBe('WRONGPASS');
    await ec.send(new ModifyUserGroupCommand({ UserGroupId: 'app-group', UserIdsToAdd: ['app-1'] }));
    await waitUserGroup('app-group');
    expect(await loginEverywhere(rbac, 'app', APP_2)).toBe('OK');
    // A node that restarts reads its users from its aclfile: hashes only.
    const aclfile = readFileSync(join(t.stateDir, 'clusters', 'rbac', rbac.MemberClusters?.[1] as string, 'users.acl'), 'utf8');
    expect(aclfile).toMatch(/^user app on .*#[0-9a-f]{64}/m);
  });

  it('rotates the AUTH token: ROTATE keeps both on every node, SET only the new one', async () => {
    expect(tokened.AuthTokenEnabled).toBe(true);
    expect(tokened.AuthTokenLastModifiedDate).toBeInstanceOf(Date);
    expect(await loginEverywhere(tokened)).toBe('NOAUTH');
    expect(await loginEverywhere(tokened, undefined, TOKEN_1)).toBe('OK');
    const rotating = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tokened', AuthToken: TOKEN_2, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true }));
    expect(rotating.ReplicationGroup?.Status).toBe('modifying');
    expect(rotating.ReplicationGroup?.PendingModifiedValues?.AuthTokenStatus).toBe('ROTATING');
    await waitGroup('tokened');
    expect(await loginEverywhere(tokened, undefined, TOKEN_1)).toBe('OK');
    expect(await loginEverywhere(tokened, 'default', TOKEN_2)).toBe('OK');
    expect(await fault(ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rbac', AuthToken: TOKEN_2, AuthTokenUpdateStrategy: 'SET' })))).toBe('InvalidParameterCombinationException 400');
    const setting = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tokened', AuthToken: TOKEN_2, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true }));
    expect(setting.ReplicationGroup?.PendingModifiedValues?.AuthTokenStatus).toBe('SETTING');
    await waitGroup('tokened');
    expect(await loginEverywhere(tokened, undefined, TOKEN_1)).toBe('WRONGPASS');
    expect(await loginEverywhere(tokened, undefined, TOKEN_2)).toBe('OK');
  });

  it('moves a token group to user groups (AUTH → RBAC)', async () => {
    const moving = await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tokened', UserGroupIdsToAdd: ['app-group'], AuthTokenUpdateStrategy: 'DELETE', ApplyImmediately: true }));
    expect(moving.ReplicationGroup?.PendingModifiedValues?.UserGroups?.UserGroupIdsToAdd).toEqual(['app-group']);
    const moved = await waitGroup('tokened');
    expect(moved.AuthTokenEnabled).toBe(false);
    expect(moved.UserGroupIds).toEqual(['app-group']);
    expect(await loginEverywhere(moved, undefined, TOKEN_2)).toBe('WRONGPASS');
    expect(await loginEverywhere(moved, 'app', APP_2)).toBe('OK');
    expect((await ec.send(new DescribeUserGroupsCommand({ UserGroupId: 'app-group' }))).UserGroups?.[0]?.ReplicationGroups).toEqual(['rbac', 'tokened']);
  });

  it('moves a user group replication group to an AUTH token (RBAC → AUTH)', async () => {
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'rbac', RemoveUserGroups: true, AuthToken: TOKEN_1, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true }));
    const moved = await waitGroup('rbac');
    expect(moved.AuthTokenEnabled).toBe(true);
    expect(moved.UserGroupIds ?? []).toEqual([]);
    expect(await loginEverywhere(moved, 'app', APP_2)).toBe('WRONGPASS');
    expect(await loginEverywhere(moved, undefined, TOKEN_1)).toBe('OK');
    expect(await loginEverywhere(moved)).toBe('NOAUTH');
  });

  it('brings the same users and tokens back on every node after a restart of the plane', async () => {
    const stateDir = t.stateDir;
    ec.destroy();
    await t.stop({ keepState: true });
    t = await startPlane({ stateDir, log: logs.log });
    ec = elasticacheClient(t.plane.endpoint);
    const [users, token] = await Promise.all([waitGroup('tokened'), waitGroup('rbac')]);
    expect(await loginEverywhere(users, 'app', APP_2)).toBe('OK');
    expect(await loginEverywhere(users, 'default', ADMIN)).toBe('OK');
    expect(await loginEverywhere(token, undefined, TOKEN_1)).toBe('OK');
    expect(await loginEverywhere(token)).toBe('NOAUTH');
  }, 60_000);

  it('keeps every password and token out of the state directory and the log', () => {
    expect(findSecrets(t.stateDir, SECRETS, [logs.text()])).toEqual([]);
  });
});
