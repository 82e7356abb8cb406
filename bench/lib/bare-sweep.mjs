// A bare sweep: the commands memctl sends, from a client that does nothing else. `scan`: SCAN
// from cursor 0 to 0, COUNT 1000, one call at a time (the next cursor is in the reply), the keys
// counted and dropped. `analyze`: the same SCAN, and for each batch the rounds analyze sends
// (TYPE, PTTL, MEMORY USAGE SAMPLES 0 of every key, the length command of the type expected from
// the key's shape — its name with digit runs as one mark — or else the commonest type, and for
// one key in ten OBJECT ENCODING; then the length command of each key whose type was not the one
// expected), three batches at once like memctl, the next SCAN out as soon as its cursor is known;
// the replies parsed, nothing counted but the keys (no set of keys seen, no report). What this spends above the server's time is the machine's round trips and a
// client's least work; for `scan` it is the floor of any sweep with one cursor per node. It is
// written apart from memctl's wire.ts on purpose: it measures the machine, not memctl's RESP path.
// An error reply ends it (exit 1): a run that skipped commands would not be the same work; only
// the WRONGTYPE of a wrong guess is expected.
// Usage: node bench/lib/bare-sweep.mjs scan|analyze PORT   (prints "keys N" on stdout)
import { connect } from 'node:net';

const [mode, portText] = process.argv.slice(2);
if (mode !== 'scan' && mode !== 'analyze') throw new Error('usage: bare-sweep.mjs scan|analyze PORT');
const port = Number(portText);
/** Batches of analyze's reads on the wire at once, as memctl. */
const DEPTH = 3;
const ENCODING_EVERY = 10;

const socket = connect({ host: '127.0.0.1', port });
socket.setNoDelay(true);
await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));

/** Replies awaited, in order: how many each send wants, and who gets them. */
const waiting = [];
let buf = Buffer.alloc(0);
let pos = 0;
let got = [];

/** The integer from `from` to the CR at `to` (no string made: this is the hot path). */
function integer(from, to) {
  let n = 0;
  let sign = 1;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === 0x2d) sign = -1;
    else n = n * 10 + (c - 0x30);
  }
  return sign * n;
}

/** One whole reply from `buf` at `pos`, or undefined when it has not all come. */
function parse() {
  const start = pos;
  const line = buf.indexOf(0x0d, pos);
  if (line < 0 || line + 1 >= buf.length) return undefined;
  const kind = buf[pos];
  const from = pos + 1;
  pos = line + 2;
  if (kind === 0x2b) return buf.toString('latin1', from, line); // +
  if (kind === 0x2d) return new Error(buf.toString('latin1', from, line)); // -
  const n = integer(from, line);
  if (kind === 0x3a) return n; // :
  if (kind === 0x24) {
    if (n < 0) return null;
    if (pos + n + 2 > buf.length) return ((pos = start), undefined);
    const value = buf.subarray(pos, pos + n);
    pos += n + 2;
    return value;
  }
  const items = new Array(Math.max(0, n));
  for (let i = 0; i < n; i++) {
    const item = parse();
    if (item === undefined) return ((pos = start), undefined);
    items[i] = item;
  }
  return items;
}

socket.on('data', (chunk) => {
  buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), chunk]) : chunk;
  pos = 0;
  for (;;) {
    const first = waiting[0];
    if (first === undefined) break;
    const reply = parse();
    if (reply === undefined) break;
    if (reply instanceof Error && !reply.message.startsWith('WRONGTYPE')) throw reply;
    got.push(reply);
    if (got.length === first.count) {
      waiting.shift();
      const done = got;
      got = [];
      first.resolve(done);
    }
  }
});

