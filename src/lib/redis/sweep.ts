// A sweep of every key of a target that is complete or says it is not. SCAN runs on each shard's
// node (primary or replica, per --read-from) in parallel and each batch of new keys is handed to
// the caller's work (print, read, delete). Faults are expected: a node that is lost, restarts,
// loads, fails over or hands its slots away mid-scan makes its scan start again from cursor 0
// on whichever node serves those slots once the cluster is whole again (waiting up to
// `recoveryMs`). A key is handed on at most once (a set of the keys handed on), so a restarted
// scan, or SCAN's own repeats while a node resizes its table, count nothing twice.
//
// Coverage is decided from the nodes: in cluster mode a slot is covered when a scan ran from
// cursor 0 back to 0 on a node that served the slot (as its primary or a replica) both when the
// scan started and when it ended (CLUSTER SLOTS asked of that node), and the slot is not half-way
// through a migration then (CLUSTER NODES of its primary). The sweep ends complete when every
// slot is covered; otherwise it says which node and command stopped it. A user who may not run
// CLUSTER NODES cannot see migrations: a sweep that saw slots move then ends incomplete.
import type { Redis } from 'ioredis';
import { MemctlError } from '../io/errors.js';
import { abortableSleep as sleep } from '../io/sleep.js';
import { RateLimiter } from './rate.js';
import { nodeLabel } from './scan.js';
import { CommandBatch, replyOf, type Wire, type WireReply } from './wire.js';
import { KeySet } from './key-set.js';
import { LatencyGuard, type LatencyFigures } from './latency-guard.js';
import { startPingProbe, type PingProbe } from './ping-probe.js';
import { openNodes, permissionError, sweepNodes, wireTarget, type NodeHandle, type OpenedNodes, type ReadFrom, type ResolvedTarget } from './target.js';

export const TOTAL_SLOTS = 16384;

export type { OpenedNodes } from './target.js';

export interface SweepOptions {
  readFrom: ReadFrom;
  match?: string | undefined;
  type?: string | undefined;
  /** SCAN COUNT. */
  count: number;
  /** At most this many commands per second per node. */
  maxOps?: number | undefined;
  /**
   * The latency guard (latency-guard.ts): each node's PING round trip is watched while it is
   * swept, and above this many ms its SCANs and the work's batches are spaced out (0: watched
   * only); undefined: no guard.
   */
  maxLatencyMs?: number | undefined;
  /** Stop after this many keys in all (keys scan --limit): the sweep is then "limited", not incomplete. */
  limit?: number | undefined;
  /** At most this many keys per shard, in SCAN order (analyze --sample). */
  perShardLimit?: number | undefined;
  /** Nodes scanned at once (default: all). */
  parallel?: number | undefined;
  /** Batches of a node whose work runs at once (default 1: one after another). */
  workInFlight?: number | undefined;
  signal?: AbortSignal | undefined;
  /** How long to wait for the cluster to serve every slot again after a fault. */
  recoveryMs: number;
  /** A fault the sweep is recovering from, for a notice on stderr. */
  onNotice?: ((text: string) => void) | undefined;
}

/** New keys from one node, handed to the work of the caller. */
export interface SweepSlice {
  keys: Buffer[];
  node: NodeHandle;
  /** host:port of the node. */
  label: string;
  /** The shard the keys belong to: host:port of the node that served its slots when the sweep began. */
  shard: string;
  /** The node's latency guard, for the work to pace its own commands by (with --max-latency-ms). */
  guard?: LatencyGuard | undefined;
}

export interface SweepFailure {
  /** host:port of the node, or the target's label when no node could be reached. */
  node: string;
  command: string;
  message: string;
}

export interface SweepOutcome {
  /** Every key of the target (matching the filters) was handed on exactly once. */
  complete: boolean;
  interrupted: boolean;
  /** Stopped at `limit` keys (as asked). */
  limited: boolean;
  /** Keys handed on. */
  keys: number;
  /** Nodes that answered a SCAN (an empty node counts: it was swept). */
  nodes: number;
  /** What stopped the sweep when it is not complete (and not interrupted or limited). */
  failure?: SweepFailure | undefined;
  /** Faults recovered from: the node and what happened. */
  recovered: Array<{ node: string; reason: string }>;
  /** With a latency guard: its limit and each node's PING round trips during the sweep. */
  latency?: { limitMs: number; nodes: LatencyFigures[] } | undefined;
}

