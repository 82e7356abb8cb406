// @ts-nocheck
// The local control plane answers as the services' models and documentation say, through the
// unmodified SDK clients: maintenance and snapshot windows (form, 60 minutes, no overlap), a
// parameter group of another family, engine versions (none that does not exist, never down, no
// upgrade without another redis-server), a snapshot's shard count while it is written, the
// snapshot source filter (user/system), deleting subnet groups, awsQuery sent with GET, and regions
// kept apart (a client of one region sees none of another's clusters, groups, snapshots, users,
// ACLs or user groups).
import {
  CreateReplicationGroupCommand,
  CreateUserCommand as CreateCacheUserCommand,
  CreateUserGroupCommand,
  DeleteCacheSubnetGroupCommand,
  DescribeReplicationGroupsCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand as DescribeCacheUsersCommand,
  ModifyUserGroupCommand,
} from '@aws-sdk/client-elasticache';
import {
  CreateACLCommand,
  CreateClusterCommand,
  CreateSnapshotCommand,
  CreateUserCommand,
  DescribeACLsCommand,
  DescribeUsersCommand,
  UpdateACLCommand,
  CreateSubnetGroupCommand,
  DeleteSubnetGroupCommand,
  DescribeClustersCommand,
  DescribeSnapshotsCommand,
  DescribeEventsCommand,
  DescribeSubnetGroupsCommand,
  UpdateClusterCommand,
} from '@aws-sdk/client-memorydb';
import { createServer, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elasticacheClient, eventually, sdkClient, startPlane, type TestPlane } from '../helpers/local.js';

let t: TestPlane;

/** The error's name, or "no error". */
async function fault(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error) => e.name,
  );
}

beforeAll(async () => {
  t = await startPlane();
  await t.client.send(new CreateClusterCommand({ ClusterName: 'contract', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0 }));
  await eventually(async () => ((await t.client.send(new DescribeClustersCommand({ ClusterName: 'contract' }))).Clusters?.[0]?.Status === 'available' ? true : undefined), 60_000);
}, 90_000);

afterAll(async () => {
  await t?.stop();
});

const create = (extra: Record<string, unknown>): Promise<string> =>
  fault(t.client.send(new CreateClusterCommand({ ClusterName: 'refused', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, ...extra })));

