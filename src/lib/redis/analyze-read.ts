// Per-key facts for analyze, read with plain pipelined commands on the node's wire connection
// (wire.ts), in one round per batch of keys for nearly every key:
//   1. TYPE, PTTL and MEMORY USAGE (SAMPLES 0) of every key; the length command (STRLEN, HLEN,
//      LLEN, SCARD, ZCARD, XLEN) of the type the key is expected to have: the type last seen for a
//      key of the same shape (its name with each run of digits as one mark: `user:42:cart` and
//      `user:7:cart` are one shape), else the type seen most on the node; for one key in
//      ENCODING_EVERY, OBJECT ENCODING.
//   2. only for the keys whose type was not the one expected: their length command.
// Each command right after the others of its key finds the key in the CPU's caches: a length
// command sent in a round of its own cost the server ~1 µs (a cache miss), in the same round as
// TYPE ~0.15 µs. A wrong guess costs one WRONGTYPE reply and the second round for that key.
// No script: EVAL needs +@scripting (which least-privilege users lack) and cost the server more
// than the same commands sent plainly (Lua's own time on top of the commands'). Every command is
// O(1) but MEMORY USAGE of a big collection (O(elements), as SAMPLES 0 asks: exact figures).
// docs/analyze.md says what each column costs the server.
import { RateLimiter } from './rate.js';
import type { LatencyGuard } from './latency-guard.js';
import { CommandBatch, commandPrefix, commandSuffix, replyOf, WireError, type Wire, type WireReply } from './wire.js';

/** OBJECT ENCODING is read for one key in this many: encodings are a distribution, not per key. */
export const ENCODING_EVERY = 10;

/** The facts of a batch of keys, a column each (index i: the batch's key i): no object per key. */
export interface KeyFacts {
  /** 'none' when the key vanished. */
  type: string[];
  pttl: Float64Array;
  /** -1 when the key vanished. */
  memory: Float64Array;
  /** NaN: none (a type without a length command, or the key changed between the commands). */
  length: Float64Array;
  /** '' when not read for this key. */
  encoding: string[];
}

const TYPE = commandPrefix(2, 'TYPE');
const PTTL = commandPrefix(2, 'PTTL');
const MEMORY = commandPrefix(5, 'MEMORY', 'USAGE');
const SAMPLES_0 = commandSuffix('SAMPLES', '0');
const ENCODING = commandPrefix(3, 'OBJECT', 'ENCODING');

/** The types with a length command, by code (0: none known, or no length command). */
const TYPES = ['', 'string', 'hash', 'list', 'set', 'zset', 'stream'] as const;
const CODE = new Map<string, number>(TYPES.map((t, i) => [t, i]));
const LENGTH: ReadonlyArray<Buffer | undefined> = [
  undefined,
  commandPrefix(2, 'STRLEN'),
  commandPrefix(2, 'HLEN'),
  commandPrefix(2, 'LLEN'),
  commandPrefix(2, 'SCARD'),
  commandPrefix(2, 'ZCARD'),
  commandPrefix(2, 'XLEN'),
];

/** Slots in the table of shapes (a power of two); a slot holds the last shape that hashed to it. */
const SHAPES = 4096;

/**
 * FNV-1a of a key's shape: its bytes, with each run of ASCII digits as one `*`. Keys of one shape
 * nearly always share a type; two shapes that hash alike only make a guess wrong.
 */
export function shapeHash(key: Uint8Array): number {
  let h = 0x811c9dc5;
  let digits = false;
  for (let i = 0; i < key.length; i++) {
    const b = key[i] as number;
    if (b >= 0x30 && b <= 0x39) {
      if (digits) continue;
      digits = true;
      h = Math.imul(h ^ 0x2a, 0x01000193);
    } else {
      digits = false;
      h = Math.imul(h ^ b, 0x01000193);
    }
  }
  return h >>> 0;
}

/** What type a key is expected to have: by its shape, else the node's commonest type. */
export class TypeGuess {
  private readonly tags = new Uint32Array(SHAPES);
  private readonly codes = new Uint8Array(SHAPES);
  private readonly counts = new Float64Array(TYPES.length);
  private common = 0;

  /** The type code to expect for a key of shape `hash` (0: nothing to go by). */
  guess(hash: number): number {
    const slot = hash & (SHAPES - 1);
    return this.codes[slot] !== 0 && this.tags[slot] === hash ? (this.codes[slot] as number) : this.common;
  }

