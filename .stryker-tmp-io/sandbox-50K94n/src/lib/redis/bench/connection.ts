// @ts-nocheck
// One benchmark connection: a raw socket (TCP or TLS), the requests in flight in a ring of typed
// arrays, an output buffer requests are written into and sent with one write per batch, and a
// reply scanner that only finds where replies end (errors and control replies are parsed in
// full). Reads use one buffer shared by every connection of a thread (net's onread), so reading
// allocates nothing.
//
// Longer than most files on purpose: it is one state machine over one socket (connect and
// reconnect, the in-flight ring, the read scan, timeouts), whose pieces all read and write the same
// few fields on the hot path; RESP itself is resp.ts.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DOUBLE_ZERO } from './histogram.js';
import { encodeCommand, INCOMPLETE, parseReply, ReplyError, skipReply, type Reply } from './resp.js';

export interface ConnectSettings {
  /** null: plaintext. */
  tls: { ca?: Buffer | undefined; rejectUnauthorized: boolean } | null;
  user?: string | undefined;
  /** Read at each (re)connect, so refreshed IAM tokens are used. */
  password?: string | undefined;
  db: number;
  connectTimeoutMs: number;
}

/** What a ring entry is: a counted request, a reply to skip (ASKING), or a control command. */
export const REQUEST = 0;
export const SKIP = 1;
export const CONTROL = 2;

export interface ConnectionOwner {
  onReply(conn: Connection, cmd: number, sentAt: number, now: number): void;
  onErrorReply(conn: Connection, cmd: number, key: number, sentAt: number, redirects: number, message: string, now: number): void;
  /** After every batch of replies read: the time to send more. */
  afterRead(conn: Connection): void;
  /**
   * When the replies read in this pass of the event loop had arrived at the latest: the time the
   * first of the pass's reads began (the poll that woke it up returned before that).
   */
  readTime(): number;
  /**
   * Requests stamped at or after this time get their send time again at their write (closed loop:
   * a request counts from when it reached the socket); +Infinity keeps the stamps given (open
   * loop: from when it was due).
   */
  readonly restampFrom: number;
  onReady(conn: Connection): void;
  /** The connection failed (or could not be made); `lost` are the requests that were in flight. */
  onDown(conn: Connection, reason: 'connection' | 'timeout' | 'protocol', error: Error, lost: LostRequest[]): void;
}

export interface LostRequest {
  cmd: number;
  key: number;
  sentAt: number;
}

export type ConnectionState = 'connecting' | 'handshake' | 'ready' | 'down' | 'closed';

const MINUS = 45;
const INITIAL_OUT = 16 * 1024;

export class Connection {
  state: ConnectionState = 'down';
  /** The output buffer requests are written into; flush() sends bytes 0..outLength. */
  out = Buffer.allocUnsafe(INITIAL_OUT);
  outLength = 0;
  /** Whether the owner already listed this connection for the next flush. */
  dirty = false;
  /** Reconnect attempts since the last time it was ready. */
  failures = 0;
  /** When the oldest request in flight was sent, or the last reply arrived. */
  lastProgress = DOUBLE_ZERO;

