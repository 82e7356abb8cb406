#!/usr/bin/env node
// Figures for issue 5 (analyze), dataset ../shared/bench/gen_dataset.py N (default 1,000,000):
//  1. one standalone redis-server: `redis-cli --memkeys` vs `memctl analyze redis://…` (median of
//     3 each; target memctl <= 0.4x), per-type totals side by side, memctl's peak RSS (at a
//     10% --sample and at the whole keyspace, to show growth; target <= 300 MB), and the p50/p99 of
//     a PING probe (every 10 ms, its own connection) while analyze runs (target p99 <= 5 ms);
//  2. a 3-shard local cluster: analyze with shards in parallel vs one at a time (--parallel 1;
//     target <= 0.5x).
// Usage: npm run build && node bench/analyze.mjs [--keys N] [--runs N] [--sections standalone,cluster]
// Prints JSON to stdout (also written to bench/results/analyze.json). Every process started here
// is stopped by its pid.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetScript, loadDataset } from './lib/dataset.mjs';
import { freePort, median } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const KEYS = Number(arg('--keys', '1000000'));
const RUNS = Number(arg('--runs', '3'));
const SECTIONS = arg('--sections', 'standalone,cluster').split(',');
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

const work = mkdtempSync(join(tmpdir(), 'memctl-bench-analyze-'));
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true' };
const children = new Set();

/** Runs a command to completion without blocking this process (so the PING probe keeps going). */
function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), 1_200_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      else resolve({ ms, stdout: out, stderr: err });
    });
  });
}

const memctl = (...args) => run(process.execPath, [bin, ...args]);

/** memctl under /usr/bin/time -v: wall time, parsed JSON and peak RSS in MB. */
async function memctlWithRss(...args) {
  if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed for the peak RSS');
  const r = await run('/usr/bin/time', ['-v', process.execPath, bin, ...args]);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  return { ms: r.ms, report: JSON.parse(r.stdout), peakRssMb: Math.round(kb / 1024) };
}

/** PING every 10 ms on its own connection; returns stop() → latency percentiles in ms. */
function pingProbe(port) {
  const socket = connect({ host: '127.0.0.1', port });
  const samples = [];
  let sentAt;
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    while (buffered.includes('\r\n')) {
      buffered = buffered.slice(buffered.indexOf('\r\n') + 2);
      if (sentAt !== undefined) samples.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      sentAt = undefined;
    }
  });
  const timer = setInterval(() => {
    if (sentAt !== undefined) return; // previous PING still out: its latency is still growing
    sentAt = process.hrtime.bigint();
    socket.write('PING\r\n');
  }, 10);
  return () => {
    clearInterval(timer);
    socket.destroy();
    const s = [...samples].sort((a, b) => a - b);
    const at = (q) => Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0).toFixed(3));
    return { samples: s.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Number((s[s.length - 1] ?? 0).toFixed(3)) };
  };
}

/** "600000 strings with 123456 bytes" lines of redis-cli --memkeys → { string: { keys, memory } }. */
function parseMemkeys(text) {
  const out = {};
  for (const m of text.matchAll(/^(\d+) (\w+?)s with (\d+) bytes/gm)) out[m[2]] = { keys: Number(m[1]), memory: Number(m[3]) };
  return out;
}

