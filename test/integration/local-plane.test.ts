// The local control plane as a whole: fault injection survived by retries, state and data kept
// across a restart, deletion leaving no process behind.
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, DescribeEngineVersionsCommand } from '@aws-sdk/client-memorydb';
import { afterEach, describe, expect, it } from 'vitest';
import { memorydbClient } from '../../src/lib/aws/clients.js';
import { createDebugLog } from '../../src/lib/io/debug.js';
import { clusterClient, eventually, pidAlive, sdkClient, startPlane, type TestPlane } from '../helpers/local.js';
import { PassThrough } from 'node:stream';

const planes: TestPlane[] = [];
afterEach(async () => {
  while (planes.length > 0) await planes.pop()?.stop();
});

async function plane(options: Parameters<typeof startPlane>[0] = {}): Promise<TestPlane> {
  const p = await startPlane(options);
  planes.push(p);
  return p;
}

describe('fault injection', () => {
  it('the SDK standard retry survives throttling and HTTP 500 on half of all requests', async () => {
    const t = await plane({ faults: { rate: 0.5, kinds: ['throttling', 'server-error'] } });
    for (let i = 0; i < 12; i++) {
      const out = await t.client.send(new DescribeEngineVersionsCommand({}));
      expect(out.EngineVersions).toHaveLength(4);
      expect(out.$metadata.attempts).toBeGreaterThanOrEqual(1);
    }
    // Deterministic pattern: every second request fails, so each call but the first needed one retry.
    expect(t.plane.faults.injected).toBe(11);
  });

  it('answers injected faults with the right shapes', async () => {
    const t = await plane({ faults: { rate: 1, kinds: ['throttling', 'server-error', 'rate-exceeded'] } });
    const client = sdkClient(t.plane.endpoint, { maxAttempts: 1 });
    const names: Array<[string, number | undefined]> = [];
    for (let i = 0; i < 3; i++) {
      const err = (await client.send(new DescribeEngineVersionsCommand({})).catch((e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
      names.push([err.name, err.$metadata?.httpStatusCode]);
    }
    client.destroy();
    expect(names).toEqual([
      ['ThrottlingException', 400],
      ['InternalServerError', 500],
      ['APICallRateForCustomerExceededFault', 400],
    ]);
  });

  it('the SDK does not retry APICallRateForCustomerExceeded, but memctl backs off and survives it', async () => {
    const t = await plane({ faults: { rate: 0.5, kinds: ['rate-exceeded'] } });
    // Unmodified SDK: the first request is fine, the second is refused and not retried.
    await t.client.send(new DescribeEngineVersionsCommand({}));
    await expect(t.client.send(new DescribeEngineVersionsCommand({}))).rejects.toMatchObject({ name: 'APICallRateForCustomerExceededFault' });
    const stderr = new PassThrough();
    const memctl = await memorydbClient({
      settings: { endpoint: t.plane.endpoint, region: 'us-east-1', staticCredentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
      debug: createDebugLog({ stderr }, false),
      backoff: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    for (let i = 0; i < 10; i++) {
      const out = await memctl.send(new DescribeEngineVersionsCommand({}));
      expect(out.EngineVersions).toHaveLength(4);
    }
    memctl.destroy();
  });

  it('can be switched at run time through the admin API', async () => {
    const t = await plane();
    const res = await fetch(`${t.plane.endpoint}/_memctl/faults`, { method: 'POST', body: JSON.stringify({ rate: 1, kinds: ['server-error'] }) });
    expect(res.status).toBe(200);
    const client = sdkClient(t.plane.endpoint, { maxAttempts: 2 });
    await expect(client.send(new DescribeEngineVersionsCommand({}))).rejects.toMatchObject({ name: 'InternalServerError' });
    client.destroy();
    const bad = await fetch(`${t.plane.endpoint}/_memctl/faults`, { method: 'POST', body: JSON.stringify({ rate: 2 }) });
    expect(bad.status).toBe(400);
  });
});

describe('persistence and cleanup', () => {
  it('brings back the same cluster with its data after a restart, and deletion leaves no process', async () => {
    const first = await startPlane();
    const { stateDir } = first;
    let stopped = false;
    try {
      await first.client.send(new CreateClusterCommand({ ClusterName: 'keep', NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: 2, NumReplicasPerShard: 1 }));
      const before = await eventually(async () => {
        const c = (await first.client.send(new DescribeClustersCommand({ ClusterName: 'keep', ShowShardDetails: true }))).Clusters?.[0];
        return c?.Status === 'available' ? c : undefined;
      });
      const port = before.ClusterEndpoint?.Port as number;
      const redis = clusterClient(stateDir, port);
      for (let i = 0; i < 100; i++) await redis.set(`k${i}`, `v${i}`);
      redis.disconnect();
      const oldPids = [...first.plane.runtime.supervisor.pids().values()];
      expect(oldPids).toHaveLength(4);
      await first.stop({ keepState: true });
      stopped = true;
      for (const pid of oldPids) expect(pidAlive(pid), `node pid ${pid} stopped`).toBe(false);

      const second = await plane({ stateDir });
      const after = (await second.client.send(new DescribeClustersCommand({ ClusterName: 'keep', ShowShardDetails: true }))).Clusters?.[0];
      expect(after?.Status).toBe('available');
      expect(after?.ClusterEndpoint?.Port).toBe(port);
      expect(after?.Shards?.flatMap((s) => s.Nodes ?? []).map((n) => n.Endpoint?.Port)).toEqual(before.Shards?.flatMap((s) => s.Nodes ?? []).map((n) => n.Endpoint?.Port));
      const again = clusterClient(stateDir, port);
      try {
        await eventually(async () => ((await again.get('k99')) === 'v99' ? true : undefined));
        for (let i = 0; i < 100; i++) expect(await again.get(`k${i}`)).toBe(`v${i}`);
      } finally {
        again.disconnect();
      }
      const pids = [...second.plane.runtime.supervisor.pids().values()];
      await second.client.send(new DeleteClusterCommand({ ClusterName: 'keep' }));
      await eventually(async () =>
        second.client.send(new DescribeClustersCommand({ ClusterName: 'keep' })).then(
          () => undefined,
          (e: Error) => (e.name === 'ClusterNotFoundFault' ? true : undefined),
        ),
      );
      for (const pid of pids) expect(pidAlive(pid), `node pid ${pid} gone after delete`).toBe(false);
    } finally {
      if (!stopped) await first.stop();
    }
  });
});
