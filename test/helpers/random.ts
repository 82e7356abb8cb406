// A seeded generator for the property tests (a linear congruential one: fast, and a failure is
// repeatable from its seed): each call gives the next number in [0, 1).
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