/** Faults that a rescan on the node that serves the slots now can get past. */
const DISRUPTION =
  /Connection is closed|Stream isn't writeable|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|Command timed out|socket hang up|no answer within|max retries per request|^LOADING|^TRYAGAIN|^CLUSTERDOWN|^MOVED|^ASK |^READONLY|^MASTERDOWN|non local key|^UNBLOCKED/;
/** Replies worth retrying on the same node, at once, before a rescan is needed. */
const TRANSIENT = /^(TRYAGAIN|CLUSTERDOWN|LOADING|MASTERDOWN)/;
const TRANSIENT_TRIES = 5;
/** Rounds in all: the loop's outer bound (each round that goes on covers at least one slot). */
const MAX_ROUNDS = 20_000;
/** The pause after a round that covered no new slot doubles from this, up to STALE_PAUSE_MAX_MS. */
const STALE_PAUSE_MS = 250;
const STALE_PAUSE_MAX_MS = 3000;
/** The most keys a node's DBSIZE reserves room for in the set of keys seen (about 8 bytes each). */
const MAX_RESERVE = 50_000_000;
/** How long a sweep lets a slot migration move on before it rescans the slot's node. */
const MIGRATION_PAUSE_MS = 500;

export function isDisruption(err: unknown): boolean {
  return DISRUPTION.test((err as Error)?.message ?? '');
}

/** A command that failed, with the node and command to name. */
class NodeFault extends Error {
  constructor(
    readonly node: string,
    readonly command: string,
    override readonly cause: unknown,
  ) {
    super(`${node}: ${command}: ${firstLine(cause)}`);
  }
}

function firstLine(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0] ?? '';
}

/**
 * Runs `fn`, retrying replies that say "try again shortly" (TRYAGAIN, CLUSTERDOWN, LOADING,
 * MASTERDOWN) with a bounded backoff; what stays fails as a NodeFault naming node and command.
 */
export async function withRetry<T>(node: string, command: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof NodeFault || err instanceof MemctlError) throw err;
      if (attempt >= TRANSIENT_TRIES || !TRANSIENT.test(firstLine(err)) || signal?.aborted === true) throw new NodeFault(node, command, err);
      await sleep(50 * 2 ** attempt, signal);
    }
  }
}

/** Ranges [from, to] as one set of slot numbers. */
function slotSet(ranges: Array<[number, number]> | undefined): Set<number> {
  const out = new Set<number>();
  for (const [from, to] of ranges ?? []) for (let s = from; s <= to && s < TOTAL_SLOTS; s++) out.add(s);
  return out;
}

/** The slots a node serves in a topology: its own (primary) or its primary's (replica). */
function servedSlots(node: NodeHandle, nodes: readonly NodeHandle[]): Set<number> {
  if (node.role === 'primary') return slotSet(node.slots);
  return slotSet(nodes.find((n) => n.id === node.primaryId)?.slots);
}

/** The slots CLUSTER SLOTS (asked of `client`) says the node `id` serves, as primary or replica. */
async function slotsServedNow(client: Redis, id: string, label: string, signal?: AbortSignal): Promise<Set<number>> {
  const ranges = (await withRetry(label, 'CLUSTER SLOTS', () => client.call('CLUSTER', 'SLOTS'), signal)) as unknown[][];
  const out: Array<[number, number]> = [];
  for (const range of ranges) {
    const [from, to, ...servers] = range as [number, number, ...unknown[][]];
    if (servers.some((s) => String(s?.[2]) === id || `${String(s?.[0])}:${String(s?.[1])}` === label)) out.push([Number(from), Number(to)]);
  }
  return slotSet(out);
}

