// The HDR-style histogram: percentiles of known distributions to the bucket precision (0.1%),
// merging, serialization, and the HdrHistogram text output.
import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, checkHistogramJson, HIGHEST_US, Histogram, highestEquivalent, indexOf, SUB_BUCKETS, valueAt, type HistogramJson } from '../../src/lib/redis/bench/histogram.js';
import { percentileDistribution } from '../../src/lib/redis/bench/result.js';

function uniform(from: number, to: number): Histogram {
  const h = new Histogram();
  for (let v = from; v <= to; v++) h.record(v);
  return h;
}

/** Within the histogram's precision: 3 significant digits. */
function near(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(1, expected * 0.001));
}

describe('histogram layout', () => {
  it('covers 1 us to 1 h with 2048 sub-buckets in 22 buckets, like HdrHistogram with 3 digits', () => {
    expect(SUB_BUCKETS).toBe(2048);
    expect(BUCKET_COUNT).toBe(22);
    // Unit resolution below 2048 us, then buckets double in width.
    for (const v of [0, 1, 2, 1000, 2047]) expect(valueAt(indexOf(v))).toBe(v);
    expect(valueAt(indexOf(2049))).toBe(2048);
    expect(highestEquivalent(2048)).toBe(2049);
    expect(highestEquivalent(HIGHEST_US)).toBeGreaterThanOrEqual(HIGHEST_US);
    for (const v of [3, 999, 12_345, 1_000_000, 123_456_789, HIGHEST_US]) {
      const low = valueAt(indexOf(v));
      expect(low).toBeLessThanOrEqual(v);
      expect(v - low).toBeLessThanOrEqual(v * 0.001);
    }
  });
});

describe('percentiles', () => {
  it('of 1..10000 us (each once) are the exact ranks, to 0.1%', () => {
    const h = uniform(1, 10_000);
    const s = h.summary();
    expect(s.count).toBe(10_000);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10_000);
    expect(s.mean).toBe(5000.5);
    near(s.p50, 5000);
    near(s.p90, 9000);
    near(s.p99, 9900);
    near(s.p999, 9990);
    near(s.p9999, 9999);
    expect(h.valueAtPercentile(100)).toBe(10_000);
    expect(h.valueAtPercentile(0)).toBe(1);
  });

  it('of a bimodal distribution land in the right mode', () => {
    const h = new Histogram();
    h.recordCount(100, 990);
    h.recordCount(250_000, 10);
    expect(h.valueAtPercentile(50)).toBe(100);
    expect(h.valueAtPercentile(99)).toBe(100);
    near(h.valueAtPercentile(99.1), 250_000);
    near(h.valueAtPercentile(99.99), 250_000);
    expect(h.max).toBe(250_000);
  });

  it('clamps values: negatives to 0, more than an hour to an hour; fractions round', () => {
    const h = new Histogram();
    h.record(-5);
    h.record(Number.NaN);
    h.record(HIGHEST_US * 10);
    h.record(1.6);
    expect(h.total).toBe(4);
    expect(h.min).toBe(0);
    expect(h.max).toBe(HIGHEST_US);
    expect(h.valueAtPercentile(75)).toBe(2);
  });

  it('an empty histogram answers zeros', () => {
    expect(new Histogram().summary()).toEqual({ count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, max: 0 });
  });
});

describe('merging and serialization', () => {
  it('two halves merged give the percentiles of the whole', () => {
    const whole = uniform(1, 20_000);
    const a = uniform(1, 10_000);
    const b = uniform(10_001, 20_000);
    a.add(b);
    expect(a.summary()).toEqual(whole.summary());
  });

  it('round-trips through JSON, and JSON merges into another histogram', () => {
    const h = uniform(500, 90_000);
    const json = h.toJSON();
    expect(json.unit).toBe('us');
    expect(json.buckets.length).toBeLessThan(h.total);
    const back = Histogram.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(back.summary()).toEqual(h.summary());
    const merged = uniform(1, 499);
    merged.addJSON(json);
    expect(merged.summary()).toEqual(uniform(1, 90_000).summary());
  });

  it('a reset forgets everything, high and low; what comes after reads alone (reports every second reuse one)', () => {
    const h = uniform(1, 3000);
    h.record(HIGHEST_US);
    h.reset();
    expect(h.summary()).toEqual(new Histogram().summary());
    expect(h.toJSON().buckets).toEqual([]);
    expect([...h.counts].every((c) => c === 0)).toBe(true);
    for (let v = 5000; v <= 6000; v++) h.record(v);
    expect(h.summary()).toEqual(uniform(5000, 6000).summary());
    // Merged into one that held lower and higher values before, in either order.
    const wide = uniform(10, 20);
    wide.record(7_000_000);
    wide.add(h);
    const expected = uniform(10, 20);
    for (let v = 5000; v <= 6000; v++) expected.record(v);
    expected.record(7_000_000);
    expect(wide.summary()).toEqual(expected.summary());
    expect(wide.toJSON()).toEqual(expected.toJSON());
    const fromJson = Histogram.fromJSON(h.toJSON());
    fromJson.addJSON(uniform(10, 20).toJSON());
    fromJson.recordCount(7_000_000, 1);
    expect(fromJson.toJSON()).toEqual(expected.toJSON());
  });
});

