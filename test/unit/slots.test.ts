import { describe, expect, it } from 'vitest';
import { countSlots, evenSlotRanges, formatSlots, parseSlots, planReshard, rangesOf, SLOT_COUNT, slotsOf, slotsProblem, type ShardSlots } from '../../src/lib/control/slots.js';

const layoutOf = (n: number): ShardSlots[] => evenSlotRanges(n).map((slots, i) => ({ name: String(i + 1).padStart(4, '0'), slots }));
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i + 1).padStart(4, '0'));

function expectPartition(layout: ShardSlots[]): void {
  const all = layout.flatMap((s) => slotsOf(s.slots)).sort((a, b) => a - b);
  expect(all).toHaveLength(SLOT_COUNT);
  expect(new Set(all).size).toBe(SLOT_COUNT);
  const counts = layout.map((s) => countSlots(s.slots));
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
}

describe('slot ranges', () => {
  it('parses and formats, merging adjacent ranges', () => {
    expect(parseSlots('0-5460,5461,10923-16383')).toEqual([
      [0, 5461],
      [10923, 16383],
    ]);
    expect(formatSlots(parseSlots('7,1-3'))).toBe('1-3,7');
    expect(parseSlots('')).toEqual([]);
    for (const bad of ['a-b', '5-2', '0-16384', '-1']) expect(() => parseSlots(bad)).toThrow(/invalid slot range/);
  });

  it('takes spaces around each range and blank text, and refuses anything else after a range', () => {
    expect(parseSlots('   ')).toEqual([]);
    expect(parseSlots(' 1-2 , 5 ')).toEqual([
      [1, 2],
      [5, 5],
    ]);
    expect(parseSlots('16383')).toEqual([[16383, 16383]]);
    for (const bad of ['1-2-3', '1-2x', '16384', '1-16384', ' 3 4', `1-${'9'.repeat(400)}`]) expect(() => parseSlots(bad), bad).toThrow(`invalid slot range "${bad}"`);
  });

  it('says what is wrong with slots a service reported, and nothing when they parse', () => {
    expect(slotsProblem('0-16383')).toBeUndefined();
    expect(slotsProblem('0-54321')).toBe('invalid slot range "0-54321" (slots are 0-16383)');
  });

  it('makes ranges of slots in any order, with repeats', () => {
    expect(rangesOf([5, 3, 4, 4, 9, 3, 10])).toEqual([
      [3, 5],
      [9, 10],
    ]);
    expect(rangesOf([])).toEqual([]);
  });

  it('splits evenly with the first shards taking the remainder', () => {
    expect(evenSlotRanges(3)).toEqual([[[0, 5461]], [[5462, 10922]], [[10923, 16383]]]);
    expectPartition(layoutOf(7));
  });
});

describe('planReshard', () => {
  it('2 → 3 moves exactly a third of the slots, all to the new shard, and the result is balanced', () => {
    const plan = planReshard(layoutOf(2), names(3));
    expect(plan.moves.every((m) => m.to === '0003')).toBe(true);
    expect(plan.movedSlots).toBe(5461);
    expect(plan.layout.map((s) => countSlots(s.slots))).toEqual([5462, 5461, 5461]);
    expectPartition(plan.layout);
    // Existing shards keep the low end of what they had.
    expect(plan.layout[0]?.slots[0]).toEqual([0, 5461]);
  });

  it('3 → 2 moves only the leaving shard’s slots and restores balance', () => {
    const three = planReshard(layoutOf(2), names(3)).layout;
    const plan = planReshard(three, names(2));
    expect(plan.moves.every((m) => m.from === '0003')).toBe(true);
    expect(plan.movedSlots).toBe(countSlots(three[2]?.slots ?? []));
    expectPartition(plan.layout);
  });

  it('handles 1 → 5 → 1 and unchanged counts (no moves)', () => {
    const five = planReshard(layoutOf(1), names(5));
    expectPartition(five.layout);
    expect(planReshard(five.layout, names(5)).moves).toEqual([]);
    const one = planReshard(five.layout, names(1));
    expect(one.layout[0]?.slots).toEqual([[0, 16383]]);
  });

  it('gives shards under their share the lowest free slots, whichever shard gave them', () => {
    // Both shards leave; the pool holds 0001's high slots before 0002's low ones.
    const plan = planReshard(
      [
        { name: '0001', slots: [[8192, 16383]] },
        { name: '0002', slots: [[0, 8191]] },
      ],
      ['0003', '0004'],
    );
    expect(plan.layout).toEqual([
      { name: '0003', slots: [[0, 8191]] },
      { name: '0004', slots: [[8192, 16383]] },
    ]);
    expect(plan.moves).toEqual([
      { from: '0002', to: '0003', slots: [[0, 8191]] },
      { from: '0001', to: '0004', slots: [[8192, 16383]] },
    ]);
    expect(plan.movedSlots).toBe(SLOT_COUNT);
  });

  it('refuses a plan without shards', () => {
    expect(() => planReshard(layoutOf(2), [])).toThrow('a cluster needs at least one shard');
  });

  it('refuses a layout that does not cover every slot', () => {
    expect(() => planReshard([{ name: '0001', slots: [[0, 100]] }], names(2))).toThrow(/hold 101 of 16384/);
  });
});
