// @ts-nocheck
// The local control plane as a whole, through each service's unmodified SDK client: fault
// injection survived by retries, state and data kept across a restart, deletion leaving no process.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createDebugLog } from '../../src/lib/io/debug.js';
import { clusterClient, eventually, pidAlive, startPlane, type TestPlane } from '../helpers/local.js';
import { PLANE_APIS } from '../helpers/plane-apis.js';

const planes: TestPlane[] = [];
afterEach(async () => {
  while (planes.length > 0) await planes.pop()?.stop();
});

async function plane(options: Parameters<typeof startPlane>[0] = {}): Promise<TestPlane> {
  const p = await startPlane(options);
  planes.push(p);
  return p;
}

describe.each(PLANE_APIS)('$service', (api) => {
  describe('fault injection', () => {
    it('the SDK standard retry survives throttling and HTTP 500 on half of all requests', async () => {
      const t = await plane({ faults: { rate: 0.5, kinds: ['throttling', 'server-error'] } });
      const client = api.client(t.plane.endpoint);
      try {
        const answers = [];
        for (let i = 0; i < 12; i++) answers.push(await api.catalog(client));
        expect(answers[0]?.versions).toBeGreaterThan(0);
        for (const a of answers) expect(a.versions).toBe(answers[0]?.versions);
        // Deterministic pattern: every second request fails, so each call but the first needed one retry.
        expect(answers.slice(1).every((a) => a.attempts === 2)).toBe(true);
        expect(t.plane.faults.injected).toBe(11);
      } finally {
        client.destroy();
      }
    });

    it('answers injected faults with the right shapes', async () => {
      const t = await plane({ faults: { rate: 1, kinds: ['throttling', 'server-error', 'rate-exceeded'] } });
      const client = api.client(t.plane.endpoint, { maxAttempts: 1 });
      const names: Array<[string, number | undefined]> = [];
      for (let i = 0; i < 3; i++) {
        const err = (await api.catalog(client).catch((e: unknown) => e)) as Error & { $metadata?: { httpStatusCode?: number } };
        names.push([err.name, err.$metadata?.httpStatusCode]);
      }
      client.destroy();
      expect(names).toEqual([
        [api.injectedFaults[0], 400],
        [api.injectedFaults[1], 500],
        [api.injectedFaults[2], 400],
      ]);
    });

    it('the SDK does not retry APICallRateForCustomerExceeded, but memctl backs off and survives it', async () => {
      const t = await plane({ faults: { rate: 0.5, kinds: ['rate-exceeded'] } });
      // Unmodified SDK: the first request is fine, the second is refused and not retried.
      const client = api.client(t.plane.endpoint);
      await api.catalog(client);
      await expect(api.catalog(client)).rejects.toMatchObject({ name: 'APICallRateForCustomerExceededFault' });
      client.destroy();
      const stderr = new PassThrough();
      const memctl = await api.memctlClient({
        settings: { endpoint: t.plane.endpoint, region: 'us-east-1', staticCredentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
        debug: createDebugLog({ stderr }, false),
        backoff: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      });
      for (let i = 0; i < 10; i++) expect((await api.catalog(memctl)).versions).toBeGreaterThan(0);
      memctl.destroy();
    });

    it('can be switched at run time through the admin API', async () => {
      const t = await plane();
      const admin = { 'x-memctl-admin-token': t.plane.adminToken };
      const res = await fetch(`${t.plane.endpoint}/_memctl/faults`, { method: 'POST', headers: admin, body: JSON.stringify({ rate: 1, kinds: ['server-error'] }) });
      expect(res.status).toBe(200);
      const client = api.client(t.plane.endpoint, { maxAttempts: 2 });
      await expect(api.catalog(client)).rejects.toMatchObject({ name: api.injectedFaults[1] });
      client.destroy();
      const bad = await fetch(`${t.plane.endpoint}/_memctl/faults`, { method: 'POST', headers: admin, body: JSON.stringify({ rate: 2 }) });
      expect(bad.status).toBe(400);
    });
  });

  describe('persistence and cleanup', () => {
    it('brings back the same cluster with its data after a restart, and deletion leaves no process', async () => {
      const first = await startPlane();
      const { stateDir } = first;
      let stopped = false;
      const firstClient = api.client(first.plane.endpoint);
      try {
        await api.create(firstClient, 'keep', 2, 1);
        const before = await eventually(async () => {
          const c = await api.describe(firstClient, 'keep');
          return c?.status === 'available' ? c : undefined;
        });
        const redis = clusterClient(stateDir, before.port);
        for (let i = 0; i < 100; i++) await redis.set(`k${i}`, `v${i}`);
        redis.disconnect();
        const oldPids = [...first.plane.runtime.supervisor.pids().values()];
        expect(oldPids).toHaveLength(4);
        firstClient.destroy();
        await first.stop({ keepState: true });
        stopped = true;
        for (const pid of oldPids) expect(pidAlive(pid), `node pid ${pid} stopped`).toBe(false);

        const second = await plane({ stateDir });
        const client = api.client(second.plane.endpoint);
        try {
          const after = await api.describe(client, 'keep');
          expect(after?.status).toBe('available');
          expect(after?.port).toBe(before.port);
          expect(after?.nodePorts).toEqual(before.nodePorts);
          const again = clusterClient(stateDir, before.port);
          try {
            await eventually(async () => ((await again.get('k99')) === 'v99' ? true : undefined));
            for (let i = 0; i < 100; i++) expect(await again.get(`k${i}`)).toBe(`v${i}`);
          } finally {
            again.disconnect();
          }
          const pids = [...second.plane.runtime.supervisor.pids().values()];
          await api.delete(client, 'keep');
          await eventually(async () => ((await api.describe(client, 'keep')) === undefined ? true : undefined));
          for (const pid of pids) expect(pidAlive(pid), `node pid ${pid} gone after delete`).toBe(false);
        } finally {
          client.destroy();
        }
      } finally {
        if (!stopped) {
          firstClient.destroy();
          await first.stop();
        }
      }
    });
  });
});
