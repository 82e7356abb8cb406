// @ts-nocheck
// Keeps the local control plane's redis-server processes alive: restarts a node that dies on its own
// (same port and dir, so it rejoins its cluster with its data), up to a bounded rate.

import { RedisNode, type NodeExitInfo, type NodeSpec } from './redis-node.js';

export type NodeHealth = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface NodeSupervisorOptions {
  restartDelayMs?: number;
  maxRestartsPerMinute?: number;
  onChange?: (name: string, health: NodeHealth, detail?: string) => void;
  redisServer?: string;
}

interface Supervised {
  node: RedisNode;
  health: NodeHealth;
  /** Whether the node should be up: set by start(), cleared by stop()/remove(). */
  wanted: boolean;
  /** True while start() or an automatic restart is in flight; exits then are reported by that start. */
  launching: boolean;
  unexpectedExits: number[];
  restartTimer: NodeJS.Timeout | undefined;
  onExit: (info: NodeExitInfo) => void;
}

const RESTART_WINDOW_MS = 60_000;

export class NodeSupervisor {
  private readonly nodes = new Map<string, Supervised>();
  private readonly restartDelayMs: number;
  private readonly maxRestartsPerMinute: number;
  private readonly onChange: NodeSupervisorOptions['onChange'];
  private readonly redisServer: string | undefined;

  constructor(options: NodeSupervisorOptions = {}) {
    this.restartDelayMs = options.restartDelayMs ?? 300;
    this.maxRestartsPerMinute = options.maxRestartsPerMinute ?? 5;
    this.onChange = options.onChange;
    this.redisServer = options.redisServer;
  }

  add(spec: NodeSpec): RedisNode {
    if (this.nodes.has(spec.name)) throw new Error(`node ${spec.name} is already supervised`);
    const node = new RedisNode(spec, this.redisServer === undefined ? {} : { redisServer: this.redisServer });
    const entry: Supervised = {
      node,
      health: 'stopped',
      wanted: false,
      launching: false,
      unexpectedExits: [],
      restartTimer: undefined,
      onExit: (info) => this.handleExit(entry, info),
    };
    node.on('exit', entry.onExit);
    this.nodes.set(spec.name, entry);
    return node;
  }

  get(name: string): RedisNode | undefined {
    return this.nodes.get(name)?.node;
  }

  health(name: string): NodeHealth {
    return this.nodes.get(name)?.health ?? 'stopped';
  }

  pids(): Map<string, number> {
    const pids = new Map<string, number>();
    for (const [name, entry] of this.nodes) {
      const pid = entry.node.pid;
      if (pid !== undefined) pids.set(name, pid);
    }
    return pids;
  }

  /** Starts a node (or brings a 'failed' one back), resetting its restart budget. */
  async start(name: string): Promise<void> {
    const entry = this.require(name);
    this.cancelRestart(entry);
    entry.wanted = true;
    entry.unexpectedExits = [];
    if (entry.node.running && !entry.launching) {
      this.setHealth(entry, 'running');
      return;
    }
    this.setHealth(entry, 'starting');
    await this.launch(entry);
  }

  async stop(name: string, options: { save: boolean }): Promise<void> {
    const entry = this.require(name);
    entry.wanted = false;
    this.cancelRestart(entry);
    await entry.node.stop(options);
    this.setHealth(entry, 'stopped');
  }

  /** Stops the node and forgets it. */
  async remove(name: string, options: { save: boolean }): Promise<void> {
    const entry = this.nodes.get(name);
    if (!entry) return;
    await this.stop(name, options);
    entry.node.off('exit', entry.onExit);
    if (this.nodes.get(name) === entry) this.nodes.delete(name);
  }

  async stopAll(options: { save: boolean }): Promise<void> {
    const results = await Promise.allSettled([...this.nodes.keys()].map((name) => this.stop(name, options)));
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length > 0) {
      throw new Error(`failed to stop ${failures.length} node(s): ${failures.map((failure) => String(failure.reason)).join('; ')}`);
    }
  }

  private require(name: string): Supervised {
    const entry = this.nodes.get(name);
    if (!entry) throw new Error(`unknown node ${name}`);
    return entry;
  }

  private setHealth(entry: Supervised, health: NodeHealth, detail?: string): void {
    if (entry.health === health && detail === undefined) return;
    entry.health = health;
    try {
      this.onChange?.(entry.node.spec.name, health, detail);
    } catch {
      // A faulty listener must not stop supervision.
    }
  }

  private cancelRestart(entry: Supervised): void {
    if (entry.restartTimer !== undefined) clearTimeout(entry.restartTimer);
    entry.restartTimer = undefined;
  }

  /** Starts the process; `markFailed` is false for automatic restarts, whose failures scheduleRestart() judges. */
  private async launch(entry: Supervised, markFailed = true): Promise<void> {
    entry.launching = true;
    try {
      await entry.node.start();
    } catch (error) {
      entry.launching = false;
      if (entry.wanted && markFailed) this.setHealth(entry, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
    entry.launching = false;
    // stop() may have been called while starting; it wins.
    if (entry.wanted) this.setHealth(entry, 'running');
  }

  private handleExit(entry: Supervised, info: NodeExitInfo): void {
    // Exits caused by stop(), and failures of an ongoing start (which rejects by itself), need no restart.
    if (info.expected || !entry.wanted || entry.launching) return;
    const how = info.signal ? `signal ${info.signal}` : `code ${info.code}`;
    this.scheduleRestart(entry, `exited unexpectedly with ${how}`);
  }

  private scheduleRestart(entry: Supervised, reason: string): void {
    const now = Date.now();
    entry.unexpectedExits = entry.unexpectedExits.filter((at) => now - at < RESTART_WINDOW_MS);
    entry.unexpectedExits.push(now);
    if (entry.unexpectedExits.length > this.maxRestartsPerMinute) {
      this.cancelRestart(entry);
      this.setHealth(entry, 'failed', `${reason}; gave up after ${this.maxRestartsPerMinute} restarts within a minute`);
      return;
    }
    this.setHealth(entry, 'restarting', reason);
    this.cancelRestart(entry);
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = undefined;
      if (!entry.wanted) return;
      this.launch(entry, false).catch((error: unknown) => {
        // A restart that fails counts like another unexpected exit, so a broken node ends up 'failed'.
        if (entry.wanted) this.scheduleRestart(entry, `restart failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, this.restartDelayMs);
    entry.restartTimer.unref();
  }
}
