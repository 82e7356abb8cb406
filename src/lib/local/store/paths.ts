// Where the local control plane keeps its state, and which port it listens on by default.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEFAULT_LOCAL_PORT = 4597;

export function localStateDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = flag ?? env.MEMCTL_LOCAL_DIR;
  if (dir !== undefined && dir !== '') return resolve(dir);
  return join(homedir(), '.memctl', 'local');
}

export function localPort(flag?: number, env: NodeJS.ProcessEnv = process.env): number {
  if (flag !== undefined) return flag;
  const fromEnv = env.MEMCTL_LOCAL_PORT;
  return fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : DEFAULT_LOCAL_PORT;
}

export const stateFiles = (stateDir: string) => ({
  state: join(stateDir, 'state.json'),
  daemon: join(stateDir, 'daemon.json'),
  /** Held (O_EXCL, the holder's pid in it) by the one plane that runs on this state directory. */
  lock: join(stateDir, 'daemon.lock'),
  adminToken: join(stateDir, 'admin-token'),
  pids: join(stateDir, 'node-pids.json'),
  log: join(stateDir, 'daemon.log'),
  clusters: join(stateDir, 'clusters'),
  /** Local SNS topics: what alarms publish, one JSON line per message (`<topic>.ndjson`). */
  sns: join(stateDir, 'sns'),
});
