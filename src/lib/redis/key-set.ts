// A set of key names as bytes, for the sweeps' "every key exactly once": the names are copied
// into one growing buffer and found again through an open-addressing table of typed arrays
// (FNV-1a hashes). A million keys take a few tens of MB and no garbage, where a Set of strings
// took ~100 MB and a string per key for the collector.

const EMPTY = 0;
const TOMBSTONE = -1;

function fnv1a(key: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class KeySet {
  /** The names, one after another. */
  private arena = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  /** Per entry: where its name starts, its length, its hash. */
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private hashes = new Uint32Array(1024);
  private entries = 0;
  /** Slots: entry index + 1, EMPTY or TOMBSTONE. A power of two, at most half full. */
  private slots = new Int32Array(2048);
  private occupied = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  has(key: Buffer): boolean {
    return this.find(key, fnv1a(key)) >= 0;
  }

  /** Adds the name; false when it was there already. */
  add(key: Buffer): boolean {
    const hash = fnv1a(key);
    if (this.find(key, hash) >= 0) return false;
    if ((this.occupied + 1) * 2 > this.slots.length) this.rehash(this.live * 4 > this.slots.length ? this.slots.length * 2 : this.slots.length);
    const entry = this.store(key, hash);
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i] as number;
      if (s === EMPTY || s === TOMBSTONE) {
        if (s === EMPTY) this.occupied++;
        this.slots[i] = entry + 1;
        break;
      }
    }
    this.live++;
    return true;
  }

  /** Removes the name (its bytes stay in the arena until the set is dropped). */
  delete(key: Buffer): boolean {
    const slot = this.find(key, fnv1a(key));
    if (slot < 0) return false;
    this.slots[slot] = TOMBSTONE;
    this.live--;
    return true;
  }

  /** The slot holding the name, or -1. */
  private find(key: Buffer, hash: number): number {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i] as number;
      if (s === EMPTY) return -1;
      if (s === TOMBSTONE) continue;
      const e = s - 1;
      if (this.hashes[e] === hash && this.lengths[e] === key.length) {
        const at = this.offsets[e] as number;
        if (key.compare(this.arena, at, at + key.length) === 0) return i;
      }
    }
  }

  private store(key: Buffer, hash: number): number {
    if (this.used + key.length > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + key.length));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    if (this.entries === this.offsets.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const next = make(a.length * 2);
        next.set(a);
        return next;
      };
      this.offsets = grow(this.offsets, (n) => new Float64Array(n));
      this.lengths = grow(this.lengths, (n) => new Uint32Array(n));
      this.hashes = grow(this.hashes, (n) => new Uint32Array(n));
    }
    key.copy(this.arena, this.used);
    const e = this.entries++;
    this.offsets[e] = this.used;
    this.lengths[e] = key.length;
    this.hashes[e] = hash;
    this.used += key.length;
    return e;
  }

  /** A fresh table of `size` slots holding the live entries (tombstones dropped). */
  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    this.occupied = 0;
    const mask = size - 1;
    for (const s of old) {
      if (s <= 0) continue;
      for (let i = (this.hashes[s - 1] as number) & mask; ; i = (i + 1) & mask) {
        if (this.slots[i] === EMPTY) {
          this.slots[i] = s;
          this.occupied++;
          break;
        }
      }
    }
  }
}
