// Per-key facts for analyze, read with plain pipelined commands on the node's wire connection
// (wire.ts), two rounds per batch of keys:
//   1. TYPE, PTTL and MEMORY USAGE (SAMPLES 0) of every key;
//   2. for the keys that still exist, the length command of their type (STRLEN, HLEN, LLEN,
//      SCARD, ZCARD, XLEN; none for other types) and, for one key in ENCODING_EVERY, OBJECT
//      ENCODING.
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
  /** NaN: none (a type without a length command, or the key changed between the rounds). */
  length: Float64Array;
  /** '' when not read for this key. */
  encoding: string[];
}

const TYPE = commandPrefix(2, 'TYPE');
const PTTL = commandPrefix(2, 'PTTL');
const MEMORY = commandPrefix(5, 'MEMORY', 'USAGE');
const SAMPLES_0 = commandSuffix('SAMPLES', '0');
const ENCODING = commandPrefix(3, 'OBJECT', 'ENCODING');
const LENGTH: Record<string, Buffer> = {
  string: commandPrefix(2, 'STRLEN'),
  hash: commandPrefix(2, 'HLEN'),
  list: commandPrefix(2, 'LLEN'),
  set: commandPrefix(2, 'SCARD'),
  zset: commandPrefix(2, 'ZCARD'),
  stream: commandPrefix(2, 'XLEN'),
};

export class KeyReader {
  private seen = 0;
  private readonly limiter: RateLimiter;

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
    // Round 1: what every key is, how long it lives and what it takes.
    const first = new CommandBatch(keys.length * 96);
    for (const key of keys) first.keyed(TYPE, key).keyed(PTTL, key).keyed(MEMORY, key, SAMPLES_0);
    const n = keys.length;
    const facts: KeyFacts = { type: new Array<string>(n), pttl: new Float64Array(n), memory: new Float64Array(n), length: new Float64Array(n).fill(Number.NaN), encoding: new Array<string>(n).fill('') };
    const replies = await this.send(first);
    for (let i = 0; i < n; i++) {
      facts.type[i] = String(replyOf(replies[3 * i]));
      facts.pttl[i] = Number(replyOf(replies[3 * i + 1]));
      const memory = replyOf(replies[3 * i + 2]);
      facts.memory[i] = memory === null ? -1 : Number(memory);
    }
    // Round 2: lengths of the keys still there, and a sample of encodings. `asked` holds, per
    // reply, the key's index times two, plus one for an encoding.
    const second = new CommandBatch(keys.length * 48);
    const asked = new Int32Array(keys.length * 2);
    for (let i = 0; i < n; i++) {
      const type = facts.type[i] as string;
      if (type === 'none' || (facts.memory[i] as number) < 0) continue;
      const length = LENGTH[type];
      if (length !== undefined) {
        asked[second.count] = 2 * i;
        second.keyed(length, keys[i] as Buffer);
      }
      if ((offset + i) % ENCODING_EVERY === 0) {
        asked[second.count] = 2 * i + 1;
        second.keyed(ENCODING, keys[i] as Buffer);
      }
    }
    if (second.count > 0) {
      const more = await this.send(second);
      for (let r = 0; r < second.count; r++) {
        const reply = more[r];
        const i = (asked[r] as number) >> 1;
        // A key that changed type or vanished since round 1 answers WRONGTYPE or nil: no figure.
        if (reply instanceof WireError) {
          if (/^WRONGTYPE/.test(reply.message)) continue;
          throw reply;
        }
        if (((asked[r] as number) & 1) === 0) facts.length[i] = reply === null ? Number.NaN : Number(reply);
        else if (Buffer.isBuffer(reply)) facts.encoding[i] = reply.toString('latin1');
      }
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
