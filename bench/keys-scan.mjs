#!/usr/bin/env node
// Figure for issue 5: `memctl keys scan` to /dev/null against `redis-cli --scan` on the same
// server and dataset (../shared/bench/gen_dataset.py N, default 1,000,000 keys), median of 3 runs
// each, both checked to see every key. Target: memctl wall time <= 0.5x redis-cli.
// Usage: npm run build && node bench/keys-scan.mjs [--keys N] [--runs N]
// Prints JSON to stdout (also written to bench/results/keys-scan.json).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetScript } from './lib/dataset.mjs';
import { freePort, median } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const KEYS = arg('--keys', 1_000_000);
const RUNS = arg('--runs', 3);

const dir = mkdtempSync(join(tmpdir(), 'memctl-bench-scan-'));
const port = await freePort();
const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const stopServer = () => {
  if (server.exitCode === null && server.pid !== undefined) process.kill(server.pid, 'SIGTERM');
};
process.on('exit', stopServer);

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 30, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/** Wall time of `command args > /dev/null`. */
function toDevNull(command, args) {
  const fd = openSync('/dev/null', 'w');
  try {
    return run(command, args, { stdio: ['ignore', fd, 'pipe'] }).ms;
  } finally {
    closeSync(fd);
  }
}

try {
  // Wait for the server (bounded).
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const load = run('bash', ['-c', `python3 '${datasetScript()}' ${KEYS} | redis-cli -p ${port} --pipe`]);
  const dbsize = Number(run('redis-cli', ['-p', String(port), 'DBSIZE']).stdout.trim());
  // Both tools must see every key (counted from their real output, not /dev/null).
  const cliCount = run('bash', ['-c', `redis-cli -p ${port} --scan | wc -l`]).stdout.trim();
  const memctlCount = run('bash', ['-c', `'${bin}' keys scan redis://127.0.0.1:${port} -q | wc -l`]).stdout.trim();
  const redisCli = [];
  const memctl = [];
  for (let i = 0; i < RUNS; i++) {
    redisCli.push(toDevNull('redis-cli', ['-p', String(port), '--scan']));
    memctl.push(toDevNull(bin, ['keys', 'scan', `redis://127.0.0.1:${port}`, '-q']));
  }
  const result = {
    keys: KEYS,
    dbsize,
    loadMs: Math.round(load.ms),
    counted: { redisCli: Number(cliCount), memctl: Number(memctlCount) },
    redisCliScanMs: Math.round(median(redisCli)),
    memctlKeysScanMs: Math.round(median(memctl)),
    runs: { redisCli: redisCli.map(Math.round), memctl: memctl.map(Math.round) },
    ratio: Number((median(memctl) / median(redisCli)).toFixed(3)),
    target: 0.5,
  };
  result.pass = result.ratio <= result.target && result.counted.redisCli === dbsize && result.counted.memctl === dbsize;
  const text = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(text);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'keys-scan.json'), text);
  if (!result.pass) process.exitCode = 1;
} finally {
  stopServer();
  await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r()));
  rmSync(dir, { recursive: true, force: true });
}
