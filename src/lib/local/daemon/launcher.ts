// The CLI side of the local control plane: find it, start it in the background, stop it.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { MemctlError } from '../../io/errors.js';
import type { FaultConfig } from '../http/faults.js';
import { stateFiles } from '../store/paths.js';
import { pidAlive, readAdminToken, readDaemonRecord, stateLockHolder, type DaemonRecord } from '../store/daemon-record.js';
import { ADMIN_TOKEN_HEADER } from '../http/guard.js';

export interface LaunchOptions {
  stateDir: string;
  port: number;
  /** argv that runs `memctl local serve` (node path, script, and the leading arguments). */
  serveCommand: string[];
  createDelayMs?: number;
  deleteDelayMs?: number;
  faults?: FaultConfig;
  timeoutMs?: number;
}

/**
 * A small JSON request to the admin API. node:http rather than fetch: fetch loads undici, which
 * costs more start-up time than every other part of a `--local` command.
 */
export function fetchJson(url: string, init: { method?: string; body?: string; timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers = { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
    const req = request(url, { method: init.method ?? 'GET', headers, timeout: init.timeoutMs ?? 2000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 300) return reject(new Error(`${url}: HTTP ${res.statusCode ?? '?'} ${text}`));
        try {
          resolve(JSON.parse(text) as unknown);
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${init.timeoutMs ?? 2000} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A request to a running plane's admin API (/_memctl/...), with the token from its state directory. */
export function adminRequest(record: DaemonRecord, path: string, init: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<unknown> {
  const token = readAdminToken(record.stateDir) ?? '';
  return fetchJson(`${record.endpoint}${path}`, { ...init, headers: { [ADMIN_TOKEN_HEADER]: token } });
}

/** The running control plane for this state directory, if it answers. */
export async function findRunning(stateDir: string): Promise<DaemonRecord | undefined> {
  const record = readDaemonRecord(stateDir);
  if (record === undefined || !pidAlive(record.pid)) return undefined;
  try {
    await adminRequest(record, '/_memctl/health', { timeoutMs: 1500 });
    return record;
  } catch {
    return undefined;
  }
}

/** Starts the control plane in the background unless it already runs; resolves once it answers. */
export async function ensureRunning(options: LaunchOptions): Promise<{ record: DaemonRecord; started: boolean }> {
  const running = await findRunning(options.stateDir);
  if (running !== undefined) return { record: running, started: false };
  const stale = readDaemonRecord(options.stateDir);
  if (stale !== undefined && pidAlive(stale.pid)) {
    throw new MemctlError(`a local control plane process (pid ${stale.pid}) holds ${options.stateDir} but does not answer`, 1, {
      hint: `stop it with \`kill ${stale.pid}\`, then run \`memctl local up\``,
    });
  }
  const files = stateFiles(options.stateDir);
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const logFd = openSync(files.log, 'a', 0o600);
  const [command, ...baseArgs] = options.serveCommand as [string, ...string[]];
  const args = [...baseArgs, '--state-dir', options.stateDir, '--port', String(options.port)];
  if (options.createDelayMs !== undefined) args.push('--create-delay-ms', String(options.createDelayMs));
  if (options.deleteDelayMs !== undefined) args.push('--delete-delay-ms', String(options.deleteDelayMs));
  if (options.faults !== undefined) args.push('--fault-rate', String(options.faults.rate), '--fault-kinds', options.faults.kinds.join(','));
  const child = spawn(command, args, { detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, MEMCTL_DAEMON: '1' } });
  closeSync(logFd);
  child.unref();
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    // Ours, or one started at the same moment by another memctl (ours then gave way to it).
    const up = await findRunning(options.stateDir);
    if (up !== undefined) return { record: up, started: up.pid === child.pid };
    if (exited !== undefined) {
      const holder = stateLockHolder(options.stateDir);
      if (holder === undefined || holder === child.pid) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const tail = lastLines(files.log, 5);
  if (exited === undefined && child.pid !== undefined && pidAlive(child.pid)) process.kill(child.pid, 'SIGKILL');
  throw new MemctlError(`the local control plane did not start${exited === undefined ? ' in time' : ` (exit code ${String(exited)})`}${tail === '' ? '' : `: ${tail}`}`, 1, {
    hint: `see ${files.log}`,
  });
}

/** Asks the control plane to stop and waits (bounded) for its process to exit. */
export async function stopRunning(stateDir: string, timeoutMs = 30_000): Promise<DaemonRecord | undefined> {
  const record = readDaemonRecord(stateDir);
  if (record === undefined || !pidAlive(record.pid)) return undefined;
  try {
    await adminRequest(record, '/_memctl/shutdown', { method: 'POST', body: '{}' });
  } catch {
    process.kill(record.pid, 'SIGTERM');
  }
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(record.pid)) {
    if (Date.now() > deadline) {
      process.kill(record.pid, 'SIGKILL');
      throw new MemctlError(`the local control plane (pid ${record.pid}) did not stop within ${Math.round(timeoutMs / 1000)} s and was killed`, 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return record;
}

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join(' | ');
  } catch {
    return '';
  }
}
