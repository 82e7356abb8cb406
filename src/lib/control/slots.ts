// Hash-slot sets and the resharding plan: which slots move where when the shard count changes.
// Pure code, shared by `memctl scale --dry-run` and the local control plane that does the moving.

export const SLOT_COUNT = 16384;

/** Inclusive ranges, sorted, non-overlapping. */
export type SlotRanges = Array<[number, number]>;

/** "0-5460,5461,10923-16383" → ranges. */
export function parseSlots(text: string): SlotRanges {
  if (text.trim() === '') return [];
  const ranges = text.split(',').map((part): [number, number] => {
    if (!/^\s*\d+(-\d+)?\s*$/.test(part)) throw new Error(`invalid slot range "${part}"`);
    const [a, b = a] = part.trim().split('-');
    const from = Number(a);
    const to = Number(b);
    // The pattern admits only digits, so both are whole numbers of at least 0.
    if (to >= SLOT_COUNT || from > to) throw new Error(`invalid slot range "${part}"`);
    return [from, to];
  });
  return normalize(ranges);
}

/**
 * What is wrong with a shard's slots as a service reported them (another AWS-compatible endpoint may
 * say "0-54321"): undefined when they parse.
 */
export function slotsProblem(text: string): string | undefined {
  try {
    parseSlots(text);
    return undefined;
  } catch (err) {
    return `${(err as Error).message} (slots are 0-${SLOT_COUNT - 1})`;
  }
}

export function formatSlots(ranges: SlotRanges): string {
  return ranges.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)).join(',');
}

export function countSlots(ranges: SlotRanges): number {
  return ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
}

export function rangesOf(slots: number[]): SlotRanges {
  const sorted = [...slots].sort((x, y) => x - y);
  const out: SlotRanges = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s === last[1] + 1) last[1] = s;
    else if (last === undefined || s > last[1]) out.push([s, s]);
  }
  return out;
}

export function slotsOf(ranges: SlotRanges): number[] {
  const out: number[] = [];
  for (const [a, b] of ranges) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

function normalize(ranges: SlotRanges): SlotRanges {
  return rangesOf(slotsOf(ranges));
}

/** 16384 slots split evenly and contiguously, the first shards taking the remainder. */
export function evenSlotRanges(shardCount: number): SlotRanges[] {
  const out: SlotRanges[] = [];
  let start = 0;
  for (let i = 0; i < shardCount; i++) {
    const size = quota(i, shardCount);
    out.push([[start, start + size - 1]]);
    start += size;
  }
  return out;
}

function quota(index: number, shardCount: number): number {
  return Math.floor(SLOT_COUNT / shardCount) + (index < SLOT_COUNT % shardCount ? 1 : 0);
}

export interface ShardSlots {
  name: string;
  slots: SlotRanges;
}

export interface SlotMove {
  from: string;
  to: string;
  slots: SlotRanges;
}

export interface ReshardPlan {
  moves: SlotMove[];
  /** Every target shard with the slots it owns afterwards, in target order. */
  layout: ShardSlots[];
  movedSlots: number;
}

/**
 * The fewest slot moves that balance `target` shards (existing ones keep what they can: a shard
 * over its share gives away its highest slots; shards leaving give away everything; shards under
 * their share take the lowest free slots).
 */
export function planReshard(current: ShardSlots[], target: string[]): ReshardPlan {
  if (target.length === 0) throw new Error('a cluster needs at least one shard');
  const owned = new Map<string, number[]>(current.map((s) => [s.name, slotsOf(s.slots)]));
  const covered = [...owned.values()].reduce((n, s) => n + s.length, 0);
  if (covered !== SLOT_COUNT) throw new Error(`the shards hold ${covered} of ${SLOT_COUNT} slots`);
  const pool: Array<{ slot: number; from: string }> = [];
  for (const [name, slots] of owned) {
    if (!target.includes(name)) for (const slot of slots) pool.push({ slot, from: name });
  }
  target.forEach((name, i) => {
    const slots = owned.get(name) ?? [];
    // A shard over its share gives away its highest slots (nothing when it is not over).
    for (const slot of slots.splice(quota(i, target.length))) pool.push({ slot, from: name });
    owned.set(name, slots);
  });
  pool.sort((a, b) => a.slot - b.slot);
  const moved = new Map<string, number[]>();
  // The shards hold SLOT_COUNT slots and the quotas add up to SLOT_COUNT, so the pool holds at
  // least what the shards under their share lack.
  let next = 0;
  target.forEach((name, i) => {
    const slots = owned.get(name) as number[];
    while (slots.length < quota(i, target.length)) {
      const item = pool[next++] as { slot: number; from: string };
      slots.push(item.slot);
      const key = `${item.from}\u0000${name}`;
      const slotsMoved = moved.get(key) ?? [];
      slotsMoved.push(item.slot);
      moved.set(key, slotsMoved);
    }
  });
  const moves: SlotMove[] = [...moved].map(([key, slots]) => {
    const [from, to] = key.split('\u0000') as [string, string];
    return { from, to, slots: rangesOf(slots) };
  });
  return {
    moves,
    layout: target.map((name) => ({ name, slots: rangesOf(owned.get(name) as number[]) })),
    movedSlots: moves.reduce((n, m) => n + countSlots(m.slots), 0),
  };
}
