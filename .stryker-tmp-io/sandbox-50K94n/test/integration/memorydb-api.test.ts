// @ts-nocheck
// The unmodified AWS SDK MemoryDB client against the local control plane, backed by real
// redis-server processes: every implemented operation, pagination, error shapes, lifecycles.
import {
  CreateClusterCommand,
  CreateSubnetGroupCommand,
  DeleteClusterCommand,
  DescribeACLsCommand,
  DescribeClustersCommand,
  DescribeEngineVersionsCommand,
  DescribeParameterGroupsCommand,
  DescribeSubnetGroupsCommand,
  DescribeUsersCommand,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  DescribeReservedNodesCommand,
  paginateDescribeClusters,
  paginateDescribeEngineVersions,
  type Cluster,
} from '@aws-sdk/client-memorydb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNode } from '../../src/lib/local/engine/nodes/redis-node.js';
import { clusterClient, eventually, pidAlive, startPlane, type TestPlane } from '../helpers/local.js';

let t: TestPlane;

beforeAll(async () => {
  t = await startPlane();
});

afterAll(async () => {
  await t?.stop();
});

async function describeCluster(name: string, shards = true): Promise<Cluster> {
  const out = await t.client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: shards }));
  const cluster = out.Clusters?.[0];
  if (cluster === undefined) throw new Error(`no cluster ${name}`);
  return cluster;
}

async function waitAvailable(name: string): Promise<Cluster> {
  return eventually(async () => {
    const c = await describeCluster(name);
    return c.Status === 'available' ? c : undefined;
  });
}

async function expectFault(promise: Promise<unknown>, name: string, status = 400): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } },
  );
  expect(err, `expected ${name}`).toBeDefined();
  const e = err as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
  expect(e.name).toBe(name);
  expect(e.$metadata?.httpStatusCode).toBe(status);
  expect(e.$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  return e;
}

describe('a 2-shard, 1-replica TLS cluster', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    const created = await t.client.send(
      new CreateClusterCommand({ ClusterName: 'orders', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 1, Tags: [{ Key: 'team', Value: 'payments' }] }),
    );
    expect(created.Cluster?.Status).toBe('creating');
    expect(created.Cluster?.ClusterEndpoint?.Address).toBeUndefined();
    expect(created.Cluster?.ClusterEndpoint?.Port).toBeGreaterThan(0);
    cluster = await waitAvailable('orders');
  });

  it('has the MemoryDB shape with epoch timestamps, shards, nodes and endpoints', () => {
    expect(cluster).toMatchObject({
      Name: 'orders',
      Status: 'available',
      NumberOfShards: 2,
      NodeType: 'db.t4g.small',
      Engine: 'redis',
      TLSEnabled: true,
      ACLName: 'open-access',
      DataTiering: 'false',
      ARN: 'arn:aws:memorydb:us-east-1:000000000000:cluster/orders',
      ClusterEndpoint: { Address: '127.0.0.1' },
    });
    expect(cluster.Shards?.map((s) => [s.Name, s.Slots, s.NumberOfNodes])).toEqual([
      ['0001', '0-8191', 2],
      ['0002', '8192-16383', 2],
    ]);
    const nodes = cluster.Shards?.flatMap((s) => s.Nodes ?? []) ?? [];
    expect(nodes.map((n) => n.Name)).toEqual(['orders-0001-001', 'orders-0001-002', 'orders-0002-001', 'orders-0002-002']);
    for (const node of nodes) {
      expect(node.Status).toBe('available');
      expect(node.CreateTime).toBeInstanceOf(Date);
      expect(Math.abs((node.CreateTime as Date).getTime() - Date.now())).toBeLessThan(120_000);
      expect(node.Endpoint?.Address).toBe('127.0.0.1');
    }
    expect(cluster.ClusterEndpoint?.Port).toBe(nodes[0]?.Endpoint?.Port);
  });

  it('takes writes through the cluster endpoint that land on the owning shard, and replicas follow their primary', async () => {
    const redis = clusterClient(t.stateDir, cluster.ClusterEndpoint?.Port as number);
    try {
      for (let i = 0; i < 50; i++) await redis.set(`key:${i}`, `value:${i}`);
      expect(await redis.get('key:42')).toBe('value:42');
    } finally {
      redis.disconnect();
    }
    const tls = await t.plane.runtime.tls();
    for (const [index, shard] of (cluster.Shards ?? []).entries()) {
      const [primary, replica] = shard.Nodes ?? [];
      const p = connectNode(primary?.Endpoint?.Port as number, tls);
      const r = connectNode(replica?.Endpoint?.Port as number, tls);
      try {
        const [from, to] = (shard.Slots as string).split('-').map(Number) as [number, number];
        let owned = 0;
        for (let i = 0; i < 50; i++) {
          const slot = (await p.call('CLUSTER', 'KEYSLOT', `key:${i}`)) as number;
          if (slot >= from && slot <= to) {
            owned++;
            expect(await p.call('GET', `key:${i}`)).toBe(`value:${i}`);
          }
        }
        expect(owned, `shard ${index + 1} owns some keys`).toBeGreaterThan(0);
        expect(await p.dbsize()).toBe(owned);
        const info = (await r.info('replication')) as string;
        expect(info).toContain('role:slave');
        expect(info).toContain(`master_port:${primary?.Endpoint?.Port}`);
        await eventually(async () => ((await r.dbsize()) === owned ? true : undefined));
      } finally {
        p.disconnect();
        r.disconnect();
      }
    }
  });

  it('refuses plaintext connections when TLS is on', async () => {
    const plain = connectNode(cluster.ClusterEndpoint?.Port as number, null, { connectTimeoutMs: 1000 });
    await expect(plain.ping()).rejects.toThrow();
    plain.disconnect();
  });

  it('tags the cluster through its ARN', async () => {
    const arn = cluster.ARN as string;
    expect((await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).TagList).toEqual([{ Key: 'team', Value: 'payments' }]);
    await t.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await t.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).TagList).toEqual([{ Key: 'env', Value: 'dev' }]);
    await expectFault(t.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['nope'] })), 'TagNotFoundFault');
    await expectFault(t.client.send(new ListTagsCommand({ ResourceArn: 'not-an-arn' })), 'InvalidARNFault');
    await expectFault(t.client.send(new ListTagsCommand({ ResourceArn: arn.replace('orders', 'ghost') })), 'ClusterNotFoundFault');
  });

  it('sees a node process that dies and restarts it on the same port', async () => {
    const victim = 'orders-0002-002';
    const pid = t.plane.runtime.supervisor.pids().get(victim) as number;
    expect(pidAlive(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
    const seen = await eventually(async () => {
      const c = await describeCluster('orders');
      const node = c.Shards?.flatMap((s) => s.Nodes ?? []).find((n) => n.Name === victim);
      return node?.Status !== 'available' ? node?.Status : undefined;
    }, 5000, 5);
    expect(['restarting', 'creating', 'unavailable']).toContain(seen);
    await eventually(async () => {
      const c = await describeCluster('orders');
      const node = c.Shards?.flatMap((s) => s.Nodes ?? []).find((n) => n.Name === victim);
      return node?.Status === 'available' ? node : undefined;
    });
    const newPid = t.plane.runtime.supervisor.pids().get(victim);
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(pid);
  });
});