describe('MemoryDB', () => {
  it('windows: the form, at least 60 minutes, and the snapshot window outside the maintenance window', async () => {
    expect(await create({ MaintenanceWindow: 'sunday 23:00' })).toBe('InvalidParameterValueException');
    expect(await create({ MaintenanceWindow: 'sun:23:00-sun:23:30' })).toBe('InvalidParameterValueException');
    expect(await create({ SnapshotWindow: '05:00-05:59' })).toBe('InvalidParameterValueException');
    expect(await create({ MaintenanceWindow: 'mon:05:00-mon:07:00', SnapshotWindow: '06:00-08:00' })).toBe('InvalidParameterCombinationException');
    // Across midnight and the week's end: sat:23:30-sun:00:30 against a daily 00:00-01:00.
    expect(await create({ MaintenanceWindow: 'sat:23:30-sun:00:30', SnapshotWindow: '00:00-01:00' })).toBe('InvalidParameterCombinationException');
    expect((await t.client.send(new DescribeClustersCommand({}))).Clusters?.map((c) => c.Name)).not.toContain('refused');
    // An update checks the window it changes against the one the cluster keeps, and changes nothing when refused.
    const before = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'contract' }))).Clusters?.[0];
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', SnapshotWindow: '00:00-01:00', Description: 'changed' })))).toBe('InvalidParameterCombinationException');
    const after = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'contract' }))).Clusters?.[0];
    expect([after?.SnapshotWindow, after?.Description]).toEqual([before?.SnapshotWindow, before?.Description]);
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', SnapshotWindow: '10:00-11:00' })))).toBe('no error');
  });

  it('a parameter group of another family and engine versions that cannot be had are refused', async () => {
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', ParameterGroupName: 'default.memorydb-valkey7' })))).toBe('InvalidParameterCombinationException');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', ParameterGroupName: 'nope' })))).toBe('ParameterGroupNotFoundFault');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', EngineVersion: '9.9' })))).toBe('InvalidParameterValueException');
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', EngineVersion: '6.2' })))).toBe('InvalidParameterCombinationException');
    const upgrade = await t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', Engine: 'valkey' })).then(
      () => 'no error',
      (e: Error) => e.message,
    );
    expect(upgrade).toMatch(/Cannot upgrade contract to valkey 7\.2: no valkey 7\.2 binary is installed for the local control plane \(start it with MEMCTL_REDIS_SERVER_VALKEY_7_2 set/);
    // What it already runs changes nothing.
    expect(await fault(t.client.send(new UpdateClusterCommand({ ClusterName: 'contract', EngineVersion: '7.1' })))).toBe('no error');
  });

  it("a snapshot being written counts the cluster's shards; the source filter says user or system", async () => {
    const made = await t.client.send(new CreateSnapshotCommand({ ClusterName: 'contract', SnapshotName: 'contract-snap' }));
    expect(made.Snapshot?.Status).toBe('creating');
    expect(made.Snapshot?.ClusterConfiguration?.NumShards).toBe(1);
    const user = (await t.client.send(new DescribeSnapshotsCommand({ ClusterName: 'contract', Source: 'user' }))).Snapshots ?? [];
    expect(user.map((s) => [s.Name, s.Source])).toEqual([['contract-snap', 'manual']]);
    expect((await t.client.send(new DescribeSnapshotsCommand({ ClusterName: 'contract', Source: 'system' }))).Snapshots).toEqual([]);
    expect(await fault(t.client.send(new DescribeSnapshotsCommand({ Source: 'manual' })))).toBe('InvalidParameterValueException');
  });

  it('DeleteSubnetGroup: deletes, refuses the default group and one in use', async () => {
    await t.client.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'spare', SubnetIds: ['subnet-a1'] }));
    const deleted = await t.client.send(new DeleteSubnetGroupCommand({ SubnetGroupName: 'spare' }));
    expect(deleted.SubnetGroup?.Name).toBe('spare');
    expect(await fault(t.client.send(new DescribeSubnetGroupsCommand({ SubnetGroupName: 'spare' })))).toBe('SubnetGroupNotFoundFault');
    expect(await fault(t.client.send(new DeleteSubnetGroupCommand({ SubnetGroupName: 'spare' })))).toBe('SubnetGroupNotFoundFault');
    expect(await fault(t.client.send(new DeleteSubnetGroupCommand({ SubnetGroupName: 'default' })))).toBe('InvalidParameterValueException');
    await t.client.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'used', SubnetIds: ['subnet-b2'] }));
    await t.client.send(new CreateClusterCommand({ ClusterName: 'user-of-used', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, SubnetGroupName: 'used' }));
    expect(await fault(t.client.send(new DeleteSubnetGroupCommand({ SubnetGroupName: 'used' })))).toBe('SubnetGroupInUseFault');
  });
});

describe('ElastiCache', () => {
  it('DeleteCacheSubnetGroup: the default group cannot go, an unknown one is not found', async () => {
    const ec = elasticacheClient(t.plane.endpoint);
    expect(await fault(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'default' })))).toBe('InvalidParameterValueException');
    expect(await fault(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'nope' })))).toBe('CacheSubnetGroupNotFoundFault');
    expect(await fault(ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'wins', ReplicationGroupDescription: 'w', CacheNodeType: 'cache.t4g.micro', PreferredMaintenanceWindow: 'mon:05:00-mon:07:00', SnapshotWindow: '06:00-08:00' })))).toBe('InvalidParameterCombinationException');
    expect(await fault(ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'wins' })))).toBe('ReplicationGroupNotFoundFault');
  });

  it('availability zones asked for are where the nodes are, and must be the region\'s', async () => {
    const ec = elasticacheClient(t.plane.endpoint);
    await ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'zoned', ReplicationGroupDescription: 'z', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 2, PreferredCacheClusterAZs: ['us-east-1c', 'us-east-1a'] }));
    const members = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'zoned' }))).ReplicationGroups?.[0]?.NodeGroups?.[0]?.NodeGroupMembers ?? [];
    expect(members.map((m) => m.PreferredAvailabilityZone)).toEqual(['us-east-1c', 'us-east-1a']);
    const bad = (zones: string[], extra: Record<string, unknown> = {}): Promise<string> =>
      fault(ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'zoned-bad', ReplicationGroupDescription: 'z', CacheNodeType: 'cache.t4g.micro', NumCacheClusters: 2, PreferredCacheClusterAZs: zones, ...extra })));
    expect(await bad(['eu-west-1a', 'us-east-1a'])).toBe('InvalidParameterValueException');
    expect(await bad(['us-east-1a'])).toBe('InvalidParameterValueException');
    const cme = await fault(
      ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: 'zoned-cme',
          ReplicationGroupDescription: 'z',
          CacheNodeType: 'cache.t4g.micro',
          NodeGroupConfiguration: [{ ReplicaCount: 1, PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1c'] }],
        }),
      ),
    );
    expect(cme).toBe('no error');
    const cmeMembers = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'zoned-cme' }))).ReplicationGroups?.[0]?.NodeGroups?.[0]?.NodeGroupMembers ?? [];
    expect(cmeMembers.map((m) => m.PreferredAvailabilityZone)).toEqual(['us-east-1b', 'us-east-1c']);
  });

  it('an awsQuery call sent with GET reads its parameters from the query string', async () => {
    const url = new URL(`${t.plane.endpoint}/?Action=DescribeCacheSubnetGroups&Version=2015-02-02&CacheSubnetGroupName=default`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'GET', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/elasticache/aws4_request, SignedHeaders=host, Signature=00' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status, answer.body).toBe(200);
    expect(answer.body).toContain('<DescribeCacheSubnetGroupsResponse');
    expect(answer.body).toContain('<CacheSubnetGroupName>default</CacheSubnetGroupName>');
  });
});

