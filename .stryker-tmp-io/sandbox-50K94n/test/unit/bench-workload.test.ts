// @ts-nocheck
// Requests written in place are the same bytes as the commands encoded the ordinary way; key
// patterns draw what they promise.
import { describe, expect, it } from 'vitest';
import { keyGenerator, sequenceCounter, ZipfSampler } from '../../src/lib/redis/bench/keys.js';
import { encodeCommand } from '../../src/lib/redis/bench/resp.js';
import { compileCommand, cycleOf, RequestWriter, writeDigits } from '../../src/lib/redis/bench/workload.js';
import { keySlot } from '../../src/lib/redis/slot.js';

describe('RequestWriter', () => {
  const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');

  it('writes SET/GET and custom commands exactly as encodeCommand would, placeholders expanded', () => {
    const writer = new RequestWriter('memctl-bench:', data);
    const cases: Array<[string[], number, number, string[]]> = [
      [['SET', '__key__', '__data__', 'EX', '60'], 42, 3, ['SET', 'memctl-bench:42', '012', 'EX', '60']],
      [['GET', '__key__'], 0, 0, ['GET', 'memctl-bench:0']],
      [['HSET', '__key__:h', 'f', 'x__data__y'], 9_007_199_254_740, 30, ['HSET', 'memctl-bench:9007199254740:h', 'f', `x${data.toString('utf8', 0, 30)}y`]],
    ];
    for (const [args, key, dataLength, expanded] of cases) {
      const cmd = compileCommand({ name: args[0] as string, args });
      writer.setKey(key);
      const out = Buffer.alloc(writer.maxBytes(cmd, dataLength) + 10);
      const end = writer.write(cmd, out, 5, dataLength);
      expect(out.subarray(5, end).toString()).toBe(encodeCommand(expanded).toString());
      expect(writer.slot(cmd)).toBe(keySlot(expanded[1] as string));
    }
  });

  it('writes digits of any safe integer', () => {
    const out = Buffer.alloc(20);
    for (const n of [0, 7, 10, 99, 1000, 123_456_789_012]) expect(out.toString('utf8', 0, writeDigits(out, 0, n))).toBe(String(n));
  });

  it('cycles commands by weight', () => {
    expect([...cycleOf([1, 3])]).toEqual([0, 1, 1, 1]);
    expect([...cycleOf([0, 1])]).toEqual([1]);
  });
});

/** A deterministic random source (mulberry32), so the distribution checks cannot flake. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('key patterns', () => {
  it('sequential walks the range once, then wraps, shared through one counter', () => {
    const counter = sequenceCounter();
    const a = keyGenerator({ minimum: 10, maximum: 14, pattern: 'sequential' }, Math.random, counter);
    const b = keyGenerator({ minimum: 10, maximum: 14, pattern: 'sequential' }, Math.random, counter);
    expect([a.next(), b.next(), a.next(), b.next(), a.next(), b.next()]).toEqual([10, 11, 12, 13, 14, 10]);
  });

  it('uniform stays in range and reaches both ends', () => {
    const g = keyGenerator({ minimum: 5, maximum: 9, pattern: 'uniform' }, seeded(1));
    const seen = new Set(Array.from({ length: 1000 }, () => g.next()));
    expect([...seen].sort()).toEqual([5, 6, 7, 8, 9]);
  });

  it('gaussian centres on the middle with the standard deviation asked for', () => {
    const g = keyGenerator({ minimum: 0, maximum: 10_000, pattern: 'gaussian', stddev: 500 }, seeded(2));
    const xs = Array.from({ length: 20_000 }, () => g.next());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean - 5000)).toBeLessThan(20);
    expect(Math.abs(sd - 500)).toBeLessThan(20);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
  });

  it('zipf draws rank k with probability proportional to k^-s', () => {
    for (const s of [0.99, 1, 1.5]) {
      const z = new ZipfSampler(1000, s, seeded(3));
      const counts = new Map<number, number>();
      const n = 200_000;
      for (let i = 0; i < n; i++) {
        const k = z.sample();
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      let norm = 0;
      for (let k = 1; k <= 1000; k++) norm += k ** -s;
      for (const k of [1, 2, 10]) {
        const expected = (n * k ** -s) / norm;
        expect(Math.abs((counts.get(k) ?? 0) - expected) / expected, `s=${s} k=${k}`).toBeLessThan(0.05);
      }
      expect(Math.max(...counts.keys())).toBeLessThanOrEqual(1000);
      expect(Math.min(...counts.keys())).toBe(1);
    }
  });
});
