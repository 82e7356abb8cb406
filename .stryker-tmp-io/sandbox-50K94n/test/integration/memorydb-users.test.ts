// @ts-nocheck
// Users and ACLs through the unmodified SDK client, applied for real to every node: password and
// IAM users, an ACL on a TLS cluster, password rotation, access strings, ACL membership changes,
// scaling, failover, crash and plane restarts, switching back to open-access — and no plaintext
// password anywhere in the state directory or the plane's log.
import {
  CreateACLCommand,
  CreateClusterCommand,
  CreateUserCommand,
  DeleteACLCommand,
  DeleteUserCommand,
  DescribeACLsCommand,
  DescribeClustersCommand,
  DescribeEventsCommand,
  DescribeUsersCommand,
  FailoverShardCommand,
  UpdateACLCommand,
  UpdateClusterCommand,
  UpdateUserCommand,
  paginateDescribeACLs,
  paginateDescribeUsers,
  type Cluster,
  type MemoryDBClient,
} from '@aws-sdk/client-memorydb';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster as RedisCluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNode, sendRawCommand, type NodeCredentials } from '../../src/lib/local/engine/nodes/node-client.js';
import type { TlsFiles } from '../../src/lib/local/engine/nodes/tls.js';
import { ACL_CATEGORIES, isKnownCommand } from '../../src/lib/local/api/shared/redis-commands.js';
import { eventually, startPlane, type TestPlane } from '../helpers/local.js';
import { captureLog, findSecrets } from '../helpers/secrets.js';

// Every plaintext password this file uses; none may ever reach the state directory or the log.
const APP_1 = 'app-password-one-0123456789';
const APP_2 = 'app-password-two-0123456789';
const READER = 'reader-password-0123456789';
const OPS = 'ops-password-000-0123456789';
const REJECTED = 'rejected-password-0123456789';
const SECRETS = [APP_1, APP_2, READER, OPS, REJECTED];

const logs = captureLog();
let t: TestPlane;
let tls: TlsFiles;

beforeAll(async () => {
  t = await startPlane({ log: logs.log });
  tls = await t.plane.runtime.tls();
});

afterAll(async () => {
  await t?.stop();
});

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

async function fault(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error) => e.name,
  );
}

async function describeCluster(client: MemoryDBClient, name: string): Promise<Cluster> {
  const out = await client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true }));
  return out.Clusters?.[0] as Cluster;
}

async function waitCluster(name: string, status = 'available'): Promise<Cluster> {
  return eventually(async () => {
    const c = await describeCluster(t.client, name);
    return c.Status === status ? c : undefined;
  }, 60_000);
}

async function waitUser(name: string, status = 'active'): Promise<void> {
  await eventually(async () => ((await t.client.send(new DescribeUsersCommand({ UserName: name }))).Users?.[0]?.Status === status ? true : undefined));
}

async function waitAcl(name: string, status = 'active'): Promise<void> {
  await eventually(async () => ((await t.client.send(new DescribeACLsCommand({ ACLName: name }))).ACLs?.[0]?.Status === status ? true : undefined));
}

const portsOf = (c: Cluster): number[] => (c.Shards ?? []).flatMap((s) => (s.Nodes ?? []).map((n) => n.Endpoint?.Port as number));

/** What one node answers to PING after AUTH as the user ('+PONG', or the refusal). */
async function pingAs(port: number, user: string, password: string): Promise<string> {
  return (await sendRawCommand(port, tls, ['PING'], 3_000, { user, password })) ?? '(closed)';
}

/** What one node answers an unauthenticated client. */
async function pingAnonymous(port: number): Promise<string> {
  return (await sendRawCommand(port, tls, ['PING'], 3_000, null)) ?? '(closed)';
}

