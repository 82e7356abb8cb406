// @ts-nocheck
// The files a running local control plane leaves in its state directory: where it runs (pid, port,
// endpoint) and the token its admin API asks for (0600: only the user who runs it can read it).
// Kept apart from the server so that finding a running plane loads almost nothing.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
