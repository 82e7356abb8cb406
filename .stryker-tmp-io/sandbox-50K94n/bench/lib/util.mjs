// @ts-nocheck
// Small helpers the bench scripts share.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Stops the local control plane of `env`'s state directory and every node it started (a no-op when
 * none runs), also after a failed step; warns when any process from that directory is left.
 */
export function stopLocalPlane(bin, env, log) {
  spawnSync(process.execPath, [bin, 'local', 'down', '-q'], { env, timeout: 120_000 });
  // A plane that was killed cannot stop its nodes: stop them by the pids it recorded (only
  // processes whose command line names this state directory).
  const dir = env.MEMCTL_LOCAL_DIR;
  const recorded = [];
  try {
    recorded.push(...Object.values(JSON.parse(readFileSync(join(dir, 'node-pids.json'), 'utf8'))).map((n) => [n.pid, dir]));
  } catch {}
  try {
    recorded.push([JSON.parse(readFileSync(join(dir, 'daemon.json'), 'utf8')).pid, 'serve']);
  } catch {}
  for (const [pid, mark] of recorded) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mark)) process.kill(pid, 'SIGKILL');
    } catch {}
  }
  const left = spawnSync('pgrep', ['-f', env.MEMCTL_LOCAL_DIR], { encoding: 'utf8' }).stdout.trim();
  if (left !== '') log(`WARNING: processes still running from ${env.MEMCTL_LOCAL_DIR}: ${left.split('\n').join(' ')}`);
}

/** A small deterministic generator in [0, 1), so a seed replays the same fault points. */
export function seededRandom(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** A line on stderr, stamped with the time of day (ms). */
export function stampedLog(message) {
  process.stderr.write(`${new Date().toISOString().slice(11, 23)} ${message}\n`);
}

/** Runs `bin --local ...args` to its end (bounded): { code, stdout, stderr }. */
export function memctlSync(bin, env, args, timeoutMs) {
  const r = spawnSync(process.execPath, [bin, '--local', ...args], { env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs `bin --local ...args` in the background (SIGKILLed after timeoutMs): { code, stdout, stderr, ms }. */
export function memctlAsync(bin, env, args, timeoutMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, '--local', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: err, ms: Date.now() - started });
    });
  });
}
