// @ts-nocheck
// The benchmark loop of one thread: N clients, each with one connection per primary it needs,
// keeping up to `pipeline` requests in flight. Closed loop: each batch of replies is answered
// with new requests in one write. Open loop (--rate): requests follow a fixed timetable and a
// request's latency counts from when it was due, not when it could be sent, so a stall shows in
// full (no coordinated omission). Cluster keys go to the slot's primary; MOVED updates the slot
// and refreshes the topology, ASK is followed once with ASKING; dropped connections reconnect
// with backoff while their requests count as errors.
//
// Longer than most files on purpose: the engine is one event-driven state machine per thread, and
// every event it handles (a batch of replies, an error reply, a lost connection, the open loop's
// timetable, housekeeping) reads and writes the same per-thread state on the hot path. What stands
// alone is already apart: connection.ts, keys.ts, workload.ts, stats.ts, histogram.ts, resp.ts.
import { readFileSync } from 'node:fs';
import { Connection, REQUEST, SKIP, type ConnectionOwner, type ConnectSettings, type LostRequest } from './connection.js';
import { DOUBLE_ZERO, Histogram, type HistogramJson } from './histogram.js';
import { keyGenerator, sequenceCounter, type KeyGenerator, type KeySpace } from './keys.js';
import { encodeCommand, errorKind, parseRedirect, ReplyError, type Reply } from './resp.js';
import { ErrorWindows, IntervalStats, type ErrorWindow, type IntervalReport } from './stats.js';
import { compileCommand, cycleOf, payload, RequestWriter, type CompiledCommand, type Workload } from './workload.js';

export interface EngineNode {
  host: string;
  port: number;
}

/** What every thread of a run shares: clients, workload and timing. */
export interface LoadShape {
  /** Per thread. */
  clients: number;
  pipeline: number;
  workload: Workload;
  keySpace: KeySpace;
  warmupMs: number;
  testTimeMs: number | null;
  timeoutMs: number;
}

export interface EngineConfig extends LoadShape {
  /** The primaries known at the start (standalone: the one server). */
  nodes: EngineNode[];
  /** Cluster mode: for each of the 16384 slots the index in `nodes` of its primary; null: standalone. */
  slots: number[] | null;
  /** Requests this thread measures (after the warm-up), or null with a test time. */
  requests: number | null;
  /** This thread's share of --rate (requests per second), or null for a closed loop. */
  rate: number | null;
  connect: ConnectSettings;
  /** Shared by every thread of a run (sequential keys). */
  sequence?: Uint32Array | undefined;
}

export interface EngineTick {
  /** 1, 2, ...: the second of the measurement this report ends. */
  index: number;
  report: IntervalReport;
}

export interface EngineSummary {
  /** Epoch milliseconds. */
  measureStart: number;
  lastCompletion: number;
  windows: ErrorWindow[];
  reconnects: number;
  /** Why the run stopped early, if it did. */
  abandoned: string | null;
  /** Open loop: how late requests were sent after they were due (µs). */
  sendLag: HistogramJson | null;
  cpu: { eventLoopUtilization: number; threadCpuMs: number | null; wallMs: number };
  final: IntervalReport;
}

const MAX_REDIRECTS = 5;
const ASKING = encodeCommand(['ASKING']);
const REFRESH_MIN_INTERVAL_MS = 100;
const epoch = (local: number): number => performance.timeOrigin + local;
const local = (epochMs: number): number => epochMs - performance.timeOrigin;

interface Retry {
  cmd: number;
  key: number;
  sentAt: number;
  redirects: number;
  node: number;
  asking: boolean;
}

class Client {
  /** Connection per node index (cluster: opened as the client needs them). */
  readonly conns: Array<Connection | undefined> = [];
  inFlight = 0;
  remaining: number;
  cyclePosition = 0;
  nextDue = DOUBLE_ZERO;
  /** A request picked but not sent because its connection is not ready. */
  held = false;
  heldCmd = 0;
  heldKey = 0;
  heldSince = DOUBLE_ZERO;
  readonly retries: Retry[] = [];
  /** Listed for the next answer() pass. */
  queued = false;

  constructor(
    readonly index: number,
    requests: number,
  ) {
    this.remaining = requests;
  }
}

