#!/usr/bin/env node
// @ts-nocheck
// Figures for issue 5 (analyze), dataset ../shared/bench/gen_dataset.py N (default 1,000,000):
//  1. `redis-cli --memkeys` vs `memctl analyze` (median of 3 each; target memctl <= 0.4x), per-type
//     totals side by side, memctl's peak RSS (at a 10% --sample and at the whole keyspace, to show
//     growth; target <= 300 MB), and the p50/p99 of a PING probe (every 10 ms, its own connection to
//     each primary) while analyze runs (target p99 <= 5 ms); with several primaries also while
//     analyze works on one shard at a time and while redis-cli --memkeys runs on all at once;
//  2. a 3-shard local cluster: analyze with shards in parallel vs one at a time (--parallel 1;
//     target <= 0.5x).
// Usage: npm run build && node bench/analyze.mjs [--keys N] [--runs N] [--sections compare,cluster]
//          [--service memorydb|elasticache] [--cluster-mode enabled|disabled]
// MemoryDB (the default): 1. runs on one standalone redis-server (`memctl analyze redis://…`; results
// under "standalone"; the section is also called standalone), 2. on a MemoryDB cluster.
// ElastiCache: both run on one local replication group (results under "group"): cluster mode enabled
// (the default) has 3 node groups without replicas; `memctl --service elasticache --local analyze
// <group>`; redis-cli has no cluster mode for --memkeys, so its time is --memkeys on every primary one
// after another (and, for comparison, all at once) and its per-type totals are summed. Cluster mode
// disabled (one primary) runs section 1 only.
// Prints JSON to stdout (also written to bench/results/analyze-<service>[-<cluster mode>].json).
// Every process started here is stopped by its pid.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetScript, loadDataset, primaryPorts } from './lib/dataset.mjs';
import { argValue, serviceFromArgs, writeResults } from './lib/service.mjs';
import { freePort, median, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const KEYS = Number(argValue('--keys', '1000000'));
const RUNS = Number(argValue('--runs', '3'));
const service = serviceFromArgs({ modes: ['enabled', 'disabled'] });
const svc = service.flags;
const disabled = service.clusterMode === 'disabled';
const SECTIONS = argValue('--sections', disabled ? 'compare' : 'compare,cluster')
  .split(',')
  .map((x) => (x === 'standalone' ? 'compare' : x));
if (disabled && SECTIONS.includes('cluster')) throw new Error('--cluster-mode disabled has one shard: nothing to run in parallel (use --sections compare)');
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
function pingProbe(port, ca) {
  const socket = ca ? tlsConnect({ host: '127.0.0.1', port, ca }) : connect({ host: '127.0.0.1', port });
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
    return { ...percentiles(samples), raw: samples };
  };
}

function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0).toFixed(3));
  return { samples: s.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Number((s[s.length - 1] ?? 0).toFixed(3)) };
}

/** One probe per primary; stop() → percentiles over all of them, and per node when there are several. */
function pingProbes(ports, ca) {
  const stops = ports.map((p) => [p, pingProbe(p, ca)]);
  return () => {
    const each = stops.map(([port, stop]) => ({ port, ...stop() }));
    const overall = percentiles(each.flatMap((e) => e.raw));
    return { ...overall, ...(each.length > 1 ? { perNode: each.map(({ raw, ...rest }) => rest) } : {}) };
  };
}

/**
 * "600000 strings with 123456 bytes" lines of redis-cli --memkeys → { string: { keys, memory } },
 * summed over every primary's output when the text holds several.
 */
function parseMemkeys(text) {
  const out = {};
  for (const m of text.matchAll(/^(\d+) (\w+?)s with (\d+) bytes/gm)) {
    const t = (out[m[2]] ??= { keys: 0, memory: 0 });
    t.keys += Number(m[1]);
    t.memory += Number(m[3]);
  }
  return out;
}

/**
 * The MemoryDB comparison target: a standalone redis-server with the dataset (piped by redis-cli).
 * Returns what the comparison needs and stop().
 */