async function standalone(results) {
  const dir = join(work, 'standalone');
  mkdirSync(dir);
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.add(server);
  try {
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const load = await run('bash', ['-c', `python3 '${datasetScript()}' ${KEYS} | redis-cli -p ${port} --pipe`]);
    const dbsize = Number(spawnSync('redis-cli', ['-p', String(port), 'DBSIZE'], { encoding: 'utf8' }).stdout.trim());
    log(`standalone: ${dbsize} keys loaded in ${Math.round(load.ms)} ms`);
    const url = `redis://127.0.0.1:${port}`;
    const cli = [];
    const ours = [];
    let memkeys;
    let report;
    for (let i = 0; i < RUNS; i++) {
      const c = await run('redis-cli', ['-p', String(port), '--memkeys']);
      cli.push(c.ms);
      memkeys = c.stdout;
      const m = await memctl('analyze', url, '-q', '-o', 'json');
      ours.push(m.ms);
      report = JSON.parse(m.stdout);
      log(`run ${i + 1}: redis-cli --memkeys ${Math.round(c.ms)} ms, memctl analyze ${Math.round(m.ms)} ms`);
    }
    const cliTypes = parseMemkeys(memkeys);
    const perType = {};
    for (const t of report.types) {
      const theirs = cliTypes[t.type];
      perType[t.type] = {
        memctlKeys: t.keys,
        redisCliKeys: theirs?.keys ?? null,
        memctlBytes: t.memory,
        redisCliBytes: theirs?.memory ?? null,
        bytesDiffPercent: theirs === undefined ? null : Number(((100 * (t.memory - theirs.memory)) / theirs.memory).toFixed(3)),
      };
    }
    // Peak RSS at a 10% sample and at the whole keyspace (how it grows), and the PING probe.
    const sampled = await memctlWithRss('analyze', url, '-q', '-o', 'json', '--sample', String(Math.max(1, Math.round(KEYS / 10))));
    const stop = pingProbe(port);
    const full = await memctlWithRss('analyze', url, '-q', '-o', 'json');
    const probe = stop();
    results.standalone = {
      keys: KEYS,
      dbsize,
      redisCliMemkeysMs: Math.round(median(cli)),
      memctlAnalyzeMs: Math.round(median(ours)),
      runs: { redisCli: cli.map(Math.round), memctl: ours.map(Math.round) },
      ratio: Number((median(ours) / median(cli)).toFixed(3)),
      target: 0.4,
      memctlKeysSeen: report.totals.keys,
      perType,
      note: 'both read MEMORY USAGE per key (memctl with SAMPLES 0); bytesDiffPercent compares the per-type sums',
      peakRssMb: { [`sample ${sampled.report.totals.keys} keys`]: sampled.peakRssMb, [`all ${full.report.totals.keys} keys`]: full.peakRssMb, target: 300 },
      pingDuringAnalyze: { ...probe, analyzeMs: Math.round(full.ms), target: 'p99 <= 5 ms' },
    };
    log(`standalone: ${JSON.stringify(results.standalone)}`);
  } finally {
    if (server.exitCode === null && server.pid !== undefined) {
      const gone = new Promise((r) => server.once('exit', r));
      process.kill(server.pid, 'SIGTERM');
      await gone;
    }
    children.delete(server);
  }
}

async function cluster(results) {
  await memctl('local', 'up', '-q', '-o', 'json');
  const created = JSON.parse((await memctl('--local', '-q', 'create', 'an3', '--shards', '3', '--replicas', '0', '--wait', '-o', 'json')).stdout);
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  const loaded = await loadDataset(created.endpoint.port, ca, KEYS);
  log(`cluster: ${loaded.commands} commands loaded`);
  const parallel = [];
  const serial = [];
  let shards;
  for (let i = 0; i < RUNS; i++) {
    const p = await memctl('--local', 'analyze', 'an3', '-q', '-o', 'json');
    parallel.push(p.ms);
    const s = await memctl('--local', 'analyze', 'an3', '-q', '-o', 'json', '--parallel', '1');
    serial.push(s.ms);
    shards = JSON.parse(p.stdout).shards.map((x) => ({ node: x.node, keys: x.keys }));
    log(`run ${i + 1}: parallel ${Math.round(p.ms)} ms, one by one ${Math.round(s.ms)} ms`);
  }
  results.cluster = {
    shards,
    parallelMs: Math.round(median(parallel)),
    oneByOneMs: Math.round(median(serial)),
    runs: { parallel: parallel.map(Math.round), oneByOne: serial.map(Math.round) },
    ratio: Number((median(parallel) / median(serial)).toFixed(3)),
    target: 0.5,
  };
  log(`cluster: ${JSON.stringify(results.cluster)}`);
}

const results = { when: new Date().toISOString(), keys: KEYS };
try {
  if (SECTIONS.includes('standalone')) await standalone(results);
  if (SECTIONS.includes('cluster')) await cluster(results);
} finally {
  for (const child of children) if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
  if (SECTIONS.includes('cluster')) spawnSync(process.execPath, [bin, 'local', 'down', '-q'], { env, timeout: 120_000 });
  rmSync(work, { recursive: true, force: true });
}
const text = `${JSON.stringify(results, null, 2)}\n`;
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'analyze.json'), text);
process.stdout.write(text);