  /** What a key of shape `hash` turned out to be. */
  learn(hash: number, code: number): void {
    const slot = hash & (SHAPES - 1);
    this.tags[slot] = hash;
    this.codes[slot] = code;
    if (code === 0) return;
    const n = ++(this.counts[code] as number);
    if (n > (this.counts[this.common] as number)) this.common = code;
  }
}

export class KeyReader {
  private seen = 0;
  private readonly limiter: RateLimiter;
  private readonly expected = new TypeGuess();

  constructor(
    readonly wire: Wire,
    maxOps: number | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly guard?: LatencyGuard | undefined,
  ) {
    this.limiter = new RateLimiter(maxOps);
  }

  /** The commands a read sends, to name in an error. */
  readonly command = 'TYPE/PTTL/MEMORY USAGE';

  async read(keys: Buffer[]): Promise<KeyFacts> {
    const offset = this.seen;
    this.seen += keys.length;
    const n = keys.length;
    // Round 1: what every key is, how long it lives, what it takes, and its length as expected.
    const first = new CommandBatch(keys.length * 128);
    const shapes = new Uint32Array(n);
    const guessed = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const key = keys[i] as Buffer;
      first.keyed(TYPE, key).keyed(PTTL, key).keyed(MEMORY, key, SAMPLES_0);
      const shape = shapeHash(key);
      const code = this.expected.guess(shape);
      shapes[i] = shape;
      guessed[i] = code;
      if (code !== 0) first.keyed(LENGTH[code] as Buffer, key);
      if ((offset + i) % ENCODING_EVERY === 0) first.keyed(ENCODING, key);
    }
    const facts: KeyFacts = { type: new Array<string>(n), pttl: new Float64Array(n), memory: new Float64Array(n), length: new Float64Array(n).fill(Number.NaN), encoding: new Array<string>(n).fill('') };
    const replies = await this.send(first);
    // Round 2, made only when needed: the lengths the first round did not get, and their keys' indexes.
    let second: CommandBatch | undefined;
    const missing: number[] = [];
    let r = 0;
    for (let i = 0; i < n; i++) {
      const type = String(replyOf(replies[r]));
      facts.type[i] = type;
      facts.pttl[i] = Number(replyOf(replies[r + 1]));
      const memory = replyOf(replies[r + 2]);
      facts.memory[i] = memory === null ? -1 : Number(memory);
      r += 3;
      const code = CODE.get(type) ?? 0;
      this.expected.learn(shapes[i] as number, code);
      const present = type !== 'none' && memory !== null;
      if (guessed[i] !== 0) {
        const reply = replies[r++];
        // The guess was right: its reply is the length (WRONGTYPE: the key changed in between).
        if (guessed[i] === code && present) facts.length[i] = lengthOf(reply);
      }
      if ((offset + i) % ENCODING_EVERY === 0) {
        const encoding = replyOf(replies[r++]);
        if (Buffer.isBuffer(encoding)) facts.encoding[i] = encoding.toString('latin1');
      }
      if (present && code !== 0 && guessed[i] !== code) {
        missing.push(i);
        (second ??= new CommandBatch(1024)).keyed(LENGTH[code] as Buffer, keys[i] as Buffer);
      }
    }
    if (second !== undefined) {
      const more = await this.send(second);
      for (let m = 0; m < missing.length; m++) facts.length[missing[m] as number] = lengthOf(more[m]);
    }
    return facts;
  }

  /** One round: paced by --max-ops and the latency guard, then sent. */
  private async send(batch: CommandBatch): Promise<WireReply[]> {
    // Awaited only when there is a pause, so the batch is written in the same tick.
    const paced = this.limiter.take(batch.count, this.signal);
    if (paced !== undefined) await paced;
    const held = this.guard?.ready(this.signal);
    if (held !== undefined) await held;
    return this.wire.send(batch);
  }
}

/** A length command's reply: its number; NaN for a key that changed type or vanished meanwhile. */
function lengthOf(reply: WireReply | undefined): number {
  if (reply instanceof WireError && /^WRONGTYPE/.test(reply.message)) return Number.NaN;
  const value = replyOf(reply);
  return value === null ? Number.NaN : Number(value);
}
