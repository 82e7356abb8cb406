// @ts-nocheck
// Tools we did not write, pointed at the local control plane: the aws CLI and boto3 create,
// describe (with shard details) and delete a cluster and get correct shapes; and drive ElastiCache
// replication groups (awsQuery XML) through create, describe, resharding, TestFailover and delete,
// and users, user groups and snapshots (create, copy, restore) with boto3.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlane, type TestPlane } from '../helpers/local.js';

const run = promisify(execFile);

async function available(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

// Both are preinstalled on our machines and in CI; elsewhere these tests say why they skip.
const hasAwsCli = await available('aws', ['--version']);
const hasBoto3 = await available('python3', ['-c', 'import boto3']);

let t: TestPlane;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  t = await startPlane();
  env = {
    PATH: process.env.PATH,
    HOME: t.stateDir,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_MEMORYDB: t.plane.endpoint,
    AWS_ENDPOINT_URL_ELASTICACHE: t.plane.endpoint,
  };
});

afterAll(async () => {
  await t?.stop();
});

describe.skipIf(!hasAwsCli)('aws CLI (skipped when the aws CLI is not installed)', () => {
  const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await run('aws', ['--endpoint-url', t.plane.endpoint, '--output', 'json', 'memorydb', ...args], { env, timeout: 30_000 });
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  };

  it('creates, describes with shard details, and deletes a cluster', async () => {
    const created = (await aws('create-cluster', '--cluster-name', 'awscli', '--node-type', 'db.t4g.small', '--acl-name', 'open-access', '--num-shards', '2', '--num-replicas-per-shard', '1')) as {
      Cluster: { Status: string; ARN: string };
    };
    expect(created.Cluster.Status).toBe('creating');
    expect(created.Cluster.ARN).toBe('arn:aws:memorydb:eu-west-1:000000000000:cluster/awscli');
    let cluster: { Status: string; Shards: Array<{ Name: string; Slots: string; Nodes: Array<{ Name: string; CreateTime: number; Endpoint: { Address: string; Port: number } }> }> } | undefined;
    for (let i = 0; i < 100; i++) {
      const out = (await aws('describe-clusters', '--cluster-name', 'awscli', '--show-shard-details')) as { Clusters: Array<NonNullable<typeof cluster>> };
      cluster = out.Clusters[0];
      if (cluster?.Status === 'available') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(cluster?.Status).toBe('available');
    expect(cluster?.Shards.map((s) => s.Slots)).toEqual(['0-8191', '8192-16383']);
    const node = cluster?.Shards[0]?.Nodes[0];
    expect(node?.Name).toBe('awscli-0001-001');
    expect(typeof node?.CreateTime).toBe('number');
    expect(node?.Endpoint.Address).toBe('127.0.0.1');
    const deleted = (await aws('delete-cluster', '--cluster-name', 'awscli')) as { Cluster: { Status: string } };
    expect(deleted.Cluster.Status).toBe('deleting');
    const missing = await run('aws', ['--endpoint-url', t.plane.endpoint, 'memorydb', 'describe-clusters', '--cluster-name', 'ghost'], { env }).catch((e: { stderr: string; code: number }) => e);
    expect((missing as { code: number }).code).toBeGreaterThan(0);
    expect((missing as { stderr: string }).stderr).toContain('ClusterNotFoundFault');
  });
});