/** Per-thread CPU time on Linux (this thread's utime + stime), or null elsewhere. */
async function threadCpuMs(): Promise<number | null> {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export class Engine implements ConnectionOwner {
  private readonly nodes: EngineNode[];
  private readonly nodeIndex = new Map<string, number>();
  private readonly slots: number[] | null;
  private readonly clients: Client[];
  private readonly compiled: CompiledCommand[];
  private readonly cycle: Uint16Array;
  private readonly keys: KeyGenerator;
  private readonly writer: RequestWriter;
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private readonly stats: IntervalStats;
  private readonly errorWindows = new ErrorWindows();
  private readonly sendLag: Histogram | null;
  // [warm-up, measured]: the warm-up's replies and send lags go through the same code into the
  // first, which nobody reads, so nothing runs for the first time when the measured part begins.
  private readonly statsBy: IntervalStats[];
  private readonly sendLagBy: Histogram[];
  private readonly dirty: Connection[] = [];
  private readonly interval: number;
  private readonly dataMin: number;
  private readonly dataSpread: number;
  private measureStart = Number.POSITIVE_INFINITY;
  private measureEnd = Number.POSITIVE_INFINITY;
  private issuing = false;
  // Clock readings: doubles from the start (see DOUBLE_ZERO).
  private lastCompletion = DOUBLE_ZERO;
  private lastReplyAt = DOUBLE_ZERO;
  private reconnects = 0;
  private abandoned: string | null = null;
  private wakeScheduled = false;
  private answerScheduled = false;
  /** The time of this event-loop pass's first read (0: no read yet in this pass). */
  private passReadAt = DOUBLE_ZERO;
  private readonly queued: Client[] = [];
  private refreshing = false;
  private refreshAgain = false;
  private lastRefresh = DOUBLE_ZERO;
  private tickIndex = 0;
  private timers: NodeJS.Timeout[] = [];
  private finish: ((summary: EngineSummary) => void) | undefined;
  private finished = false;
  private readyWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  // Set when measuring begins; given values of the same kinds now, so the object keeps its layout.
  private eluStart = performance.eventLoopUtilization();
  private cpuStart = Number.NaN;
  onTick: (tick: EngineTick) => void = () => undefined;

  constructor(private readonly config: EngineConfig) {
    this.nodes = config.nodes.map((n) => ({ ...n }));
    this.nodes.forEach((n, i) => this.nodeIndex.set(`${n.host}:${n.port}`, i));
    this.slots = config.slots === null ? null : [...config.slots];
    const perClient = config.requests === null ? Number.POSITIVE_INFINITY : Math.floor(config.requests / config.clients);
    const extra = config.requests === null ? 0 : config.requests - perClient * config.clients;
    this.clients = Array.from({ length: config.clients }, (_, i) => new Client(i, perClient + (i < extra ? 1 : 0)));
    this.compiled = config.workload.commands.map(compileCommand);
    this.cycle = cycleOf(config.workload.weights);
    this.keys = keyGenerator(config.keySpace, Math.random, config.sequence ?? sequenceCounter());
    this.writer = new RequestWriter(config.workload.keyPrefix, payload(config.workload.dataSize.max));
    this.stats = new IntervalStats(this.compiled.length);
    this.sendLag = config.rate === null ? null : new Histogram();
    this.statsBy = [new IntervalStats(this.compiled.length), this.stats];
    this.sendLagBy = this.sendLag === null ? [] : [new Histogram(), this.sendLag];
    this.interval = config.rate === null ? 0 : (1000 * config.clients) / config.rate;
    this.dataMin = config.workload.dataSize.min;
    this.dataSpread = config.workload.dataSize.max - config.workload.dataSize.min + 1;
  }

  /** Opens every client's connection to every known primary; resolves when all are ready. */
  connect(): Promise<void> {
    const waiting = new Promise<void>((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    for (const client of this.clients) for (let n = 0; n < this.nodes.length; n++) this.connection(client, n);
    return waiting;
  }

  private allReady(): boolean {
    return this.clients.every((c) => this.nodes.every((_, n) => c.conns[n]?.ready === true));
  }

  /** A client's connection to a node, opened when missing. */
  private connection(client: Client, node: number): Connection {
    let conn = client.conns[node];
    if (conn === undefined) {
      const n = this.nodes[node] as EngineNode;
      conn = new Connection(n.host, n.port, client.index, node, this, this.config.connect, this.readBuffer);
      client.conns[node] = conn;
      conn.open();
    }
    return conn;
  }

  /** A new password (refreshed IAM token) for connections opened from now on. */
  setPassword(password: string): void {
    this.config.connect.password = password;
  }

  /**
   * Runs from `startAt` (epoch ms): warm-up, then the measured part; resolves when every client
   * is done (requests spent or time up, and nothing in flight).
   */
  run(startAt: number): Promise<EngineSummary> {
    return new Promise((resolve) => {
      this.finish = resolve;
      const begin = (): void => {
        const now = performance.now();
        this.measureStart = now + this.config.warmupMs;
        this.measureEnd = this.config.testTimeMs === null ? Number.POSITIVE_INFINITY : this.measureStart + this.config.testTimeMs;
        this.lastReplyAt = now;
        this.issuing = true;
        this.clients.forEach((c, i) => (c.nextDue = now + (i * this.interval) / this.clients.length));
        this.timers.push(setTimeout(() => this.startMeasuring(), Math.max(0, this.config.warmupMs)));
        this.timers.push(setInterval(() => this.housekeeping(), 100));
        for (const c of this.clients) this.pump(c, now);
        this.flushAll();
        if (this.config.rate !== null) this.scheduleWake(now);
      };
      const delay = local(startAt) - performance.now();
      if (delay > 0) this.timers.push(setTimeout(begin, delay));
      else begin();
    });
  }

  private startMeasuring(): void {
    this.eluStart = performance.eventLoopUtilization();
    void threadCpuMs().then((ms) => (this.cpuStart = ms ?? Number.NaN));
    // Reports at whole seconds of the measurement, the same boundaries on every thread.
    const scheduleTick = (): void => {
      const due = this.measureStart + (this.tickIndex + 1) * 1000;
      this.timers.push(
        setTimeout(() => {
          if (this.finished) return;
          this.tickIndex++;
          this.onTick({ index: this.tickIndex, report: this.stats.take() });
          scheduleTick();
        }, Math.max(0, due - performance.now())),
      );
    };
    scheduleTick();
  }

  /** Stops sending; the run ends once what is in flight has answered (or timed out). */
  stop(): void {
    this.issuing = false;
    const now = performance.now();
    for (const c of this.clients) this.dropHeld(c, now);
    this.checkDone();
  }

  /** Forgets requests not sent yet; redirected ones (already counted as sent) fail. */
  private dropHeld(client: Client, now: number): void {
    client.held = false;
    for (const r of client.retries.splice(0)) {
      client.inFlight--;
      if (r.sentAt >= this.measureStart) this.stats.failure(r.cmd, 'connection');
      this.errorWindows.note(epoch(now), 'connection');
    }
  }

  private canIssue(client: Client, now: number): boolean {
    if (!this.issuing || now >= this.measureEnd) return false;
    // Requests sent during the warm-up do not come out of the budget.
    return client.remaining > 0 || now < this.measureStart;
  }

  /** Sends what the client may send now. */
  private pump(client: Client, now: number): void {
    if (client.retries.length > 0) this.sendRetries(client);
    const pipeline = this.config.pipeline;
    const rate = this.config.rate;
    while (client.inFlight < pipeline) {
      let sentAt = now;
      if (rate !== null) {
        if (client.nextDue > now) break;
        sentAt = client.nextDue;
      }
      if (!this.canIssue(client, sentAt)) break;
      let cmd: number;
      let key: number;
      if (client.held) {
        cmd = client.heldCmd;
        key = client.heldKey;
      } else {
        cmd = this.cycle[client.cyclePosition] as number;
        client.cyclePosition = client.cyclePosition + 1 === this.cycle.length ? 0 : client.cyclePosition + 1;
        key = this.keys.next();
      }
      this.writer.setKey(key);
      const node = this.slots === null ? 0 : (this.slots[this.writer.slot(this.compiled[cmd] as CompiledCommand)] as number);
      const conn = this.connection(client, node < 0 ? 0 : node);
      if (!conn.ready) {
        if (!client.held) {
          client.held = true;
          client.heldCmd = cmd;
          client.heldKey = key;
          client.heldSince = now;
        }
        break;
      }
      client.held = false;
      if (rate !== null) {
        client.nextDue += this.interval;
        (this.sendLagBy[sentAt >= this.measureStart ? 1 : 0] as Histogram).record((now - sentAt) * 1000);
      }
      client.remaining -= sentAt >= this.measureStart ? 1 : 0;
      this.send(conn, cmd, key, sentAt, 0, false);
      client.inFlight++;
    }
  }

  private send(conn: Connection, cmd: number, key: number, sentAt: number, redirects: number, asking: boolean): void {
    const compiled = this.compiled[cmd] as CompiledCommand;
    const dataLength = this.dataSpread === 1 ? this.dataMin : this.dataMin + Math.floor(Math.random() * this.dataSpread);
    this.writer.setKey(key);
    conn.reserve(this.writer.maxBytes(compiled, dataLength) + (asking ? ASKING.length : 0));
    if (asking) {
      ASKING.copy(conn.out, conn.outLength);
      conn.outLength += ASKING.length;
      conn.push(SKIP, -1, 0, sentAt, 0);
    }
    conn.outLength = this.writer.write(compiled, conn.out, conn.outLength, dataLength);
    conn.push(REQUEST, cmd, key, sentAt, redirects);
    if (!conn.dirty) {
      conn.dirty = true;
      this.dirty.push(conn);
    }
  }

  private sendRetries(client: Client): void {
    const waiting = client.retries.splice(0);
    for (const r of waiting) {
      const conn = this.connection(client, r.node);
      if (conn.ready) this.send(conn, r.cmd, r.key, r.sentAt, r.redirects, r.asking);
      else client.retries.push(r);
    }
  }

  private flushAll(): void {
    const list = this.dirty;
    for (let i = 0; i < list.length; i++) (list[i] as Connection).flush();
    list.length = 0;
  }

  /** One function for every wake-up, made once: the open loop's spin schedules it again and again. */
  private readonly wake = (): void => {
    this.wakeScheduled = false;
    const t = performance.now();
    const clients = this.clients;
    for (let i = 0; i < clients.length; i++) {
      const c = clients[i] as Client;
      if (c.inFlight < this.config.pipeline) this.pump(c, t);
    }
    this.flushAll();
    this.scheduleWake(t);
  };

  /** Open loop: wake up when the next request is due (spinning when it is under 2 ms away). */
  private scheduleWake(now: number): void {
    if (this.wakeScheduled || !this.issuing) return;
    let next = Number.POSITIVE_INFINITY;
    for (const c of this.clients) if (c.inFlight < this.config.pipeline && !c.held && c.nextDue < next) next = c.nextDue;
    if (next === Number.POSITIVE_INFINITY || next >= this.measureEnd) return;
    this.wakeScheduled = true;
    // Timers fire a millisecond late or more; the last stretch is spun with setImmediate.
    if (next - now > 2) setTimeout(this.wake, next - now - 1.5);
    else setImmediate(this.wake);
  }

  onReply(conn: Connection, cmd: number, sentAt: number, now: number): void {
    const client = this.clients[conn.client] as Client;
    client.inFlight--;
    this.lastReplyAt = now;
    // No branch that only the measured part takes: optimised code would be thrown away (and run
    // slowly until compiled again) at the moment measuring begins.
    const measured = sentAt >= this.measureStart ? 1 : 0;
    (this.statsBy[measured] as IntervalStats).success(cmd, now - sentAt);
    this.lastCompletion = measured === 1 ? now : this.lastCompletion;
  }

  onErrorReply(conn: Connection, cmd: number, key: number, sentAt: number, redirects: number, message: string, now: number): void {
    const client = this.clients[conn.client] as Client;
    this.lastReplyAt = now;
    const kind = errorKind(message);
    const measured = sentAt >= this.measureStart;
    if ((kind === 'MOVED' || kind === 'ASK') && redirects < MAX_REDIRECTS && this.slots !== null) {
      const redirect = parseRedirect(message);
      if (redirect !== null) {
        if (measured) this.stats.redirect(redirect.kind);
        this.errorWindows.note(epoch(now), redirect.kind);
        const node = this.nodeFor(redirect.host === '' ? conn.host : redirect.host, redirect.port);
        if (redirect.kind === 'MOVED') {
          this.slots[redirect.slot] = node;
          this.refreshTopology();
        }
        client.retries.push({ cmd, key, sentAt, redirects: redirects + 1, node, asking: redirect.kind === 'ASK' });
        this.connection(client, node);
        return;
      }
    }
    client.inFlight--;
    if (measured) {
      this.stats.failure(cmd, kind);
      this.lastCompletion = now;
    }
    this.errorWindows.note(epoch(now), kind);
  }

  readTime(): number {
    if (this.passReadAt === 0) {
      this.passReadAt = performance.now();
      // The check phase follows the poll phase that does the reads: the pass is over by then.
      setImmediate(this.endPass);
    }
    return this.passReadAt;
  }

  private readonly endPass = (): void => {
    this.passReadAt = 0;
  };

  /** Closed loop: requests count from their write once the measured part has begun. */
  get restampFrom(): number {
    return this.config.rate === null ? this.measureStart : Number.POSITIVE_INFINITY;
  }

  /**
   * Replies read in one pass of the event loop are answered together afterwards (setImmediate):
   * new requests are stamped right before their write, and reach the server as one burst.
   */
  afterRead(conn: Connection): void {
    const client = this.clients[conn.client] as Client;
    if (!client.queued) {
      client.queued = true;
      this.queued.push(client);
    }
    if (!this.answerScheduled) {
      this.answerScheduled = true;
      setImmediate(this.answer);
    }
  }

  private readonly answer = (): void => {
    this.answerScheduled = false;
    const list = this.queued;
    let idle = false;
    for (let i = 0; i < list.length; i++) {
      const client = list[i] as Client;
      client.queued = false;
      this.pump(client, performance.now());
      if (client.inFlight === 0) idle = true;
    }
    list.length = 0;
    this.flushAll();
    if (this.config.rate !== null) this.scheduleWake(performance.now());
    if (idle) this.checkDone();
  };

  onReady(conn: Connection): void {
    if (this.readyWaiters.length > 0 && this.allReady()) for (const w of this.readyWaiters.splice(0)) w.resolve();
    const client = this.clients[conn.client] as Client;
    if (!this.issuing) return;
    const now = performance.now();
    this.pump(client, now);
    this.flushAll();
    if (this.config.rate !== null) this.scheduleWake(now);
  }

  onDown(conn: Connection, reason: 'connection' | 'timeout' | 'protocol', error: Error, lost: LostRequest[]): void {
    const now = performance.now();
    if (this.readyWaiters.length > 0 && !this.issuing) {
      // Before the start a failure is fatal: the caller reports it (wrong password, refused, TLS).
      for (const w of this.readyWaiters.splice(0)) w.reject(error);
      return;
    }
    const client = this.clients[conn.client] as Client;
    const kind = reason === 'timeout' ? 'timeout' : 'connection';
    for (const r of lost) {
      client.inFlight--;
      if (r.sentAt >= this.measureStart) {
        this.stats.failure(r.cmd, kind);
        this.lastCompletion = now;
      }
    }
    this.errorWindows.note(epoch(now), kind);
    if ((error as { fatal?: boolean }).fatal === true) {
      this.abandoned = error.message;
      this.stop();
      return;
    }
    if (this.slots !== null) this.refreshTopology();
    if (this.issuing || client.inFlight > 0) {
      // Backoff: 50 ms doubling to 1 s; the run goes on with the other connections meanwhile.
      const delay = Math.min(1000, 50 * 2 ** Math.min(5, conn.failures - 1));
      this.reconnects++;
      this.timers.push(
        setTimeout(() => {
          if (!this.finished && conn.state === 'down') conn.open();
        }, delay),
      );
    }
    this.checkDone();
  }

  private nodeFor(host: string, port: number): number {
    const id = `${host}:${port}`;
    let index = this.nodeIndex.get(id);
    if (index === undefined) {
      index = this.nodes.length;
      this.nodes.push({ host, port });
      this.nodeIndex.set(id, index);
    }
    return index;
  }

  /** Reads CLUSTER SLOTS from a node that is up (at most one at a time, and not too often). */
  private refreshTopology(): void {
    if (this.slots === null || this.finished) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    const now = performance.now();
    const wait = this.lastRefresh + REFRESH_MIN_INTERVAL_MS - now;
    const source = this.clients.flatMap((c) => c.conns).find((c) => c?.ready === true);
    if (source === undefined) return;
    this.refreshing = true;
    const go = (): void => {
      this.lastRefresh = performance.now();
      source.control(['CLUSTER', 'SLOTS'], (reply) => {
        this.refreshing = false;
        this.applySlots(reply, source.host);
        if (this.refreshAgain) {
          this.refreshAgain = false;
          this.refreshTopology();
        }
      });
      source.flush();
    };
    if (wait > 0) this.timers.push(setTimeout(go, wait));
    else go();
  }

  private applySlots(reply: Reply, seenFrom: string): void {
    if (!Array.isArray(reply) || this.slots === null) return;
    for (const range of reply) {
      if (!Array.isArray(range)) continue;
      const [start, end, primary] = range as [number, number, Reply[]];
      if (!Array.isArray(primary) || typeof start !== 'number' || typeof end !== 'number') continue;
      const host = String(primary[0] ?? '');
      const node = this.nodeFor(host === '' ? seenFrom : host, Number(primary[1]));
      for (let s = start; s <= end && s < this.slots.length; s++) this.slots[s] = node;
    }
    if (!this.issuing) return;
    const now = performance.now();
    for (const c of this.clients) if (c.held || c.retries.length > 0) this.pump(c, now);
    this.flushAll();
  }

  /** Every 100 ms: timeouts, requests held too long, a run that lost every server. */
  private housekeeping(): void {
    const now = performance.now();
    for (const c of this.clients) for (const conn of c.conns) conn?.checkTimeout(now, this.config.timeoutMs);
    for (const c of this.clients) {
      if (c.held && now - c.heldSince > this.config.timeoutMs) {
        // A request that could not be sent for a whole timeout fails, so budgets always run out.
        c.held = false;
        if (c.heldSince >= this.measureStart) {
          this.stats.failure(c.heldCmd, 'connection');
          c.remaining--;
        }
        this.errorWindows.note(epoch(now), 'connection');
        this.pump(c, now);
      }
    }
    this.flushAll();
    const abandonAfter = Math.max(30_000, 6 * this.config.timeoutMs);
    if (this.issuing && now - this.lastReplyAt > abandonAfter) {
      this.abandoned = `no reply from any server for ${Math.round(abandonAfter / 1000)} s`;
      this.stop();
      for (const c of this.clients) for (const conn of c.conns) conn?.close();
      for (const c of this.clients) c.inFlight = 0;
    }
    if (this.config.rate !== null) this.scheduleWake(now);
    this.checkDone();
  }

  private checkDone(): void {
    if (this.finished || this.finish === undefined) return;
    const now = performance.now();
    for (const c of this.clients) {
      if (c.inFlight > 0 || c.held || c.retries.length > 0) return;
      if (this.canIssue(c, now)) return;
    }
    this.finished = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    for (const c of this.clients) for (const conn of c.conns) conn?.close();
    const elu = performance.eventLoopUtilization(this.eluStart);
    const done = this.finish;
    const measureStart = this.measureStart;
    void threadCpuMs().then((cpuEnd) => {
      done({
        measureStart: epoch(measureStart),
        lastCompletion: this.lastCompletion === 0 ? epoch(measureStart) : epoch(this.lastCompletion),
        windows: this.errorWindows.windows,
        reconnects: this.reconnects,
        abandoned: this.abandoned,
        sendLag: this.sendLag?.toJSON() ?? null,
        cpu: {
          eventLoopUtilization: Math.round(elu.utilization * 1000) / 1000,
          threadCpuMs: cpuEnd === null || Number.isNaN(this.cpuStart) ? null : cpuEnd - this.cpuStart,
          wallMs: Math.max(0, performance.now() - measureStart),
        },
        final: this.stats.take(),
      });
    });
  }

  /** Closes everything at once (an error before the start). */
  close(): void {
    this.finished = true;
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.clients) for (const conn of c.conns) conn?.close();
  }
}

export { ReplyError };
