// The latency guard's decisions, from round trips given to it: batches go at once while the node
// answers within the limit, are spaced out (the gap doubling) while it does not, and go at once
// again after it recovers; a limit of 0 only watches; the figures are the round trips' percentiles;
// the probe that times the PINGs, in a worker thread or in this one.
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LatencyGuard } from '../../src/lib/redis/latency-guard.js';
import { startPingProbe } from '../../src/lib/redis/ping-probe.js';
import { seededRandom } from '../helpers/random.js';
import { latencyLine } from '../../src/commands/options/keys.js';

/**
 * PINGs of a node whose share of answers over the limit (5 ms) depends on whether the guard holds
 * the sweep back; the others take 0.3 to 1.8 ms. Returns the share of PINGs answered while held back.
 */
function pingsOf(guard: LatencyGuard, pings: number, slowShare: (holding: boolean) => number, random: () => number): number {
  let held = 0;
  for (let i = 0; i < pings; i++) {
    const holding = guard.gap > 0;
    if (holding) held++;
    guard.record(random() < slowShare(holding) ? 5 : 0.3 + 1.5 * random());
  }
  return held / pings;
}

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

  it('stops holding back when the node is as slow while held back as while running (the host, not the sweep)', () => {
    const guard = new LatencyGuard('n6', 2);
    const random = seededRandom(6);
    // One PING in five over the limit whatever the sweep does: the guard holds back at first ...
    expect(pingsOf(guard, 300, () => 0.2, random)).toBeGreaterThan(0.15);
    // ... and once it has seen that holding back changes nothing, hardly ever.
    expect(pingsOf(guard, 3000, () => 0.2, random)).toBeLessThan(0.02);
    const f = guard.figures();
    expect(f.holdingHelps).toBe(false);
    expect(f.overLimitHeld).toBeGreaterThan(0.1);
    expect(f.overLimitRunning).toBeGreaterThan(0.1);
  });

  it('keeps holding back while that lowers the node latency (the sweep is what slows it)', () => {
    const guard = new LatencyGuard('n7', 2);
    const random = seededRandom(7);
    expect(pingsOf(guard, 4000, (holding) => (holding ? 0.02 : 0.4), random)).toBeGreaterThan(0.3);
    expect(guard.figures()).toMatchObject({ holdingHelps: true });
  });

  it('holds back again when the node becomes slower while the sweep runs than it was while held back', () => {
    const guard = new LatencyGuard('n8', 2);
    const random = seededRandom(8);
    pingsOf(guard, 3000, () => 0.2, random);
    expect(guard.figures().holdingHelps).toBe(false);
    pingsOf(guard, 500, (holding) => (holding ? 0.02 : 0.6), random);
    expect(pingsOf(guard, 1000, (holding) => (holding ? 0.02 : 0.6), random)).toBeGreaterThan(0.3);
    expect(guard.figures().holdingHelps).toBe(true);
  });

  it("the report's line says when holding back did not help, with the shares it judged by", () => {
    const futile = new LatencyGuard('127.0.0.1:6379', 2);
    pingsOf(futile, 3000, () => 0.2, seededRandom(9));
    const helped = new LatencyGuard('127.0.0.1:6380', 2);
    pingsOf(helped, 3000, (holding) => (holding ? 0.02 : 0.4), seededRandom(10));
    const line = latencyLine({ limitMs: 2, nodes: [futile.figures(), helped.figures()] });
    expect(line).toMatch(/^PING during the sweep: 127\.0\.0\.1:6379 p50 [\d.]+ \/ p99 5 ms \(3000 PINGs\), 127\.0\.0\.1:6380 p50 [\d.]+ \/ p99 5 ms \(3000 PINGs\); /);
    expect(line).toMatch(/; holding back did not lower the latency of the node \(127\.0\.0\.1:6379: (1\d|2\d)% of PINGs over 2 ms while held back, (1\d|2\d)% while running\), so the guard stopped holding back$/);
    expect(latencyLine({ limitMs: 2, nodes: [helped.figures()] })).not.toMatch(/did not lower/);
  });

  it('a limit of 0 watches without holding anything back; no PINGs, no figures', async () => {
    const guard = new LatencyGuard('n2', 0);
    for (let i = 0; i < 10; i++) guard.record(50);
    expect(await held(guard, 10)).toBeLessThan(15);
    expect(guard.figures()).toMatchObject({ samples: 10, p50Ms: 50, p99Ms: 50, heldMs: 0, holdingHelps: null });
    expect(new LatencyGuard('n3', 1).figures()).toEqual({ node: 'n3', samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, heldMs: 0, overLimitHeld: null, overLimitRunning: null, holdingHelps: null });
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
    const at: number[] = [];
    const probe = startPingProbe({ inThread });
    try {
      expect(probe.where).toBe(inThread ? 'main thread' : 'worker');
      probe.watch('n4', { address: '127.0.0.1', port: (server.address() as AddressInfo).port, tls: null }, (ms) => {
        rtts.push(ms);
        at.push(performance.now());
      });
      // PINGs 10 ms apart once the probe runs (a worker takes a while to start on a busy machine).
      const started = Date.now();
      while (rtts.length < 5 && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      probe.stop();
    }
    expect(rtts.length).toBeGreaterThanOrEqual(5);
    // Four gaps of ~10 ms between the first five answers: paced, not sent back to back, and not
    // slower than the 200 ms the test used to allow for five answers from the start.
    expect((at[4] as number) - (at[0] as number)).toBeGreaterThanOrEqual(30);
    expect((at[4] as number) - (at[0] as number)).toBeLessThan(200);
    expect(rtts.every((ms) => ms >= 0 && ms < 200)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = pings;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(pings).toBe(seen);
    server.close();
  });
});