/**
 * A fresh view of the target, from its seed or any node known before, once `accept` says it will
 * do (every slot needed is served); undefined when that does not happen by `deadline`. Failed
 * attempts are told to onFault; a refused login or permission is thrown at once.
 */
export async function reopen(
  target: ResolvedTarget,
  known: Iterable<{ address: string; port: number }>,
  accept: (opened: OpenedNodes) => Promise<boolean>,
  o: { deadline: number; signal?: AbortSignal | undefined; onFault?: (node: string, command: string, err: unknown) => void; onOpened?: (opened: OpenedNodes) => void },
): Promise<OpenedNodes | undefined> {
  const going = (): boolean => Date.now() < o.deadline && o.signal?.aborted !== true;
  const seeds = new Map<string, { address: string; port: number }>([[`${target.seed.address}:${target.seed.port}`, target.seed]]);
  for (const k of known) seeds.set(`${k.address}:${k.port}`, k);
  for (let attempt = 0; going(); attempt++) {
    for (const [label, seed] of seeds) {
      if (!going()) break;
      let opened: OpenedNodes;
      try {
        // Each known node is tried here in turn: not the control plane's list again for each.
        opened = await openNodes({ ...target, seed, alternates: undefined });
      } catch (err) {
        if (err instanceof MemctlError && err.exitCode === 4) throw err;
        o.onFault?.(label, 'CLUSTER SLOTS', err);
        continue;
      }
      o.onOpened?.(opened);
      for (const n of opened.nodes) seeds.set(nodeLabel(n), { address: n.address, port: n.port });
      if (await accept(opened)) return opened;
      opened.close();
      break; // the view is consistent but not whole yet: wait, then ask again
    }
    await sleep(Math.min(1000, 100 * 2 ** attempt), o.signal);
  }
  return undefined;
}

/** What the work did with a slice: the keys it found gone from the node (not handed on). */
export interface SweepWorkResult {
  absent?: Buffer[];
}

export type SweepWork = (slice: SweepSlice) => Promise<void | SweepWorkResult>;

/** Sweeps the target; `first` is the caller's (it closes it), the sweep closes what it opens. */
export async function sweep(target: ResolvedTarget, first: OpenedNodes, options: SweepOptions, work: SweepWork): Promise<SweepOutcome> {
  return new Sweep(target, first, options, work).run();
}

class Sweep {
  private readonly seen = new KeySet();
  private readonly uncovered: Set<number>;
  private standaloneDone = false;
  /** Slot → the shard (initial owner's host:port) it belongs to. */
  private readonly shardOfSlot = new Map<number, string>();
  private readonly perShard = new Map<string, number>();
  private readonly opened: OpenedNodes[] = [];
  private readonly endpoints = new Map<string, { address: string; port: number }>();
  private readonly outcome: SweepOutcome = { complete: false, interrupted: false, limited: false, keys: 0, nodes: 0, recovered: [] };
  private lastFault: NodeFault | undefined;
  /** A fault no rescan gets past: every node stops. */
  private fatal = false;
  /** Slots changed owner during the sweep (a reshard). */
  private slotsMoved = false;
  /** The user may not run CLUSTER NODES: migrations in progress cannot be seen. */
  private migrationsHidden = false;
  /** Set when rounds stopped covering slots for longer than recoveryMs: how long. */
  private staleFor: number | undefined;
  /** The first round: each node's DBSIZE sizes the set of keys seen once, before its keys come. */
  private firstRound = true;
  /** Rescans of moved slots read the primaries (said once). */
  private rescansFromPrimaries = false;
  /** Latency guards by node (host:port), fed by one PING probe for the sweep. */
  private readonly guards = new Map<string, LatencyGuard>();
  private probe: PingProbe | undefined;
  /** Nodes (host:port) that answered a SCAN of the sweep. */
  private readonly swept = new Set<string>();

  constructor(
    private readonly target: ResolvedTarget,
    private readonly first: OpenedNodes,
    private readonly options: SweepOptions,
    private readonly work: SweepWork,
  ) {
    this.uncovered = first.cluster ? new Set(Array.from({ length: TOTAL_SLOTS }, (_, i) => i)) : new Set();
    for (const n of first.nodes) {
      this.remember(n);
      if (n.role === 'primary') for (const slot of slotSet(n.slots)) this.shardOfSlot.set(slot, nodeLabel(n));
    }
  }

