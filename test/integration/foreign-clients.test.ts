// Tools we did not write, pointed at the local control plane: the aws CLI and boto3 create,
// describe (with shard details) and delete a cluster and get correct shapes.
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