/** The answer of every node, e.g. ['+PONG', '+PONG', ...]; waits briefly for the change to land. */
async function everyNode(ports: number[], probe: (port: number) => Promise<string>, expected: RegExp): Promise<string[]> {
  return eventually(async () => {
    const answers = await Promise.all(ports.map(probe));
    return answers.every((a) => expected.test(a)) ? answers : undefined;
  }, 10_000);
}

/** A cluster-mode client logged in as a user, like an application. */
function clusterAs(port: number, credentials: NodeCredentials): RedisCluster {
  return new RedisCluster([{ host: '127.0.0.1', port }], {
    redisOptions: { tls: { ca: readFileSync(tls.caCertFile), servername: 'localhost' }, username: credentials.user, password: credentials.password, enableReadyCheck: false },
    // The cluster-level ready check runs CLUSTER INFO, which a narrow access string may not allow.
    enableReadyCheck: false,
    slotsRefreshTimeout: 5000,
    clusterRetryStrategy: (times) => (times > 5 ? null : 100),
  });
}

describe('errors of every user and ACL operation', () => {
  const password = (extra: Record<string, unknown> = {}) => ({ Type: 'password' as const, Passwords: [REJECTED], ...extra });
  const createUser = (input: Record<string, unknown>) =>
    t.client.send(new CreateUserCommand({ UserName: 'bad', AuthenticationMode: password(), AccessString: 'on ~* +@all', ...input }));

  it('CreateUser validates names, authentication and access strings', async () => {
    await t.client.send(new CreateUserCommand({ UserName: 'taken', AuthenticationMode: password(), AccessString: 'on ~* +@all' }));
    expect(await fault(createUser({ UserName: 'taken' }))).toBe('UserAlreadyExistsFault');
    expect(await fault(createUser({ UserName: 'default' }))).toBe('UserAlreadyExistsFault');
    expect(await fault(createUser({ UserName: '1bad' }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ UserName: 'memctl-admin' }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ AuthenticationMode: undefined }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ AuthenticationMode: { Type: 'password' } }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ AuthenticationMode: { Type: 'password', Passwords: ['short'] } }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ AuthenticationMode: { Type: 'password', Passwords: ['has whitespace in it 0123'] } }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ AuthenticationMode: { Type: 'password', Passwords: [APP_1, APP_2, READER] } }))).toBe('InvalidParameterValueException');
    expect(await fault(createUser({ AuthenticationMode: { Type: 'iam', Passwords: [REJECTED] } }))).toBe('InvalidParameterCombinationException');
    expect(await fault(createUser({ AccessString: `on ~* +@all >${REJECTED}` }))).toBe('InvalidParameterValueException');
    for (const rule of ['nopass', 'resetpass', 'reset', `#${sha(REJECTED)}`, '<x', '!x']) {
      expect(await fault(createUser({ AccessString: `on ~* ${rule}` })), rule).toBe('InvalidParameterValueException');
    }
    const unknown = (await createUser({ AccessString: 'on ~* +@nope' }).catch((e: Error) => e)) as Error;
    expect(unknown.name).toBe('InvalidParameterValueException');
    expect(unknown.message).toContain('+@nope');
    expect((await createUser({ AccessString: 'on ~* +frobnicate' }).catch((e: Error) => e)) as Error).toMatchObject({ name: 'InvalidParameterValueException', message: expect.stringContaining('+frobnicate') });
    // Error messages never echo a password.
    const leaky = (await createUser({ AccessString: `on >${REJECTED}` }).catch((e: Error) => e)) as Error;
    expect(leaky.message).not.toContain(REJECTED);
    expect(await fault(createUser({ UserName: 'okrules', AccessString: 'on ~app:* %R~logs:* &chan +@read -keys +config|get +select|0 (~x:* +set)' }))).toBe('no error');
  });

  it('UpdateUser, DeleteUser and DescribeUsers refuse the built-in, unknown users and empty changes', async () => {
    expect(await fault(t.client.send(new UpdateUserCommand({ UserName: 'default', AccessString: 'on ~* +@read' })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new UpdateUserCommand({ UserName: 'ghost', AccessString: 'on ~* +@read' })))).toBe('UserNotFoundFault');
    expect(await fault(t.client.send(new UpdateUserCommand({ UserName: 'taken' })))).toBe('InvalidParameterCombinationException');
    expect(await fault(t.client.send(new UpdateUserCommand({ UserName: 'taken', AccessString: 'on ~* reset' })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new DeleteUserCommand({ UserName: 'default' })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new DeleteUserCommand({ UserName: 'ghost' })))).toBe('UserNotFoundFault');
    expect(await fault(t.client.send(new DescribeUsersCommand({ UserName: 'ghost' })))).toBe('UserNotFoundFault');
    expect(await fault(t.client.send(new DescribeUsersCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })))).toBe('InvalidParameterValueException');
    await t.client.send(new DeleteUserCommand({ UserName: 'taken' }));
    expect(await fault(t.client.send(new UpdateUserCommand({ UserName: 'taken', AccessString: 'on ~* +@read' })))).toMatch(/InvalidUserStateFault|UserNotFoundFault/);
    await eventually(async () => ((await fault(t.client.send(new DescribeUsersCommand({ UserName: 'taken' })))) === 'UserNotFoundFault' ? true : undefined));
  });

  it('ACL operations refuse open-access, unknown ACLs and users, duplicates and ACLs in use', async () => {
    await t.client.send(new CreateUserCommand({ UserName: 'member', AuthenticationMode: password(), AccessString: 'on ~* +@all' }));
    await t.client.send(new CreateACLCommand({ ACLName: 'errs', UserNames: ['member'] }));
    expect(await fault(t.client.send(new CreateACLCommand({ ACLName: 'errs' })))).toBe('ACLAlreadyExistsFault');
    expect(await fault(t.client.send(new CreateACLCommand({ ACLName: 'open-access' })))).toBe('ACLAlreadyExistsFault');
    expect(await fault(t.client.send(new CreateACLCommand({ ACLName: 'x1', UserNames: ['ghost'] })))).toBe('UserNotFoundFault');
    expect(await fault(t.client.send(new CreateACLCommand({ ACLName: 'x1', UserNames: ['member', 'member'] })))).toBe('DuplicateUserNameFault');
    expect(await fault(t.client.send(new CreateACLCommand({ ACLName: 'bad--name' })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'open-access', UserNamesToAdd: ['member'] })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'ghost', UserNamesToAdd: ['member'] })))).toBe('ACLNotFoundFault');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'errs', UserNamesToAdd: ['ghost'] })))).toBe('UserNotFoundFault');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'errs', UserNamesToAdd: ['member'] })))).toBe('DuplicateUserNameFault');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'errs', UserNamesToRemove: ['default'] })))).toBe('UserNotFoundFault');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'errs' })))).toBe('InvalidParameterCombinationException');
    expect(await fault(t.client.send(new UpdateACLCommand({ ACLName: 'errs', UserNamesToAdd: ['default'], UserNamesToRemove: ['default'] })))).toBe('InvalidParameterCombinationException');
    expect(await fault(t.client.send(new DeleteACLCommand({ ACLName: 'open-access' })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new DeleteACLCommand({ ACLName: 'ghost' })))).toBe('ACLNotFoundFault');
    expect(await fault(t.client.send(new DescribeACLsCommand({ ACLName: 'ghost' })))).toBe('ACLNotFoundFault');
    expect(await fault(t.client.send(new CreateClusterCommand({ ClusterName: 'noacl', NodeType: 'db.t4g.small', ACLName: 'ghost' })))).toBe('ACLNotFoundFault');
    await waitAcl('errs');
    await t.client.send(new DeleteACLCommand({ ACLName: 'errs' }));
    await eventually(async () => ((await fault(t.client.send(new DescribeACLsCommand({ ACLName: 'errs' })))) === 'ACLNotFoundFault' ? true : undefined));
    await t.client.send(new DeleteUserCommand({ UserName: 'member' }));
    await eventually(async () => ((await fault(t.client.send(new DescribeUsersCommand({ UserName: 'member' })))) === 'UserNotFoundFault' ? true : undefined));
  });
});