  private remember(n: NodeHandle): void {
    this.endpoints.set(nodeLabel(n), { address: n.address, port: n.port });
  }

  private get done(): boolean {
    return this.first.cluster ? this.uncovered.size === 0 : this.standaloneDone;
  }

  private stopped(): boolean {
    return this.options.signal?.aborted === true || this.outcome.limited || this.fatal;
  }

  async run(): Promise<SweepOutcome> {
    let topology: OpenedNodes = this.first;
    try {
      // Rounds go on while they cover slots; a sweep gives up after --timeout without progress
      // (a reshard that keeps moving slots still lets it progress round by round).
      let stale = 0;
      let progressAt = Date.now();
      for (let round = 0; round < MAX_ROUNDS && !this.done && !this.stopped(); round++) {
        if (stale > 0) {
          if (Date.now() - progressAt > this.options.recoveryMs) {
            this.staleFor = Date.now() - progressAt;
            break;
          }
          await sleep(Math.min(STALE_PAUSE_MAX_MS, STALE_PAUSE_MS * 2 ** (stale - 1)), this.options.signal);
        }
        const uncovered = this.uncovered.size;
        if (round > 0) {
          const next = await this.rediscover();
          if (next === undefined) break;
          topology = next;
        }
        const targets = this.targets(topology);
        const queue = [...targets];
        const workers = Math.max(1, Math.min(this.options.parallel ?? queue.length, queue.length));
        await Promise.all(
          Array.from({ length: workers }, async () => {
            for (let node = queue.shift(); node !== undefined && !this.stopped(); node = queue.shift()) await this.scanNode(node, topology.nodes);
          }),
        );
        this.firstRound = false;
        if (this.uncovered.size < uncovered) {
          stale = 0;
          progressAt = Date.now();
        } else stale++;
      }
    } finally {
      for (const o of this.opened) o.close();
      this.probe?.stop();
    }
    if (this.options.maxLatencyMs !== undefined) {
      this.outcome.latency = { limitMs: this.options.maxLatencyMs, nodes: [...this.guards.values()].map((guard) => guard.figures()).sort((a, b) => a.node.localeCompare(b.node)) };
    }
    this.outcome.nodes = this.swept.size;
    this.outcome.interrupted = this.options.signal?.aborted === true;
    this.outcome.complete = this.done && !this.outcome.interrupted && !this.outcome.limited;
    if (this.outcome.complete && this.slotsMoved && this.migrationsHidden) {
      // A slot still half-way through a migration when its scan ended looks like any other slot
      // in CLUSTER SLOTS: without CLUSTER NODES the sweep cannot vouch for a reshard's slots.
      this.outcome.complete = false;
      this.lastFault = new NodeFault(
        this.target.label,
        'CLUSTER NODES',
        new Error('slots moved during the sweep (a reshard) and this user may not run CLUSTER NODES, which shows the slots still migrating; add +cluster|nodes, or run it again once the reshard is done'),
      );
    }
    if (!this.outcome.complete && !this.outcome.interrupted && !this.outcome.limited) {
      const fault = this.lastFault;
      const stale = this.staleFor === undefined ? '' : `; ${this.uncovered.size} slot(s) not covered, no progress for ${Math.round(this.staleFor / 1000)}s (the cluster kept changing)`;
      this.outcome.failure =
        fault === undefined
          ? { node: this.target.label, command: 'SCAN', message: `${this.uncovered.size} slot(s) were not covered${stale}` }
          : { node: fault.node, command: fault.command, message: `${firstLine(fault.cause)}${stale}` };
    }
    return this.outcome;
  }