describe('pagination with tiny pages', () => {
  const names = ['page-a', 'page-b', 'page-c', 'page-d', 'page-e'];

  beforeAll(async () => {
    await Promise.all(
      names.map((name) => t.client.send(new CreateClusterCommand({ ClusterName: name, NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, TLSEnabled: false }))),
    );
  });

  afterAll(async () => {
    for (const name of names) await waitAvailable(name);
    await Promise.all(names.map((name) => t.client.send(new DeleteClusterCommand({ ClusterName: name }))));
  });

  it('DescribeClusters with MaxResults 1 and 2 returns every cluster exactly once', async () => {
    for (const size of [1, 2]) {
      const seen: string[] = [];
      let pages = 0;
      for await (const page of paginateDescribeClusters({ client: t.client, pageSize: size }, {})) {
        pages++;
        expect(page.Clusters?.length ?? 0).toBeLessThanOrEqual(size);
        seen.push(...(page.Clusters ?? []).map((c) => c.Name as string));
      }
      expect(seen.filter((n) => n.startsWith('page-'))).toEqual(names);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(seen.length / size));
    }
  });

  it('DescribeEngineVersions pages one at a time', async () => {
    const versions: string[] = [];
    for await (const page of paginateDescribeEngineVersions({ client: t.client, pageSize: 1 }, {})) {
      expect(page.EngineVersions).toHaveLength(1);
      versions.push(`${page.EngineVersions?.[0]?.Engine} ${page.EngineVersions?.[0]?.EngineVersion}`);
    }
    expect(versions).toEqual(['redis 6.2', 'redis 7.0', 'redis 7.1', 'valkey 7.2']);
  });

  it('rejects a bad NextToken and an out-of-range MaxResults', async () => {
    await expectFault(t.client.send(new DescribeClustersCommand({ NextToken: 'garbage!' })), 'InvalidParameterValueException');
    await expectFault(t.client.send(new DescribeClustersCommand({ MaxResults: 0 })), 'InvalidParameterValueException');
  });
});

