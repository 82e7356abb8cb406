// @ts-nocheck
// Which key each request uses: a number in [minimum, maximum] drawn by a pattern. Uniform and
// gaussian draw at random; zipf makes a few keys hot (rank 1 = minimum is the hottest); sequential
// walks the range in order, shared by every client and thread through one atomic counter, so
// --requests equal to the key-space size touches each key exactly once.

export const KEY_PATTERNS = ['uniform', 'sequential', 'gaussian', 'zipf'] as const;
export type KeyPattern = (typeof KEY_PATTERNS)[number];

export interface KeySpace {
  minimum: number;
  maximum: number;
  pattern: KeyPattern;
  /** gaussian: standard deviation (default a sixth of the range). */
  stddev?: number | undefined;
  /** zipf: the exponent (default 0.99, hotter as it grows). */
  zipfExponent?: number | undefined;
}

export type Random = () => number;

export interface KeyGenerator {
  next(): number;
}

/** A counter in shared memory every worker of a run increments (sequential keys). */
export function sequenceCounter(): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(4));
}

export function keyGenerator(space: KeySpace, random: Random = Math.random, sequence: Uint32Array = sequenceCounter()): KeyGenerator {
  const { minimum, maximum } = space;
  const range = maximum - minimum + 1;
  switch (space.pattern) {
    case 'uniform':
      return { next: () => minimum + Math.floor(random() * range) };
    case 'sequential':
      return { next: () => minimum + ((Atomics.add(sequence, 0, 1) >>> 0) % range) };
    case 'gaussian': {
      const mean = (minimum + maximum) / 2;
      const stddev = space.stddev ?? range / 6;
      return { next: () => gaussianKey(mean, stddev, minimum, maximum, random) };
    }
    case 'zipf': {
      const zipf = new ZipfSampler(range, space.zipfExponent ?? 0.99, random);
      return { next: () => minimum + zipf.sample() - 1 };
    }
  }
}

function gaussianKey(mean: number, stddev: number, minimum: number, maximum: number, random: Random): number {
  // Box-Muller; draws outside the range are drawn again (bounded), then clamped.
  for (let tries = 0; tries < 32; tries++) {
    const u = 1 - random();
    const v = random();
    const key = Math.round(mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    if (key >= minimum && key <= maximum) return key;
  }
  return Math.round(Math.min(maximum, Math.max(minimum, mean)));
}

/** log1p(x)/x, accurate near 0. */
function log1pOverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x / 2 + (x * x) / 3;
}

/** expm1(x)/x, accurate near 0. */
function expm1OverX(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x / 2 + (x * x) / 6;
}

/**
 * Zipf ranks 1..n with P(k) proportional to k^-s, drawn in constant time and memory by
 * rejection-inversion (Hörmann and Derflinger): invert the integral of the continuous density,
 * round, and accept or draw again, which is exact for every s > 0.
 */
export class ZipfSampler {
  private readonly hX1: number;
  private readonly hN: number;
  private readonly accept: number;

  constructor(
    private readonly n: number,
    private readonly s: number,
    private readonly random: Random = Math.random,
  ) {
    this.hX1 = this.bigH(1.5) - 1;
    this.hN = this.bigH(n + 0.5);
    this.accept = 2 - this.bigHInverse(this.bigH(2.5) - this.h(2));
  }

  /** The density: x^-s. */
  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }

  /** Its integral, (x^(1-s) - 1) / (1 - s), continuous through s = 1. */
  private bigH(x: number): number {
    const logX = Math.log(x);
    return expm1OverX((1 - this.s) * logX) * logX;
  }

  private bigHInverse(x: number): number {
    const t = x * (1 - this.s);
    return Math.exp(log1pOverX(t) * x);
  }

  sample(): number {
    for (;;) {
      const u = this.hN + this.random() * (this.hX1 - this.hN);
      const x = this.bigHInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.accept || u >= this.bigH(k + 0.5) - this.h(k)) return k;
    }
  }
}