describe('regions', () => {
  it("a client of another region sees none of us-east-1's clusters, groups and snapshots, and may not reuse their names", async () => {
    const west = sdkClient(t.plane.endpoint, { region: 'eu-west-1' });
    const names = ((await west.send(new DescribeClustersCommand({}))).Clusters ?? []).map((c) => c.Name);
    expect(names).not.toContain('contract');
    expect(await fault(west.send(new DescribeClustersCommand({ ClusterName: 'contract' })))).toBe('ClusterNotFoundFault');
    expect(await fault(west.send(new UpdateClusterCommand({ ClusterName: 'contract', Description: 'x' })))).toBe('ClusterNotFoundFault');
    expect((await west.send(new DescribeSnapshotsCommand({}))).Snapshots).toEqual([]);
    expect(await fault(west.send(new DescribeSnapshotsCommand({ SnapshotName: 'contract-snap' })))).toBe('SnapshotNotFoundFault');
    const clash = await west.send(new CreateClusterCommand({ ClusterName: 'contract', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0 })).then(
      () => 'created',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(clash).toMatch(/^ClusterAlreadyExistsFault: Cluster contract exists in us-east-1: the local control plane keeps one name space for every region/);
    // us-east-1 still sees its own.
    expect((await t.client.send(new DescribeClustersCommand({ ClusterName: 'contract' }))).Clusters?.[0]?.Name).toBe('contract');
    const ecWest = elasticacheClient(t.plane.endpoint, { region: 'eu-west-1' });
    expect((await ecWest.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups ?? []).toEqual([]);
  });

  it("users, ACLs and user groups of one region are not another's to see, use or reuse the names of", async () => {
    const west = sdkClient(t.plane.endpoint, { region: 'eu-west-1' });
    await t.client.send(new CreateUserCommand({ UserName: 'east-app', AccessString: 'on ~* +@read', AuthenticationMode: { Type: 'password', Passwords: ['a-long-password-1'] } }));
    await t.client.send(new CreateACLCommand({ ACLName: 'east-acl', UserNames: ['east-app'] }));
    // Seen from eu-west-1: only the built-ins.
    expect(((await west.send(new DescribeUsersCommand({}))).Users ?? []).map((u) => u.Name)).toEqual(['default']);
    expect(((await west.send(new DescribeACLsCommand({}))).ACLs ?? []).map((a) => a.Name)).toEqual(['open-access']);
    expect(await fault(west.send(new DescribeUsersCommand({ UserName: 'east-app' })))).toBe('UserNotFoundFault');
    expect(await fault(west.send(new DescribeACLsCommand({ ACLName: 'east-acl' })))).toBe('ACLNotFoundFault');
    expect(await fault(west.send(new UpdateACLCommand({ ACLName: 'east-acl', UserNamesToRemove: ['east-app'] })))).toBe('ACLNotFoundFault');
    expect(await fault(west.send(new CreateACLCommand({ ACLName: 'west-acl', UserNames: ['east-app'] })))).toBe('UserNotFoundFault');
    expect(await fault(west.send(new CreateClusterCommand({ ClusterName: 'westc', NodeType: 'db.t4g.small', ACLName: 'east-acl', NumShards: 1 })))).toBe('ACLNotFoundFault');
    const clash = await west.send(new CreateUserCommand({ UserName: 'east-app', AccessString: 'on ~* +@read', AuthenticationMode: { Type: 'password', Passwords: ['a-long-password-2'] } })).then(
      () => 'created',
      (e: Error) => `${e.name}: ${e.message}`,
    );
    expect(clash).toMatch(/^UserAlreadyExistsFault: User east-app exists in us-east-1: the local control plane keeps one name space/);
    // us-east-1 still has them.
    expect((await t.client.send(new DescribeACLsCommand({ ACLName: 'east-acl' }))).ACLs?.[0]?.UserNames).toEqual(['east-app']);

    const ec = elasticacheClient(t.plane.endpoint);
    const ecWest = elasticacheClient(t.plane.endpoint, { region: 'eu-west-1' });
    await ec.send(new CreateCacheUserCommand({ UserId: 'east-user', UserName: 'east-user', Engine: 'redis', AccessString: 'on ~* +@all', Passwords: ['a-long-password-3'] }));
    await ec.send(new CreateUserGroupCommand({ UserGroupId: 'east-group', Engine: 'redis', UserIds: ['default', 'east-user'] }));
    expect(((await ecWest.send(new DescribeCacheUsersCommand({}))).Users ?? []).map((u) => u.UserId)).toEqual(['default']);
    expect((await ecWest.send(new DescribeUserGroupsCommand({}))).UserGroups ?? []).toEqual([]);
    expect(await fault(ecWest.send(new DescribeUserGroupsCommand({ UserGroupId: 'east-group' })))).toBe('UserGroupNotFoundFault');
    expect(await fault(ecWest.send(new ModifyUserGroupCommand({ UserGroupId: 'east-group', UserIdsToRemove: ['east-user'] })))).toBe('UserGroupNotFoundFault');
    expect(await fault(ecWest.send(new CreateUserGroupCommand({ UserGroupId: 'west-group', Engine: 'redis', UserIds: ['default', 'east-user'] })))).toBe('UserNotFoundFault');
    expect(await fault(ecWest.send(new CreateUserGroupCommand({ UserGroupId: 'east-group', Engine: 'redis', UserIds: ['default'] })))).toBe('UserGroupAlreadyExistsFault');
    expect(await fault(ecWest.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'westrg', ReplicationGroupDescription: 'w', CacheNodeType: 'cache.t4g.micro', Engine: 'redis', TransitEncryptionEnabled: true, UserGroupIds: ['east-group'] })))).toBe('UserGroupNotFoundFault');
    ec.destroy();
    ecWest.destroy();
    west.destroy();
  });
});

