// Saved results: merging several machines' runs and comparing two.
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/lib/redis/bench/histogram.js';
import { checkResult, commandResult, compareResults, mergeResults, RESULT_KIND, type BenchResult } from '../../src/lib/redis/bench/result.js';

function result(start: string, seconds: number, perSecond: number, latencyUs: number): BenchResult {
  const h = new Histogram();
  h.recordCount(latencyUs, perSecond * seconds);
  const durationMs = seconds * 1000;
  const get = commandResult('GET', h, perSecond * seconds, 0, durationMs);
  return {
    kind: RESULT_KIND,
    formatVersion: 1,
    target: 'redis://127.0.0.1:1',
    cluster: false,
    primaries: 1,
    startedAt: new Date(Date.parse(start)).toISOString(),
    endedAt: new Date(Date.parse(start) + durationMs).toISOString(),
    durationMs,
    config: { threads: 1, clientsPerThread: 50, clients: 50, pipeline: 1, commands: [{ name: 'GET', command: 'GET __key__' }], ratio: '0:1', keyPattern: 'uniform', keyMinimum: 0, keyMaximum: 9, keyPrefix: 'p:', dataSize: { min: 3, max: 3 }, ttlMs: null, requests: null, testTimeMs: durationMs, warmupMs: 0, rate: null, timeoutMs: 5000 },
    totals: { ...get, name: 'all' },
    commands: [get],
    errors: {},
    redirects: { moved: 0, ask: 0 },
    errorWindows: [],
    timeline: Array.from({ length: seconds }, (_, i) => ({ second: i + 1, ok: perSecond, failed: 0 })),
    reconnects: 0,
  };
}

describe('mergeResults', () => {
  it('sums throughput over the time the runs overlapped and merges histograms', () => {
    const a = result('2030-01-01T00:00:00.000Z', 10, 1000, 100);
    const b = result('2030-01-01T00:00:05.000Z', 10, 3000, 1000);
    const m = mergeResults([
      { source: 'a.json', result: a },
      { source: 'b.json', result: b },
    ]);
    expect(m.merged).toEqual({ sources: ['a.json', 'b.json'], overlapMs: 5000 });
    expect(m.totals.requests).toBe(40_000);
    expect(m.totals.opsPerSec).toBe(4000);
    expect(m.durationMs).toBe(15_000);
    // 10,000 at 100 us and 30,000 at 1 ms: p50 is in the second run's mode, p20 in the first's.
    expect(m.totals.latencyMs.p50).toBe(1);
    expect(Histogram.fromJSON(m.totals.histogram).valueAtPercentile(20)).toBe(100);
    expect(m.commands.map((c) => c.requests)).toEqual([40_000]);
    expect(m.config.clients).toBe(100);
    expect(m.timeline.find((s) => s.second === 7)).toEqual({ second: 7, ok: 4000, failed: 0 });
    expect(checkResult(JSON.parse(JSON.stringify(m)))).not.toBeTypeOf('string');
  });

  it('without overlap counts every request over the whole span', () => {
    const m = mergeResults([
      { source: 'a', result: result('2030-01-01T00:00:00.000Z', 2, 1000, 100) },
      { source: 'b', result: result('2030-01-01T00:00:08.000Z', 2, 1000, 100) },
    ]);
    expect(m.merged?.overlapMs).toBe(0);
    expect(m.totals.opsPerSec).toBe(400);
  });
});

describe('compareResults and checkResult', () => {
  it('gives deltas and percentages per command and metric', () => {
    const rows = compareResults(result('2030-01-01T00:00:00Z', 2, 1000, 100), result('2030-01-01T00:00:00Z', 2, 1500, 150));
    expect(rows.find((r) => r.command === 'all' && r.metric === 'ops/s')).toEqual({ command: 'all', metric: 'ops/s', a: 1000, b: 1500, delta: 500, percent: 50 });
    // Latencies in milliseconds: 100 us and 150 us.
    expect(rows.find((r) => r.command === 'GET' && r.metric === 'p50 ms')).toMatchObject({ a: 0.1, b: 0.15, delta: 0.05, percent: 50 });
    expect(rows.find((r) => r.metric === 'failed')?.percent).toBeNull();
  });

  it('reads a result saved in format 1 (microseconds in …Us fields) as today\'s milliseconds', () => {
    const now = result('2030-01-01T00:00:00Z', 2, 1000, 250);
    const us = (l: typeof now.totals.latencyMs) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, k === 'count' ? v : Math.round(v * 1000)]));
    const { latencyMs: _t, ...totals } = now.totals;
    const { ttlMs: _c, ...config } = now.config;
    const v1 = {
      ...now,
      formatVersion: 1,
      config: { ...config, ttlSeconds: 60 },
      totals: { ...totals, latencyUs: us(now.totals.latencyMs) },
      commands: now.commands.map(({ latencyMs, ...c }) => ({ ...c, latencyUs: us(latencyMs) })),
      timeline: now.timeline.map((t) => ({ ...t, p50Us: 250 })),
      sendLagUs: us(now.totals.latencyMs),
    };
    const read = checkResult(JSON.parse(JSON.stringify(v1)));
    if (typeof read === 'string') throw new Error(read);
    expect(read.formatVersion).toBe(2);
    expect(read.totals.latencyMs).toEqual(now.totals.latencyMs);
    expect(read.commands[0]?.latencyMs.p50).toBe(0.25);
    expect(read.timeline[0]).toMatchObject({ p50Ms: 0.25 });
    expect(read.sendLagMs?.p50).toBe(0.25);
    expect(read.config.ttlMs).toBe(60_000);
    expect(JSON.stringify(read)).not.toMatch(/Us"|ttlSeconds/);
  });

  it('says why a file is not a result', () => {
    expect(checkResult([])).toBe('not a memctl bench result (kind is undefined)');
    expect(checkResult({ kind: RESULT_KIND, formatVersion: 99 })).toMatch(/newer/);
    const good = result('2030-01-01T00:00:00Z', 2, 1000, 100);
    const badBucket = { ...good, commands: [{ ...good.commands[0], histogram: { ...good.commands[0]?.histogram, buckets: [['100', 1]] } }] };
    expect(checkResult(badBucket)).toBe('command GET has no valid histogram (a bucket is not [value, count])');
    expect(checkResult({ ...good, totals: { ...good.totals, histogram: undefined } })).toBe('command all has no valid histogram (not an object)');
  });
});
