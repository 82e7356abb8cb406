// A compact HDR-style latency histogram: log-linear buckets with 3 significant digits over
// 1 µs .. 1 h, so any recorded value is known to within 0.1%. Recording is a few integer
// operations (no allocation); histograms merge by adding counts, and serialize as the non-empty
// buckets so results from several machines can be merged later.

export const LOWEST_US = 1;
export const HIGHEST_US = 3_600_000_000;
export const SIGNIFICANT_DIGITS = 3;

/**
 * Zero, but stored as a floating-point number. A field that starts as a small integer and later
 * gets a fraction (a clock reading) or a large sum changes its object's layout, and V8 then throws
 * away the compiled code of everything that uses the object: the benchmark's hot path runs slowly
 * for a while, in the middle of the measurement. Fields like that start at DOUBLE_ZERO.
 */
export const DOUBLE_ZERO = -0;

// 2 * 10^3 values must be told apart with unit resolution: 2048 sub-buckets (half: 1024).
const SUB_BUCKET_COUNT_MAGNITUDE = Math.ceil(Math.log2(2 * 10 ** SIGNIFICANT_DIGITS));
const SUB_BUCKET_COUNT = 2 ** SUB_BUCKET_COUNT_MAGNITUDE;
const SUB_BUCKET_HALF_MAGNITUDE = SUB_BUCKET_COUNT_MAGNITUDE - 1;
const SUB_BUCKET_HALF = SUB_BUCKET_COUNT / 2;
const SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
export const BUCKET_COUNT = (() => {
  let smallestUntrackable = SUB_BUCKET_COUNT;
  let buckets = 1;
  while (smallestUntrackable <= HIGHEST_US) {
    smallestUntrackable *= 2;
    buckets++;
  }
  return buckets;
})();
export const SUB_BUCKETS = SUB_BUCKET_COUNT;
const COUNTS_LENGTH = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF;

/** The index in the counts array of a value (0 .. HIGHEST_US, whole microseconds). */
export function indexOf(value: number): number {
  // Bitwise operations see the value as 32 bits; HIGHEST_US < 2^32 keeps >>> exact.
  const bucket = 31 - Math.clz32(value | SUB_BUCKET_MASK) - SUB_BUCKET_HALF_MAGNITUDE;
  const sub = value >>> bucket;
  return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (sub - SUB_BUCKET_HALF);
}

