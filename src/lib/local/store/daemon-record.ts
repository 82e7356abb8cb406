// The file a running local control plane leaves in its state directory (pid, port, endpoint).
// Kept apart from the server so that finding a running plane loads almost nothing.
import { existsSync, readFileSync } from 'node:fs';
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

