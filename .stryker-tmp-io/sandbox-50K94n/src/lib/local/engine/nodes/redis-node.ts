// @ts-nocheck
// One redis-server process of the local control plane: its config, its lifetime, and how to reach it.

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { access, copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { resolve as resolvePath, join } from 'node:path';
import { pidAlive } from '../../store/daemon-record.js';
import { infoField } from './topology.js';
import { connectNode, NODE_HOST, sendRawCommand } from './node-client.js';
import { aclPathOf, confPathOf, logPathOf, renderNodeConfig, writeSecretFile, type NodeSpec } from './node-config.js';

// Existing callers import the connection helpers from here.
export { connectNode, sendRawCommand } from './node-client.js';
export { aclPathOf, confPathOf, logPathOf, quoteConfValue, renderNodeConfig, type NodeAccess, type NodeSpec } from './node-config.js';

export interface NodeExitInfo {
  code: number | null;
  signal: string | null;
  /** True when stop() (or a failed start()) caused the exit. */
  expected: boolean;
}

const HOST = NODE_HOST;
const START_TIMEOUT_MS = 10_000;
/** Loading a seed RDB and writing the first AOF from it can take longer than a normal start. */
const SEED_TIMEOUT_MS = 120_000;
/** Redis 7's defaults (appenddirname, appendfilename): the manifest exists once the node has an AOF. */
const AOF_MANIFEST = join('appendonlydir', 'appendonly.aof.manifest');
const SEED_FILE = 'dump.rdb';
const STOP_TIMEOUT_MS = 10_000;
const SIGNAL_GRACE_MS = 3_000;
const POLL_MS = 25;
const LOG_TAIL_LINES = 8;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function logTail(spec: NodeSpec): Promise<string> {
  try {
    const text = await readFile(logPathOf(spec), 'utf8');
    return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '(no log)';
  }
}

const processExists = pidAlive;

async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processExists(pid)) return true;
    await sleep(POLL_MS);
  }
  return !processExists(pid);
}

/**
 * The redis-server processes (pid -> config file) whose config file lies under `dir`: the nodes a
 * plane of this state directory started. Read from /proc; empty where there is none.
 */
export async function nodesUnder(dir: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const root = resolvePath(dir) + '/';
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return found;
  }
  await Promise.all(
    pids.map(async (entry) => {
      const pid = Number(entry);
      if (pid === process.pid) return;
      try {
        // redis-server rewrites its title ("redis-server 127.0.0.1:port [cluster] /path/redis.conf").
        const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
        if (!cmdline.includes('redis-server') && !cmdline.includes('valkey-server')) return;
        const at = cmdline.indexOf(root);
        const end = at < 0 ? -1 : cmdline.indexOf('redis.conf', at);
        if (end >= 0) found.set(pid, cmdline.slice(at, end + 'redis.conf'.length));
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }),
  );
  return found;
}

/**
 * Kills a redis-server left behind by a crashed daemon. Only a process whose command line names
 * redis-server and our config file is touched, so a recycled pid never hits an unrelated process.
 */
export async function killStaleNode(pid: number, confPath: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  let cmdline: string;
  try {
    cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return false;
  }
  const isRedis = cmdline.includes('redis-server') || cmdline.includes('valkey-server');
  if (!isRedis || !cmdline.includes(resolvePath(confPath))) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  if (await waitForProcessExit(pid, SIGNAL_GRACE_MS)) return true;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await waitForProcessExit(pid, SIGNAL_GRACE_MS);
  return true;
}


async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the spec's seed RDB into the node's dir when the node has no AOF yet (a first start, or
 * one interrupted before its AOF was written). Returns whether this start is a seeding start.
 */