  /** The nodes to scan this round: per --read-from, those serving a slot not yet covered. */
  private targets(topology: OpenedNodes): NodeHandle[] {
    // Once slots moved, their rescans read the primaries: a replica may not have applied the
    // migration's last keys yet (or still be loading its first copy, as a new shard's is).
    const readFrom = this.slotsMoved && topology.cluster ? 'primary' : this.options.readFrom;
    if (readFrom !== this.options.readFrom && !this.rescansFromPrimaries) {
      this.rescansFromPrimaries = true;
      this.options.onNotice?.(`${this.target.label}: slots moved; their rescans read the primaries, which hold every key a migration moved`);
    }
    const nodes = sweepNodes(topology.nodes, readFrom);
    if (!topology.cluster) return this.standaloneDone ? [] : nodes.slice(0, 1);
    return nodes.filter((n) => [...servedSlots(n, topology.nodes)].some((s) => this.uncovered.has(s)));
  }

  private shardOf(node: NodeHandle, served: Set<number>): string {
    if (!this.first.cluster) return nodeLabel(this.first.nodes.find((n) => n.role === 'primary') ?? (this.first.nodes[0] as NodeHandle));
    for (const slot of served) {
      const shard = this.shardOfSlot.get(slot);
      if (shard !== undefined) return shard;
    }
    return nodeLabel(node);
  }

  /** The node's latency guard (made on first use: the probe starts PINGing the node). */
  private async guardOf(node: NodeHandle): Promise<LatencyGuard | undefined> {
    const limit = this.options.maxLatencyMs;
    if (limit === undefined) return undefined;
    const label = nodeLabel(node);
    let guard = this.guards.get(label);
    if (guard === undefined) {
      const made = new LatencyGuard(label, limit);
      this.guards.set(label, made);
      guard = made;
      this.probe ??= startPingProbe();
      this.probe.watch(label, await wireTarget(this.target, node.address, node.port), (ms) => made.record(ms));
    }
    return guard;
  }

