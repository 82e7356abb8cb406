#!/usr/bin/env node
// @ts-nocheck
// Figures for issue 6: `memctl bench` against `redis-benchmark` on the same redis-server, in the
// same run, rounds interleaved, medians. Equal work: redis-benchmark -t set,get -n N runs N SETs
// then N GETs; memctl runs 2N requests at --ratio 1:1. Both with 50 connections and 3-byte values
// over 100,000 random keys, without pipelining and with pipeline 16.
// Targets: throughput >= 0.9x redis-benchmark's and p50 within 25% (no pipelining); >= 0.8x (-P 16).
//
// Then: memctl with 1 vs 2 worker threads (the same 50 connections), and the checks that the
// latencies memctl reports are the server's and not its own queueing:
//   - p50 at equal load against redis-benchmark's (above);
//   - Little's law: in a closed loop all 50 requests are in flight, so mean latency x throughput
//     should be close to 50; the shortfall is time requests spent waiting inside memctl;
//   - the floor: one client sending one request at a time (loopback round trip plus server time,
//     which INFO commandstats usec_per_call shows is a few µs); an open-loop run far below
//     saturation (--rate) should report a p50 close to that floor, and its send lag shows the
//     client's own delay; the --latency PING probe is shown beside them;
//   - the client's own CPU: per request for both tools (user + system time of the whole process,
//     which machine noise barely moves), and memctl's worker thread (CPU time from /proc,
//     event-loop utilisation);
//   - the wire (when tcpdump can capture on lo): each tool's reported percentiles beside those of
//     the same requests' packets, request to reply, taken outside either client (bench/lib/wire.mjs).
//
// On a machine with 2 or more cores, redis-server is pinned to core 0 and the clients to core 1
// (taskset), the same for both tools, so neither competes with the server for a core (--no-pin
// turns it off).
// Usage: npm run build && node bench/bench.mjs [--requests N] [--pipelined-requests N] [--wire-requests N] [--rounds N] [--no-pin]
// Prints JSON to stdout (also written to bench/results/bench.json); progress on stderr.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, median } from './lib/util.mjs';
import { captureUnavailable, startCapture, wireLatencies, wireSummary } from './lib/wire.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--requests', 500_000);
const NP = arg('--pipelined-requests', 2_000_000);
const WIRE_N = arg('--wire-requests', 200_000);
const ROUNDS = arg('--rounds', 3);
const KEYS = 100_000;
const pin = !process.argv.includes('--no-pin') && availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const log = (text) => process.stderr.write(`${text}\n`);

const dir = mkdtempSync(join(tmpdir(), 'memctl-bench-'));
const port = await freePort();
const serverArgs = ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
const server = pin ? spawn('taskset', ['-c', '0', ...serverArgs], { stdio: 'ignore' }) : spawn(serverArgs[0], serverArgs.slice(1), { stdio: 'ignore' });
const stopServer = () => {
  if (server.exitCode === null && server.pid !== undefined) process.kill(server.pid, 'SIGTERM');
};
process.on('exit', stopServer);

/**
 * Runs a client (pinned to core 1 when pinning): its stdout and the CPU time it used (user +
 * system, from the shell's `times`), which machine noise barely moves.
 */
