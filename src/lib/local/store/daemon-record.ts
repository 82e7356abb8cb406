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

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

