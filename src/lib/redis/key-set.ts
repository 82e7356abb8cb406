// A set of key names as bytes, for the sweeps' "every key exactly once": the names are copied
// into 1 MB pages and found again through an open-addressing table of typed arrays (FNV-1a
// hashes). Nothing is copied as the set grows but the table, so a million keys take about 40 MB
// and no garbage, where a Set of strings took ~100 MB and a string per key for the collector.

const EMPTY = 0;
const TOMBSTONE = -1;
/** 1 MB: an entry's place is its page (12 bits: 4 GB of names) and its offset there (20 bits). */
const PAGE_BYTES = 1 << 20;
/** Entries per page of the per-entry arrays. */
const ENTRY_BITS = 16;
const ENTRY_PAGE = 1 << ENTRY_BITS;
const ENTRY_MASK = ENTRY_PAGE - 1;
/** The table grows past this share of slots in use (live entries and tombstones). */
const MAX_LOAD = 0.7;

function fnv1a(key: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class KeySet {
  /** The names, one after another, in pages (a name longer than a page gets a page of its own). */
  private readonly pages: Buffer[] = [];
  private pageUsed = PAGE_BYTES;
  /** Per entry, in pages of ENTRY_PAGE: where it is (page << 20 | offset) and its length. */
  private readonly offsets: Uint32Array[] = [];
  private readonly lengths: Uint32Array[] = [];
  private entries = 0;
  /** Slots: entry index + 1, EMPTY or TOMBSTONE, and the entry's hash; a power of two of them. */
  private slots = new Int32Array(1024);
  private slotHashes = new Uint32Array(1024);
  private occupied = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  has(key: Buffer): boolean {
    return this.find(key, fnv1a(key)) >= 0;
  }

  /** Adds the name (copied); false when it was there already. */
  add(key: Buffer): boolean {
    const hash = fnv1a(key);
    if (this.find(key, hash) >= 0) return false;
    if (this.occupied + 1 > this.slots.length * MAX_LOAD) this.rehash(this.live + 1 > this.slots.length / 2 ? this.slots.length * 2 : this.slots.length);
    const entry = this.store(key);
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i] as number;
      if (s === EMPTY || s === TOMBSTONE) {
        if (s === EMPTY) this.occupied++;
        this.slots[i] = entry + 1;
        this.slotHashes[i] = hash;
        break;
      }
    }
    this.live++;
    return true;
  }

  /** Removes the name (its bytes stay until the set is dropped). */
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
      if (s === TOMBSTONE || this.slotHashes[i] !== hash) continue;
      const e = s - 1;
      const p = e >>> ENTRY_BITS;
      const j = e & ENTRY_MASK;
      if ((this.lengths[p] as Uint32Array)[j] !== key.length) continue;
      const where = (this.offsets[p] as Uint32Array)[j] as number;
      const at = where & (PAGE_BYTES - 1);
      if (key.compare(this.pages[where >>> 20] as Buffer, at, at + key.length) === 0) return i;
    }
  }

  private store(key: Buffer): number {
    if (this.pageUsed + key.length > PAGE_BYTES || this.pages.length === 0) {
      this.pages.push(Buffer.allocUnsafe(Math.max(PAGE_BYTES, key.length)));
      this.pageUsed = 0;
    }
    const e = this.entries++;
    const p = e >>> ENTRY_BITS;
    if (p === this.offsets.length) {
      this.offsets.push(new Uint32Array(ENTRY_PAGE));
      this.lengths.push(new Uint32Array(ENTRY_PAGE));
    }
    const j = e & ENTRY_MASK;
    key.copy(this.pages[this.pages.length - 1] as Buffer, this.pageUsed);
    (this.offsets[p] as Uint32Array)[j] = (((this.pages.length - 1) << 20) | this.pageUsed) >>> 0;
    (this.lengths[p] as Uint32Array)[j] = key.length;
    // A name that filled a page of its own leaves no room there.
    this.pageUsed = key.length > PAGE_BYTES ? PAGE_BYTES : this.pageUsed + key.length;
    return e;
  }

  /** A fresh table of `size` slots holding the live entries (tombstones dropped). */
  private rehash(size: number): void {
    const old = this.slots;
    const oldHashes = this.slotHashes;
    this.slots = new Int32Array(size);
    this.slotHashes = new Uint32Array(size);
    this.occupied = 0;
    const mask = size - 1;
    for (let k = 0; k < old.length; k++) {
      const s = old[k] as number;
      if (s <= 0) continue;
      const hash = oldHashes[k] as number;
      for (let i = hash & mask; ; i = (i + 1) & mask) {
        if (this.slots[i] === EMPTY) {
          this.slots[i] = s;
          this.slotHashes[i] = hash;
          this.occupied++;
          break;
        }
      }
    }
  }
}