  /** One SCAN from cursor 0 to 0 on a node; a fault is recorded and leaves the slots uncovered. */
  private async scanNode(node: NodeHandle, nodes: readonly NodeHandle[]): Promise<void> {
    const label = nodeLabel(node);
    const before = this.first.cluster ? servedSlots(node, nodes) : new Set<number>();
    const shard = this.shardOf(node, before);
    const limiter = new RateLimiter(this.options.maxOps);
    const signal = this.options.signal;
    const args: Array<string | number> = [];
    if (this.options.match !== undefined) args.push('MATCH', this.options.match);
    if (this.options.type !== undefined) args.push('TYPE', this.options.type);
    args.push('COUNT', this.options.count);
    // The work of up to `depth` batches runs at once (analyze reads batch N while SCAN and the
    // reads of the batches before it are on the wire); each unclaims its keys if it fails.
    const depth = Math.max(1, this.options.workInFlight ?? 1);
    const jobs: Array<Promise<void>> = [];
    const drain = async (): Promise<void> => {
      while (jobs.length > 0) await jobs.shift();
    };
    try {
      const guard = await this.guardOf(node);
      // SCAN goes over the node's wire connection: its replies are read in place, key by key.
      const wire = await withRetry(label, 'SCAN', () => node.wire(), signal);
      if (this.firstRound) await this.reserve(wire);
      const scan = async (cursor: string): Promise<[string, Buffer[]]> => {
        // Awaited only when there is a pause: otherwise the SCAN is written at once, before the
        // keys of the batch before it are handed to the work (the server runs it meanwhile).
        const paced = limiter.take(1, signal);
        if (paced !== undefined) await paced;
        const held = guard?.ready(signal);
        if (held !== undefined) await held;
        const batch = new CommandBatch(128).command('SCAN', cursor, ...args);
        const reply = await withRetry(label, 'SCAN', async () => replyOf((await wire.send(batch))[0]), signal);
        const [next, keys] = reply as [Buffer, Buffer[]];
        return [next.toString('latin1'), keys];
      };
      let inFlight = scan('0');
      inFlight.catch(() => undefined);
      // A full SCAN ends when the cursor returns to 0; the bound only guards against a server bug.
      for (let round = 0; round < 100_000_000; round++) {
        const [cursor, keys] = await inFlight;
        if (round === 0) this.swept.add(label);
        const more = cursor !== '0';
        if (more) {
          inFlight = scan(cursor);
          inFlight.catch(() => undefined);
        }
        const fresh = this.claim(keys, shard).keys;
        if (fresh.length > 0) {
          this.count(shard, fresh.length);
          const job = this.work({ keys: fresh, node, label, shard, guard }).then(
            (done) => {
              // Keys gone from the node by the time the work read them (a migration moved them on,
              // or they were deleted): not handed on, so the rescan of wherever they went offers
              // them again.
              const absent = done?.absent ?? [];
              for (const key of absent) this.seen.delete(key);
              this.count(shard, -absent.length);
            },
            (err: unknown) => {
              // Keys of a batch whose work failed were not handed on: a rescan offers them again.
              for (const key of fresh) this.seen.delete(key);
              this.count(shard, -fresh.length);
              throw err;
            },
          );
          job.catch(() => undefined);
          jobs.push(job);
          while (jobs.length >= depth) await jobs.shift();
        }
        if (this.options.limit !== undefined && this.outcome.keys >= this.options.limit) this.outcome.limited = true;
        const sampled = this.options.perShardLimit !== undefined && (this.perShard.get(shard) ?? 0) >= this.options.perShardLimit;
        if (this.stopped()) {
          await drain();
          return;
        }
        if (!more || sampled) break;
      }
      await drain();
      if (!this.first.cluster) {
        this.standaloneDone = true;
        return;
      }
      // Covered: the slots this node served from the start of its scan to the end, and that are
      // not half-way through a migration now (some of their keys may be on the other node).
      const after = await slotsServedNow(node.client, node.id, label, signal);
      const primary = node.role === 'primary' ? node : nodes.find((n) => n.id === node.primaryId);
      const migrating = primary === undefined ? undefined : await this.migratingSlots(primary);
      let moved = 0;
      let halfway = 0;
      for (const slot of before) {
        if (!after.has(slot)) moved++;
        else if (migrating?.has(slot) === true) halfway++;
        else this.uncovered.delete(slot);
      }
      if (moved > 0) {
        this.slotsMoved = true;
        this.notice(label, `${moved} slot(s) moved away during the scan`);
      }
      if (halfway > 0) {
        this.slotsMoved = true;
        this.notice(label, `${halfway} slot(s) are migrating`);
        // A rescan is worth it once the migration had time to move on.
        await sleep(MIGRATION_PAUSE_MS, signal);
      }
    } catch (err) {
      // Every batch's work ends (and a failed one unclaims its keys) before the node is left.
      await Promise.allSettled(jobs);
      if (signal?.aborted === true || this.fatal) return;
      const fault = err instanceof NodeFault ? err : new NodeFault(label, 'reading keys', err);
      if (!isDisruption(fault.cause)) {
        this.fatal = true;
        const denied = permissionError(label, fault.cause);
        if (denied !== undefined) throw denied;
        if (fault.cause instanceof MemctlError) throw fault.cause;
        throw new MemctlError(`${fault.node}: ${fault.command} failed: ${firstLine(fault.cause)}`, 1, { cause: fault.cause });
      }
      this.lastFault = fault;
      // A slot that moved answers MOVED or ASK: the topology changed under the sweep.
      if (/^(MOVED|ASK) /.test(firstLine(fault.cause))) this.slotsMoved = true;
      this.notice(label, `${fault.command}: ${firstLine(fault.cause)}`);
    }
  }

  /**
   * Room in the set of keys seen for the node's keys (DBSIZE, bounded by --limit / --sample), so
   * it does not grow step by step while they come; not with --match or --type (DBSIZE counts keys
   * they leave out). Only a hint: a refusal or failure is left to the SCAN that follows.
   */
  private async reserve(wire: Wire): Promise<void> {
    if (this.options.match !== undefined || this.options.type !== undefined) return;
    let size: WireReply | undefined;
    try {
      [size] = await wire.send(new CommandBatch(32).command('DBSIZE'));
    } catch {
      return;
    }
    if (typeof size !== 'number' || size <= 0) return;
    const bound = Math.min(size, this.options.limit ?? size, this.options.perShardLimit ?? size, MAX_RESERVE);
    this.seen.reserve(bound);
  }

