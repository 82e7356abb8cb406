// A set of key names as bytes, for the sweeps' "every key exactly once": the names are copied
// into 1 MB pages and found again through an open-addressing table (FNV-1a hashes, linear
// probing). Each slot is two int32s side by side, the entry and its hash, so a probe touches one
// cache line; the table is sized to the keys expected (reserve), not to a power of two, so a
// million keys take about 32 MB and no garbage, where a Set of strings took ~100 MB and a string
// per key for the collector.

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
const MIN_SLOTS = 1024;
/** A length of this or more is kept in `longLengths` (the per-entry lengths are bytes). */
const LONG = 255;
/** Names up to this long are copied byte by byte (a native copy costs more for them). */
const SHORT_COPY = 48;

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
  private readonly lengths: Uint8Array[] = [];
  /** The lengths of LONG bytes or more, by entry. */
  private readonly longLengths = new Map<number, number>();
  private entries = 0;
  /** Slot i: [2i] entry index + 1, EMPTY or TOMBSTONE; [2i + 1] the entry's hash. */
  private table = new Int32Array(2 * MIN_SLOTS);
  private slotCount = MIN_SLOTS;
  private occupied = 0;
  private live = 0;
  /** addAll's hashes of a batch, and what its early reads saw (kept, so they are not left out). */
  private hashes = new Uint32Array(0);
  private touched = 0;

  get size(): number {
    return this.live;
  }

  /** Makes room for `more` names beyond those held, in one step (no growth while they come). */
  reserve(more: number): void {
    const wanted = Math.ceil((this.live + more) / MAX_LOAD) + 1;
    if (wanted > this.slotCount) this.rehash(wanted);
  }

  has(key: Buffer): boolean {
    return this.find(key, fnv1a(key)) >= 0;
  }

  /** Adds the name (copied); false when it was there already. */
  add(key: Buffer): boolean {
    return this.addHashed(key, fnv1a(key));
  }

  /**
   * Adds the names not held yet, the first `limit` of them at most, and returns those, in order.
   * The hashes are worked out first and each name's first slot read then, all of them: those reads
   * miss the CPU's caches (the table is big and the slots random), and made back to back the
   * misses overlap, where one add after another waits for each in turn.
   */
  addAll(keys: Buffer[], limit = Number.POSITIVE_INFINITY): Buffer[] {
    const n = keys.length;
    if (this.hashes.length < n) this.hashes = new Uint32Array(2 * n);
    const hashes = this.hashes;
    const table = this.table;
    const slots = this.slotCount;
    let touched = 0;
    for (let i = 0; i < n; i++) {
      const hash = fnv1a(keys[i] as Buffer);
      hashes[i] = hash;
      touched ^= table[2 * (hash % slots)] as number;
    }
    this.touched = touched;
    const out: Buffer[] = [];
    for (let i = 0; i < n && out.length < limit; i++) if (this.addHashed(keys[i] as Buffer, hashes[i] as number)) out.push(keys[i] as Buffer);
    return out;
  }

  private addHashed(key: Buffer, hash: number): boolean {
    if (this.find(key, hash) >= 0) return false;
    if (this.occupied + 1 > this.slotCount * MAX_LOAD) this.rehash(this.live + 1 > this.slotCount / 2 ? this.slotCount * 2 : this.slotCount);
    const entry = this.store(key);
    const table = this.table;
    const n = this.slotCount;
    for (let i = hash % n; ; i = i + 1 === n ? 0 : i + 1) {
      const s = table[2 * i] as number;
      if (s === EMPTY || s === TOMBSTONE) {
        if (s === EMPTY) this.occupied++;
        table[2 * i] = entry + 1;
        table[2 * i + 1] = hash;
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
    this.table[2 * slot] = TOMBSTONE;
    this.live--;
    return true;
  }

  private lengthOf(e: number): number {
    const short = (this.lengths[e >>> ENTRY_BITS] as Uint8Array)[e & ENTRY_MASK] as number;
    return short < LONG ? short : (this.longLengths.get(e) as number);
  }

  /** The slot holding the name, or -1. */
  private find(key: Buffer, hash: number): number {
    const table = this.table;
    const n = this.slotCount;
    const signed = hash | 0;
    for (let i = hash % n; ; i = i + 1 === n ? 0 : i + 1) {
      const s = table[2 * i] as number;
      if (s === EMPTY) return -1;
      if (s === TOMBSTONE || table[2 * i + 1] !== signed) continue;
      const e = s - 1;
      if (this.lengthOf(e) !== key.length) continue;
      const where = (this.offsets[e >>> ENTRY_BITS] as Uint32Array)[e & ENTRY_MASK] as number;
      const at = where & (PAGE_BYTES - 1);
      if (key.compare(this.pages[where >>> 20] as Buffer, at, at + key.length) === 0) return i;
    }
  }

  private store(key: Buffer): number {
    const length = key.length;
    if (this.pageUsed + length > PAGE_BYTES || this.pages.length === 0) {
      this.pages.push(Buffer.allocUnsafe(Math.max(PAGE_BYTES, length)));
      this.pageUsed = 0;
    }
    const e = this.entries++;
    const p = e >>> ENTRY_BITS;
    if (p === this.offsets.length) {
      this.offsets.push(new Uint32Array(ENTRY_PAGE));
      this.lengths.push(new Uint8Array(ENTRY_PAGE));
    }
    const j = e & ENTRY_MASK;
    const page = this.pages[this.pages.length - 1] as Buffer;
    const at = this.pageUsed;
    if (length <= SHORT_COPY) for (let i = 0; i < length; i++) page[at + i] = key[i] as number;
    else key.copy(page, at);
    (this.offsets[p] as Uint32Array)[j] = (((this.pages.length - 1) << 20) | at) >>> 0;
    (this.lengths[p] as Uint8Array)[j] = Math.min(length, LONG);
    if (length >= LONG) this.longLengths.set(e, length);
    // A name that filled a page of its own leaves no room there.
    this.pageUsed = length > PAGE_BYTES ? PAGE_BYTES : at + length;
    return e;
  }

  /** A fresh table of `size` slots holding the live entries (tombstones dropped). */
  private rehash(size: number): void {
    const old = this.table;
    const oldCount = this.slotCount;
    const table = new Int32Array(2 * size);
    this.occupied = 0;
    for (let k = 0; k < oldCount; k++) {
      const s = old[2 * k] as number;
      if (s <= 0) continue;
      const hash = old[2 * k + 1] as number;
      for (let i = (hash >>> 0) % size; ; i = i + 1 === size ? 0 : i + 1) {
        if (table[2 * i] === EMPTY) {
          table[2 * i] = s;
          table[2 * i + 1] = hash;
          this.occupied++;
          break;
        }
      }
    }
    this.table = table;
    this.slotCount = size;
  }
}
