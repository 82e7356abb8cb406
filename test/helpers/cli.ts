// E2E helpers: spawn bin/memctl as a user would (stdin a pipe, never a TTY), with a clean
// environment, and check that errors look the way the design promises.
import { spawn } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tempDir } from './temp.js';

export const MEMCTL_BIN = fileURLToPath(new URL('../../bin/memctl', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stdout as the bytes written (binary output such as keys get --raw). */
  stdoutBytes: Buffer;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. stdin is always a pipe (not a TTY). */
  input?: string;
  timeoutMs?: number;
  /** Sends SIGINT (as Ctrl-C would) this many ms after the start. */
  interruptAfterMs?: number;
  /** Sends SIGINT once, when this first holds of the output so far (a cue that the work is under way). */
  interruptWhen?: (seen: Seen) => boolean;
  /** Stops reading stdout (closes the pipe, as `| head` does) once this many bytes came; 0: at once. */
  closeStdoutAfterBytes?: number;
  /** Another launcher than the repository's bin/memctl (a copy in a scratch tree). */
  bin?: string;
  /** Told of the output as it comes (stdout's bytes count, stderr's text so far), e.g. to cue a fault. */
  onOutput?: (seen: Seen) => void;
}

/** A run's output so far. */
export interface Seen {
  stdoutBytes: number;
  stderr: string;
  /** stdout as text (made when asked). */
  stdout(): string;
}

/**
 * A clean child environment: PATH kept, HOME a fresh empty directory (so no real ~/.aws is
 * read), instance metadata off, and nothing from the parent's AWS_* variables. TMPDIR is the
 * run's own (test/global-setup.ts), where what the child leaves behind is found.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}, home?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home ?? tempDir('e2e-home'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(process.env.TMPDIR === undefined ? {} : { TMPDIR: process.env.TMPDIR }),
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

let captured = 0;

/** Keeps every run's output for the whole-suite secret scan (test/global-setup.ts). */
function capture(args: string[], stdout: string, stderr: string): void {
  const dir = process.env.MEMCTL_TEST_CAPTURE;
  if (dir === undefined) return;
  writeFileSync(join(dir, `run-${process.pid}-${++captured}.log`), `$ memctl ${args.join(' ')}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n`);
}

/**
 * Registers a password a test uses, for the whole-suite secret scan. Output that must show it
 * (--generate prints a password once) is the one exception: pass it to expectShownOnce instead.
 */
export function registerTestSecret(secret: string): void {
  const dir = process.env.MEMCTL_TEST_CAPTURE;
  if (dir !== undefined) appendFileSync(join(dir, 'secrets.txt'), `${secret}\n`);
}

/** Runs bin/memctl; bounded by timeoutMs (the child is SIGKILLed by pid when it overruns). */
export function runMemctl(args: string[], options: RunOptions): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.bin ?? MEMCTL_BIN, args, { cwd: REPO_ROOT, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let received = 0;
    let stderr = '';
    let timedOut = false;
    const closeAfter = options.closeStdoutAfterBytes;
    if (closeAfter === 0) child.stdout.destroy();
    let cued = false;
    const seen = (): void => {
      const now: Seen = { stdoutBytes: received, stderr, stdout: () => Buffer.concat(chunks).toString('utf8') };
      options.onOutput?.(now);
      if (cued || options.interruptWhen?.(now) !== true) return;
      cued = true;
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGINT');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (closeAfter !== undefined && received >= closeAfter) child.stdout.destroy();
      seen();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      seen();
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading its input
    child.stdin.end(options.input ?? '');
    const interrupt =
      options.interruptAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGINT');
          }, options.interruptAfterMs);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (interrupt !== undefined) clearTimeout(interrupt);
      const stdoutBytes = Buffer.concat(chunks);
      const stdout = stdoutBytes.toString('utf8');
      capture(args, stdout, stderr);
      resolve({ code, signal, stdout, stdoutBytes, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** Formats a result for assertion messages. */
export function show(r: RunResult): string {
  return `exit ${String(r.code)}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''} in ${r.ms} ms\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`;
}

/** Exit code 0 and nothing alarming on stderr. */
export function expectOk(r: RunResult): void {
  expect(r.code, show(r)).toBe(0);
  expectNoWarnings(r);
}

export function expectNoWarnings(r: RunResult): void {
  expect(r.stderr, show(r)).not.toMatch(/NodeVersionSupportWarning|DeprecationWarning|ExperimentalWarning|\(node:\d+\)/);
  expect(r.stderr, show(r)).not.toMatch(/^\s+at /m);
}

/**
 * An error as the design promises it: the exit code, nothing on stdout, and on stderr one line
 * "memctl: ..." plus at most a "  hint: ..." line, with no stack trace.
 */
export function expectCleanError(r: RunResult, code: number, mentions?: RegExp | string, options: { stdoutMayHaveData?: boolean } = {}): string {
  expect(r.timedOut, show(r)).toBe(false);
  expect(r.code, show(r)).toBe(code);
  if (options.stdoutMayHaveData !== true) expect(r.stdout, show(r)).toBe('');
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines[0], show(r)).toMatch(/^memctl: \S/);
  expect(lines.length, show(r)).toBeLessThanOrEqual(2);
  if (lines.length === 2) expect(lines[1], show(r)).toMatch(/^ {2}hint: \S/);
  expect(r.stderr, show(r)).not.toMatch(/^\s+at /m);
  if (mentions !== undefined) {
    if (typeof mentions === 'string') expect(lines[0], show(r)).toContain(mentions);
    else expect(lines[0], show(r)).toMatch(mentions);
  }
  return lines[0] ?? '';
}

export interface Reply {
  status: number;
  body: string;
  contentType?: string;
}

export interface FakeAws {
  url: string;
  port: number;
  /** Every request received (x-amz-target of each). */
  requests: string[];
  count(): number;
  /** Changes how the server answers from now on. */
  answer(responder: (target: string, req: IncomingMessage) => Reply): void;
  close(): Promise<void>;
}

/**
 * A tiny awsJson endpoint on 127.0.0.1 that counts requests: proves "no API call" when its count
 * stays 0, and answers well-formed service errors when asked to.
 */
export async function startFakeAws(responder: (target: string, req: IncomingMessage) => Reply = () => ({ status: 200, body: '{"Clusters":[]}' })): Promise<FakeAws> {
  let current = responder;
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    requests.push(target);
    req.resume();
    req.on('end', () => {
      const reply = current(target, req);
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}` });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    count: () => requests.length,
    answer(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An awsJson 1.1 error body as MemoryDB sends it. */
export function awsJsonError(type: string, message: string, status = 400): Reply {
  return { status, body: JSON.stringify({ __type: type, message }) };
}

/** stdout as JSON, failing with the whole run shown when it is not. */
export function parseJson<T>(r: RunResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (err) {
    throw new Error(`stdout is not JSON (${(err as Error).message})\n${show(r)}`);
  }
}

/**
 * Ends a test's local control plane: `local down`, then any node it left (a failed test) stopped by
 * the pid it recorded; its state and home directories removed. Returns what `local down` did.
 */
export async function downLocalPlane(env: NodeJS.ProcessEnv, stateDir: string, home: string): Promise<RunResult> {
  const { pidAlive, recordedNodePids } = await import('./local.js');
  const nodePids = recordedNodePids(stateDir);
  const down = await runMemctl(['local', 'down'], { env, timeoutMs: 40_000 });
  for (const pid of nodePids.filter(pidAlive)) process.kill(pid, 'SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  return down;
}
