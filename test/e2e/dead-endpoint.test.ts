// E2E: a cluster whose endpoint leads to a node that does not answer (the node just killed, a DNS
// answer not yet changed) is still reached through its other nodes, as the control plane lists
// them: the command does its work, says on stderr which way in it took, and exits 0. When none
// answers, exit 1 names the endpoint and says how many nodes were tried. A scripted MemoryDB
// endpoint describes the cluster; a real redis-server is its one live node.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, runMemctl, show, startFakeAws, type FakeAws } from '../helpers/cli.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';
import { freePort, tempDir } from '../helpers/local.js';

const KEYS = 300;
const home = tempDir('e2e-dead-endpoint');
const env = cleanEnv({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', MEMCTL_LOCAL_DIR: join(home, 'local') }, home);

let fake: FakeAws;
let server: StandaloneServer;
let deadEndpoint = 0;
let deadNode = 0;

/** DescribeClusters for "orders": its endpoint on `endpointPort`, its nodes on `nodePorts` (all "available", as the service says until it notices). */
function describeAs(endpointPort: number, nodePorts: number[]): void {
  fake.answer((target) => {
    if (target.endsWith('.DescribeClusters')) {
      const cluster = {
        Name: 'orders',
        Status: 'available',
        NumberOfShards: 1,
        NodeType: 'db.r6g.large',
        Engine: 'redis',
        EngineVersion: '7.1',
        TLSEnabled: false,
        ClusterEndpoint: { Address: '127.0.0.1', Port: endpointPort },
        Shards: [
          {
            Name: '0001',
            Status: 'available',
            Slots: '0-16383',
            NumberOfNodes: nodePorts.length,
            Nodes: nodePorts.map((port, i) => ({ Name: `orders-0001-00${i + 1}`, Status: 'available', Endpoint: { Address: '127.0.0.1', Port: port } })),
          },
        ],
      };
      return { status: 200, body: JSON.stringify({ Clusters: [cluster] }) };
    }
    return { status: 200, body: '{}' };
  });
}

const describes = (): number => fake.requests.filter((t) => t.endsWith('.DescribeClusters')).length;

beforeAll(async () => {
  fake = await startFakeAws();
  server = await startStandalone();
  await Promise.all(Array.from({ length: KEYS }, (_, i) => server.client.set(`o:${i}`, String(i))));
  // Ports nothing listens on: a killed node's.
  deadEndpoint = await freePort();
  deadNode = await freePort();
});

afterAll(async () => {
  await fake?.close();
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('the cluster endpoint does not answer', () => {
  it('keys scan goes through the other nodes: every key, exit 0, the way in named on stderr', async () => {
    // The endpoint's own node first (skipped: it was tried), then another dead one, then the live one.
    describeAs(deadEndpoint, [deadEndpoint, deadNode, server.port]);
    const before = describes();
    const r = await runMemctl(['--endpoint-url', fake.url, 'keys', 'scan', 'orders'], { env, timeoutMs: 30_000 });
    expect(r.code, show(r)).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(new Set(lines).size).toBe(KEYS);
    expect(lines).toHaveLength(KEYS);
    expect(r.stderr).toContain(`orders's endpoint (127.0.0.1:${deadEndpoint}) did not answer`);
    expect(r.stderr).toContain(`reached it through its node 127.0.0.1:${server.port}`);
    // Once for the endpoint, once more for the nodes (only because the endpoint failed).
    expect(describes() - before).toBe(2);
  });

  it('keys get too; --quiet keeps the warning out', async () => {
    describeAs(deadEndpoint, [server.port, deadEndpoint]);
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', 'keys', 'get', 'orders', 'o:7', '-o', 'json'], { env, timeoutMs: 30_000 });
    expect(r.code, show(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ key: 'o:7', value: '7' });
    expect(r.stderr).not.toContain('did not answer');
  });

  it('connect --exec runs redis-cli against the node that answered', async () => {
    describeAs(deadEndpoint, [deadEndpoint, server.port]);
    const r = await runMemctl(['--endpoint-url', fake.url, 'connect', 'orders', '--exec', '--', 'GET', 'o:7'], { env, timeoutMs: 30_000 });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout.trim()).toBe('7');
    expect(r.stderr).toContain(`reached it through its node 127.0.0.1:${server.port}`);
  });

  it('no node answers: exit 1 naming the endpoint and how many nodes were tried, at once', async () => {
    // The same run against a node that answers, for how long memctl takes here to start and end.
    describeAs(server.port, [server.port]);
    const answered = await runMemctl(['--endpoint-url', fake.url, 'keys', 'scan', 'orders', '--match', 'none'], { env, timeoutMs: 30_000 });
    expect(answered.code, show(answered)).toBe(0);
    describeAs(deadEndpoint, [deadEndpoint, deadNode]);
    const r = await runMemctl(['--endpoint-url', fake.url, 'keys', 'scan', 'orders'], { env, timeoutMs: 30_000 });
    const line = expectCleanError(r, 1, `cannot connect to orders (127.0.0.1:${deadEndpoint})`);
    expect(line).toContain('none of its 1 other node(s) answered either');
    expect(r.stdout).toBe('');
    // A refused connection is known at once; a socket that never connected must not hold the
    // process open (ioredis waits 2 s by default for it to close).
    expect(r.ms - answered.ms, `${r.ms} ms against ${answered.ms} ms`).toBeLessThan(1500);
  });

  it('an endpoint that answers costs no second DescribeClusters', async () => {
    describeAs(server.port, [server.port, deadNode]);
    const before = describes();
    const r = await runMemctl(['--endpoint-url', fake.url, 'keys', 'scan', 'orders', '--match', 'o:1?'], { env, timeoutMs: 30_000 });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(10);
    expect(r.stderr).not.toContain('did not answer');
    expect(describes() - before).toBe(1);
  });
});
