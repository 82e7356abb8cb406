// @ts-nocheck
// The ElastiCache adapter against a tiny awsQuery endpoint on 127.0.0.1: what it sends (form
// parameters), how it pages (Marker), and how the service's error codes become exit codes.
import { createServer, type Server } from 'node:http';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ElastiCacheControlPlane } from '../../src/lib/control/elasticache.js';
import { MemctlError } from '../../src/lib/io/errors.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type Params = URLSearchParams;
type Responder = (params: Params) => { status?: number; body: string } | undefined;

const requests: Params[] = [];
let responder: Responder = () => undefined;
let server: Server;
let plane: ElastiCacheControlPlane;

const ok = (action: string, result: string) => ({
  body: `<${action}Response xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>`,
});
const fault = (code: string, status = 400) => ({
  status,
  body: `<ErrorResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${code} says no</Message></Error><RequestId>req-2</RequestId></ErrorResponse>`,
});

const group = (id: string, extra = '') =>
  `<ReplicationGroup><ReplicationGroupId>${id}</ReplicationGroupId><Status>available</Status><ClusterMode>enabled</ClusterMode><CacheNodeType>cache.t4g.micro</CacheNodeType>` +
  `<MemberClusters><ClusterId>${id}-0001-001</ClusterId><ClusterId>${id}-0001-002</ClusterId></MemberClusters>` +
  `<NodeGroups><NodeGroup><NodeGroupId>0001</NodeGroupId><Status>available</Status><Slots>0-16383</Slots><NodeGroupMembers>` +
  `<NodeGroupMember><CacheClusterId>${id}-0001-001</CacheClusterId></NodeGroupMember><NodeGroupMember><CacheClusterId>${id}-0001-002</CacheClusterId></NodeGroupMember>` +
  `</NodeGroupMembers></NodeGroup>${extra}</NodeGroups><UserGroupIds><member>old-group</member></UserGroupIds></ReplicationGroup>`;