describe.skipIf(!hasBoto3)('boto3 (skipped when python3 has no boto3)', () => {
  it('creates, describes with shard details (datetimes), paginates and deletes', async () => {
    const script = `
import boto3, json, time, datetime
c = boto3.client('memorydb')
out = {}
out['created'] = c.create_cluster(ClusterName='boto', NodeType='db.t4g.small', ACLName='open-access', NumShards=1, NumReplicasPerShard=1, TLSEnabled=False)['Cluster']['Status']
for i in range(150):
    cl = c.describe_clusters(ClusterName='boto', ShowShardDetails=True)['Clusters'][0]
    if cl['Status'] == 'available': break
    time.sleep(0.1)
out['status'] = cl['Status']
node = cl['Shards'][0]['Nodes'][0]
out['createTimeIsDatetime'] = isinstance(node['CreateTime'], datetime.datetime)
out['tls'] = cl['TLSEnabled']
out['nodes'] = [n['Name'] for n in cl['Shards'][0]['Nodes']]
out['pages'] = [len(p['EngineVersions']) for p in c.get_paginator('describe_engine_versions').paginate(PaginationConfig={'PageSize': 2})]
try:
    c.describe_clusters(ClusterName='ghost')
except c.exceptions.ClusterNotFoundFault as e:
    out['notFound'] = e.response['Error']['Code']
out['deleted'] = c.delete_cluster(ClusterName='boto')['Cluster']['Status']
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script], { env, timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      created: 'creating',
      status: 'available',
      createTimeIsDatetime: true,
      tls: false,
      nodes: ['boto-0001-001', 'boto-0001-002'],
      pages: [2, 2],
      notFound: 'ClusterNotFoundFault',
      deleted: 'deleting',
    });
  });
});

describe.skipIf(!hasAwsCli)('aws CLI with ElastiCache (skipped when the aws CLI is not installed)', () => {
  const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await run('aws', ['--endpoint-url', t.plane.endpoint, '--output', 'json', 'elasticache', ...args], { env, timeout: 30_000 });
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  };
  interface Group {
    Status: string;
    ARN: string;
    ConfigurationEndpoint?: { Address: string; Port: number };
    NodeGroups: Array<{ NodeGroupId: string; Slots: string; NodeGroupMembers: Array<{ CacheClusterId: string }> }>;
    MemberClusters: string[];
    ReplicationGroupCreateTime: string;
  }
  const waitAvailable = async (id: string): Promise<Group | undefined> => {
    let group: Group | undefined;
    for (let i = 0; i < 150; i++) {
      group = ((await aws('describe-replication-groups', '--replication-group-id', id)) as { ReplicationGroups: Group[] }).ReplicationGroups[0];
      if (group?.Status === 'available') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return group;
  };

  it('creates a cluster-mode-enabled group, reshards it, fails a node group over and deletes it', async () => {
    const created = (await aws(
      'create-replication-group',
      '--replication-group-id', 'awsrg',
      '--replication-group-description', 'aws cli & friends',
      '--cache-node-type', 'cache.t4g.micro',
      '--engine', 'valkey',
      '--num-node-groups', '2',
      '--replicas-per-node-group', '1',
      '--tags', 'Key=team,Value=ops',
    )) as { ReplicationGroup: Group & { Description: string } };
    expect(created.ReplicationGroup.Status).toBe('creating');
    expect(created.ReplicationGroup.Description).toBe('aws cli & friends');
    expect(created.ReplicationGroup.ARN).toBe('arn:aws:elasticache:eu-west-1:000000000000:replicationgroup:awsrg');
    const group = await waitAvailable('awsrg');
    expect(group?.Status).toBe('available');
    expect(group?.NodeGroups.map((g) => [g.NodeGroupId, g.Slots])).toEqual([
      ['0001', '0-8191'],
      ['0002', '8192-16383'],
    ]);
    expect(group?.MemberClusters).toEqual(['awsrg-0001-001', 'awsrg-0001-002', 'awsrg-0002-001', 'awsrg-0002-002']);
    expect(group?.ConfigurationEndpoint?.Address).toBe('127.0.0.1');
    expect(Number.isNaN(Date.parse(group?.ReplicationGroupCreateTime ?? ''))).toBe(false);

    const resharding = (await aws('modify-replication-group-shard-configuration', '--replication-group-id', 'awsrg', '--node-group-count', '3', '--apply-immediately')) as { ReplicationGroup: Group };
    expect(resharding.ReplicationGroup.Status).toBe('modifying');
    expect((await waitAvailable('awsrg'))?.NodeGroups).toHaveLength(3);

    const failing = (await aws('test-failover', '--replication-group-id', 'awsrg', '--node-group-id', '0001')) as { ReplicationGroup: Group };
    expect(failing.ReplicationGroup.Status).toBe('modifying');
    expect((await waitAvailable('awsrg'))?.Status).toBe('available');

    const deleted = (await aws('delete-replication-group', '--replication-group-id', 'awsrg')) as { ReplicationGroup: Group };
    expect(deleted.ReplicationGroup.Status).toBe('deleting');
    const missing = await run('aws', ['--endpoint-url', t.plane.endpoint, 'elasticache', 'describe-replication-groups', '--replication-group-id', 'ghost'], { env }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((missing as { code: number }).code).toBeGreaterThan(0);
    expect((missing as { stderr: string }).stderr).toContain('ReplicationGroupNotFoundFault');
  });
});

describe.skipIf(!hasBoto3)('boto3 with ElastiCache (skipped when python3 has no boto3)', () => {
  it('creates a cluster-mode-disabled group, reads roles and datetimes, fails over, pages and deletes', async () => {
    const script = `
import boto3, json, time, datetime
c = boto3.client('elasticache')
out = {}
def wait(group_id):
    for i in range(150):
        g = c.describe_replication_groups(ReplicationGroupId=group_id)['ReplicationGroups'][0]
        if g['Status'] == 'available': return g
        time.sleep(0.1)
    return g
out['created'] = c.create_replication_group(ReplicationGroupId='botorg', ReplicationGroupDescription='boto3', CacheNodeType='cache.t4g.micro', NumCacheClusters=2, AutomaticFailoverEnabled=True)['ReplicationGroup']['Status']
g = wait('botorg')
members = g['NodeGroups'][0]['NodeGroupMembers']
out['roles'] = {m['CacheClusterId']: m['CurrentRole'] for m in members}
out['primaryIsMember1'] = g['NodeGroups'][0]['PrimaryEndpoint']['Port'] == members[0]['ReadEndpoint']['Port']
out['createTimeIsDatetime'] = isinstance(g['ReplicationGroupCreateTime'], datetime.datetime)
out['clusterEnabled'] = g['ClusterEnabled']
try:
    c.modify_replication_group_shard_configuration(ReplicationGroupId='botorg', NodeGroupCount=2, ApplyImmediately=True)
except c.exceptions.InvalidParameterValueException as e:
    out['reshardDisabled'] = e.response['Error']['Code']
out['failover'] = c.test_failover(ReplicationGroupId='botorg', NodeGroupId='0001')['ReplicationGroup']['Status']
g = wait('botorg')
out['rolesAfter'] = {m['CacheClusterId']: m['CurrentRole'] for m in g['NodeGroups'][0]['NodeGroupMembers']}
out['clusters'] = [cc['CacheClusterId'] for p in c.get_paginator('describe_cache_clusters').paginate(PaginationConfig={'PageSize': 20}) for cc in p['CacheClusters']]
out['events'] = 'Test Failover API called for node group 0001' in [e['Message'] for e in c.describe_events(SourceType='replication-group', SourceIdentifier='botorg')['Events']]
try:
    c.describe_replication_groups(ReplicationGroupId='ghost')
except c.exceptions.ReplicationGroupNotFoundFault as e:
    out['notFound'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out['deleted'] = c.delete_replication_group(ReplicationGroupId='botorg')['ReplicationGroup']['Status']
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script], { env, timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      created: 'creating',
      roles: { 'botorg-001': 'primary', 'botorg-002': 'replica' },
      primaryIsMember1: true,
      createTimeIsDatetime: true,
      clusterEnabled: false,
      reshardDisabled: 'InvalidParameterValue',
      failover: 'modifying',
      rolesAfter: { 'botorg-001': 'replica', 'botorg-002': 'primary' },
      clusters: ['botorg-001', 'botorg-002'],
      events: true,
      notFound: ['ReplicationGroupNotFoundFault', 404],
      deleted: 'deleting',
    });
  });
});

