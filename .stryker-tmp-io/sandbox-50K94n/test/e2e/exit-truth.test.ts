// @ts-nocheck
// E2E: `--wait` exits 0 only when the change reached what was asked. A scripted MemoryDB endpoint
// answers as the service does when a change fails or is rolled back (the cluster available again,
// in its old shape, an event saying why); memctl must exit 1, say what happened and the state the
// cluster is in, and quote the service. The same answers with the change done exit 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, runMemctl, show, startFakeAws, type FakeAws, type Reply } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'memctl-e2e-truth-'));
const env = cleanEnv({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', MEMCTL_POLL_INTERVAL_MS: '20', MEMCTL_LOCAL_DIR: join(home, 'local') }, home);

/** A MemoryDB cluster as DescribeClusters shows it, with `shards` shards splitting the slots evenly. */
function clusterShape(status: string, shards: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const size = Math.floor(16384 / shards);
  return {
    Name: 'orders',
    Status: status,
    NumberOfShards: shards,
    NodeType: 'db.r6g.large',
    Engine: 'redis',
    EngineVersion: '7.1',
    TLSEnabled: false,
    ClusterEndpoint: { Address: '127.0.0.1', Port: 1 },
    Shards: Array.from({ length: shards }, (_, i) => ({
      Name: String(i + 1).padStart(4, '0'),
      Status: 'available',
      Slots: `${i * size}-${i === shards - 1 ? 16383 : (i + 1) * size - 1}`,
      NumberOfNodes: 2,
      Nodes: [0, 1].map((j) => ({ Name: `orders-000${i + 1}-00${j + 1}`, Status: 'available', Endpoint: { Address: '127.0.0.1', Port: 1 } })),
    })),
    ...extra,
  };
}

const json = (value: unknown): Reply => ({ status: 200, body: JSON.stringify(value) });

let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws();
});

afterAll(async () => {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
});

/** Answers DescribeClusters with the shapes in turn (the last one repeats), the other calls as given. */
function script(describes: Array<Record<string, unknown> | 'gone'>, answers: Record<string, unknown>): void {
  let n = 0;
  fake.answer((target) => {
    const op = target.split('.')[1] ?? '';
    if (op === 'DescribeClusters') {
      const shape = describes[Math.min(n++, describes.length - 1)];
      if (shape === 'gone') return { status: 400, body: JSON.stringify({ __type: 'ClusterNotFoundFault', message: 'Cluster orders not found' }) };
      return json({ Clusters: [shape] });
    }
    if (op in answers) return json(answers[op]);
    return json({});
  });
}

const rolledBack = 'Scaling cluster from 2 to 3 shards failed (the target node stopped answering); rolled back to 2 shards in 4200 ms';

describe('--wait exit codes tell the truth', () => {
  it('scale: available again but still 2 shards is exit 1, with the state and what the service said', async () => {
    script([clusterShape('available', 2), clusterShape('updating', 2), clusterShape('available', 2)], {
      UpdateCluster: { Cluster: clusterShape('updating', 2) },
      DescribeEvents: { Events: [{ SourceName: 'orders', SourceType: 'cluster', Message: rolledBack, Date: Date.now() / 1000 }] },
    });
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', 'scale', 'orders', '--shards', '3', '--wait', '-o', 'json'], { env, timeoutMs: 20_000 });
    const line = expectCleanError(r, 1, /did not finish/);
    expect(line, show(r)).toMatch(/has 2 shards, not 3/);
    expect(r.stderr).toContain(rolledBack);
    expect(r.stdout).toBe('');
  });

  it('scale: 3 shards but slots left without an owner is exit 1', async () => {
    const holed = clusterShape('available', 3);
    (holed.Shards as Array<{ Slots: string }>)[2]!.Slots = '';
    script([clusterShape('available', 2), clusterShape('updating', 3), holed], { UpdateCluster: { Cluster: clusterShape('updating', 2) }, DescribeEvents: { Events: [] } });
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', 'scale', 'orders', '--shards', '3', '--wait'], { env, timeoutMs: 20_000 });
    expectCleanError(r, 1, /slots assigned|own no slots/);
  });

  it('scale: the same answers with the change done exit 0', async () => {
    script([clusterShape('available', 2), clusterShape('updating', 3), clusterShape('available', 3)], { UpdateCluster: { Cluster: clusterShape('updating', 2) }, DescribeEvents: { Events: [] } });
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', 'scale', 'orders', '--shards', '3', '--wait', '-o', 'json'], { env, timeoutMs: 20_000 });
    expectOk(r);
    expect(JSON.parse(r.stdout).shardCount).toBe(3);
  });

  it('failover: a failure the service reports is exit 1', async () => {
    script([clusterShape('available', 2), clusterShape('updating', 2), clusterShape('available', 2)], {
      FailoverShard: { Cluster: clusterShape('updating', 2) },
      DescribeEvents: { Events: [{ SourceName: 'orders', SourceType: 'cluster', Message: 'failover of shard 0001 failed: no replica in sync', Date: Date.now() / 1000 }] },
    });
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', '--yes', 'failover', 'orders', '--shard', '0001', '--wait', '--no-probe'], { env, timeoutMs: 20_000 });
    const line = expectCleanError(r, 1, /failover of shard 0001 did not finish/);
    expect(r.stderr, line).toContain('no replica in sync');
  });

  it('delete: a deletion the service stopped (available again) is exit 1, not a wait until the timeout', async () => {
    script([clusterShape('available', 2), clusterShape('deleting', 2), clusterShape('available', 2)], { DeleteCluster: { Cluster: clusterShape('deleting', 2) } });
    const started = Date.now();
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', '--yes', 'delete', 'orders', '--wait', '--timeout', '30s'], { env, timeoutMs: 25_000 });
    expectCleanError(r, 1, /deletion of cluster orders stopped: it is available again/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('delete: gone is exit 0', async () => {
    script([clusterShape('available', 2), clusterShape('deleting', 2), 'gone'], { DeleteCluster: { Cluster: clusterShape('deleting', 2) } });
    const r = await runMemctl(['--endpoint-url', fake.url, '-q', '--yes', 'delete', 'orders', '--wait'], { env, timeoutMs: 20_000 });
    expectOk(r);
  });
});