const cacheCluster = (id: string, rg: string) =>
  `<CacheCluster><CacheClusterId>${id}</CacheClusterId><ReplicationGroupId>${rg}</ReplicationGroupId><CacheClusterStatus>available</CacheClusterStatus><EngineVersion>7.1.0</EngineVersion>` +
  `<CacheNodes><CacheNode><CacheNodeId>0001</CacheNodeId><CacheNodeStatus>available</CacheNodeStatus><Endpoint><Address>127.0.0.1</Address><Port>7001</Port></Endpoint></CacheNode></CacheNodes></CacheCluster>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      requests.push(params);
      const reply = responder(params) ?? fault('InvalidAction');
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new ElastiCacheClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  plane = new ElastiCacheControlPlane(client, endpoint, 20);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests.length = 0;
  responder = () => undefined;
});

const actions = () => requests.map((p) => p.get('Action'));
const sent = (action: string) => requests.find((p) => p.get('Action') === action) as Params;

describe('ElastiCache adapter: listings', () => {
  it('follows Marker through every page of replication groups and cache clusters, joining them', async () => {
    responder = (p) => {
      const marker = p.get('Marker');
      if (p.get('Action') === 'DescribeReplicationGroups') {
        return marker === null
          ? ok('DescribeReplicationGroups', `<Marker>page-2</Marker><ReplicationGroups>${group('a')}</ReplicationGroups>`)
          : ok('DescribeReplicationGroups', `<ReplicationGroups>${group('b')}</ReplicationGroups>`);
      }
      if (p.get('Action') === 'DescribeCacheClusters') {
        return marker === null
          ? ok('DescribeCacheClusters', `<Marker>cc-2</Marker><CacheClusters>${cacheCluster('a-0001-001', 'a')}</CacheClusters>`)
          : ok('DescribeCacheClusters', `<CacheClusters>${cacheCluster('b-0001-001', 'b')}</CacheClusters>`);
      }
      return undefined;
    };
    const clusters = await plane.listClusters();
    expect(clusters.map((c) => [c.name, c.engineVersion, c.replicasPerShard, c.shards])).toEqual([
      ['a', '7.1.0', 1, undefined],
      ['b', '7.1.0', 1, undefined],
    ]);
    expect(requests.filter((p) => p.get('Action') === 'DescribeReplicationGroups').map((p) => [p.get('Marker'), p.get('MaxRecords')])).toEqual([
      [null, '20'],
      ['page-2', '20'],
    ]);
  });

  it('describes a group with every member cache cluster when shards are asked for', async () => {
    responder = (p) => {
      if (p.get('Action') === 'DescribeReplicationGroups') return ok('DescribeReplicationGroups', `<ReplicationGroups>${group('a')}</ReplicationGroups>`);
      if (p.get('Action') === 'DescribeCacheClusters') return ok('DescribeCacheClusters', `<CacheClusters>${cacheCluster(p.get('CacheClusterId') ?? '', 'a')}</CacheClusters>`);
      return undefined;
    };
    const c = await plane.getCluster('a', { shards: true });
    expect(c.shards?.[0]?.nodes.map((n) => [n.name, n.status, n.endpoint?.port])).toEqual([
      ['a-0001-001', 'available', 7001],
      ['a-0001-002', 'available', 7001],
    ]);
    expect(requests.filter((p) => p.get('Action') === 'DescribeCacheClusters').map((p) => [p.get('CacheClusterId'), p.get('ShowCacheNodeInfo')])).toEqual([
      ['a-0001-001', 'true'],
      ['a-0001-002', 'true'],
    ]);
    requests.length = 0;
    const brief = await plane.getCluster('a');
    expect(brief.shards).toBeUndefined();
    expect(brief.engineVersion).toBe('7.1.0');
    expect(requests.filter((p) => p.get('Action') === 'DescribeCacheClusters')).toHaveLength(1);
  });

  it('a missing group is undefined for findCluster and exit 3 for getCluster', async () => {
    responder = () => fault('ReplicationGroupNotFoundFault', 404);
    expect(await plane.findCluster('nope')).toBeUndefined();
    await expect(plane.getCluster('nope')).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('nope') });
  });

  it('maps snapshot sources to the request\'s user/system', async () => {
    responder = (p) => ok('DescribeSnapshots', '<Snapshots></Snapshots>');
    await plane.listSnapshots({ source: 'manual', cluster: 'a' });
    await plane.listSnapshots({ source: 'automated' });
    expect(requests.map((p) => [p.get('SnapshotSource'), p.get('ReplicationGroupId'), p.get('ShowNodeGroupConfig')])).toEqual([
      ['user', 'a', 'true'],
      ['system', null, 'true'],
    ]);
  });
});

describe('ElastiCache adapter: create', () => {
  const created = (p: Params) => (p.get('Action') === 'CreateReplicationGroup' ? ok('CreateReplicationGroup', group(p.get('ReplicationGroupId') ?? '')) : undefined);

  it('cluster mode disabled: NumCacheClusters = 1 + replicas, automatic failover with replicas, AUTH token with TLS', async () => {
    responder = created;
    await plane.createCluster({ name: 'cache', nodeType: 'cache.t4g.micro', shards: 1, replicas: 2, tls: true, tags: [{ key: 'team', value: 'ops' }], clusterMode: 'disabled', authToken: 'token-1234567890abcdef', multiAz: true });
    const p = sent('CreateReplicationGroup');
    expect(Object.fromEntries(p)).toMatchObject({
      ReplicationGroupId: 'cache',
      ClusterMode: 'disabled',
      NumCacheClusters: '3',
      AutomaticFailoverEnabled: 'true',
      MultiAZEnabled: 'true',
      TransitEncryptionEnabled: 'true',
      AuthToken: 'token-1234567890abcdef',
      CacheNodeType: 'cache.t4g.micro',
      ReplicationGroupDescription: 'created by memctl',
      'Tags.Tag.1.Key': 'team',
      'Tags.Tag.1.Value': 'ops',
    });
    expect(p.has('NumNodeGroups')).toBe(false);
    expect(p.has('ReplicasPerNodeGroup')).toBe(false);
  });

  it('cluster mode enabled (the default): node groups and replicas per node group, user groups, KMS key implies at-rest encryption', async () => {
    responder = created;
    await plane.createCluster({ name: 'big', nodeType: 'cache.r7g.large', shards: 3, replicas: 0, tls: true, tags: [], userGroups: ['app-users'], kmsKeyId: 'key-1' });
    expect(Object.fromEntries(sent('CreateReplicationGroup'))).toMatchObject({
      ClusterMode: 'enabled',
      NumNodeGroups: '3',
      ReplicasPerNodeGroup: '0',
      AutomaticFailoverEnabled: 'true',
      'UserGroupIds.member.1': 'app-users',
      KmsKeyId: 'key-1',
      AtRestEncryptionEnabled: 'true',
    });
  });

  it('cluster mode disabled without replicas: no automatic failover', async () => {
    responder = created;
    await plane.createCluster({ name: 'solo', nodeType: 'cache.t4g.micro', shards: 1, replicas: 0, tls: false, tags: [], clusterMode: 'disabled' });
    expect(Object.fromEntries(sent('CreateReplicationGroup'))).toMatchObject({ NumCacheClusters: '1', AutomaticFailoverEnabled: 'false', TransitEncryptionEnabled: 'false' });
  });

  it('a restore takes the snapshot\'s cluster mode and shard count', async () => {
    responder = (p) =>
      p.get('Action') === 'DescribeSnapshots'
        ? ok('DescribeSnapshots', '<Snapshots><Snapshot><SnapshotName>nightly</SnapshotName><NumNodeGroups>1</NumNodeGroups><CacheParameterGroupName>default.redis7</CacheParameterGroupName></Snapshot></Snapshots>')
        : created(p);
    await plane.createCluster({ name: 'back', nodeType: 'cache.t4g.micro', shards: 0, replicas: 1, tls: true, tags: [], snapshotName: 'nightly' });
    expect(actions()).toEqual(['DescribeSnapshots', 'CreateReplicationGroup']);
    expect(Object.fromEntries(sent('CreateReplicationGroup'))).toMatchObject({ SnapshotName: 'nightly', ClusterMode: 'disabled', NumCacheClusters: '2' });

    requests.length = 0;
    responder = (p) => (p.get('Action') === 'DescribeSnapshots' ? fault('SnapshotNotFoundFault', 404) : created(p));
    await expect(plane.createCluster({ name: 'back', nodeType: 'cache.t4g.micro', shards: 0, replicas: 1, tls: true, tags: [], snapshotName: 'gone' })).rejects.toMatchObject({ exitCode: 3 });
    expect(actions()).toEqual(['DescribeSnapshots']);
  });
});

describe('ElastiCache adapter: changes', () => {
  const describeAnd = (action: string) => (p: Params) => {
    if (p.get('Action') === 'DescribeReplicationGroups') {
      return ok('DescribeReplicationGroups', `<ReplicationGroups>${group('a', '<NodeGroup><NodeGroupId>0002</NodeGroupId><NodeGroupMembers><NodeGroupMember><CacheClusterId>a-0002-001</CacheClusterId></NodeGroupMember><NodeGroupMember><CacheClusterId>a-0002-002</CacheClusterId></NodeGroupMember></NodeGroupMembers></NodeGroup>')}</ReplicationGroups>`);
    }
    return p.get('Action') === action ? ok(action, group('a')) : undefined;
  };

  it('shards: ModifyReplicationGroupShardConfiguration, retaining the first node groups when scaling in', async () => {
    responder = describeAnd('ModifyReplicationGroupShardConfiguration');
    await plane.updateCluster('a', { shards: 1 });
    expect(Object.fromEntries(sent('ModifyReplicationGroupShardConfiguration'))).toMatchObject({ NodeGroupCount: '1', ApplyImmediately: 'true', 'NodeGroupsToRetain.NodeGroupToRetain.1': '0001' });
    requests.length = 0;
    await plane.updateCluster('a', { shards: 4 });
    const out = sent('ModifyReplicationGroupShardConfiguration');
    expect(out.get('NodeGroupCount')).toBe('4');
    expect([...out.keys()].some((k) => k.startsWith('NodeGroupsToRetain'))).toBe(false);
  });

  it('replicas: IncreaseReplicaCount or DecreaseReplicaCount', async () => {
    responder = (p) => describeAnd('IncreaseReplicaCount')(p) ?? describeAnd('DecreaseReplicaCount')(p);
    await plane.updateCluster('a', { replicas: 3 });
    await plane.updateCluster('a', { replicas: 0 });
    expect(actions().filter((a) => a !== 'DescribeReplicationGroups')).toEqual(['IncreaseReplicaCount', 'DecreaseReplicaCount']);
    expect(sent('IncreaseReplicaCount').get('NewReplicaCount')).toBe('3');
    expect(sent('DecreaseReplicaCount').get('NewReplicaCount')).toBe('0');
  });

  it('node type, user group (replacing the attached ones) and AUTH token rotation: ModifyReplicationGroup', async () => {
    responder = describeAnd('ModifyReplicationGroup');
    await plane.updateCluster('a', { nodeType: 'cache.r7g.large' });
    await plane.updateCluster('a', { acl: 'new-group' });
    await plane.updateCluster('a', { authToken: { token: 'next-token-1234567890', strategy: 'rotate' } });
    await plane.updateCluster('a', { authToken: { token: 'next-token-1234567890', strategy: 'set' } });
    const modifies = requests.filter((p) => p.get('Action') === 'ModifyReplicationGroup').map((p) => Object.fromEntries(p));
    expect(modifies[0]).toMatchObject({ CacheNodeType: 'cache.r7g.large', ApplyImmediately: 'true' });
    expect(modifies[1]).toMatchObject({ 'UserGroupIdsToAdd.member.1': 'new-group', 'UserGroupIdsToRemove.member.1': 'old-group' });
    expect(modifies[2]).toMatchObject({ AuthToken: 'next-token-1234567890', AuthTokenUpdateStrategy: 'ROTATE' });
    expect(modifies[3]).toMatchObject({ AuthToken: 'next-token-1234567890', AuthTokenUpdateStrategy: 'SET' });
  });

  it('refuses more than one change per call', async () => {
    await expect(plane.updateCluster('a', { shards: 2, replicas: 1 })).rejects.toThrow(/exactly one change/);
    expect(requests).toHaveLength(0);
  });

  it('failover: TestFailover of the node group', async () => {
    responder = describeAnd('TestFailover');
    await plane.failoverShard('a', '0002');
    expect(Object.fromEntries(sent('TestFailover'))).toMatchObject({ ReplicationGroupId: 'a', NodeGroupId: '0002' });
  });
});

describe('ElastiCache adapter: users and user groups', () => {
  const user = (id: string, name = id) => `<UserId>${id}</UserId><UserName>${name}</UserName><Status>active</Status><Authentication><Type>password</Type><PasswordCount>1</PasswordCount></Authentication>`;

  it('creates users with user id = user name and the engine', async () => {
    responder = (p) => ok('CreateUser', user(p.get('UserId') ?? ''));
    const u = await plane.createUser({ name: 'app', accessString: 'on ~* +@all', authentication: { type: 'password', passwords: ['p'.repeat(16)] }, tags: [] });
    expect(u).toMatchObject({ name: 'app', authentication: 'password', passwordCount: 1 });
    expect(Object.fromEntries(sent('CreateUser'))).toMatchObject({ UserId: 'app', UserName: 'app', Engine: 'redis', 'AuthenticationMode.Type': 'password', 'AuthenticationMode.Passwords.member.1': 'p'.repeat(16) });
  });

  it('a user group gets the built-in default user when no member is named default', async () => {
    responder = (p) => {
      if (p.get('Action') === 'DescribeUsers') return ok('DescribeUsers', `<Users><member>${user(p.get('UserId') ?? '')}</member></Users>`);
      if (p.get('Action') === 'CreateUserGroup') return ok('CreateUserGroup', `<UserGroupId>${p.get('UserGroupId')}</UserGroupId><Status>creating</Status><UserIds>${[...p.entries()].filter(([k]) => k.startsWith('UserIds.')).map(([, v]) => `<member>${v}</member>`).join('')}</UserIds>`);
      return undefined;
    };
    const acl = await plane.createAcl('app-users', ['app']);
    expect(acl.users).toEqual(['default', 'app']);
    expect(Object.fromEntries(sent('CreateUserGroup'))).toMatchObject({ Engine: 'redis', 'UserIds.member.1': 'default', 'UserIds.member.2': 'app' });

    requests.length = 0;
    expect((await plane.createAcl('with-default', ['default', 'app'], [], { engine: 'valkey' })).users).toEqual(['default', 'app']);
    expect(actions()).toEqual(['CreateUserGroup']);
    expect(sent('CreateUserGroup').get('Engine')).toBe('valkey');
  });

  it('a replacement default user (another id, user name default) is enough', async () => {
    responder = (p) => {
      if (p.get('Action') === 'DescribeUsers') return ok('DescribeUsers', `<Users><member>${user(p.get('UserId') ?? '', 'default')}</member></Users>`);
      if (p.get('Action') === 'CreateUserGroup') return ok('CreateUserGroup', '<UserGroupId>g</UserGroupId><UserIds><member>my-default</member></UserIds>');
      return undefined;
    };
    expect((await plane.createAcl('g', ['my-default'])).users).toEqual(['my-default']);
    expect(sent('CreateUserGroup').get('UserIds.member.1')).toBe('my-default');
  });

  it('missing users and groups are undefined', async () => {
    responder = (p) => (p.get('Action') === 'DescribeUsers' ? fault('UserNotFound', 404) : fault('UserGroupNotFound', 404));
    expect(await plane.findUser('x')).toBeUndefined();
    expect(await plane.findAcl('x')).toBeUndefined();
  });
});

describe('ElastiCache adapter: error codes → exit codes', () => {
  it.each([
    ['ReplicationGroupAlreadyExists', 6],
    ['UserAlreadyExists', 6],
    ['UserGroupAlreadyExists', 6],
    ['SnapshotAlreadyExistsFault', 6],
    ['InvalidReplicationGroupState', 6],
    ['InvalidUserGroupState', 6],
    ['InvalidSnapshotState', 6],
    ['DuplicateUserName', 6],
    ['DefaultUserAssociatedToUserGroup', 6],
    ['TestFailoverNotAvailableFault', 6],
    ['InvalidParameterValue', 2],
    ['InvalidParameterCombination', 2],
    ['DefaultUserRequired', 2],
    ['ReplicationGroupNotFoundFault', 3],
    ['UserNotFound', 3],
    ['UserGroupNotFound', 3],
    ['SnapshotNotFoundFault', 3],
    ['CacheClusterNotFound', 3],
    ['NodeGroupNotFoundFault', 3],
  ])('%s → exit %i', async (code, exitCode) => {
    responder = () => fault(code, exitCode === 3 ? 404 : 400);
    const err = await plane.deleteSnapshot('s').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MemctlError);
    expect((err as MemctlError).exitCode).toBe(exitCode);
    expect((err as MemctlError).message).toContain(`${code} says no`);
  });
});