/** A port p with p and its cluster bus port p + 10000 both free on 127.0.0.1. */
async function freePairPort(): Promise<number> {
  const listens = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let port = 21_000 + Math.floor(Math.random() * 2000); port < 24_000; port++) {
    if ((await listens(port)) && (await listens(port + 10_000))) return port;
  }
  throw new Error('no free port pair in 21000-24000');
}

describe('Port', () => {
  it('the endpoint listens on the Port asked for when it is free; a snapshot records it; a taken one is said in an event', async () => {
    const port = await freePairPort();
    await t.client.send(new CreateClusterCommand({ ClusterName: 'ported', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, Port: port }));
    const ready = await eventually(async () => {
      const c = (await t.client.send(new DescribeClustersCommand({ ClusterName: 'ported' }))).Clusters?.[0];
      return c?.Status === 'available' ? c : undefined;
    }, 60_000);
    expect(ready.ClusterEndpoint?.Port).toBe(port);
    const snap = await t.client.send(new CreateSnapshotCommand({ ClusterName: 'ported', SnapshotName: 'ported-snap' }));
    expect(snap.Snapshot?.ClusterConfiguration?.Port).toBe(port);
    const busy = new URL(t.plane.endpoint).port;
    await t.client.send(new CreateClusterCommand({ ClusterName: 'busyport', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, Port: Number(busy) }));
    const events = (await t.client.send(new DescribeEventsCommand({ SourceName: 'busyport', SourceType: 'cluster' }))).Events ?? [];
    expect(events.map((e) => e.Message)).toContainEqual(expect.stringMatching(new RegExp(`^Port ${busy} is in use on this machine: the cluster endpoint listens on \\d+$`)));
    expect(await fault(t.client.send(new CreateClusterCommand({ ClusterName: 'badport', NodeType: 'db.t4g.small', ACLName: 'open-access', Port: 70000 })))).toBe('InvalidParameterValueException');
  });
});

