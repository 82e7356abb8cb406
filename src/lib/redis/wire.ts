// A lean RESP2 connection for the sweeps' hot path (SCAN, and analyze's per-key reads): commands
// are written straight into one buffer per batch and sent with one write; replies are parsed in
// place (bulk strings are views of the bytes read, not copies). ioredis costs a few microseconds
// of JavaScript per command, which made the client, not Redis, the bottleneck of a sweep that
// sends millions of them. Failures read as ioredis's do ("Connection is closed", "Command timed
// out", the reply's own text), so the sweep's fault handling treats both alike.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { NodeTls } from './connect.js';
import { CONTAINERS } from './containers.js';
import { COLON, CR, DOLLAR, MINUS, PLUS, readInt, STAR } from './resp-bytes.js';

/** A reply: simple string, integer, bulk string (a view of the bytes read), nil, array, or error. */
export type WireReply = string | number | Buffer | null | WireError | WireReply[];

/** An error reply (MOVED, NOPERM, WRONGTYPE...): its message is the reply's text. */
export class WireError extends Error {}

export interface WireOptions {
  address: string;
  port: number;
  /** null: plaintext. */
  tls: NodeTls | null;
  auth?: { user: string; password: string } | undefined;
  db?: number;
  /** Send READONLY after login (a cluster replica serving reads). */
  readOnly?: boolean;
  connectTimeoutMs?: number;
  /** A batch with no reply for this long fails the connection ("Command timed out"). */
  commandTimeoutMs?: number;
  /** --debug: each batch logged by command names and counts, latency and outcome (never an argument). */
  trace?: ((line: string) => void) | undefined;
}

const INCOMPLETE = -1;
/** Simple strings met often (TYPE's answers, OK, PONG), by length. */
const KNOWN: Array<string[] | undefined> = [];
for (const text of ['string', 'hash', 'list', 'set', 'zset', 'stream', 'none', 'OK', 'PONG', 'ReJSON-RL']) (KNOWN[text.length] ??= []).push(text);

/** A reply's value; an error reply is thrown (as the Error it is). */
export function replyOf(reply: WireReply | undefined): WireReply {
  if (reply instanceof WireError) throw reply;
  if (reply === undefined) throw new Error('Protocol error: a reply is missing');
  return reply;
}

/** Builds one batch of commands in RESP, growing its buffer as needed. */
export class CommandBatch {
  private buf: Buffer;
  private at = 0;
  /** Replies the batch will get. */
  count = 0;

  constructor(size = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  /** Raw bytes (a prefix from `commandPrefix`). */
  raw(bytes: Uint8Array): this {
    this.room(bytes.length);
    this.copyIn(bytes);
    return this;
  }

  /** Copies bytes in: short ones byte by byte (cheaper than a native copy call), long ones natively. */
  private copyIn(bytes: Uint8Array): void {
    const n = bytes.length;
    if (n <= 48) {
      const buf = this.buf;
      const at = this.at;
      for (let i = 0; i < n; i++) buf[at + i] = bytes[i] as number;
    } else this.buf.set(bytes, this.at);
    this.at += n;
  }

  /** One bulk string argument. */
  arg(value: Buffer | string): this {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    this.room(bytes.length + 16);
    const buf = this.buf;
    buf[this.at++] = DOLLAR;
    this.digits(bytes.length);
    buf[this.at++] = CR;
    buf[this.at++] = 10;
    this.copyIn(bytes);
    buf[this.at++] = CR;
    buf[this.at++] = 10;
    return this;
  }

  /** A non-negative integer (below 2^31: a length) in decimal, written digit by digit (no string). */
  private digits(n: number): void {
    let div = 1;
    while (div * 10 <= n) div *= 10;
    for (; div >= 1; div = (div / 10) | 0) this.buf[this.at++] = 48 + (((n / div) | 0) % 10);
  }

  /** A whole command from its arguments. */
  command(...args: Array<Buffer | string | number>): this {
    this.room(16);
    this.at += this.buf.write(`*${args.length}\r\n`, this.at, 'latin1');
    for (const a of args) this.arg(typeof a === 'number' ? String(a) : a);
    this.count++;
    return this;
  }

  /** A command whose fixed head was encoded once (`commandPrefix`), then the key, then a fixed tail. */
  keyed(prefix: Buffer, key: Buffer, suffix?: Buffer): this {
    this.raw(prefix).arg(key);
    if (suffix !== undefined) this.raw(suffix);
    this.count++;
    return this;
  }

  get bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** The RESP head of a command of `total` arguments whose first ones are `fixed` (the key and the rest follow). */
export function commandPrefix(total: number, ...fixed: string[]): Buffer {
  return Buffer.from(`*${total}\r\n${fixed.map((f) => `$${Buffer.byteLength(f)}\r\n${f}\r\n`).join('')}`, 'latin1');
}

/** Fixed trailing arguments, encoded once. */
export function commandSuffix(...args: string[]): Buffer {
  return Buffer.from(args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''), 'latin1');
}

interface Pending {
  count: number;
  /** The replies, `got` of them read so far (made at its full size: no growing on the hot path). */
  replies: WireReply[];
  got: number;
  resolve: (replies: WireReply[]) => void;
  reject: (err: Error) => void;
  sentAt: number;
}

/** "TYPE×1000 PTTL×1000 MEMORY USAGE×1000": the commands of a batch by name, read from its bytes. */
export function batchNames(bytes: Buffer): string {
  const counts = new Map<string, number>();
  let at = 0;
  const line = (): number => {
    const cr = bytes.indexOf(CR, at);
    const n = readInt(bytes, at + 1, cr);
    at = cr + 2;
    return n;
  };
  const bulk = (): string => {
    const len = line();
    const text = bytes.toString('latin1', at, at + len);
    at += len + 2;
    return text;
  };
  for (let guard = 0; at < bytes.length && guard < 1_000_000; guard++) {
    if (bytes[at] !== STAR) break;
    const args = line();
    let name = bulk().toUpperCase();
    let used = 1;
    if (CONTAINERS.has(name.toLowerCase()) && args > 1) {
      name = `${name} ${bulk().toUpperCase()}`;
      used = 2;
    }
    // Everything else is skipped by its length: keys and values are never read.
    for (let i = used; i < args; i++) {
      const len = line();
      at += len + 2;
    }
    if (name === 'AUTH') name = 'AUTH [REDACTED]';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n === 1 ? name : `${name}×${n}`)).join(' ');
}

