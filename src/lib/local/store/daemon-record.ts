// The files a running local control plane leaves in its state directory: where it runs (pid, port,
// endpoint) and the token its admin API asks for (0600: only the user who runs it can read it).
// Kept apart from the server so that finding a running plane loads almost nothing.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { stateFiles } from './paths.js';

export interface DaemonRecord {
  pid: number;
  port: number;
  endpoint: string;
  version: string;
  startedAt: string;
  stateDir: string;
}

export function readDaemonRecord(stateDir: string): DaemonRecord | undefined {
  const file = stateFiles(stateDir).daemon;
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DaemonRecord;
  } catch {
    return undefined;
  }
}

/**
 * Whether a process runs. A killed process whose parent has not reaped it yet (a zombie: where the
 * plane's parent is an init that never reaps) still answers signal 0, but is gone for our purposes.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc (macOS): signal 0 is all there is to go by.
    return process.platform !== 'linux';
  }
}

/** A new admin token for this run of the plane, written 0600 before the plane listens. */
export function newAdminToken(stateDir: string): string {
  const token = randomBytes(32).toString('hex');
  const file = stateFiles(stateDir).adminToken;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return token;
}

/** The running plane's admin token; undefined when the file is missing or unreadable. */
export function readAdminToken(stateDir: string): string | undefined {
  try {
    return readFileSync(stateFiles(stateDir).adminToken, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the state directory for this process: only one plane may start its clusters' nodes and
 * write the admin token there (two started at once, say by `local up` and a `--local` command,
 * would both start the same nodes and the loser would overwrite the token the winner checks).
 * A lock left by a process that is gone is taken over. Returns the release; throws naming the
 * holder when a live process holds it.
 */
export function acquireStateLock(stateDir: string): () => void {
  const file = stateFiles(stateDir).lock;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(file);
      if (holder !== undefined && holder !== process.pid && pidAlive(holder)) throw new StateLockedError(holder, stateDir);
      // Stale (or being written this instant): moved aside atomically, so a lock another process
      // took meanwhile is never deleted, only put back.
      const aside = `${file}.${process.pid}.stale`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      const moved = lockHolder(aside);
      if (moved !== undefined && moved !== holder && pidAlive(moved)) {
        renameSync(aside, file);
        throw new StateLockedError(moved, stateDir);
      }
      unlinkSync(aside);
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return () => {
      if (lockHolder(file) === process.pid) unlinkSync(file);
    };
  }
  throw new Error(`could not take ${file}: other processes keep changing it`);
}

export class StateLockedError extends Error {
  constructor(
    readonly pid: number,
    stateDir: string,
  ) {
    super(`a local control plane (pid ${pid}) already runs, or is starting, on ${stateDir}`);
  }
}

/** The live process holding the state directory's lock, if any. */
export function stateLockHolder(stateDir: string): number | undefined {
  const pid = lockHolder(stateFiles(stateDir).lock);
  return pid !== undefined && pidAlive(pid) ? pid : undefined;
}

function lockHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