describe.skipIf(!hasBoto3)('boto3 with ElastiCache users, user groups and snapshots (skipped when python3 has no boto3)', () => {
  it('creates users and a user group, attaches it to a group, snapshots, copies, restores and cleans up', async () => {
    const script = `
import boto3, json, time, datetime, sys
c = boto3.client('elasticache')
out = {}
password = sys.stdin.read().strip()
def wait(fetch, status, key='Status'):
    for i in range(200):
        item = fetch()
        if item[key] == status: return item
        time.sleep(0.1)
    return item
u = c.create_user(UserId='boto-app', UserName='boto-app', Engine='redis', Passwords=[password], AccessString='on ~app:* +@read')
out['user'] = [u['UserId'], u['Status'], u['Authentication']['Type'], u['Authentication']['PasswordCount'], u['AccessString']]
out['noPasswordInReply'] = password not in json.dumps(u, default=str)
try:
    c.create_user_group(UserGroupId='boto-nodefault', Engine='redis', UserIds=['boto-app'])
except c.exceptions.DefaultUserRequired as e:
    out['defaultRequired'] = e.response['Error']['Code']
g = c.create_user_group(UserGroupId='boto-group', Engine='redis', UserIds=['default', 'boto-app'])
out['group'] = [g['UserGroupId'], g['Status'], sorted(g['UserIds'])]
out['groupActive'] = wait(lambda: c.describe_user_groups(UserGroupId='boto-group')['UserGroups'][0], 'active')['Status']
c.create_replication_group(ReplicationGroupId='botosnap', ReplicationGroupDescription='boto3 snapshots', CacheNodeType='cache.t4g.micro', NumNodeGroups=2, ReplicasPerNodeGroup=0, TransitEncryptionEnabled=True, UserGroupIds=['boto-group'])
rg = wait(lambda: c.describe_replication_groups(ReplicationGroupId='botosnap')['ReplicationGroups'][0], 'available')
out['rgUserGroups'] = rg['UserGroupIds']
out['userInGroup'] = c.describe_users(UserId='boto-app')['Users'][0]['UserGroupIds']
s = c.create_snapshot(ReplicationGroupId='botosnap', SnapshotName='boto-snap')['Snapshot']
out['snapshotCreating'] = s['SnapshotStatus']
s = wait(lambda: c.describe_snapshots(SnapshotName='boto-snap', ShowNodeGroupConfig=True)['Snapshots'][0], 'available', 'SnapshotStatus')
out['snapshot'] = [s['ReplicationGroupId'], s['SnapshotSource'], len(s['NodeSnapshots']), [n['NodeGroupConfiguration']['Slots'] for n in s['NodeSnapshots']], isinstance(s['NodeSnapshots'][0]['SnapshotCreateTime'], datetime.datetime)]
out['copy'] = c.copy_snapshot(SourceSnapshotName='boto-snap', TargetSnapshotName='boto-snap-copy')['Snapshot']['SnapshotName']
wait(lambda: c.describe_snapshots(SnapshotName='boto-snap-copy')['Snapshots'][0], 'available', 'SnapshotStatus')
c.create_replication_group(ReplicationGroupId='botorestored', ReplicationGroupDescription='restored', CacheNodeType='cache.t4g.micro', NumNodeGroups=2, ReplicasPerNodeGroup=0, SnapshotName='boto-snap-copy')
out['restored'] = wait(lambda: c.describe_replication_groups(ReplicationGroupId='botorestored')['ReplicationGroups'][0], 'available')['Status']
try:
    c.delete_user_group(UserGroupId='boto-group')
except c.exceptions.InvalidUserGroupStateFault as e:
    out['groupInUse'] = e.response['Error']['Code']
for rg_id in ['botosnap', 'botorestored']:
    c.delete_replication_group(ReplicationGroupId=rg_id)
for name in ['boto-snap', 'boto-snap-copy']:
    out.setdefault('snapshotsDeleted', []).append(c.delete_snapshot(SnapshotName=name)['Snapshot']['SnapshotStatus'])
for i in range(200):
    if not [g for g in c.describe_replication_groups()['ReplicationGroups'] if g['ReplicationGroupId'] in ('botosnap', 'botorestored')]: break
    time.sleep(0.1)
out['groupDeleted'] = c.delete_user_group(UserGroupId='boto-group')['Status']
out['userDeleted'] = c.delete_user(UserId='boto-app')['Status']
try:
    c.describe_users(UserId='ghost')
except c.exceptions.UserNotFoundFault as e:
    out['userNotFound'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const password = 'boto3-Password-0123456789';
    const child = execFile('python3', ['-c', script], { env, timeout: 90_000 });
    child.stdin?.end(password);
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      let errors = '';
      child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`python3 exited ${code}: ${errors}`))));
    });
    expect(JSON.parse(stdout)).toEqual({
      user: ['boto-app', 'active', 'password', 1, 'on ~app:* +@read'],
      noPasswordInReply: true,
      defaultRequired: 'DefaultUserRequired',
      group: ['boto-group', 'creating', ['boto-app', 'default']],
      groupActive: 'active',
      rgUserGroups: ['boto-group'],
      userInGroup: ['boto-group'],
      snapshotCreating: 'creating',
      snapshot: ['botosnap', 'manual', 2, ['0-8191', '8192-16383'], true],
      copy: 'boto-snap-copy',
      restored: 'available',
      groupInUse: 'InvalidUserGroupState',
      snapshotsDeleted: ['deleting', 'deleting'],
      groupDeleted: 'deleting',
      userDeleted: 'deleting',
      userNotFound: ['UserNotFound', 404],
    });
  });
});