export class Wire {
  private readonly pending: Pending[] = [];
  /** Bytes of a reply not read in full yet, in the pieces they came in. */
  private rest: Buffer[] = [];
  private restBytes = 0;
  /** Bytes the reply being read needs before it is worth parsing again. */
  private need = 0;
  private failure: Error | undefined;
  private readonly timer: NodeJS.Timeout;
  private value: WireReply = null;

  private constructor(
    private readonly socket: Socket,
    private readonly commandTimeoutMs: number,
    private readonly trace?: { node: string; log: (line: string) => void },
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: Error) => this.fail(err));
    socket.on('close', () => this.fail(new Error('Connection is closed.')));
    this.timer = setInterval(() => {
      const oldest = this.pending[0];
      if (oldest !== undefined && performance.now() - oldest.sentAt > this.commandTimeoutMs) this.fail(new Error('Command timed out'));
    }, Math.min(1000, this.commandTimeoutMs));
    this.timer.unref();
  }

  /** Connects, logs in, selects the database and (for a cluster replica) sends READONLY. */
  static async open(o: WireOptions): Promise<Wire> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const timeoutMs = o.connectTimeoutMs ?? 5000;
      const s: Socket =
        o.tls === null
          ? netConnect({ host: o.address, port: o.port })
          : tlsConnect({
              host: o.address,
              port: o.port,
              ...(isIP(o.address) === 0 ? { servername: o.address } : {}),
              ...(o.tls.ca === undefined ? {} : { ca: o.tls.ca }),
              rejectUnauthorized: o.tls.rejectUnauthorized !== false,
            });
      const timer = setTimeout(() => s.destroy(new Error(`connect ETIMEDOUT ${o.address}:${o.port}`)), timeoutMs);
      s.once(o.tls === null ? 'connect' : 'secureConnect', () => {
        clearTimeout(timer);
        s.removeListener('error', reject);
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const wire = new Wire(socket, o.commandTimeoutMs ?? 30_000, o.trace === undefined ? undefined : { node: `${o.address}:${o.port}`, log: o.trace });
    try {
      const hello = new CommandBatch(256);
      if (o.auth !== undefined) hello.command('AUTH', o.auth.user, o.auth.password);
      if ((o.db ?? 0) !== 0) hello.command('SELECT', String(o.db));
      if (o.readOnly === true) hello.command('READONLY');
      if (hello.count > 0) {
        const replies = await wire.send(hello);
        // READONLY may be refused (not a cluster): only login and SELECT must succeed.
        const failed = replies.slice(0, hello.count - (o.readOnly === true ? 1 : 0)).find((r) => r instanceof WireError);
        if (failed instanceof WireError) throw failed;
      }
    } catch (err) {
      wire.close();
      throw err;
    }
    return wire;
  }

  /** Sends a batch; resolves with its replies in order (error replies are WireError values). */
  send(batch: CommandBatch): Promise<WireReply[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const sent = new Promise<WireReply[]>((resolve, reject) => {
      this.pending.push({ count: batch.count, replies: new Array<WireReply>(batch.count), got: 0, resolve, reject, sentAt: performance.now() });
      this.socket.write(batch.bytes);
    });
    if (this.trace !== undefined) this.traced(batch, sent, this.trace);
    return sent;
  }

  /** --debug: one line per batch, by command names (AUTH shown as [REDACTED], as everywhere). */
  private traced(batch: CommandBatch, sent: Promise<WireReply[]>, trace: { node: string; log: (line: string) => void }): void {
    const started = performance.now();
    const names = batchNames(batch.bytes);
    const done = (outcome: string): void => trace.log(`redis ${trace.node} ${names} commands=${batch.count} ${(performance.now() - started).toFixed(2)} ms ${outcome}`);
    sent.then(
      (replies) => {
        const failed = replies.filter((r) => r instanceof WireError);
        done(failed.length === 0 ? 'ok' : `${failed.length} error repl${failed.length === 1 ? 'y' : 'ies'}, e.g. ${(failed[0] as WireError).message.split(' ')[0] ?? ''}`);
      },
      (err: unknown) => done(`error: ${String((err as Error)?.message ?? err).split('\n')[0]}`),
    );
  }

  /** Batches sent and not answered yet. */
  get inFlight(): number {
    return this.pending.length;
  }

  close(): void {
    clearInterval(this.timer);
    this.fail(new Error('Connection is closed.'));
    this.socket.destroy();
  }

  private fail(err: Error): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    clearInterval(this.timer);
    for (const p of this.pending.splice(0)) p.reject(err);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let buf = chunk;
    if (this.rest.length > 0) {
      this.rest.push(chunk);
      this.restBytes += chunk.length;
      // A long reply arriving in many pieces is put together and parsed again only once all of it
      // can be there (not once a piece: that would copy it over and over).
      if (this.restBytes < this.need) return;
      buf = Buffer.concat(this.rest, this.restBytes);
    }
    let pos = 0;
    while (pos < buf.length) {
      const head = this.pending[0];
      if (head === undefined) {
        this.fail(new Error('Protocol error: a reply to no command'));
        return;
      }
      let next: number;
      try {
        next = this.parse(buf, pos);
      } catch (err) {
        this.fail(err as Error);
        return;
      }
      if (next === INCOMPLETE) break;
      head.replies[head.got++] = this.value;
      pos = next;
      if (head.got === head.count) {
        this.pending.shift();
        head.resolve(head.replies);
      }
    }
    if (pos >= buf.length) {
      this.rest = [];
      this.restBytes = 0;
      this.need = 0;
    } else {
      this.rest = [buf.subarray(pos)];
      this.restBytes = buf.length - pos;
      this.need = Math.max(0, this.need - pos);
    }
  }

  /** The offset after the \r\n of the line starting at `from`, or INCOMPLETE. */
  private static lineEnd(buf: Buffer, from: number): number {
    const cr = buf.indexOf(CR, from);
    return cr === -1 || cr + 1 >= buf.length ? INCOMPLETE : cr + 2;
  }

  /** A simple string; the common ones (TYPE's answers, OK) without making a new string each time. */
  private static simple(buf: Buffer, from: number, to: number): string {
    const known = KNOWN[to - from];
    if (known !== undefined) {
      for (const text of known) {
        let same = true;
        for (let i = 0; i < text.length && same; i++) same = buf[from + i] === text.charCodeAt(i);
        if (same) return text;
      }
    }
    return buf.toString('latin1', from, to);
  }

  /** Parses the reply at `pos` into this.value; the offset after it, or INCOMPLETE (this.need set). */
  private parse(buf: Buffer, pos: number): number {
    const next = Wire.lineEnd(buf, pos + 1);
    if (next === INCOMPLETE) {
      this.need = buf.length + 1;
      return INCOMPLETE;
    }
    const type = buf[pos];
    switch (type) {
      case PLUS:
        this.value = Wire.simple(buf, pos + 1, next - 2);
        return next;
      case MINUS:
        this.value = new WireError(buf.toString('utf8', pos + 1, next - 2));
        return next;
      case COLON:
        this.value = readInt(buf, pos + 1, next - 2);
        return next;
      case DOLLAR: {
        const len = readInt(buf, pos + 1, next - 2);
        if (len < 0) {
          this.value = null;
          return next;
        }
        const end = next + len + 2;
        if (end > buf.length) {
          this.need = end;
          return INCOMPLETE;
        }
        this.value = buf.subarray(next, next + len);
        return end;
      }
      case STAR: {
        const len = readInt(buf, pos + 1, next - 2);
        if (len < 0) {
          this.value = null;
          return next;
        }
        const items = new Array<WireReply>(len);
        let at = next;
        for (let i = 0; i < len; i++) {
          at = this.parse(buf, at);
          if (at === INCOMPLETE) return INCOMPLETE;
          items[i] = this.value;
        }
        this.value = items;
        return at;
      }
      default:
        throw new Error(`Protocol error: unexpected byte ${String(type)} in a reply`);
    }
  }
}
