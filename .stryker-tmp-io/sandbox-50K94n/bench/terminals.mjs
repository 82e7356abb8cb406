#!/usr/bin/env node
// @ts-nocheck
// Terminal figures (issue 17): a wait (`create --wait --timeout 2s` on a creation that never ends)
// under a pseudo-terminal of 0 columns (`script`, as CI runners and `docker run -t` give), with
// TERM=dumb, with CI=true and through a pipe must end within its --timeout + 2 s with no escape
// byte; SIGTERM must end it at once (exit 143). A 100-column terminal with TERM set and CI unset is
// measured too: it animates (escape bytes), and must end on time as well.
// Usage: npm run build && node bench/terminals.mjs [--runs 5] [--json]
// Results: bench/results/terminals.json (and on stdout with --json).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argValue } from './lib/service.mjs';
import { freePort, median, memctlSync, stampedLog as log, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const RUNS = Number(argValue('--runs', '5'));
const TIMEOUT_S = 2;
const LIMIT_MS = (TIMEOUT_S + 2) * 1000;
const work = mkdtempSync(join(tmpdir(), 'memctl-terminals-'));
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true', TERM: 'xterm-256color' };
let serial = 0;

/** Runs memctl under `script` (columns: undefined = 0) or through a pipe; onStart gets its pid. */
function run(args, { mode, extra = {}, columns, onStart }) {
  const n = ++serial;
  const started = Date.now();
  return new Promise((resolve) => {
    let child;
    let output = '';
    const file = join(work, `out-${n}`);
    if (mode === 'pipe') {
      child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      onStart?.(child.pid);
    } else {
      const pidFile = join(work, `pid-${n}`);
      const size = columns === undefined ? '' : `stty cols ${columns} rows 40; `;
      child = spawn('script', ['-qec', `${size}echo $$ > ${pidFile}; exec ${process.execPath} ${bin} ${args.join(' ')}`, file], { env: { ...env, ...extra }, stdio: ['ignore', 'ignore', 'ignore'] });
      if (onStart !== undefined) {
        const poll = setInterval(() => {
          try {
            const pid = Number(readFileSync(pidFile, 'utf8'));
            if (pid > 0) {
              clearInterval(poll);
              onStart(pid);
            }
          } catch {}
        }, 20);
        child.on('close', () => clearInterval(poll));
      }
    }
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      if (mode !== 'pipe') output = readFileSync(file, 'utf8').split('\n').filter((l) => !/^Script (started|done)/.test(l)).join('\n');
      resolve({ code, ms: Date.now() - started, escapes: (output.match(/\u001b/g) ?? []).length, bytes: output.length });
    });
  });
}

const CONDITIONS = [
  { name: 'pty, 0 columns', mode: 'pty' },
  { name: 'TERM=dumb (pty, 100 columns)', mode: 'pty', columns: 100, extra: { TERM: 'dumb' } },
  { name: 'CI=true (pty, 100 columns)', mode: 'pty', columns: 100, extra: { CI: 'true' } },
  { name: 'pipe', mode: 'pipe' },
  { name: 'terminal, 100 columns (animates)', mode: 'pty', columns: 100, animates: true },
];

const results = { runs: RUNS, timeoutSeconds: TIMEOUT_S, limitMs: LIMIT_MS, conditions: [], sigterm: undefined };
try {
  const up = memctlSync(bin, env, ['local', 'up', '-q', '--create-delay-ms', '600000'], 60_000);
  if (up.code !== 0 && !/already|running/.test(up.stderr)) throw new Error(`local up failed: ${up.stderr}`);
  for (const c of CONDITIONS) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      samples.push(await run(['--local', 'create', `t${serial}`, '--shards', '1', '--replicas', '0', '--wait', '--timeout', `${TIMEOUT_S}s`], c));
    }
    const ok = samples.filter((s) => s.code === 5 && s.ms <= LIMIT_MS && (c.animates === true ? s.escapes > 0 : s.escapes === 0)).length;
    const row = { condition: c.name, runs: RUNS, onTime: ok, exits: [...new Set(samples.map((s) => s.code))], medianMs: median(samples.map((s) => s.ms)), maxMs: Math.max(...samples.map((s) => s.ms)), escapeBytes: samples.reduce((n, s) => n + s.escapes, 0) };
    results.conditions.push(row);
    log(`${c.name}: ${ok}/${RUNS} exit 5 within ${LIMIT_MS} ms ${c.animates ? 'animated' : 'with no escape byte'}; median ${row.medianMs} ms, max ${row.maxMs} ms, escape bytes ${row.escapeBytes}`);
  }
  // SIGTERM 1.5 s into a long wait under a 0-column pty: how long until memctl has exited.
  const latencies = [];
  const codes = [];
  for (let i = 0; i < RUNS; i++) {
    let sentAt = 0;
    const r = await run(['--local', 'create', `s${serial}`, '--shards', '1', '--replicas', '0', '--wait', '--timeout', '60s'], {
      mode: 'pty',
      onStart: (pid) =>
        setTimeout(() => {
          sentAt = Date.now();
          process.kill(pid, 'SIGTERM');
        }, 1500),
    });
    codes.push(r.code);
    latencies.push(Date.now() - sentAt);
  }
  results.sigterm = { runs: RUNS, exits: [...new Set(codes)], medianMs: median(latencies), maxMs: Math.max(...latencies) };
  log(`SIGTERM under a 0-column pty: exits ${results.sigterm.exits.join(',')}, ${results.sigterm.medianMs} ms median, ${results.sigterm.maxMs} ms max after the signal`);
} finally {
  stopLocalPlane(bin, env, log);
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'terminals.json'), `${JSON.stringify(results, null, 2)}\n`);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