  /**
   * The slots a primary is migrating away or importing (CLUSTER NODES: "[slot->-id]",
   * "[slot-<-id]" on its own line); undefined when the user may not run CLUSTER NODES.
   */
  private async migratingSlots(primary: NodeHandle): Promise<Set<number> | undefined> {
    if (this.migrationsHidden) return undefined;
    let text: string;
    try {
      text = String(await withRetry(nodeLabel(primary), 'CLUSTER NODES', () => primary.client.call('CLUSTER', 'NODES'), this.options.signal));
    } catch (err) {
      if (err instanceof NodeFault && /NOPERM|unknown (sub)?command/i.test(firstLine(err.cause))) {
        this.migrationsHidden = true;
        return undefined;
      }
      throw err;
    }
    const self = text.split('\n').find((line) => line.split(' ')[2]?.includes('myself') === true) ?? '';
    const out = new Set<number>();
    for (const m of self.matchAll(/\[(\d+)-[<>]-/g)) out.add(Number(m[1]));
    return out;
  }

  /** Keys handed on (negative: taken back), in all and for the shard. */
  private count(shard: string, keys: number): void {
    this.outcome.keys += keys;
    this.perShard.set(shard, (this.perShard.get(shard) ?? 0) + keys);
  }

  /** The keys not handed on before, now claimed (they are unclaimed if their work fails). */
  private claim(keys: Buffer[], shard: string): { keys: Buffer[] } {
    let room = this.options.limit === undefined ? Number.POSITIVE_INFINITY : this.options.limit - this.outcome.keys;
    if (this.options.perShardLimit !== undefined) room = Math.min(room, this.options.perShardLimit - (this.perShard.get(shard) ?? 0));
    return { keys: room <= 0 ? [] : this.seen.addAll(keys, room) };
  }

  private notice(node: string, reason: string): void {
    this.outcome.recovered.push({ node, reason });
    this.options.onNotice?.(`${node}: ${reason}; the sweep goes on from the node that serves its slots`);
  }

  /**
   * A fresh view of the target once every slot not yet covered is served by a node that answers
   * (per --read-from); undefined when that does not happen within recoveryMs (lastFault says why).
   */
  private async rediscover(): Promise<OpenedNodes | undefined> {
    const opened = await reopen(this.target, this.endpoints.values(), (o) => this.serves(o), {
      deadline: Date.now() + this.options.recoveryMs,
      signal: this.options.signal,
      onFault: (node, command, err) => {
        this.lastFault = new NodeFault(node, command, err);
      },
      onOpened: (o) => o.nodes.forEach((n) => this.remember(n)),
    });
    if (opened !== undefined) this.opened.push(opened);
    return opened;
  }

  /** Every slot not yet covered has a node to scan (per --read-from), and those nodes answer. */
  private async serves(opened: OpenedNodes): Promise<boolean> {
    let targets: NodeHandle[];
    try {
      targets = this.targets(opened);
    } catch (err) {
      // --read-from replica and a shard without a replica (yet): wait for one.
      this.lastFault = new NodeFault(this.target.label, 'CLUSTER SLOTS', err);
      return false;
    }
    if (opened.cluster) {
      const served = new Set<number>();
      for (const n of targets) for (const slot of servedSlots(n, opened.nodes)) served.add(slot);
      const missing = [...this.uncovered].filter((s) => !served.has(s));
      if (missing.length > 0) {
        this.lastFault = new NodeFault(this.target.label, 'CLUSTER SLOTS', new Error(`${missing.length} slot(s) have no node serving them`));
        return false;
      }
    }
    const answers = await Promise.all(
      targets.map((n) =>
        withRetry(nodeLabel(n), 'PING', () => n.client.ping(), this.options.signal).then(
          () => true,
          (err: unknown) => {
            this.lastFault = err instanceof NodeFault ? err : new NodeFault(nodeLabel(n), 'PING', err);
            return false;
          },
        ),
      ),
    );
    return answers.every(Boolean);
  }
}