/** The lowest value that lands in the bucket at this index. */
export function valueAt(index: number): number {
  let bucket = (index >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  let sub = (index & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF;
  if (bucket < 0) {
    sub -= SUB_BUCKET_HALF;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

/** The width of the bucket holding this value (1 below 2048 µs, then doubling). */
function bucketWidth(value: number): number {
  const bucket = 31 - Math.clz32(value | SUB_BUCKET_MASK) - SUB_BUCKET_HALF_MAGNITUDE;
  return 2 ** bucket;
}

/** The highest value that is recorded in the same bucket as this one. */
export function highestEquivalent(value: number): number {
  return valueAt(indexOf(value)) + bucketWidth(value) - 1;
}

/** The serialized form: the -o json contract (see docs/json.md). */
export interface HistogramJson {
  unit: 'us';
  significantDigits: number;
  count: number;
  min: number;
  max: number;
  /** Sum of every recorded value (µs), so means merge exactly. */
  sum: number;
  /** [lowest value of the bucket in µs, count] for every non-empty bucket, ascending. */
  buckets: Array<[number, number]>;
}

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  p9999: number;
  max: number;
}

export class Histogram {
  readonly counts = new Float64Array(COUNTS_LENGTH);
  total = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;
  sum = DOUBLE_ZERO;
  // The lowest and highest non-empty index: what reads, resets and merges scan (a benchmark's
  // latencies fill a few hundred of the 23,552 buckets, and a report is made every second).
  private lo = COUNTS_LENGTH;
  private hi = -1;

  private touch(i: number): void {
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
  }

  /** Records a latency in microseconds (fractions rounded; clamped to 0 .. 1 h). */
  record(us: number): void {
    let v = Math.round(us);
    if (!(v > 0)) v = 0; // NaN and negatives (a clock step) count as 0
    else if (v > HIGHEST_US) v = HIGHEST_US;
    const i = indexOf(v);
    this.counts[i] = (this.counts[i] as number) + 1;
    this.touch(i);
    this.total++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  recordCount(us: number, count: number): void {
    if (count <= 0) return;
    const v = Math.min(HIGHEST_US, Math.max(0, Math.round(us)));
    const i = indexOf(v);
    this.counts[i] = (this.counts[i] as number) + count;
    this.touch(i);
    this.total += count;
    this.sum += v * count;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  add(other: Histogram): void {
    if (other.total === 0) return;
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = other.lo; i <= other.hi; i++) if (theirs[i] !== 0) mine[i] = (mine[i] as number) + (theirs[i] as number);
    this.touch(other.lo);
    this.touch(other.hi);
    this.total += other.total;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    if (this.hi >= 0) this.counts.fill(0, this.lo, this.hi + 1);
    this.lo = COUNTS_LENGTH;
    this.hi = -1;
    this.total = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = 0;
    this.sum = 0;
  }

  /**
   * The value at a percentile (0-100): the highest value equivalent to the bucket where the
   * cumulative count reaches ceil(percentile% of the total), capped at the exact maximum.
   */
  valueAtPercentile(percentile: number): number {
    // An empty histogram has no bucket to scan and answers its max, 0.
    const p = Math.min(100, Math.max(0, percentile));
    const wanted = Math.max(1, Math.ceil((p / 100) * this.total - 1e-9));
    let seen = 0;
    for (let i = this.lo; i <= this.hi; i++) {
      seen += this.counts[i] as number;
      if (seen >= wanted) return Math.min(this.max, Math.max(this.min, highestEquivalent(valueAt(i))));
    }
    return this.max;
  }

  mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      min: this.total === 0 ? 0 : this.min,
      mean: Math.round(this.mean() * 10) / 10,
      p50: this.valueAtPercentile(50),
      p90: this.valueAtPercentile(90),
      p99: this.valueAtPercentile(99),
      p999: this.valueAtPercentile(99.9),
      p9999: this.valueAtPercentile(99.99),
      max: this.max,
    };
  }

  toJSON(): HistogramJson {
    const buckets: Array<[number, number]> = [];
    for (let i = this.lo; i <= this.hi; i++) {
      const c = this.counts[i] as number;
      if (c !== 0) buckets.push([valueAt(i), c]);
    }
    return { unit: 'us', significantDigits: SIGNIFICANT_DIGITS, count: this.total, min: this.total === 0 ? 0 : this.min, max: this.max, sum: this.sum, buckets };
  }

  static fromJSON(json: HistogramJson): Histogram {
    const h = new Histogram();
    h.addJSON(json);
    return h;
  }

  /** Adds a serialized histogram (bucket values land in the same buckets here). */
  addJSON(json: HistogramJson): void {
    let count = 0;
    for (const [value, c] of json.buckets) {
      const i = indexOf(Math.min(HIGHEST_US, Math.max(0, Math.round(value))));
      this.counts[i] = (this.counts[i] as number) + c;
      this.touch(i);
      count += c;
    }
    if (count === 0) return;
    this.total += count;
    this.sum += json.sum;
    if (json.min < this.min) this.min = json.min;
    if (json.max > this.max) this.max = json.max;
  }
}

/** A valid serialized histogram, or a message saying what is wrong with it. */
export function checkHistogramJson(value: unknown): HistogramJson | string {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const h = value as Partial<HistogramJson>;
  if (h.unit !== 'us') return 'unit is not "us"';
  if (!Array.isArray(h.buckets)) return 'no buckets';
  for (const b of h.buckets) {
    if (!Array.isArray(b) || b.length !== 2 || typeof b[0] !== 'number' || typeof b[1] !== 'number' || b[0] < 0 || b[1] < 0) return 'a bucket is not [value, count]';
  }
  for (const k of ['count', 'min', 'max', 'sum'] as const) if (typeof h[k] !== 'number') return `${k} is not a number`;
  return h as HistogramJson;
}
