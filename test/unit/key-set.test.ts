// The sweeps' set of key names, against JavaScript's own Set over the same operations: random
// binary names (empty, long, sharing prefixes), adds, repeats and deletes, through several growths.
import { describe, expect, it } from 'vitest';
import { KeySet } from '../../src/lib/redis/key-set.js';
import { seededRandom } from '../helpers/random.js';

describe('KeySet', () => {
  it.each([
    ['growing step by step', 0],
    ['sized up front (reserve)', 15_000],
    ['sized too small up front', 3_001],
  ])('agrees with a Set of the names through 60,000 adds, repeats and deletes, %s', (_, reserved) => {
    const next = seededRandom(7);
    const names: Buffer[] = [];
    for (let i = 0; i < 20_000; i++) {
      const kind = next();
      // Empty, long (a length of 255 and more is kept apart), and short names from 4 letters.
      const length = kind < 0.01 ? 0 : kind < 0.05 ? 200 + Math.floor(next() * 2000) : kind < 0.06 ? 253 + Math.floor(next() * 4) : 1 + Math.floor(next() * 24);
      const name = Buffer.alloc(length);
      for (let j = 0; j < length; j++) name[j] = Math.floor(next() * (kind < 0.5 ? 4 : 256));
      names.push(name);
    }
    const set = new KeySet();
    if (reserved > 0) set.reserve(reserved);
    const reference = new Set<string>();
    const disagreements: string[] = [];
    for (let op = 0; op < 60_000; op++) {
      const name = names[Math.floor(next() * names.length)] as Buffer;
      const text = name.toString('latin1');
      if (next() < 0.2) {
        if (set.delete(name) !== reference.delete(text)) disagreements.push(`delete #${op}`);
      } else {
        const added = !reference.has(text);
        reference.add(text);
        if (set.add(Buffer.from(name)) !== added) disagreements.push(`add #${op}`);
      }
      if (set.size !== reference.size) disagreements.push(`size after #${op}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    for (const name of names) expect(set.has(name)).toBe(reference.has(name.toString('latin1')));
  });

  it('adds a batch as one add after another would: the new names, in order, up to a limit', () => {
    const next = seededRandom(9);
    const batchWise = new KeySet();
    const oneByOne = new KeySet();
    for (let round = 0; round < 300; round++) {
      const batch = Array.from({ length: Math.floor(next() * 300) }, () => Buffer.from(`k${Math.floor(next() * 20_000)}`));
      const limit = next() < 0.2 ? Math.floor(next() * 50) : Number.POSITIVE_INFINITY;
      const expected: Buffer[] = [];
      for (const key of batch) if (expected.length < limit && oneByOne.add(key)) expected.push(key);
      expect(batchWise.addAll(batch, limit)).toEqual(expected);
      expect(batchWise.size).toBe(oneByOne.size);
    }
  });

  it('tells apart names of the same length and hash bucket, and keeps no view of the buffer it was given', () => {
    const set = new KeySet();
    const scratch = Buffer.from('key:0001');
    expect(set.add(scratch)).toBe(true);
    scratch.write('key:0002');
    expect(set.has(Buffer.from('key:0001'))).toBe(true);
    expect(set.add(scratch)).toBe(true);
    expect(set.add(Buffer.from('key:0001'))).toBe(false);
    expect(set.delete(Buffer.from('key:0003'))).toBe(false);
    expect(set.size).toBe(2);
    // Names longer than a page of the set (1 MB), and names after them.
    const long = Buffer.alloc(3 * 1024 * 1024, 7);
    expect(set.add(long)).toBe(true);
    expect(set.add(Buffer.from('after'))).toBe(true);
    expect([set.has(Buffer.alloc(3 * 1024 * 1024, 7)), set.has(Buffer.from('after')), set.has(Buffer.from('key:0001'))]).toEqual([true, true, true]);
    long[100] = 8;
    expect(set.has(long)).toBe(false);
  });
});