function client(command, args) {
  const argv = pin ? ['taskset', '-c', '1', command, ...args] : [command, ...args];
  const r = spawnSync('bash', ['-c', '"$@"; status=$?; times >&2; exit $status', 'bash', ...argv], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const seconds = (t) => Number(t.split('m')[0]) * 60 + Number(t.split('m')[1].replace('s', ''));
  const children = r.stderr.trim().split('\n').pop().trim().split(/\s+/);
  return { stdout: r.stdout, cpuMs: Math.round((seconds(children[0]) + seconds(children[1])) * 1000) };
}

function cli(...args) {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
}

/**
 * Each tool's own latency report beside the latency of the same requests on the wire (tcpdump on
 * lo, request packet to reply packet): 50 connections, no pipelining, SET:GET 1:1. The first and
 * last 5% of the captured requests (connection set-up, the safety check, the end) are left out.
 */
async function wireCheck() {
  const unavailable = captureUnavailable();
  if (unavailable !== undefined) return { skipped: unavailable };
  const middle = (samples) => samples.slice(Math.floor(samples.length * 0.05), Math.ceil(samples.length * 0.95)).map((x) => x.us);
  const capture = async (label, runTool) => {
    cli('FLUSHALL');
    const file = join(dir, `${label}.pcap`);
    const cap = await startCapture(port, file);
    const reported = runTool();
    const packets = await cap.stop();
    const { samples, unpaired } = wireLatencies(file, port);
    rmSync(file, { force: true });
    return { reported, wire: { ...wireSummary(middle(samples)), unpaired, ...packets } };
  };
  const ms = (v) => v; // bench JSON durations are milliseconds
  const mc = await capture('memctl', () => {
    const r = memctl(['--threads', '1', '--clients', '50', '--ratio', '1:1', '--data-size', '3', '--keyspace', String(KEYS), '--requests', String(WIRE_N)]);
    const l = r.totals.latencyMs;
    return { opsPerSec: Math.round(r.totals.opsPerSec), p50Ms: ms(l.p50), p90Ms: ms(l.p90), p99Ms: ms(l.p99), p999Ms: ms(l.p999), meanMs: l.mean };
  });
  const rb = await capture('redis-benchmark', () => {
    const r = redisBenchmark(WIRE_N / 2, 1);
    return { opsPerSec: Math.round(r.opsPerSec), p50Ms: r.p50Ms, setP50Ms: r.set.p50Ms, getP50Ms: r.get.p50Ms, setP99Ms: r.set.p99Ms, getP99Ms: r.get.p99Ms };
  });
  // The same load below saturation: an open loop at about half of what the closed loop reached,
  // so memctl's thread has time to spare (latency from when each request was due).
  const rate = Math.round(mc.reported.opsPerSec / 2 / 1000) * 1000;
  const open = await capture('memctl-open', () => {
    const r = memctl(['--threads', '1', '--clients', '50', '--ratio', '1:1', '--data-size', '3', '--keyspace', String(KEYS), '--rate', String(rate), '--test-time', '3s']);
    const l = r.totals.latencyMs;
    return { rate, opsPerSec: Math.round(r.totals.opsPerSec), p50Ms: ms(l.p50), p90Ms: ms(l.p90), p99Ms: ms(l.p99), p999Ms: ms(l.p999), meanMs: l.mean, sendLagP50Ms: ms(r.sendLagMs.p50), sendLagP99Ms: ms(r.sendLagMs.p99) };
  });
  const diff = (a, b) => Math.round((a - b) * 1000) / 1000;
  return {
    requests: WIRE_N,
    memctl: { ...mc, clientAddsP50Ms: diff(mc.reported.p50Ms, mc.wire.p50Ms), clientAddsP99Ms: diff(mc.reported.p99Ms, mc.wire.p99Ms) },
    redisBenchmark: { ...rb, clientAddsP50Ms: diff(rb.reported.p50Ms, rb.wire.p50Ms) },
    memctlOpenLoopAtHalf: { ...open, clientAddsP50Ms: diff(open.reported.p50Ms, open.wire.p50Ms), clientAddsP99Ms: diff(open.reported.p99Ms, open.wire.p99Ms) },
  };
}

/** redis-benchmark -t set,get: combined throughput (2N requests over both tests' time) and p50s. */
function redisBenchmark(n, pipeline) {
  const { stdout: out, cpuMs } = client('redis-benchmark', ['-p', String(port), '-c', '50', '-n', String(n), '-t', 'set,get', '-d', '3', '-r', String(KEYS), '-P', String(pipeline), '--csv']);
  const rows = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map((f) => f.replace(/"/g, '')))
      .map(([test, rps, avg, min, p50, p95, p99, max]) => [test, { rps: Number(rps), avgMs: Number(avg), p50Ms: Number(p50), p99Ms: Number(p99), maxMs: Number(max) }]),
  );
  const { SET, GET } = rows;
  return { opsPerSec: (2 * n) / (n / SET.rps + n / GET.rps), p50Ms: (SET.p50Ms + GET.p50Ms) / 2, cpuUsPerRequest: round3((cpuMs * 1000) / (2 * n)), set: SET, get: GET };
}

function memctl(args) {
  const { stdout, cpuMs } = client(bin, ['bench', `redis://127.0.0.1:${port}`, '-o', 'json', '-q', '--yes', ...args]);
  return { ...JSON.parse(stdout), cpuMs };
}

function memctlRun(n, pipeline, threads = 1, clients = 50) {
  const r = memctl(['--threads', String(threads), '--clients', String(clients), '--ratio', '1:1', '--data-size', '3', '--keyspace', String(KEYS), '--pipeline', String(pipeline), '--requests', String(2 * n)]);
  const byName = Object.fromEntries(r.commands.map((c) => [c.name, c]));
  return {
    opsPerSec: r.totals.opsPerSec,
    p50Ms: r.totals.latencyMs.p50,
    meanMs: r.totals.latencyMs.mean,
    p99Ms: r.totals.latencyMs.p99,
    setP50Ms: byName.SET.latencyMs.p50,
    getP50Ms: byName.GET.latencyMs.p50,
    failed: r.totals.failed,
    requests: r.totals.requests,
    // The whole process, start-up included.
    cpuUsPerRequest: round3((r.cpuMs * 1000) / r.totals.requests),
    client: r.client,
  };
}

const round3 = (x) => Math.round(x * 1000) / 1000;

function compareCase(label, n, pipeline) {
  const rb = [];
  const mc = [];
  for (let i = 0; i < ROUNDS; i++) {
    cli('FLUSHALL');
    rb.push(redisBenchmark(n, pipeline));
    cli('FLUSHALL');
    mc.push(memctlRun(n, pipeline));
    log(`${label} round ${i + 1}: redis-benchmark ${Math.round(rb[i].opsPerSec)} ops/s p50 ${rb[i].p50Ms.toFixed(3)} ms ${rb[i].cpuUsPerRequest} us CPU/request | memctl ${Math.round(mc[i].opsPerSec)} ops/s p50 ${mc[i].p50Ms.toFixed(3)} ms ${mc[i].cpuUsPerRequest} us CPU/request`);
  }
  const rbOps = median(rb.map((r) => r.opsPerSec));
  const mcOps = median(mc.map((r) => r.opsPerSec));
  const rbP50 = median(rb.map((r) => r.p50Ms));
  const mcP50 = median(mc.map((r) => r.p50Ms));
  return {
    requestsPerTool: 2 * n,
    redisBenchmark: {
      opsPerSec: Math.round(rbOps),
      p50Ms: round3(rbP50),
      cpuUsPerRequest: median(rb.map((r) => r.cpuUsPerRequest)),
      rounds: rb.map((r) => ({ opsPerSec: Math.round(r.opsPerSec), p50Ms: r.p50Ms, cpuUsPerRequest: r.cpuUsPerRequest, set: r.set, get: r.get })),
    },
    memctl: {
      opsPerSec: Math.round(mcOps),
      p50Ms: round3(mcP50),
      cpuUsPerRequest: median(mc.map((r) => r.cpuUsPerRequest)),
      rounds: mc.map((r) => ({ opsPerSec: Math.round(r.opsPerSec), p50Ms: r.p50Ms, cpuUsPerRequest: r.cpuUsPerRequest, meanMs: r.meanMs, p99Ms: r.p99Ms, setP50Ms: r.setP50Ms, getP50Ms: r.getP50Ms, requests: r.requests, failed: r.failed })),
    },
    throughputRatio: round3(mcOps / rbOps),
    p50Ratio: round3(mcP50 / rbP50),
    medianRound: mc.find((r) => r.opsPerSec === mcOps) ?? mc[0],
  };
}

try {
  for (let i = 0; i < 100 && cli('PING') !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
  log(`redis-server on 127.0.0.1:${port}${pin ? ' (pinned to core 0; clients on core 1)' : ''}; ${ROUNDS} rounds each`);

  // The safety check: a key space holding other data is refused (exit 6) without --yes.
  cli('SET', 'someone-elses-key', 'x');
  const refused = spawnSync(bin, ['bench', `redis://127.0.0.1:${port}`, '--requests', '10', '-q'], { encoding: 'utf8' });
  cli('FLUSHALL');

  // Warm the machine up once (JIT, page cache) before anything is measured.
  memctlRun(50_000, 1);
  redisBenchmark(50_000, 1);

  const plain = compareCase('no pipelining', N, 1);
  const pipelined = compareCase('pipeline 16', NP, 16);

  // Thread count: the same 50 connections on 1 or 2 worker threads.
  const threads = { one: [], two: [] };
  for (let i = 0; i < ROUNDS; i++) {
    cli('FLUSHALL');
    threads.one.push(memctlRun(N, 1, 1, 50).opsPerSec);
    cli('FLUSHALL');
    threads.two.push(memctlRun(N, 1, 2, 25).opsPerSec);
  }
  const threadsP16 = { one: [], two: [] };
  for (let i = 0; i < ROUNDS; i++) {
    threadsP16.one.push(memctlRun(NP, 16, 1, 50).opsPerSec);
    threadsP16.two.push(memctlRun(NP, 16, 2, 25).opsPerSec);
  }
  log(`threads: 1 -> ${Math.round(median(threads.one))} ops/s, 2 -> ${Math.round(median(threads.two))} ops/s (pipeline 16: ${Math.round(median(threadsP16.one))} vs ${Math.round(median(threadsP16.two))})`);

  // Is the latency the server's? Server time per call, loopback round trip, and an open loop far
  // below saturation.
  cli('CONFIG', 'RESETSTAT');
  const sat = memctlRun(N, 1);
  const stats = cli('INFO', 'commandstats');
  const usecPerCall = (cmd) => Number(new RegExp(`cmdstat_${cmd}:calls=\\d+,usec=\\d+,usec_per_call=([\\d.]+)`).exec(stats)?.[1]);
  const serverUs = (usecPerCall('set') + usecPerCall('get')) / 2;
  const probe = JSON.parse(client(bin, ['bench', `redis://127.0.0.1:${port}`, '--latency', '--samples', '300', '-o', 'json', '-q']).stdout);
  // One client, one request at a time, back to back: round trip plus server time, no queueing.
  const single = memctl(['--threads', '1', '--clients', '1', '--ratio', '1:1', '--data-size', '3', '--keyspace', String(KEYS), '--requests', '30000', '--warmup', '1s']);
  const openLoop = memctl(['--threads', '1', '--clients', '10', '--ratio', '1:1', '--data-size', '3', '--keyspace', String(KEYS), '--rate', '2000', '--test-time', '5s', '--warmup', '1s']);
  const floorMs = single.totals.latencyMs.p50;
  const littleInFlight = (sat.meanMs / 1000) * sat.opsPerSec;
  const wire = await wireCheck();
  const validation = {
    wire,
    serverUsecPerCall: { set: usecPerCall('set'), get: usecPerCall('get') },
    // --latency pauses 10 ms between PINGs (as redis-cli does), so each PING also pays for waking
    // both processes up; the single busy client below is the tighter floor.
    pingProbeMs: { p50: probe.overall.p50Ms, min: probe.overall.minMs, p99: probe.overall.p99Ms, samples: probe.overall.samples },
    serverUsPerCallMean: round3(serverUs),
    singleClientP50Ms: round3(floorMs),
    floorMs: round3(floorMs),
    openLoopAt2000: {
      requests: openLoop.totals.requests,
      expected: 10_000,
      p50Ms: openLoop.totals.latencyMs.p50,
      p99Ms: openLoop.totals.latencyMs.p99,
      sendLagP50Ms: openLoop.sendLagMs.p50,
      sendLagP99Ms: openLoop.sendLagMs.p99,
      p50OverFloor: round3(openLoop.totals.latencyMs.p50 / floorMs),
    },
    saturated: {
      opsPerSec: sat.opsPerSec,
      meanMs: sat.meanMs,
      littleInFlight: Math.round(littleInFlight * 10) / 10,
      connections: 50,
      shareOfCycleInFlight: round3(littleInFlight / 50),
      clientThreadCpuMs: sat.client.threads.map((t) => t.cpuMs),
      clientWallMs: sat.client.threads.map((t) => t.wallMs),
      clientThreadCpuPercent: sat.client.threads.map((t) => (t.cpuMs === null ? null : Math.round((t.cpuMs / t.wallMs) * 1000) / 10)),
      eventLoopUtilization: sat.client.threads.map((t) => t.eventLoopUtilization),
      processCpuPercent: sat.client.processCpuPercent,
    },
  };

  const result = {
    machine: { cores: availableParallelism(), pinned: pin, redis: cli('INFO', 'server').match(/redis_version:(\S+)/)?.[1] },
    safetyRefusal: { exitCode: refused.status, message: refused.stderr.trim().split('\n')[0] },
    noPipelining: { ...plain, medianRound: undefined },
    pipeline16: { ...pipelined, medianRound: undefined },
    threads: {
      pipeline1: { one: Math.round(median(threads.one)), two: Math.round(median(threads.two)), rounds: threads },
      pipeline16: { one: Math.round(median(threadsP16.one)), two: Math.round(median(threadsP16.two)), rounds: threadsP16 },
      defaultOnThisMachine: Math.max(1, Math.floor(availableParallelism() / 2)),
    },
    validation,
    targets: { noPipeliningThroughput: 0.9, noPipeliningP50Within: 0.25, pipeline16Throughput: 0.8 },
  };
  result.pass =
    plain.throughputRatio >= 0.9 && Math.abs(plain.p50Ratio - 1) <= 0.25 && pipelined.throughputRatio >= 0.8 && refused.status === 6;
  const text = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(text);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'bench.json'), text);
  log(
    `no pipelining: throughput ${plain.throughputRatio}x redis-benchmark (${plain.memctl.opsPerSec} vs ${plain.redisBenchmark.opsPerSec} ops/s), p50 ${plain.memctl.p50Ms} vs ${plain.redisBenchmark.p50Ms} ms (${plain.p50Ratio}x), client CPU ${plain.memctl.cpuUsPerRequest} vs ${plain.redisBenchmark.cpuUsPerRequest} us/request\n` +
      `pipeline 16:   throughput ${pipelined.throughputRatio}x (${pipelined.memctl.opsPerSec} vs ${pipelined.redisBenchmark.opsPerSec} ops/s), p50 ${pipelined.memctl.p50Ms} vs ${pipelined.redisBenchmark.p50Ms} ms, client CPU ${pipelined.memctl.cpuUsPerRequest} vs ${pipelined.redisBenchmark.cpuUsPerRequest} us/request\n` +
      `latency floor (1 client, 1 request at a time): p50 ${validation.floorMs} ms (server ${validation.serverUsPerCallMean} us per call, PING probe p50 ${validation.pingProbeMs.p50} ms); open loop at 2000/s: p50 ${validation.openLoopAt2000.p50Ms} ms (${validation.openLoopAt2000.p50OverFloor}x the floor), ${validation.openLoopAt2000.requests} requests of ${validation.openLoopAt2000.expected}\n` +
      (wire.skipped
        ? `wire check skipped: ${wire.skipped}\n`
        : `on the wire (tcpdump, same requests): memctl reports p50 ${wire.memctl.reported.p50Ms} / p99 ${wire.memctl.reported.p99Ms} ms, the wire shows ${wire.memctl.wire.p50Ms} / ${wire.memctl.wire.p99Ms} ms (${wire.memctl.wire.dropped} packets dropped); redis-benchmark reports p50 ${wire.redisBenchmark.reported.p50Ms}, the wire shows ${wire.redisBenchmark.wire.p50Ms} ms; ` +
          `open loop at ${wire.memctlOpenLoopAtHalf.reported.rate}/s: memctl reports p50 ${wire.memctlOpenLoopAtHalf.reported.p50Ms} / p99 ${wire.memctlOpenLoopAtHalf.reported.p99Ms} ms, the wire ${wire.memctlOpenLoopAtHalf.wire.p50Ms} / ${wire.memctlOpenLoopAtHalf.wire.p99Ms} ms\n`) +
      `saturated: mean ${sat.meanMs} ms x ${Math.round(sat.opsPerSec)} ops/s = ${validation.saturated.littleInFlight} of 50 in flight; client thread CPU ${validation.saturated.clientThreadCpuPercent.join(', ')}%\n` +
      `pass: ${result.pass}`,
  );
  if (!result.pass) process.exitCode = 1;
} finally {
  stopServer();
  await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r()));
  rmSync(dir, { recursive: true, force: true });
}
