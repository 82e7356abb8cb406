// The latency guard's decisions, from round trips given to it: batches go at once while the node
// answers within the limit, are spaced out (the gap doubling) while it does not, and go at once
// again after it recovers; a limit of 0 only watches; the figures are the round trips' percentiles;
// the probe that times the PINGs, in a worker thread or in this one.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LatencyGuard } from '../../src/lib/redis/latency-guard.js';
import { startPingProbe } from '../../src/lib/redis/ping-probe.js';

async function held(guard: LatencyGuard, batches: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < batches; i++) await guard.ready();
  return performance.now() - started;
}

describe('latency guard', () => {
  it('spaces batches out while PINGs are slow, and stops when they are fast again', async () => {
    const guard = new LatencyGuard('n1', 2);
    for (let i = 0; i < 50; i++) guard.record(0.3);
    expect(await held(guard, 20)).toBeLessThan(15);
    // Slow answers: from the second one on (it and another of the last 8 slow), 1, 2, 4, 8, 16 ms gaps.
    for (const rtt of [4, 5, 6, 7, 8, 9]) guard.record(rtt);
    expect(await held(guard, 5)).toBeGreaterThanOrEqual(4 * 16 - 5);
    // Fast again: the gap shrinks to nothing.
    for (let i = 0; i < 40; i++) guard.record(0.2);
    expect(await held(guard, 20)).toBeLessThan(15);
    const f = guard.figures();
    expect(f).toMatchObject({ node: 'n1', samples: 96, p50Ms: 0.3, maxMs: 9 });
    // 96 round trips: the 99th percentile is the slowest.
    expect(f.p99Ms).toBe(9);
    expect(f.heldMs).toBeGreaterThanOrEqual(40);
  });

  it('a single slow PING among fast ones (a stall of the host) holds nothing back; two within the last 8 do', async () => {
    const guard = new LatencyGuard('n5', 2);
    for (let i = 0; i < 100; i++) guard.record(i % 10 === 0 ? 40 : 0.3);
    guard.record(40); // the latest one slow, alone among the last 8
    expect(await held(guard, 10)).toBeLessThan(10);
    expect(guard.figures().heldMs).toBe(0);
    guard.record(40);
    guard.record(0.3);
    guard.record(40); // two slow within the window: a 1 ms gap
    guard.record(40); // still slow: 2 ms
    // Three batches two ms apart: held by the schedule (a timer may fire early, or late and the
    // next wait be shorter, so the clock only shows that they were held at all).
    expect(await held(guard, 3)).toBeGreaterThanOrEqual(1);
    expect(guard.figures().heldMs).toBeGreaterThanOrEqual(3);
  });

  it('a limit of 0 watches without holding anything back; no PINGs, no figures', async () => {
    const guard = new LatencyGuard('n2', 0);
    for (let i = 0; i < 10; i++) guard.record(50);
    expect(await held(guard, 10)).toBeLessThan(15);
    expect(guard.figures()).toMatchObject({ samples: 10, p50Ms: 50, p99Ms: 50, heldMs: 0 });
    expect(new LatencyGuard('n3', 1).figures()).toEqual({ node: 'n3', samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, heldMs: 0 });
  });

  it.each([false, true])('the probe PINGs each node watched every 10 ms and stops (in this thread: %s)', async (inThread) => {
    let pings = 0;
    const server = createServer((socket) => {
      socket.on('data', (bytes: Buffer) => {
        const n = bytes.toString('latin1').split('PING').length - 1;
        pings += n;
        socket.write('+PONG\r\n'.repeat(n));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rtts: number[] = [];
    const probe = startPingProbe({ inThread });
    try {
      expect(probe.where).toBe(inThread ? 'main thread' : 'worker');
      probe.watch('n4', { address: '127.0.0.1', port: (server.address() as AddressInfo).port, tls: null }, (ms) => rtts.push(ms));
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      probe.stop();
    }
    expect(rtts.length).toBeGreaterThanOrEqual(5);
    expect(rtts.every((ms) => ms >= 0 && ms < 200)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = pings;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(pings).toBe(seen);
    server.close();
  });
});
