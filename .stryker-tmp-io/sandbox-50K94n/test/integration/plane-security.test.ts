// @ts-nocheck
// The local control plane as an attacker meets it: requests a web page could send (form and
// text/plain POSTs, a foreign Origin, a rebound Host), unsigned calls, prototype names as
// operations, an oversize body, and the admin API without its token are all refused, and nothing
// changes. On the nodes, a `+@all` user runs none of the commands the services restrict and reads
// no secret; one cluster's admin credential opens no other cluster.
import { request } from 'node:http';
import { DescribeClustersCommand, CreateClusterCommand } from '@aws-sdk/client-memorydb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNode } from '../../src/lib/local/engine/nodes/node-client.js';
import { RESTRICTED_COMMANDS } from '../../src/lib/local/engine/access/restricted.js';
import { readClusterAdminCredential } from '../../src/lib/local/engine/access/admin.js';
import { eventually, startPlane, type TestPlane } from '../helpers/local.js';

const SIGNED = 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/memorydb/aws4_request, SignedHeaders=host, Signature=00';

interface Raw {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A request exactly as given (node:http lets a test set Host and Origin, which fetch does not). */
function raw(port: number, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: init.method ?? 'POST', path: init.path ?? '/', headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('the local control plane refuses what it must', () => {
  let t: TestPlane;
  let port: number;

  beforeAll(async () => {
    t = await startPlane();
    port = t.plane.port;
  });

  afterAll(async () => {
    await t.stop();
  });

  const clusterCount = async (): Promise<number> => (await t.client.send(new DescribeClustersCommand({}))).Clusters?.length ?? 0;
  const createBody = JSON.stringify({ ClusterName: 'evil', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0 });
  const host = (): string => `127.0.0.1:${port}`;

  const hostile: Array<{ label: string; init: () => Parameters<typeof raw>[1]; status: number; code: RegExp }> = [
    {
      label: 'a form POST from a web page (awsQuery, no signature)',
      init: () => ({ headers: { host: host(), origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId=evil&ReplicationGroupDescription=x' }),
      status: 403,
      code: /AccessDenied/,
    },
    {
      label: 'a text/plain POST from a web page with an X-Amz-Target',
      init: () => ({ headers: { host: host(), origin: 'http://evil.example', 'content-type': 'text/plain', 'x-amz-target': 'AmazonMemoryDB.CreateCluster' }, body: createBody }),
      status: 403,
      code: /AccessDenied/,
    },
    {
      label: 'a signed-looking call from a foreign Origin',
      init: () => ({ headers: { host: host(), origin: 'https://evil.example', authorization: SIGNED, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.CreateCluster' }, body: createBody }),
      status: 403,
      code: /AccessDenied/,
    },
    {
      label: 'DNS rebinding: a foreign Host name',
      init: () => ({ headers: { host: `rebind.evil.example:${port}`, authorization: SIGNED, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.CreateCluster' }, body: createBody }),
      status: 403,
      code: /AccessDenied/,
    },
    {
      label: 'an unsigned awsJson call (no Authorization)',
      init: () => ({ headers: { host: host(), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.CreateCluster' }, body: createBody }),
      status: 403,
      code: /MissingAuthenticationToken/,
    },
    {
      label: 'an unsigned awsQuery call',
      init: () => ({ headers: { host: host(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupId=evil&ReplicationGroupDescription=x' }),
      status: 403,
      code: /MissingAuthenticationToken/,
    },
    {
      label: 'X-Amz-Target naming __proto__',
      init: () => ({ headers: { host: host(), authorization: SIGNED, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.__proto__' }, body: '{}' }),
      status: 400,
      code: /UnknownOperationException/,
    },
    {
      label: 'X-Amz-Target naming constructor',
      init: () => ({ headers: { host: host(), authorization: SIGNED, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.constructor' }, body: '{}' }),
      status: 400,
      code: /UnknownOperationException/,
    },
    {
      label: 'awsQuery Action=constructor',
      init: () => ({ headers: { host: host(), authorization: SIGNED, 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=constructor&Version=2015-02-02' }),
      status: 400,
      code: /InvalidAction/,
    },
    {
      label: 'a 100 MB body',
      init: () => ({ headers: { host: host(), authorization: SIGNED, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.CreateCluster' }, body: Buffer.alloc(100 * 1024 * 1024, 0x20) }),
      status: 413,
      code: /RequestEntityTooLarge/,
    },
    { label: 'the admin API without its token', init: () => ({ method: 'GET', path: '/_memctl/health', headers: { host: host() } }), status: 403, code: /admin-token/ },
    {
      label: 'a shutdown request from a web page',
      init: () => ({ path: '/_memctl/shutdown', headers: { host: host(), origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{}' }),
      status: 403,
      code: /not accepted/,
    },
    {
      label: 'fault injection with a wrong token',
      init: () => ({ path: '/_memctl/faults', headers: { host: host(), 'x-memctl-admin-token': 'f'.repeat(64) }, body: '{"rate":1}' }),
      status: 403,
      code: /admin-token/,
    },
  ];

  it.each(hostile)('refuses $label, and nothing changes', async ({ init, status, code }) => {
    const before = await clusterCount();
    const r = await raw(port, init());
    expect(r.status, r.body).toBe(status);
    expect(r.body).toMatch(code);
    expect(await clusterCount()).toBe(before);
    expect(t.plane.faults.current.rate).toBe(0);
  });

  it('answers its own clients: a signed loopback call, and the admin API with the token', async () => {
    const ok = await raw(port, { headers: { host: `localhost:${port}`, origin: `http://127.0.0.1:${port}`, authorization: SIGNED, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonMemoryDB.DescribeClusters' }, body: '{}' });
    expect(ok.status, ok.body).toBe(200);
    const health = await raw(port, { method: 'GET', path: '/_memctl/health', headers: { host: host(), 'x-memctl-admin-token': t.plane.adminToken } });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).ok).toBe(true);
  });
});

describe('users of a cluster cannot reach what the service keeps', () => {
  let t: TestPlane;
  let nodePort: number;
  let otherPort: number;

  beforeAll(async () => {
    t = await startPlane();
    for (const name of ['open', 'other']) {
      await t.client.send(new CreateClusterCommand({ ClusterName: name, NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 1, NumReplicasPerShard: 0, TLSEnabled: false }));
    }
    const ports = await eventually(async () => {
      const clusters = (await t.client.send(new DescribeClustersCommand({ ShowShardDetails: true }))).Clusters ?? [];
      if (clusters.length !== 2 || clusters.some((c) => c.Status !== 'available')) return undefined;
      return Object.fromEntries(clusters.map((c) => [c.Name, c.Shards?.[0]?.Nodes?.[0]?.Endpoint?.Port as number]));
    }, 60_000, 100);
    nodePort = ports.open as number;
    otherPort = ports.other as number;
  });

  afterAll(async () => {
    await t.stop();
  });

  /** One command as the cluster's default user (open-access: on ~* &* +@all, no password). */
  async function asDefaultUser(port: number, ...args: string[]): Promise<string> {
    const c = connectNode(port, null, { credentials: null, connectTimeoutMs: 2000, commandTimeoutMs: 5000 });
    try {
      return String(await c.call(args[0] as string, ...args.slice(1)));
    } catch (err) {
      return (err as Error).message;
    } finally {
      c.disconnect();
    }
  }

  const attempts: string[][] = [
    ['CONFIG', 'GET', 'masterauth'],
    ['CONFIG', 'SET', 'maxmemory', '1'],
    ['CONFIG', 'REWRITE'],
    ['DEBUG', 'SLEEP', '0'],
    ['SHUTDOWN', 'NOSAVE'],
    ['REPLICAOF', '127.0.0.1', '1'],
    ['SLAVEOF', 'NO', 'ONE'],
    ['SAVE'],
    ['BGSAVE'],
    ['BGREWRITEAOF'],
    ['MIGRATE', '127.0.0.1', '1', 'k', '0', '1000'],
    ['MODULE', 'LIST'],
    ['ACL', 'SETUSER', 'evil', 'on', '>x', '+@all'],
    ['ACL', 'DELUSER', 'memctl-admin'],
    ['ACL', 'SAVE'],
    ['ACL', 'LOAD'],
    ['ACL', 'LIST'],
    ['ACL', 'GETUSER', 'memctl-admin'],
    ['CLUSTER', 'SETSLOT', '0', 'STABLE'],
    ['CLUSTER', 'ADDSLOTS', '1'],
    ['CLUSTER', 'DELSLOTS', '1'],
    ['CLUSTER', 'MEET', '127.0.0.1', '1'],
    ['CLUSTER', 'FORGET', 'x'],
    ['CLUSTER', 'FAILOVER'],
    ['CLUSTER', 'RESET'],
    ['FAILOVER'],
    ['PSYNC', '?', '-1'],
    ['SYNC'],
  ];

  it.each(attempts.map((a) => [a.join(' '), a] as const))('a +@all user is refused %s', async (_label, args) => {
    // DEBUG is also off in redis.conf (Redis 7's default), which refuses it before the ACL does.
    expect(await asDefaultUser(nodePort, ...args)).toMatch(args[0] === 'DEBUG' ? /NOPERM|DEBUG command not allowed/ : /^NOPERM/);
  });

  it('every restricted command is tried above', () => {
    const tried = new Set(attempts.map((a) => (a.length > 1 && ['ACL', 'CLUSTER'].includes(a[0] as string) ? `${a[0]}|${a[1]}` : (a[0] as string)).toLowerCase()));
    const untried = RESTRICTED_COMMANDS.filter((c) => !tried.has(c) && !['cluster|addslotsrange', 'cluster|delslotsrange', 'cluster|flushslots', 'cluster|replicate', 'cluster|bumpepoch', 'cluster|set-config-epoch', 'cluster|saveconfig'].includes(c));
    expect(untried).toEqual([]);
  });

  it('what a client may do still works, and no secret shows in what it can read', async () => {
    expect(await asDefaultUser(nodePort, 'SET', 'k', 'v')).toBe('OK');
    expect(await asDefaultUser(nodePort, 'GET', 'k')).toBe('v');
    const admin = await readClusterAdminCredential(t.stateDir, 'open');
    expect(admin).toBeDefined();
    for (const args of [['INFO', 'everything'], ['CLUSTER', 'NODES'], ['CLIENT', 'LIST'], ['SLOWLOG', 'GET', '128'], ['ACL', 'WHOAMI'], ['ACL', 'USERS']]) {
      const text = await asDefaultUser(nodePort, ...args);
      expect(text, args.join(' ')).not.toMatch(/^NOPERM/);
      expect(text).not.toContain(admin?.password as string);
    }
  });

  it('one cluster admin credential opens no other cluster', async () => {
    const own = await readClusterAdminCredential(t.stateDir, 'open');
    const other = await readClusterAdminCredential(t.stateDir, 'other');
    expect(own?.password).not.toBe(other?.password);
    const c = connectNode(otherPort, null, { credentials: own ?? null, connectTimeoutMs: 2000, commandTimeoutMs: 2000 });
    try {
      await expect(c.call('PING')).rejects.toThrow(/WRONGPASS|invalid username-password/i);
    } finally {
      c.disconnect();
    }
    // And the plane itself still does what it needs: a snapshot (BGSAVE as its own user).
    const { CreateSnapshotCommand, DescribeSnapshotsCommand } = await import('@aws-sdk/client-memorydb');
    await t.client.send(new CreateSnapshotCommand({ ClusterName: 'open', SnapshotName: 'still-works' }));
    await eventually(async () => ((await t.client.send(new DescribeSnapshotsCommand({ SnapshotName: 'still-works' }))).Snapshots?.[0]?.Status === 'available' ? true : undefined), 30_000, 100);
  });
});
