// The latency guard on a real redis-server: analyze reports each node's PING round trips during
// the sweep; while another client keeps the node busy (a script that spins 15 ms at a time, for
// about a second) the
// guard holds the sweep's batches back, and with --max-latency-ms 0 it only watches. The figures
// are what the node did: the busy node's p99 is above the limit, the sweep still complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { analyzeNodes, type AnalyzeOptions } from '../../src/lib/redis/analyze.js';
import { openNodes, type ResolvedTarget } from '../../src/lib/redis/target.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

const KEYS = 6_000;
const OPTIONS: AnalyzeOptions = { delimiter: ':', depth: 2, top: 5, count: 300 };
// Spins the server for ARGV[1] ms (a script blocks every other client while it runs).
const SPIN = "local t = redis.call('TIME') local start = t[1] * 1000000 + t[2] repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - start >= tonumber(ARGV[1]) * 1000 return 1";

describe('latency guard', () => {
  let server: StandaloneServer;
  const target = (): ResolvedTarget => ({ label: server.url, seed: { address: '127.0.0.1', port: server.port }, tls: null, readFrom: 'primary', db: 0 });

  beforeAll(async () => {
    server = await startStandalone();
    for (let i = 0; i < KEYS; i += 1000) {
      const p = server.client.pipeline();
      for (let j = i; j < i + 1000; j++) p.set(`guard:${j}`, 'x'.repeat(j % 50));
      await p.exec();
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function analyzeWhileBusy(maxLatencyMs: number, busy: boolean) {
    const spinner = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true });
    await spinner.connect();
    let spinning = busy;
    // 15 ms of spinning every 20 ms for about a second: most PINGs wait behind a script.
    const loop = (async () => {
      for (let i = 0; spinning && i < 50; i++) {
        await spinner.eval(SPIN, 0, '15');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const opened = await openNodes(target());
    try {
      return await analyzeNodes(target(), opened, { ...OPTIONS, maxLatencyMs, maxOps: 20_000 });
    } finally {
      spinning = false;
      await loop;
      opened.close();
      spinner.disconnect();
    }
  }

  it('reports the node PINGs; on a quiet node nothing is held back', async () => {
    const report = await analyzeWhileBusy(1000, false);
    expect(report.complete).toBe(true);
    expect(report.totals.keys).toBe(KEYS);
    expect(report.latency?.limitMs).toBe(1000);
    const [node] = report.latency?.nodes ?? [];
    expect(node?.node).toBe(`127.0.0.1:${server.port}`);
    expect(node?.samples).toBeGreaterThan(10);
    expect(node?.p50Ms).toBeLessThanOrEqual(node?.p99Ms ?? -1);
    expect(node?.p99Ms).toBeLessThanOrEqual(node?.maxMs ?? -1);
    expect(node?.heldMs).toBe(0);
  });

  it('holds batches back while the node answers slowly, and only watches with a limit of 0', async () => {
    const guarded = await analyzeWhileBusy(2, true);
    expect(guarded.complete).toBe(true);
    expect(guarded.totals.keys).toBe(KEYS);
    const [node] = guarded.latency?.nodes ?? [];
    expect(node?.p99Ms).toBeGreaterThan(2);
    expect(node?.heldMs).toBeGreaterThan(50);
    const watched = await analyzeWhileBusy(0, true);
    expect(watched.complete).toBe(true);
    expect(watched.latency?.nodes[0]?.p99Ms).toBeGreaterThan(2);
    expect(watched.latency?.nodes[0]?.heldMs).toBe(0);
    // Without a guard there are no figures.
    const opened = await openNodes(target());
    try {
      expect((await analyzeNodes(target(), opened, OPTIONS)).latency).toBeNull();
    } finally {
      opened.close();
    }
  });
});