async function standaloneTarget() {
  const dir = join(work, 'standalone');
  mkdirSync(dir);
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.add(server);
  const stop = async () => {
    if (server.exitCode === null && server.pid !== undefined) {
      const gone = new Promise((r) => server.once('exit', r));
      process.kill(server.pid, 'SIGTERM');
      await gone;
    }
    children.delete(server);
  };
  try {
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const load = await run('bash', ['-c', `python3 '${datasetScript()}' ${KEYS} | redis-cli -p ${port} --pipe`]);
    return { key: 'standalone', what: `standalone redis-server 127.0.0.1:${port}`, primaries: [port], cliFlags: [], memctlTarget: [`redis://127.0.0.1:${port}`], loadMs: load.ms, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The local cluster (MemoryDB) or replication group (ElastiCache) "an3" with the dataset, made once. */
let localCluster;
async function ensureLocalCluster() {
  if (localCluster) return localCluster;
  await memctl(...svc, 'local', 'up', '-q', '-o', 'json');
  // MemoryDB: as measured before (default node type). ElastiCache: room for the dataset on one node.
  const shape = disabled ? [...service.createFlags, '--replicas', '0'] : ['--shards', '3', '--replicas', '0'];
  const nodeType = service.elasticache ? ['--node-type', service.nodeType('large')] : [];
  const created = JSON.parse((await memctl(...svc, '--local', '-q', 'create', 'an3', ...shape, ...nodeType, '--wait', '-o', 'json')).stdout);
  const caFile = join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt');
  const ca = readFileSync(caFile);
  const started = process.hrtime.bigint();
  const loaded = await loadDataset(created.endpoint.port, ca, KEYS);
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const primaries = await primaryPorts(created.endpoint.port, ca);
  log(`${service.noun} an3: ${loaded.commands} commands loaded in ${Math.round(loadMs)} ms`);
  localCluster = {
    key: 'group',
    what: `local ${service.noun} "an3" (${service.elasticache ? `cluster mode ${created.clusterMode}, ` : ''}${primaries.length} primar${primaries.length === 1 ? 'y' : 'ies'}, TLS)`,
    primaries,
    ca,
    cliFlags: ['--tls', '--cacert', caFile],
    memctlTarget: [...svc, '--local', 'an3'],
    loadMs,
    stop: async () => {},
  };
  return localCluster;
}

/** memctl analyze vs redis-cli --memkeys on the target (every primary), RSS, PING probe. */
async function compare(results) {
  const target = service.elasticache ? await ensureLocalCluster() : await standaloneTarget();
  try {
    const cli = (port) => ['redis-cli', ...target.cliFlags, '-p', String(port)];
    const dbsize = target.primaries.reduce((n, p) => n + Number(spawnSync(cli(p)[0], [...cli(p).slice(1), 'DBSIZE'], { encoding: 'utf8' }).stdout.trim()), 0);
    log(`${service.label}: ${target.what}: ${dbsize} keys loaded in ${Math.round(target.loadMs)} ms`);
    const quote = (a) => `'${String(a).replace(/'/g, `'\\''`)}'`;
    const single = target.primaries.length === 1;
    // redis-cli on every primary: one after another (the time), or all at once (for comparison).
    const oneByOne = target.primaries.map((p) => `${cli(p).map(quote).join(' ')} --memkeys`).join('; ');
    const allAtOnce = `${target.primaries.map((p) => `${cli(p).map(quote).join(' ')} --memkeys > /dev/null &`).join(' ')} wait`;
    const analyze = (...extra) => [...target.memctlTarget.slice(0, -1), 'analyze', target.memctlTarget.at(-1), '-q', '-o', 'json', ...extra];
    const cliMs = [];
    const cliParallelMs = [];
    const ours = [];
    let memkeys;
    let report;
    for (let i = 0; i < RUNS; i++) {
      const c = single ? await run(cli(target.primaries[0])[0], [...cli(target.primaries[0]).slice(1), '--memkeys']) : await run('bash', ['-c', oneByOne]);
      cliMs.push(c.ms);
      memkeys = c.stdout;
      if (!single) cliParallelMs.push((await run('bash', ['-c', allAtOnce])).ms);
      const m = await memctl(...analyze());
      ours.push(m.ms);
      report = JSON.parse(m.stdout);
      log(`run ${i + 1}: redis-cli --memkeys ${Math.round(c.ms)} ms${single ? '' : ` (all primaries at once ${Math.round(cliParallelMs[i])} ms)`}, memctl analyze ${Math.round(m.ms)} ms`);
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
    const sampled = await memctlWithRss(...analyze('--sample', String(Math.max(1, Math.round(KEYS / 10)))));
    const stop = pingProbes(target.primaries, target.ca);
    const full = await memctlWithRss(...analyze());
    const probe = stop();
    // With several primaries on this machine's 2 cores, a PING also waits for a core. The same probe
    // while only one primary works at a time (--parallel 1), and while redis-cli --memkeys runs on
    // every primary at once, tells that wait apart from the time a server spends on analyze's calls.
    let pingContext;
    if (!single) {
      const stopSerial = pingProbes(target.primaries, target.ca);
      await memctl(...analyze('--parallel', '1'));
      const oneShardAtATime = stopSerial();
      const stopCli = pingProbes(target.primaries, target.ca);
      await run('bash', ['-c', allAtOnce]);
      const redisCliAllAtOnce = stopCli();
      pingContext = { memctlOneShardAtATime: oneShardAtATime, redisCliMemkeysAllPrimariesAtOnce: redisCliAllAtOnce };
    }
    results[target.key] = {
      scanned: target.what,
      commands: {
        memctl: `memctl ${analyze().join(' ')}`,
        redisCli: single ? `${cli(target.primaries[0]).join(' ')} --memkeys` : oneByOne.replaceAll(`'`, ''),
      },
      keys: KEYS,
      primaries: target.primaries.length,
      dbsize,
      redisCliMemkeysMs: Math.round(median(cliMs)),
      ...(single ? {} : { redisCliAllPrimariesAtOnceMs: Math.round(median(cliParallelMs)) }),
      memctlAnalyzeMs: Math.round(median(ours)),
      runs: { redisCli: cliMs.map(Math.round), ...(single ? {} : { redisCliAllPrimariesAtOnce: cliParallelMs.map(Math.round) }), memctl: ours.map(Math.round) },
      ratio: Number((median(ours) / median(cliMs)).toFixed(3)),
      ...(single ? {} : { ratioToAllPrimariesAtOnce: Number((median(ours) / median(cliParallelMs)).toFixed(3)) }),
      target: 0.4,
      memctlKeysSeen: report.totals.keys,
      totalsIdentical: Object.values(perType).every((t) => t.memctlKeys === t.redisCliKeys && t.memctlBytes === t.redisCliBytes) && Object.values(cliTypes).filter((t) => t.keys > 0).length === report.types.length,
      perType,
      note: `both read MEMORY USAGE per key (memctl with SAMPLES 0); bytesDiffPercent compares the per-type sums${single ? '' : ' (redis-cli: summed over the primaries)'}`,
      peakRssMb: { [`sample ${sampled.report.totals.keys} keys`]: sampled.peakRssMb, [`all ${full.report.totals.keys} keys`]: full.peakRssMb, target: 300 },
      pingDuringAnalyze: { ...probe, analyzeMs: Math.round(full.ms), target: 'p99 <= 5 ms', ...(pingContext ?? {}) },
    };
    log(`${target.key}: ${JSON.stringify(results[target.key])}`);
  } finally {
    await target.stop();
  }
}

async function cluster(results) {
  const target = await ensureLocalCluster();
  const parallel = [];
  const serial = [];
  let shards;
  const analyze = (...extra) => [...target.memctlTarget.slice(0, -1), 'analyze', target.memctlTarget.at(-1), '-q', '-o', 'json', ...extra];
  for (let i = 0; i < RUNS; i++) {
    const p = await memctl(...analyze());
    parallel.push(p.ms);
    const s = await memctl(...analyze('--parallel', '1'));
    serial.push(s.ms);
    shards = JSON.parse(p.stdout).shards.map((x) => ({ node: x.node, keys: x.keys }));
    log(`run ${i + 1}: parallel ${Math.round(p.ms)} ms, one by one ${Math.round(s.ms)} ms`);
  }
  results.cluster = {
    command: `memctl ${analyze().join(' ')} [--parallel 1]`,
    shards,
    parallelMs: Math.round(median(parallel)),
    oneByOneMs: Math.round(median(serial)),
    runs: { parallel: parallel.map(Math.round), oneByOne: serial.map(Math.round) },
    ratio: Number((median(parallel) / median(serial)).toFixed(3)),
    target: 0.5,
  };
  log(`cluster: ${JSON.stringify(results.cluster)}`);
}

const results = { when: new Date().toISOString(), service: service.name, clusterMode: service.clusterMode, keys: KEYS };
try {
  if (SECTIONS.includes('compare')) await compare(results);
  if (SECTIONS.includes('cluster')) await cluster(results);
} finally {
  for (const child of children) if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
  stopLocalPlane(bin, env, log);
  rmSync(work, { recursive: true, force: true });
}
const text = `${JSON.stringify(results, null, 2)}\n`;
writeResults(service, 'analyze', results);
process.stdout.write(text);