  private socket: Socket | undefined;
  private capacity = 0;
  private mask = 0;
  private head = 0;
  private count = 0;
  private kinds = new Uint8Array(0);
  private cmds = new Int16Array(0);
  private keys = new Float64Array(0);
  private sentAts = new Float64Array(0);
  private redirectCounts = new Uint8Array(0);
  private readonly controls = new Map<number, (reply: Reply) => void>();
  private tail = Buffer.allocUnsafe(0);
  private tailLength = 0;
  /** Ring entries pushed since the last flush (the newest ones). */
  private unflushed = 0;
  private connectTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly host: string,
    readonly port: number,
    /** The owner's number for whoever uses this connection (a client). */
    readonly client: number,
    /** The owner's number for the node. */
    readonly node: number,
    private readonly owner: ConnectionOwner,
    private readonly settings: ConnectSettings,
    private readonly readBuffer: Buffer,
  ) {
    this.grow(16);
  }

  get inFlight(): number {
    return this.count;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  open(): void {
    this.state = 'connecting';
    this.head = 0;
    this.count = 0;
    this.tailLength = 0;
    this.outLength = 0;
    this.unflushed = 0;
    const tls = this.settings.tls;
    let socket: Socket;
    if (tls === null) {
      socket = netConnect({
        host: this.host,
        port: this.port,
        noDelay: true,
        onread: { buffer: this.readBuffer, callback: (n: number, buf: Uint8Array) => this.socket !== socket || this.onData(buf as Buffer, n) },
      });
      socket.once('connect', () => this.socket === socket && this.handshake());
    } else {
      socket = tlsConnect({
        host: this.host,
        port: this.port,
        ...(tls.ca === undefined ? {} : { ca: tls.ca }),
        rejectUnauthorized: tls.rejectUnauthorized,
        ...(isIP(this.host) === 0 ? { servername: this.host } : {}),
      });
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.socket === socket && this.onData(chunk, chunk.length));
      socket.once('secureConnect', () => this.socket === socket && this.handshake());
    }
    this.socket = socket;
    // Events of a socket already replaced (after a reconnect) are ignored.
    socket.on('error', (err: Error) => this.socket === socket && this.fail('connection', err));
    socket.on('close', () => this.socket === socket && this.fail('connection', new Error('connection closed')));
    this.connectTimer = setTimeout(() => this.fail('connection', new Error(`connect timed out after ${this.settings.connectTimeoutMs} ms`)), this.settings.connectTimeoutMs);
  }

  /** AUTH and SELECT as needed, then ready. */
  private handshake(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.state = 'handshake';
    const steps: Array<Array<string>> = [];
    const { user, password, db } = this.settings;
    if (password !== undefined) steps.push(user === undefined ? ['AUTH', password] : ['AUTH', user, password]);
    if (db !== 0) steps.push(['SELECT', String(db)]);
    if (steps.length === 0) {
      this.becomeReady();
      return;
    }
    let left = steps.length;
    for (const step of steps) {
      this.control(step, (reply) => {
        if (reply instanceof ReplyError) {
          // The message never holds the password; the command name is enough to say what failed.
          this.fail('connection', new Error(`${step[0] as string} failed: ${reply.message}`), true);
          return;
        }
        if (--left === 0) this.becomeReady();
      });
    }
    this.flush();
  }

  private becomeReady(): void {
    this.state = 'ready';
    this.failures = 0;
    this.owner.onReady(this);
  }

  /** Sends one command outside the benchmark's counts; the callback gets its parsed reply. */
  control(args: string[], callback: (reply: Reply) => void): void {
    const bytes = encodeCommand(args);
    this.reserve(bytes.length);
    bytes.copy(this.out, this.outLength);
    this.outLength += bytes.length;
    const at = this.push(CONTROL, -1, 0, performance.now(), 0);
    this.controls.set(at, callback);
  }

  /** Makes room for `bytes` more in the output buffer. */
  reserve(bytes: number): void {
    if (this.outLength + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.outLength + bytes));
    this.out.copy(bigger, 0, 0, this.outLength);
    this.out = bigger;
  }

  /** Records a request written into the output buffer; returns its ring position. */
  push(kind: number, cmd: number, key: number, sentAt: number, redirects: number): number {
    if (this.count === this.capacity) this.grow(this.capacity * 2);
    if (this.count === 0) this.lastProgress = performance.now();
    const at = (this.head + this.count) & this.mask;
    this.kinds[at] = kind;
    this.cmds[at] = cmd;
    this.keys[at] = key;
    this.sentAts[at] = sentAt;
    this.redirectCounts[at] = redirects;
    this.count++;
    this.unflushed++;
    return at;
  }

  private grow(capacity: number): void {
    const kinds = new Uint8Array(capacity);
    const cmds = new Int16Array(capacity);
    const keys = new Float64Array(capacity);
    const sentAts = new Float64Array(capacity);
    const redirects = new Uint8Array(capacity);
    const moved = new Map<number, (reply: Reply) => void>();
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & this.mask;
      kinds[i] = this.kinds[from] as number;
      cmds[i] = this.cmds[from] as number;
      keys[i] = this.keys[from] as number;
      sentAts[i] = this.sentAts[from] as number;
      redirects[i] = this.redirectCounts[from] as number;
      const cb = this.controls.get(from);
      if (cb !== undefined) moved.set(i, cb);
    }
    this.controls.clear();
    for (const [k, v] of moved) this.controls.set(k, v);
    this.kinds = kinds;
    this.cmds = cmds;
    this.keys = keys;
    this.sentAts = sentAts;
    this.redirectCounts = redirects;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.head = 0;
  }

  /** Sends what was written since the last flush, in one write. */
  flush(): void {
    this.dirty = false;
    if (this.outLength === 0 || this.socket === undefined || this.state === 'down' || this.state === 'closed') return;
    const socket = this.socket;
    const restampFrom = this.owner.restampFrom;
    if (restampFrom !== Number.POSITIVE_INFINITY && this.unflushed > 0) this.restamp(restampFrom);
    this.unflushed = 0;
    socket.write(this.out.subarray(0, this.outLength));
    // A write the kernel took at once leaves nothing buffered and the buffer can be reused;
    // otherwise the socket still holds it, so the next batch gets a new one.
    if (socket.writableLength !== 0) this.out = Buffer.allocUnsafe(this.out.length);
    this.outLength = 0;
  }

  /**
   * Gives the requests about to be written (the newest `unflushed` entries) the time of the write,
   * unless stamped before `from` (warm-up) or redirected (they count from their first send).
   */
  private restamp(from: number): void {
    const now = performance.now();
    for (let i = Math.max(0, this.count - this.unflushed); i < this.count; i++) {
      const at = (this.head + i) & this.mask;
      if (this.kinds[at] === REQUEST && this.redirectCounts[at] === 0 && (this.sentAts[at] as number) >= from) this.sentAts[at] = now;
    }
  }

  private onData(buf: Buffer, n: number): boolean {
    let data = buf;
    let end = n;
    // With one request out and no partial reply before, the reply read now was whole in the socket
    // when the event loop woke up: it counts to the pass's first read, not to when its turn came
    // among the other connections' reads (that wait is the client's, not the server's).
    const now = this.count === 1 && this.tailLength === 0 ? this.owner.readTime() : performance.now();
    if (this.tailLength > 0) {
      this.keepTail(buf, 0, n);
      data = this.tail;
      end = this.tailLength;
    }
    let off = 0;
    try {
      while (off < end) {
        if (this.count === 0) throw new Error('protocol error: a reply nobody asked for');
        const next = skipReply(data, off, end);
        if (next === INCOMPLETE) break;
        const at = this.head;
        const kind = this.kinds[at] as number;
        const cmd = this.cmds[at] as number;
        const sentAt = this.sentAts[at] as number;
        this.head = (at + 1) & this.mask;
        this.count--;
        if (kind === REQUEST) {
          if (data[off] === MINUS) this.owner.onErrorReply(this, cmd, this.keys[at] as number, sentAt, this.redirectCounts[at] as number, data.toString('utf8', off + 1, next - 2), now);
          else this.owner.onReply(this, cmd, sentAt, now);
        } else if (kind === CONTROL) {
          const callback = this.controls.get(at);
          this.controls.delete(at);
          callback?.((parseReply(data, off, next) as { value: Reply }).value);
        }
        off = next;
      }
    } catch (err) {
      this.fail('protocol', err as Error);
      return true;
    }
    this.lastProgress = now;
    if (data === this.tail) {
      // Keep the unread part at the start of the tail buffer.
      if (off > 0) this.tail.copy(this.tail, 0, off, end);
      this.tailLength = end - off;
    } else {
      this.tailLength = 0;
      if (off < end) this.keepTail(data, off, end);
    }
    if (this.state === 'ready') this.owner.afterRead(this);
    return true;
  }

  /** Appends bytes that do not finish a reply yet (the read buffer is reused by the next read). */
  private keepTail(buf: Buffer, from: number, to: number): void {
    const need = this.tailLength + (to - from);
    if (need > this.tail.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.tail.length * 2, 4096));
      this.tail.copy(bigger, 0, 0, this.tailLength);
      this.tail = bigger;
    }
    buf.copy(this.tail, this.tailLength, from, to);
    this.tailLength = need;
  }

  /** Fails the connection when the oldest request waited longer than the timeout. */
  checkTimeout(now: number, timeoutMs: number): void {
    if (this.count > 0 && (this.state === 'ready' || this.state === 'handshake') && now - this.lastProgress > timeoutMs) {
      this.fail('timeout', new Error(`no reply for ${Math.round(now - this.lastProgress)} ms`));
    }
  }

  private fail(reason: 'connection' | 'timeout' | 'protocol', error: Error, fatal = false): void {
    if (this.state === 'down' || this.state === 'closed') return;
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.state = fatal ? 'closed' : 'down';
    this.socket?.destroy();
    this.socket = undefined;
    const lost: LostRequest[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = (this.head + i) & this.mask;
      if (this.kinds[at] === REQUEST) lost.push({ cmd: this.cmds[at] as number, key: this.keys[at] as number, sentAt: this.sentAts[at] as number });
      const callback = this.controls.get(at);
      if (callback !== undefined) callback(new ReplyError(`connection lost: ${error.message}`));
    }
    this.controls.clear();
    this.count = 0;
    this.head = 0;
    this.outLength = 0;
    this.tailLength = 0;
    this.failures++;
    this.owner.onDown(this, reason, fatal ? Object.assign(error, { fatal: true }) : error, lost);
  }

  close(): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.state = 'closed';
    this.socket?.destroy();
    this.socket = undefined;
  }
}
