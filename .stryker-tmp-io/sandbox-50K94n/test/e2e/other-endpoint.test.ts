// @ts-nocheck
// E2E: memctl against another AWS-compatible endpoint that models MemoryDB its own way (a small
// stand-in on 127.0.0.1): only the fields it must send, values the model does not list (an
// availability mode, a node status), and a shard whose slots no cluster can hold ("0-54321"). The
// create / describe / scale --dry-run / failover / snapshot / delete sequence works; what needs
// the slots says which shard reported what, and what does not need them warns and goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOk, runMemctl, show, startFakeAws, type FakeAws } from '../helpers/cli.js';
import { tempDir } from '../helpers/local.js';

let aws: FakeAws;
let env: NodeJS.ProcessEnv;
let status = 'creating';

function cluster(): Record<string, unknown> {
  return {
    Name: 'other',
    Status: status,
    NumberOfShards: 1,
    NodeType: 'db.r7g.large',
    EngineVersion: '7.1',
    TLSEnabled: true,
    ACLName: 'open-access',
    // Not a value the model lists: shown as it is, not fatal.
    AvailabilityMode: 'tri-az',
    ClusterEndpoint: { Address: '127.0.0.1', Port: 6379 },
    Shards: [
      {
        Name: '0001',
        Status: 'available',
        Slots: '0-54321',
        NumberOfNodes: 2,
        Nodes: [
          { Name: 'other-0001-001', Status: 'warming', Endpoint: { Address: '127.0.0.1', Port: 6379 } },
          { Name: 'other-0001-002', Status: 'available', Endpoint: { Address: '127.0.0.1', Port: 6380 } },
        ],
      },
    ],
  };
}

const snapshot = { Name: 'other-snap', Status: 'creating', Source: 'manual', ClusterConfiguration: { Name: 'other', NodeType: 'db.r7g.large', NumShards: 1 } };

beforeAll(async () => {
  aws = await startFakeAws((target) => {
    const op = target.split('.')[1] ?? '';
    const ok = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });
    switch (op) {
      case 'CreateCluster':
        return ok({ Cluster: cluster() });
      case 'DescribeClusters':
        return ok({ Clusters: status === 'gone' ? [] : [cluster()] });
      case 'FailoverShard':
        return ok({ Cluster: cluster() });
      case 'CreateSnapshot':
        return ok({ Snapshot: snapshot });
      case 'DescribeSnapshots':
        return ok({ Snapshots: [snapshot] });
      case 'DeleteCluster':
        status = 'gone';
        return ok({ Cluster: { ...cluster(), Status: 'deleting' } });
      default:
        return { status: 400, body: JSON.stringify({ __type: 'InvalidParameterValueException', message: `not modelled here: ${op}` }) };
    }
  });
  env = cleanEnv({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', MEMCTL_LOCAL_DIR: tempDir('e2e-other') });
});

afterAll(async () => {
  await aws?.close();
});

const memctl = (args: string[]) => runMemctl([...args, '--endpoint-url', aws.url], { env, timeoutMs: 30_000 });

describe('another AWS-compatible MemoryDB endpoint', () => {
  it('create, describe (unknown values shown), scale --dry-run and failover with a shard reporting slots 0-54321, snapshot, delete', async () => {
    // This endpoint models MemoryDB only: no CloudWatch, so no alarms.
    const created = await memctl(['create', 'other', '--shards', '1', '--replicas', '1', '--no-alarms', '-o', 'json']);
    expectOk(created);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'other', status: 'creating' });
    status = 'available';

    const described = await memctl(['describe', 'other', '-o', 'json']);
    expectOk(described);
    const d = JSON.parse(described.stdout) as { availabilityMode: string; shards: Array<{ slots: string; nodes: Array<{ status: string }> }> };
    expect(d.availabilityMode).toBe('tri-az');
    expect(d.shards[0]?.slots).toBe('0-54321');
    expect(d.shards[0]?.nodes[0]?.status).toBe('warming');
    expectOk(await memctl(['describe', 'other']));

    // The plan still shows the shard change and the nodes it adds; the moves cannot be planned.
    const plan = await memctl(['scale', 'other', '--shards', '3', '--dry-run', '-o', 'json']);
    expect(plan.code, show(plan)).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ dryRun: true, changes: [{ kind: 'shards', from: 1, to: 3 }], nodesAdded: 4, warnings: [expect.stringContaining('shard 0001 reports slots "0-54321"') as unknown] });
    expect(plan.stderr).toMatch(/^warning: shard 0001 reports slots "0-54321": invalid slot range "0-54321" \(slots are 0-16383\); the slot moves are not planned$/m);

    // A failover does not need the slots: it warns (no write probe) and goes on.
    const failover = await memctl(['--yes', 'failover', 'other', '--shard', '0001', '-o', 'json']);
    expect(failover.code, show(failover)).toBe(0);
    expect(failover.stderr).toMatch(/warning: shard 0001 reports slots "0-54321"/);
    expect(aws.requests).toContain('AmazonMemoryDB.FailoverShard');

    const snap = await memctl(['snapshot', 'create', 'other', 'other-snap', '-o', 'json']);
    expectOk(snap);
    expect(JSON.parse(snap.stdout)).toMatchObject({ name: 'other-snap', status: 'creating', clusterName: 'other', nodeType: 'db.r7g.large' });

    const deleted = await memctl(['--yes', 'delete', 'other', '-o', 'json']);
    // The cluster is deleted (exit 0); the alarms it might have cannot be read here, and it says so.
    expect(deleted.code, show(deleted)).toBe(0);
    expect(deleted.stderr).toMatch(/^warning: could not read the alarms of other from CloudWatch \(not modelled here: DescribeAlarms\)/m);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ name: 'other', status: 'deleting' });
  });
});