describe('exact contents', () => {
  it('serializes the non-empty buckets only, with the exact count, extremes and sum', () => {
    const h = new Histogram();
    h.record(1);
    h.record(5);
    h.record(5);
    h.record(3000); // in the 2 us wide bucket starting at 3000
    h.record(3001);
    h.record(HIGHEST_US);
    expect(h.toJSON()).toEqual({
      unit: 'us',
      significantDigits: 3,
      count: 6,
      min: 1,
      max: HIGHEST_US,
      sum: 1 + 5 + 5 + 3000 + 3001 + HIGHEST_US,
      buckets: [
        [1, 1],
        [5, 2],
        [3000, 2],
        [valueAt(indexOf(HIGHEST_US)), 1],
      ],
    });
    expect(valueAt(indexOf(HIGHEST_US))).toBe(3_598_712_832);
    expect(JSON.parse(JSON.stringify(new Histogram().toJSON()))).toEqual({ unit: 'us', significantDigits: 3, count: 0, min: 0, max: 0, sum: 0, buckets: [] });
  });

  it('recordCount adds n values at once, and ignores a count of 0 or less', () => {
    const h = new Histogram();
    h.recordCount(7, 0);
    h.recordCount(9, -3);
    expect(h.toJSON()).toEqual(new Histogram().toJSON());
    expect(h.max).toBe(0);
    h.recordCount(100, 10);
    h.recordCount(40, 5);
    h.recordCount(70, 1);
    expect(h.summary()).toMatchObject({ count: 16, min: 40, max: 100, mean: 79.4 });
    expect(h.sum).toBe(1270);
    h.recordCount(-5, 1);
    h.recordCount(HIGHEST_US + 1, 1);
    expect(h.min).toBe(0);
    expect(h.max).toBe(HIGHEST_US);
  });

  it('merges take the lower minimum and the higher maximum of either side, and an empty side changes nothing', () => {
    const a = new Histogram();
    a.record(50);
    a.record(60);
    const low = new Histogram();
    low.record(5);
    const high = new Histogram();
    high.record(500);
    const before = a.toJSON();
    a.add(new Histogram());
    a.addJSON(new Histogram().toJSON());
    expect(a.toJSON()).toEqual(before);
    expect(a.valueAtPercentile(100)).toBe(60);
    a.add(low);
    expect([a.min, a.max]).toEqual([5, 60]);
    a.add(high);
    expect([a.min, a.max]).toEqual([5, 500]);
    const b = new Histogram();
    b.record(50);
    b.addJSON(low.toJSON());
    expect([b.min, b.max]).toEqual([5, 50]);
    b.addJSON(high.toJSON());
    expect([b.min, b.max, b.total, b.sum]).toEqual([5, 500, 3, 555]);
  });

  it('a reset clears a histogram that holds only zeros', () => {
    const h = new Histogram();
    h.record(0);
    h.reset();
    expect([...h.counts].every((c) => c === 0)).toBe(true);
    h.record(7);
    expect(h.toJSON().buckets).toEqual([[7, 1]]);
  });
});

describe('checkHistogramJson', () => {
  const good: HistogramJson = { unit: 'us', significantDigits: 3, count: 2, min: 1, max: 9, sum: 10, buckets: [[1, 1], [9, 1]] };

  it('accepts what toJSON writes', () => {
    expect(checkHistogramJson(good)).toBe(good);
    const json = JSON.parse(JSON.stringify(new Histogram().toJSON())) as unknown;
    expect(checkHistogramJson(json)).toBe(json);
  });

  it.each([
    [null, 'not an object'],
    ['{}', 'not an object'],
    [{ ...good, unit: 'ms' }, 'unit is not "us"'],
    [{ ...good, buckets: {} }, 'no buckets'],
    [{ ...good, buckets: [3] }, 'a bucket is not [value, count]'],
    [{ ...good, buckets: [[1, 1, 1]] }, 'a bucket is not [value, count]'],
    [{ ...good, buckets: [['1', 1]] }, 'a bucket is not [value, count]'],
    [{ ...good, buckets: [[1, '1']] }, 'a bucket is not [value, count]'],
    [{ ...good, buckets: [[-1, 1]] }, 'a bucket is not [value, count]'],
    [{ ...good, buckets: [[1, -1]] }, 'a bucket is not [value, count]'],
    [{ ...good, count: '2' }, 'count is not a number'],
    [{ ...good, min: undefined }, 'min is not a number'],
    [{ ...good, max: null }, 'max is not a number'],
    [{ ...good, sum: '10' }, 'sum is not a number'],
  ])('refuses %j: %s', (value, problem) => {
    expect(checkHistogramJson(value)).toBe(problem);
  });

  it('accepts buckets of value 0 and count 0', () => {
    expect(checkHistogramJson({ ...good, buckets: [[0, 0]] })).not.toBeTypeOf('string');
  });
});

describe('percentile distribution text (--hdr-out)', () => {
  it('follows HdrHistogram: header, ascending percentiles ending at 1.0, and the summary lines', () => {
    const text = percentileDistribution(uniform(1, 10_000));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+Value\s+Percentile\s+TotalCount 1\/\(1-Percentile\)$/);
    expect(lines[1]).toBe('');
    const rows = lines.slice(2).filter((l) => !l.startsWith('#'));
    const percentiles = rows.map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(percentiles[0]).toBe(0);
    expect(percentiles).toContain(0.5);
    expect(percentiles).toContain(0.9);
    expect(percentiles[percentiles.length - 1]).toBe(1);
    for (let i = 1; i < percentiles.length; i++) expect(percentiles[i] as number).toBeGreaterThan(percentiles[i - 1] as number);
    const half = rows.find((l) => Number(l.trim().split(/\s+/)[1]) === 0.5) as string;
    near(Number(half.trim().split(/\s+/)[0]) * 1000, 5000);
    expect(text).toMatch(/#\[Mean\s+=\s+5\.000, StdDeviation\s+=\s+2\.88\d\]/);
    expect(text).toMatch(/#\[Max\s+=\s+10\.000, Total count\s+=\s+10000\]/);
    expect(text).toMatch(/#\[Buckets =\s+22, SubBuckets\s+=\s+2048\]/);
  });
});