async function placeSeed(spec: NodeSpec): Promise<boolean> {
  if (spec.seedRdb === undefined) return false;
  const dir = resolvePath(spec.dir);
  if (await fileExists(join(dir, AOF_MANIFEST))) return false;
  try {
    await copyFile(resolvePath(spec.seedRdb), join(dir, SEED_FILE));
  } catch (error) {
    throw new Error(`cannot seed node ${spec.name} from ${spec.seedRdb}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return true;
}

/**
 * A node started from its seed runs without AOF. Turning AOF on makes Redis write the first AOF
 * from memory (a rewrite); once that is done, restarts with `appendonly yes` load the seeded data.
 */
async function enableAofAfterSeed(spec: NodeSpec, deadline: number): Promise<void> {
  const client = connectNode(spec.port, spec.tls, { connectTimeoutMs: 3_000, commandTimeoutMs: 5_000, credentials: spec.access?.admin });
  try {
    await client.call('CONFIG', 'SET', 'appendonly', 'yes');
    let last = '';
    while (Date.now() < deadline) {
      const info = String(await client.call('INFO', 'persistence'));
      const field = (name: string): string => infoField(info, name) ?? '?';
      if (field('aof_last_bgrewrite_status') === 'err') throw new Error('the AOF rewrite failed');
      last = `aof_enabled:${field('aof_enabled')} aof_rewrite_in_progress:${field('aof_rewrite_in_progress')} aof_rewrite_scheduled:${field('aof_rewrite_scheduled')}`;
      const done = field('aof_enabled') === '1' && field('aof_rewrite_in_progress') === '0' && field('aof_rewrite_scheduled') === '0';
      // The manifest is written when the rewrite completes: the ground truth that the AOF exists.
      if (done && (await fileExists(join(resolvePath(spec.dir), AOF_MANIFEST)))) return;
      await sleep(POLL_MS);
    }
    throw new Error(`timed out waiting for the first AOF rewrite (${last})`);
  } finally {
    client.disconnect();
  }
}

export interface RedisNodeEvents {
  exit: [info: NodeExitInfo];
}

/** A redis-server child process for one node spec. Emits 'exit' whenever the process ends. */
export class RedisNode extends EventEmitter<RedisNodeEvents> {
  readonly spec: NodeSpec;
  private readonly defaultServer: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private expectingExit = false;
  private starting: Promise<void> | undefined;

  constructor(spec: NodeSpec, options: { redisServer?: string } = {}) {
    super();
    this.spec = spec;
    this.defaultServer = options.redisServer ?? process.env['MEMCTL_REDIS_SERVER'] ?? 'redis-server';
  }

  /** The binary the next start runs: the spec's own (an engine version's), else the plane's default. */
  get redisServer(): string {
    return this.spec.server ?? this.defaultServer;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the process and resolves once it answers PING. A no-op when already running. */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.running) return Promise.resolve();
    this.starting = this.launch().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async launch(): Promise<void> {
    const { spec } = this;
    await mkdir(resolvePath(spec.dir), { recursive: true });
    const seeding = await placeSeed(spec);
    if (spec.access) await writeSecretFile(aclPathOf(spec), spec.access.aclFile());
    // 0600: with access, redis.conf holds masterauth in clear.
    await writeSecretFile(confPathOf(spec), renderNodeConfig(spec, { seeding }));
    const logFd = openSync(logPathOf(spec), 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.redisServer, [confPathOf(spec)], {
        cwd: resolvePath(spec.dir),
        stdio: ['ignore', logFd, logFd],
        detached: false,
      });
    } finally {
      closeSync(logFd);
    }
    // The owner (the daemon) stays alive for its own reasons; the child alone must not pin the loop.
    child.unref();
    this.child = child;
    this.expectingExit = false;

    let spawnError: Error | undefined;
    let exitInfo: { code: number | null; signal: string | null } | undefined;
    this.exited = new Promise((resolveExit) => {
      child.on('error', (error) => {
        spawnError = error;
        // When spawning fails, no 'exit' follows.
        if (child.pid === undefined) {
          if (this.child === child) this.child = undefined;
          resolveExit();
        }
      });
      child.once('exit', (code, signal) => {
        exitInfo = { code, signal };
        if (this.child === child) this.child = undefined;
        resolveExit();
        this.emit('exit', { code, signal, expected: this.expectingExit });
      });
    });

    const startTimeoutMs = seeding ? SEED_TIMEOUT_MS : START_TIMEOUT_MS;
    const deadline = Date.now() + startTimeoutMs;
    let answered = false;
    while (!answered && Date.now() < deadline) {
      if (spawnError && child.pid === undefined) {
        const hint = (spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? ' (install redis-server or set MEMCTL_REDIS_SERVER)' : '';
        throw new Error(`cannot run ${this.redisServer} for node ${spec.name}: ${spawnError.message}${hint}`);
      }
      if (exitInfo) {
        const how = exitInfo.signal ? `signal ${exitInfo.signal}` : `code ${exitInfo.code}`;
        throw new Error(`redis-server for node ${spec.name} (port ${spec.port}) exited during startup with ${how}; last log lines:\n${await logTail(spec)}`);
      }
      try {
        // Raced with the exit, so a process that dies mid-probe is reported at once.
        const reply = await Promise.race([sendRawCommand(spec.port, spec.tls, ['PING'], 1_000, spec.access?.admin), this.exited.then(() => null)]);
        answered = reply === '+PONG';
      } catch {
        // Not listening yet (or still loading its AOF): poll again.
      }
      if (!answered) await sleep(POLL_MS);
    }
    if (!answered) {
      await this.abortStart(child);
      throw new Error(`redis-server for node ${spec.name} did not answer PING on ${HOST}:${spec.port} within ${startTimeoutMs / 1000} s; last log lines:\n${await logTail(spec)}`);
    }
    if (!seeding) return;
    try {
      await enableAofAfterSeed(spec, deadline);
    } catch (error) {
      await this.abortStart(child);
      throw new Error(`node ${spec.name} loaded its seed RDB but did not write its AOF: ${error instanceof Error ? error.message : String(error)}; last log lines:\n${await logTail(spec)}`);
    }
  }

  private async abortStart(child: ChildProcess): Promise<void> {
    this.expectingExit = true;
    if (child.pid !== undefined && this.child === child) child.kill('SIGKILL');
    await Promise.race([this.exited, sleep(SIGNAL_GRACE_MS)]);
  }

  /**
   * Shuts the node down with SHUTDOWN SAVE or NOSAVE and waits for the process to end; falls back to
   * SIGTERM, then SIGKILL. A no-op when not running.
   */
  async stop(options: { save: boolean; timeoutMs?: number }): Promise<void> {
    if (this.starting) await this.starting.catch(() => {});
    const child = this.child;
    if (!child || child.pid === undefined) return;
    const timeoutMs = options.timeoutMs ?? STOP_TIMEOUT_MS;
    this.expectingExit = true;
    const exited = this.exited;
    const exitedWithin = async (ms: number): Promise<boolean> => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((done) => {
        timer = setTimeout(() => done(false), ms);
      });
      try {
        return await Promise.race([exited.then(() => true), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    };

    const deadline = Date.now() + timeoutMs;
    let refused = false;
    try {
      const reply = await sendRawCommand(this.spec.port, this.spec.tls, ['SHUTDOWN', options.save ? 'SAVE' : 'NOSAVE'], timeoutMs, this.spec.access?.admin);
      // A successful SHUTDOWN closes the connection without a reply; an error reply means it won't exit by itself.
      refused = reply !== null && reply.startsWith('-');
    } catch {
      // Unreachable or timed out: wait, then the signals below end it.
    }
    if (!refused && (await exitedWithin(Math.max(0, deadline - Date.now())))) return;
    child.kill('SIGTERM');
    if (await exitedWithin(SIGNAL_GRACE_MS)) return;
    child.kill('SIGKILL');
    if (!(await exitedWithin(SIGNAL_GRACE_MS))) {
      throw new Error(`redis-server for node ${this.spec.name} (pid ${child.pid}) did not exit after SIGKILL`);
    }
  }
}