/** RESP of a command's fixed words: `*n` and each word as a bulk string. */
function prefix(n, ...words) {
  return Buffer.from(`*${n}\r\n${words.map((w) => `$${w.length}\r\n${w}\r\n`).join('')}`, 'latin1');
}
const TYPE = prefix(2, 'TYPE');
const PTTL = prefix(2, 'PTTL');
const MEMORY = prefix(5, 'MEMORY', 'USAGE');
const SAMPLES_0 = Buffer.from('$7\r\nSAMPLES\r\n$1\r\n0\r\n', 'latin1');
const ENCODING = prefix(3, 'OBJECT', 'ENCODING');
const LENGTH = Object.fromEntries(Object.entries({ string: 'STRLEN', hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' }).map(([t, c]) => [t, prefix(2, c)]));

/** Commands written into one buffer: a fixed prefix, a key, a fixed suffix. */
class Batch {
  constructor(size) {
    this.out = Buffer.allocUnsafe(size);
    this.at = 0;
    this.count = 0;
  }

  keyed(head, key, tail) {
    if (this.at + head.length + key.length + 64 > this.out.length) {
      const bigger = Buffer.allocUnsafe(2 * this.out.length + key.length + 64);
      this.out.copy(bigger, 0, 0, this.at);
      this.out = bigger;
    }
    this.at += head.copy(this.out, this.at);
    this.at += this.out.write(`$${key.length}\r\n`, this.at, 'latin1');
    this.at += key.copy(this.out, this.at);
    this.out[this.at++] = 0x0d;
    this.out[this.at++] = 0x0a;
    if (tail !== undefined) this.at += tail.copy(this.out, this.at);
    this.count++;
    return this;
  }
}

/** A batch written at once; resolves to its replies. */
function send(batch) {
  return new Promise((resolve) => {
    waiting.push({ count: batch.count, resolve });
    socket.write(batch.out.subarray(0, batch.at));
  });
}

/** Shape (digit runs as one mark) → the type last seen; and how often each type was seen. */
const expected = new Map();
const seen = new Map();
let commonest;

/** FNV-1a of the key with each run of digits as one `*`: a number, no string per key. */
function shape(key) {
  let h = 0x811c9dc5;
  let digits = false;
  for (const b of key) {
    const digit = b >= 0x30 && b <= 0x39;
    if (!digit || !digits) h = Math.imul(h ^ (digit ? 0x2a : b), 0x01000193);
    digits = digit;
  }
  return h >>> 0;
}

async function read(keys, offset) {
  const first = new Batch(keys.length * 128);
  const shapes = keys.map((k) => shape(k));
  const guesses = shapes.map((s) => expected.get(s) ?? commonest);
  keys.forEach((k, i) => {
    first.keyed(TYPE, k).keyed(PTTL, k).keyed(MEMORY, k, SAMPLES_0);
    if (LENGTH[guesses[i]] !== undefined) first.keyed(LENGTH[guesses[i]], k);
    if ((offset + i) % ENCODING_EVERY === 0) first.keyed(ENCODING, k);
  });
  const replies = await send(first);
  const second = new Batch(keys.length * 16);
  let r = 0;
  for (let i = 0; i < keys.length; i++) {
    const type = replies[r];
    const memory = replies[r + 2];
    r += 3 + (LENGTH[guesses[i]] !== undefined ? 1 : 0) + ((offset + i) % ENCODING_EVERY === 0 ? 1 : 0);
    expected.set(shapes[i], type);
    if (LENGTH[type] === undefined) continue;
    const n = (seen.get(type) ?? 0) + 1;
    seen.set(type, n);
    if (n > (seen.get(commonest) ?? 0)) commonest = type;
    if (guesses[i] !== type && memory !== null) second.keyed(LENGTH[type], keys[i]);
  }
  if (second.count > 0) await send(second);
}

const SCAN = prefix(4, 'SCAN');
const COUNT_1000 = Buffer.from('$5\r\nCOUNT\r\n$4\r\n1000\r\n', 'latin1');

let keys = 0;
const jobs = [];
const scan = (cursor) => send(new Batch(64).keyed(SCAN, cursor, COUNT_1000));
// As memctl does: the next SCAN goes out as soon as the cursor is known, before the batch's reads.
let inFlight = scan(Buffer.from('0'));
for (let round = 0; round < 100_000_000; round++) {
  const [next, batch] = (await inFlight)[0];
  const more = !(next.length === 1 && next[0] === 0x30);
  if (more) inFlight = scan(next);
  if (mode === 'analyze' && batch.length > 0) {
    jobs.push(read(batch, keys));
    while (jobs.length >= DEPTH) await jobs.shift();
  }
  keys += batch.length;
  if (!more) break;
}
await Promise.all(jobs);
socket.end();
process.stdout.write(`keys ${keys}\n`);