describe('built-ins and catalog operations', () => {
  it('DescribeACLs has open-access with the default user', async () => {
    const out = await t.client.send(new DescribeACLsCommand({}));
    expect(out.ACLs?.[0]).toMatchObject({ Name: 'open-access', Status: 'active', UserNames: ['default'] });
    await expectFault(t.client.send(new DescribeACLsCommand({ ACLName: 'nope' })), 'ACLNotFoundFault');
  });

  it('DescribeUsers has the default user without a password', async () => {
    const out = await t.client.send(new DescribeUsersCommand({}));
    expect(out.Users?.[0]).toMatchObject({ Name: 'default', Status: 'active', AccessString: 'on ~* &* +@all', Authentication: { Type: 'no-password' } });
    await expectFault(t.client.send(new DescribeUsersCommand({ UserName: 'nope' })), 'UserNotFoundFault');
  });

  it('DescribeEngineVersions filters and DescribeParameterGroups lists the defaults', async () => {
    const valkey = await t.client.send(new DescribeEngineVersionsCommand({ Engine: 'valkey' }));
    expect(valkey.EngineVersions?.map((v) => v.ParameterGroupFamily)).toEqual(['memorydb_valkey7']);
    const groups = await t.client.send(new DescribeParameterGroupsCommand({}));
    expect(groups.ParameterGroups?.map((g) => g.Name)).toEqual(['default.memorydb-redis6', 'default.memorydb-redis7', 'default.memorydb-valkey7']);
    await expectFault(t.client.send(new DescribeParameterGroupsCommand({ ParameterGroupName: 'nope' })), 'ParameterGroupNotFoundFault');
  });

  it('creates and describes subnet groups', async () => {
    const created = await t.client.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'app-subnets', SubnetIds: ['subnet-aaa', 'subnet-bbb'], Description: 'app' }));
    expect(created.SubnetGroup).toMatchObject({ Name: 'app-subnets', Description: 'app', Subnets: [{ Identifier: 'subnet-aaa' }, { Identifier: 'subnet-bbb' }] });
    const all = await t.client.send(new DescribeSubnetGroupsCommand({}));
    expect(all.SubnetGroups?.map((g) => g.Name)).toEqual(['app-subnets', 'default']);
    await expectFault(t.client.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'app-subnets', SubnetIds: ['subnet-aaa'] })), 'SubnetGroupAlreadyExistsFault');
    await expectFault(t.client.send(new CreateSubnetGroupCommand({ SubnetGroupName: 'bad', SubnetIds: ['nope'] })), 'InvalidSubnet');
    await expectFault(t.client.send(new DescribeSubnetGroupsCommand({ SubnetGroupName: 'nope' })), 'SubnetGroupNotFoundFault');
  });
});

describe('error shapes', () => {
  const create = (input: Record<string, unknown>) =>
    t.client.send(new CreateClusterCommand({ ClusterName: 'bad', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, ...input }));

  it('answers invalid input with the model error shapes', async () => {
    await expectFault(t.client.send(new DescribeClustersCommand({ ClusterName: 'ghost' })), 'ClusterNotFoundFault');
    await expectFault(create({ NodeType: 'db.nope.large' }), 'InvalidParameterValueException');
    await expectFault(create({ NumShards: 0 }), 'InvalidParameterValueException');
    await expectFault(create({ NumShards: 600 }), 'InvalidParameterValueException');
    await expectFault(create({ NumReplicasPerShard: 6 }), 'InvalidParameterValueException');
    await expectFault(create({ ClusterName: '1bad' }), 'InvalidParameterValueException');
    await expectFault(create({ ACLName: 'nope' }), 'ACLNotFoundFault');
    await expectFault(create({ SubnetGroupName: 'nope' }), 'SubnetGroupNotFoundFault');
    await expectFault(create({ ParameterGroupName: 'nope' }), 'ParameterGroupNotFoundFault');
    await expectFault(create({ DataTiering: true }), 'InvalidParameterCombinationException');
    await expectFault(t.client.send(new DeleteClusterCommand({ ClusterName: 'ghost' })), 'ClusterNotFoundFault');
  });

  it('answers an operation it does not implement with a well-formed error', async () => {
    const err = await expectFault(t.client.send(new DescribeReservedNodesCommand({})), 'UnknownOperationException');
    expect(err.message).toContain('AmazonMemoryDB.DescribeReservedNodes');
  });

  /** What a SigV4-signed request carries (the plane checks that one is there, not the signature). */
  const SIGNED = 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/memorydb/aws4_request, SignedHeaders=host, Signature=00';

  it('answers malformed JSON with SerializationException', async () => {
    const res = await fetch(t.plane.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.DescribeClusters', authorization: SIGNED },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ __type: 'SerializationException', message: 'request body is not valid JSON' });
  });

  it('refuses duplicates and deleting a cluster that is still being created', async () => {
    await t.client.send(new CreateClusterCommand({ ClusterName: 'busy', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, TLSEnabled: false }));
    await expectFault(t.client.send(new CreateClusterCommand({ ClusterName: 'busy', NodeType: 'db.t4g.small', ACLName: 'open-access' })), 'ClusterAlreadyExistsFault');
    await expectFault(t.client.send(new DeleteClusterCommand({ ClusterName: 'busy' })), 'InvalidClusterStateFault');
    await waitAvailable('busy');
    const deleted = await t.client.send(new DeleteClusterCommand({ ClusterName: 'busy' }));
    expect(deleted.Cluster?.Status).toBe('deleting');
    await eventually(async () =>
      t.client.send(new DescribeClustersCommand({ ClusterName: 'busy' })).then(
        () => undefined,
        (e: Error) => (e.name === 'ClusterNotFoundFault' ? true : undefined),
      ),
    );
  });
});