describe('an ACL on a 2×1 TLS cluster, applied to every node', () => {
  let cluster: Cluster;
  const app = (password: string): NodeCredentials => ({ user: 'app', password });

  it('creates password and IAM users and an ACL; no output carries a password', async () => {
    const created = await t.client.send(new CreateUserCommand({ UserName: 'app', AuthenticationMode: { Type: 'password', Passwords: [APP_1] }, AccessString: 'on ~* &* +@all', Tags: [{ Key: 'team', Value: 'orders' }] }));
    expect(created.User).toMatchObject({ Name: 'app', Status: 'active', AccessString: 'on ~* &* +@all', MinimumEngineVersion: '6.2', Authentication: { Type: 'password', PasswordCount: 1 } });
    expect(JSON.stringify(created)).not.toContain(APP_1);
    expect(JSON.stringify(created)).not.toContain(sha(APP_1));
    await t.client.send(new CreateUserCommand({ UserName: 'reader', AuthenticationMode: { Type: 'password', Passwords: [READER] }, AccessString: 'on ~app:* +@read +cluster|slots' }));
    const iam = await t.client.send(new CreateUserCommand({ UserName: 'robot', AuthenticationMode: { Type: 'iam' }, AccessString: 'on ~* +@all' }));
    expect(iam.User?.Authentication).toEqual({ Type: 'iam' });
    const acl = await t.client.send(new CreateACLCommand({ ACLName: 'app-acl', UserNames: ['app', 'reader', 'robot'] }));
    expect(acl.ACL).toMatchObject({ Name: 'app-acl', Status: 'creating', UserNames: ['app', 'reader', 'robot'] });
    await waitAcl('app-acl');
    const users = await t.client.send(new DescribeUsersCommand({ Filters: [{ Name: 'access-string', Values: ['on ~app:* +@read +cluster|slots'] }] }));
    expect(users.Users?.map((u) => u.Name)).toEqual(['reader']);
    expect((await t.client.send(new DescribeUsersCommand({ UserName: 'app' }))).Users?.[0]?.ACLNames).toEqual(['app-acl']);
    const all = await t.client.send(new DescribeUsersCommand({}));
    expect(all.Users?.map((u) => u.Name)).toEqual(['app', 'default', 'okrules', 'reader', 'robot']);
    expect(JSON.stringify(all)).not.toMatch(/password-|[0-9a-f]{64}/);
    const paged: string[] = [];
    for await (const page of paginateDescribeUsers({ client: t.client, pageSize: 2 }, {})) paged.push(...(page.Users ?? []).map((u) => u.Name as string));
    expect(paged).toEqual(['app', 'default', 'okrules', 'reader', 'robot']);
    const acls: string[] = [];
    for await (const page of paginateDescribeACLs({ client: t.client, pageSize: 1 }, {})) acls.push(...(page.ACLs ?? []).map((a) => a.Name as string));
    expect(acls).toEqual(['app-acl', 'open-access']);
  });

  it('every node, primaries and replicas, lets the ACL users in and refuses everyone else', async () => {
    await t.client.send(new CreateClusterCommand({ ClusterName: 'orders', NodeType: 'db.t4g.small', ACLName: 'app-acl', NumShards: 2, NumReplicasPerShard: 1 }));
    expect(await fault(t.client.send(new DeleteACLCommand({ ACLName: 'app-acl' })))).toBe('InvalidACLStateFault');
    cluster = await waitCluster('orders');
    expect(cluster.ACLName).toBe('app-acl');
    expect((await t.client.send(new DescribeACLsCommand({ ACLName: 'app-acl' }))).ACLs?.[0]?.Clusters).toEqual(['orders']);
    const ports = portsOf(cluster);
    expect(ports).toHaveLength(4);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_1), /^\+PONG$/);
    await everyNode(ports, (p) => pingAs(p, 'app', REJECTED), /^-WRONGPASS/);
    await everyNode(ports, pingAnonymous, /^-NOAUTH/);
    await everyNode(ports, (p) => pingAs(p, 'default', 'anything-at-all-123'), /^-WRONGPASS/);
    // Locally an IAM user cannot be checked against SigV4: any token is let in (documented).
    await everyNode(ports, (p) => pingAs(p, 'robot', 'not-a-real-sigv4-token'), /^\+PONG$/);
    // Replicas know the users too, and replicate with the admin user.
    const roles = await Promise.all(
      ports.map(async (port) => {
        const node = connectNode(port, tls, { credentials: app(APP_1) });
        try {
          expect(await node.call('ACL', 'WHOAMI')).toBe('app');
          return ((await node.call('ROLE')) as string[])[0];
        } finally {
          node.disconnect();
        }
      }),
    );
    expect(roles.sort()).toEqual(['master', 'master', 'slave', 'slave']);
  });

  it('access strings are checked against the commands and categories the nodes really have', async () => {
    const node = connectNode(portsOf(cluster)[0] as number, tls, { credentials: app(APP_1) });
    try {
      const commands = (await node.call('COMMAND', 'LIST')) as string[];
      expect(commands.length).toBeGreaterThan(300);
      expect(commands.filter((c) => !isKnownCommand(c))).toEqual([]);
      const categories = (await node.call('ACL', 'CAT')) as string[];
      expect([...ACL_CATEGORIES].sort()).toEqual(['all', ...categories].sort());
    } finally {
      node.disconnect();
    }
  });

  it('an access string limits what a user can do', async () => {
    // A cluster-mode client needs CLUSTER SLOTS, which @read does not include.
    const port = cluster.ClusterEndpoint?.Port as number;
    const writer = clusterAs(port, app(APP_1));
    const reader = clusterAs(port, { user: 'reader', password: READER });
    try {
      for (let i = 0; i < 50; i++) await writer.set(`app:${i}`, `v${i}`);
      await writer.set('other:1', 'x');
      expect(await reader.get('app:7')).toBe('v7');
      await expect(reader.set('app:7', 'changed')).rejects.toThrow(/NOPERM/);
      await expect(reader.get('other:1')).rejects.toThrow(/NOPERM/);
      expect(await writer.get('app:7')).toBe('v7');
    } finally {
      writer.disconnect();
      reader.disconnect();
    }
  });

  it('rotates passwords: two work everywhere, then only the new one', async () => {
    const ports = portsOf(cluster);
    const both = await t.client.send(new UpdateUserCommand({ UserName: 'app', AuthenticationMode: { Type: 'password', Passwords: [APP_1, APP_2] } }));
    expect(both.User).toMatchObject({ Status: 'modifying', Authentication: { PasswordCount: 2 } });
    await waitUser('app');
    await everyNode(ports, (p) => pingAs(p, 'app', APP_1), /^\+PONG$/);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    await t.client.send(new UpdateUserCommand({ UserName: 'app', AuthenticationMode: { Type: 'password', Passwords: [APP_2] } }));
    await waitUser('app');
    await everyNode(ports, (p) => pingAs(p, 'app', APP_1), /^-WRONGPASS/);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    // ACL SAVE wrote it to each node's aclfile: the new hash only, never a password.
    for (const node of cluster.Shards?.flatMap((s) => s.Nodes ?? []) ?? []) {
      const aclfile = readFileSync(join(t.stateDir, 'clusters', 'orders', node.Name as string, 'users.acl'), 'utf8');
      expect(aclfile).toContain(sha(APP_2));
      expect(aclfile).not.toContain(sha(APP_1));
      expect(aclfile).toMatch(/^user default off/m);
      expect(statSync(join(t.stateDir, 'clusters', 'orders', node.Name as string, 'redis.conf')).mode & 0o777).toBe(0o600);
    }
    const events = (await t.client.send(new DescribeEventsCommand({ SourceType: 'user', SourceName: 'app', Duration: 60 }))).Events ?? [];
    expect(events.map((e) => e.Message)).toContain('User app modified');
  });

  it('UpdateACL adds and removes users on every node', async () => {
    const ports = portsOf(cluster);
    await t.client.send(new CreateUserCommand({ UserName: 'ops', AuthenticationMode: { Type: 'password', Passwords: [OPS] }, AccessString: 'on ~* +@all' }));
    const updated = await t.client.send(new UpdateACLCommand({ ACLName: 'app-acl', UserNamesToAdd: ['ops'], UserNamesToRemove: ['reader'] }));
    expect(updated.ACL).toMatchObject({ Status: 'modifying', UserNames: ['app', 'ops', 'robot'], PendingChanges: { UserNamesToAdd: ['ops'], UserNamesToRemove: ['reader'] } });
    await waitAcl('app-acl');
    await everyNode(ports, (p) => pingAs(p, 'ops', OPS), /^\+PONG$/);
    await everyNode(ports, (p) => pingAs(p, 'reader', READER), /^-WRONGPASS/);
    expect((await t.client.send(new DescribeUsersCommand({ UserName: 'reader' }))).Users?.[0]?.ACLNames).toEqual([]);
  });

  it('new shards and new replicas get the users before they serve; failover and a crash keep them', async () => {
    await t.client.send(new UpdateClusterCommand({ ClusterName: 'orders', ShardConfiguration: { ShardCount: 3 } }));
    await waitCluster('orders');
    await t.client.send(new UpdateClusterCommand({ ClusterName: 'orders', ReplicaConfiguration: { ReplicaCount: 2 } }));
    cluster = await waitCluster('orders');
    const ports = portsOf(cluster);
    expect(ports).toHaveLength(9);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    await everyNode(ports, (p) => pingAs(p, 'ops', OPS), /^\+PONG$/);
    await everyNode(ports, pingAnonymous, /^-NOAUTH/);

    await t.client.send(new FailoverShardCommand({ ClusterName: 'orders', ShardName: '0001' }));
    await waitCluster('orders');
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    const writer = clusterAs(cluster.ClusterEndpoint?.Port as number, app(APP_2));
    try {
      for (let i = 0; i < 50; i++) expect(await writer.get(`app:${i}`)).toBe(`v${i}`);
      await writer.set('after:failover', 'yes');
    } finally {
      writer.disconnect();
    }

    const victim = cluster.Shards?.[1]?.Nodes?.[1];
    const pid = t.plane.runtime.supervisor.pids().get(victim?.Name as string) as number;
    process.kill(pid, 'SIGKILL');
    await eventually(async () => (t.plane.runtime.supervisor.pids().get(victim?.Name as string) !== pid && t.plane.runtime.supervisor.health(victim?.Name as string) === 'running' ? true : undefined));
    await everyNode([victim?.Endpoint?.Port as number], (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    await everyNode([victim?.Endpoint?.Port as number], pingAnonymous, /^-NOAUTH/);
  });

  it('local down/up keeps the users; nodes from before users existed start too', async () => {
    // An open-access cluster whose node predates users: no aclfile, no admin credential yet.
    await t.client.send(new CreateClusterCommand({ ClusterName: 'legacy', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, TLSEnabled: false }));
    const legacy = await waitCluster('legacy');
    const stateDir = t.stateDir;
    expect(statSync(join(stateDir, 'admin.json')).mode & 0o777).toBe(0o600);
    await t.stop({ keepState: true });
    rmSync(join(stateDir, 'clusters', 'legacy', 'legacy-0001-001', 'users.acl'));

    t = await startPlane({ stateDir, log: logs.log });
    const after = await describeCluster(t.client, 'orders');
    expect(after.Status).toBe('available');
    const ports = portsOf(after);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_1), /^-WRONGPASS/);
    await everyNode(ports, (p) => pingAs(p, 'reader', READER), /^-WRONGPASS/);
    await everyNode(ports, pingAnonymous, /^-NOAUTH/);
    expect((await describeCluster(t.client, 'legacy')).Status).toBe('available');
    const legacyPort = legacy.ClusterEndpoint?.Port as number;
    expect(await sendRawCommand(legacyPort, null, ['PING'], 3_000, null)).toBe('+PONG');
    expect(existsSync(join(stateDir, 'clusters', 'legacy', 'legacy-0001-001', 'users.acl'))).toBe(true);
  });

  it('switching the cluster to open-access opens the default user and removes the ACL users', async () => {
    const ports = portsOf(await describeCluster(t.client, 'orders'));
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'orders', ACLName: 'ghost' })))).toBe('ACLNotFoundFault');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'orders', ACLName: 'open-access', ReplicaConfiguration: { ReplicaCount: 1 } })))).toBe('InvalidParameterCombinationException');
    const updating = await t.client.send(new UpdateClusterCommand({ ClusterName: 'orders', ACLName: 'open-access' }));
    expect(updating.Cluster?.Status).toBe('updating');
    expect(updating.Cluster?.PendingUpdates?.ACLs?.ACLToApply).toBe('open-access');
    const done = await waitCluster('orders');
    expect(done.ACLName).toBe('open-access');
    await everyNode(ports, pingAnonymous, /^\+PONG$/);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^-WRONGPASS/);
    const events = (await t.client.send(new DescribeEventsCommand({ SourceType: 'acl', Duration: 60 }))).Events ?? [];
    expect(events.map((e) => e.Message)).toContain('ACL open-access applied to cluster orders');

    // Back to the ACL: connections the default user already had are cut, not left open.
    const anonymous = connectNode(ports[0] as number, tls, { credentials: null });
    expect(await anonymous.ping()).toBe('PONG');
    await t.client.send(new UpdateClusterCommand({ ClusterName: 'orders', ACLName: 'app-acl' }));
    await waitCluster('orders');
    await expect(anonymous.ping()).rejects.toThrow();
    anonymous.disconnect();
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^\+PONG$/);
    await everyNode(ports, pingAnonymous, /^-NOAUTH/);
    const deleted = await t.client.send(new DeleteUserCommand({ UserName: 'app' }));
    expect(deleted.User?.Status).toBe('deleting');
    await eventually(async () => ((await fault(t.client.send(new DescribeUsersCommand({ UserName: 'app' })))) === 'UserNotFoundFault' ? true : undefined));
    expect((await t.client.send(new DescribeACLsCommand({ ACLName: 'app-acl' }))).ACLs?.[0]?.UserNames).toEqual(['ops', 'robot']);
    await everyNode(ports, (p) => pingAs(p, 'app', APP_2), /^-WRONGPASS/);
    await everyNode(ports, (p) => pingAs(p, 'ops', OPS), /^\+PONG$/);
  });

  it('no plaintext password anywhere in the state directory or the plane log', () => {
    const findings = findSecrets(t.stateDir, SECRETS, [logs.text()]);
    expect(findings).toEqual([]);
    // The scan itself works: the admin credential is there in clear (admin.json, masterauth).
    const admin = (JSON.parse(readFileSync(join(t.stateDir, 'admin.json'), 'utf8')) as { password: string }).password;
    expect(findSecrets(t.stateDir, [admin]).map((f) => f.where)).toContain('admin.json');
    expect(logs.text()).not.toContain(admin);
  });
});
