#!/usr/bin/env node
// What `memctl keys scan` and `memctl analyze` cost the server, beside what they take, with
// redis-cli's figures in the same run (issue 21). Dataset: ../shared/bench/gen_dataset.py N
// (default 1,000,000 keys). For each tool and target, INFO commandstats and cpu are read on every
// node before and after the run (differences: a managed node refuses CONFIG RESETSTAT), and during
// it a PING probe runs in a process of its own with a connection to each node (every 10 ms). Reported:
//   wallMs          the tool's wall time
//   serverMs        time the server spent in the tool's commands (commandstats usec; PING, INFO
//                   and CONFIG left out), and per command
//   ratio           wallMs / serverMs (the figure: <= 1.5 for memctl)
//   serverCpuMs     the server's CPU (used_cpu_user + used_cpu_sys) over the run, all nodes
//   clientCpuMs     the tool's own CPU (user + sys), peakRssMb its peak RSS (/usr/bin/time); memctl
//                   is run as a user runs it (bin/memctl as a program: its launcher's heap settings)
//   ping            p50 / p99 / max of the probe's round trips, in ms
// Targets: "standalone" (one redis-server, plaintext, scan and analyze) and "cluster" (a local
// MemoryDB cluster of 3 primaries with TLS, analyze only: the PING figure with 3 primaries on
// this machine's cores).
// On the standalone target the same commands also go out from a bare client that does nothing
// else (bench/lib/bare-sweep.mjs: `bare` in the output): SCAN alone from cursor 0 to 0, and
// analyze's two rounds per batch with three batches at once. Its ratio is what this machine's
// round trips cost before any work: a sweep with one cursor per node cannot go under the bare
// SCAN loop's.
// analyze runs with its default settings (the latency guard at 2 ms) and again with the guard only
// watching (--max-latency-ms 0), to show what the guard costs and buys.
// This machine's figures move by 10-30% from one run to the next (a shared host): every tool runs
// --repeat times (default 3) and each figure reported is the median of its runs (`runs` lists the
// wall times). Before the tools, the probe runs for 3 s with nothing else running (`idlePing`):
// the PING tail the machine has on its own, which no tool can bring the figures under.
// Usage: npm run build && node bench/server-cost.mjs [--keys N] [--targets standalone,cluster]
//          [--tools scan,analyze] [--repeat N]
// Prints JSON to stdout (also bench/results/server-cost.json). Every process started is stopped by pid.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { datasetScript, loadDataset, primaryPorts } from './lib/dataset.mjs';
import { pingProbesApart } from './lib/probe.mjs';
import { argValue } from './lib/service.mjs';
import { freePort, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const KEYS = Number(argValue('--keys', '1000000'));
const TARGETS = argValue('--targets', 'standalone,cluster').split(',');
const TOOLS = argValue('--tools', 'scan,analyze').split(',');
const REPEAT = Math.max(1, Number(argValue('--repeat', '3')));
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

const work = mkdtempSync(join(tmpdir(), 'memctl-bench-cost-'));
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true' };
const children = new Set();

/** Runs to completion under /usr/bin/time (wall, user, sys, max RSS), without blocking the probes. */
function timed(command, args, { outFile } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const fd = outFile === undefined ? 'pipe' : openSync(outFile, 'w');
    const child = spawn('/usr/bin/time', ['-f', 'TIME %U %S %M', command, ...args], { env, stdio: ['ignore', fd, 'pipe'] });
    if (typeof fd === 'number') closeSync(fd);
    children.add(child);
    let out = '';
    let err = '';
    child.stdout?.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      children.delete(child);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || m === null) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.slice(-1500)}`));
      resolve({ wallMs: Math.round(wallMs), clientCpuMs: Math.round((Number(m[1]) + Number(m[2])) * 1000), peakRssMb: Math.round(Number(m[3]) / 1024), stdout: out, stderr: err });
    });
  });
}

function client(port, ca) {
  const c = new Redis({ host: '127.0.0.1', port, ...(ca ? { tls: { ca } } : {}), maxRetriesPerRequest: 2, lazyConnect: false });
  c.on('error', () => {});
  return c;
}

function parseInfo(text) {
  const out = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Server figures of every node: CPU seconds, and commandstats { cmd: { calls, usec } } without PING / INFO / CONFIG. */
async function serverFigures(clients) {
  let cpuMs = 0;
  const commands = {};
  for (const c of clients) {
    const info = parseInfo(String(await c.info('all')));
    cpuMs += (Number(info.used_cpu_user) + Number(info.used_cpu_sys)) * 1000;
    for (const [k, v] of Object.entries(info)) {
      if (!k.startsWith('cmdstat_')) continue;
      const name = k.slice(8);
      if (['ping', 'info', 'config', 'client', 'hello', 'auth', 'command'].includes(name)) continue;
      const calls = Number(/calls=(\d+)/.exec(v)?.[1] ?? 0);
      const usec = Number(/usec=(\d+)/.exec(v)?.[1] ?? 0);
      const entry = (commands[name] ??= { calls: 0, usec: 0 });
      entry.calls += calls;
      entry.usec += usec;
    }
  }
  return { cpuMs, commands };
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * REPEAT measured runs of a tool (`check` sees each run's stdout): each figure is the median of
 * the runs' (the ratio too, taken run by run), commands and the latency guard's figures are those
 * of the run whose wall time is the median.
 */
async function measure(target, name, command, args, { outFile, check, perRun } = {}) {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    const run = await measureOnce(target, name, command, args, { outFile });
    check?.(run.stdout);
    run.extra = perRun?.(run.stdout) ?? {};
    runs.push(run);
  }
  const byWall = [...runs].sort((a, b) => a.result.wallMs - b.result.wallMs);
  const middle = byWall[(byWall.length - 1) >> 1];
  const figure = (f) => median(runs.map((r) => f(r.result)));
  const result = {
    ...middle.result,
    wallMs: figure((r) => r.wallMs),
    serverMs: figure((r) => r.serverMs),
    ratio: Number(figure((r) => r.ratio).toFixed(2)),
    serverCpuMs: figure((r) => r.serverCpuMs),
    serverCpuMsPerMillionKeys: figure((r) => r.serverCpuMsPerMillionKeys),
    clientCpuMs: figure((r) => r.clientCpuMs),
    peakRssMb: figure((r) => r.peakRssMb),
    ping: { ...middle.result.ping, p50Ms: figure((r) => r.ping.p50Ms), p99Ms: figure((r) => r.ping.p99Ms), maxMs: figure((r) => r.ping.maxMs) },
    runs: runs.map((r) => ({ wallMs: r.result.wallMs, serverMs: r.result.serverMs, serverCpuMs: r.result.serverCpuMs, peakRssMb: r.result.peakRssMb, pingP99Ms: r.result.ping.p99Ms, ...r.extra })),
  };
  if (REPEAT > 1) log(`${target.key} ${name}: median of ${REPEAT}: ${result.wallMs} ms wall (x${result.ratio}), server CPU ${result.serverCpuMs} ms, ${result.peakRssMb} MB, PING p99 ${result.ping.p99Ms} ms`);
  return { result, stdout: middle.stdout };
}

/** The probe alone for 3 s: the PING round trips of the machine at rest. */
async function idlePing(target) {
  const stop = pingProbesApart(target.primaries, target.caFile);
  await new Promise((r) => setTimeout(r, 3300));
  const ping = await stop();
  log(`${target.key} idle: PING p50 ${ping.p50Ms} p99 ${ping.p99Ms} max ${ping.maxMs} ms`);
  return { samples: ping.samples, p50Ms: ping.p50Ms, p99Ms: ping.p99Ms, maxMs: ping.maxMs };
}

/** One measured run of a tool on a target (its stdout to `outFile` when given). */
async function measureOnce(target, name, command, args, { outFile } = {}) {
  const clients = target.primaries.map((p) => client(p, target.ca));
  try {
    // INFO only: a managed node (and the local plane) refuses CONFIG RESETSTAT, so the figures are
    // differences of two readings.
    const before = await serverFigures(clients);
    const stopProbe = pingProbesApart(target.primaries, target.caFile);
    await new Promise((r) => setTimeout(r, 300));
    const r = await timed(command, args, { outFile });
    const ping = await stopProbe();
    const after = await serverFigures(clients);
    const commands = {};
    for (const [k, v] of Object.entries(after.commands)) {
      const was = before.commands[k] ?? { calls: 0, usec: 0 };
      if (v.calls > was.calls) commands[k] = { calls: v.calls - was.calls, usec: v.usec - was.usec };
    }
    const serverUsec = Object.values(commands).reduce((s, c) => s + c.usec, 0);
    const result = {
      tool: name,
      wallMs: r.wallMs,
      serverMs: Math.round(serverUsec / 1000),
      ratio: Number((r.wallMs / Math.max(1, serverUsec / 1000)).toFixed(2)),
      serverCpuMs: Math.round(after.cpuMs - before.cpuMs),
      serverCpuMsPerMillionKeys: Math.round(((after.cpuMs - before.cpuMs) * 1e6) / KEYS),
      clientCpuMs: r.clientCpuMs,
      peakRssMb: r.peakRssMb,
      ping: { samples: ping.samples, p50Ms: ping.p50Ms, p99Ms: ping.p99Ms, maxMs: ping.maxMs, ...(ping.perNode ? { perNode: ping.perNode } : {}) },
      commands: Object.fromEntries(Object.entries(commands).map(([k, v]) => [k, { calls: v.calls, ms: Math.round(v.usec / 1000) }])),
    };
    log(`${target.key} ${name}: ${result.wallMs} ms wall, ${result.serverMs} ms server (x${result.ratio}), server CPU ${result.serverCpuMs} ms, client CPU ${result.clientCpuMs} ms, ${result.peakRssMb} MB, PING p50 ${ping.p50Ms} p99 ${ping.p99Ms} ms`);
    return { result, stdout: r.stdout };
  } finally {
    for (const c of clients) c.disconnect();
  }
}

async function standalone() {
  const dir = join(work, 'standalone');
  mkdirSync(dir);
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.add(server);
  for (let i = 0; i < 100 && spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
  const loaded = spawnSync('bash', ['-c', `python3 '${datasetScript()}' ${KEYS} | redis-cli -p ${port} --pipe`], { encoding: 'utf8' });
  if (loaded.status !== 0) throw new Error(`loading the dataset failed: ${loaded.stderr}`);
  const stop = async () => {
    if (server.exitCode === null) {
      const gone = new Promise((r) => server.once('exit', r));
      process.kill(server.pid, 'SIGTERM');
      await gone;
    }
    children.delete(server);
  };
  return { key: 'standalone', primaries: [port], ca: undefined, cli: [['-p', String(port)]], memctl: [`redis://127.0.0.1:${port}`], stop };
}

async function cluster() {
  const run = (args) => {
    const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`memctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  run(['local', 'up', '-q']);
  const created = JSON.parse(run(['--local', '-q', 'create', 'cost3', '--shards', '3', '--replicas', '0', '--no-alarms', '--wait', '-o', 'json']));
  const caFile = join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt');
  const ca = readFileSync(caFile);
  await loadDataset(created.endpoint.port, ca, KEYS);
  const primaries = await primaryPorts(created.endpoint.port, ca);
  return { key: 'cluster', primaries, ca, caFile, cli: primaries.map((p) => ['--tls', '--cacert', caFile, '-p', String(p)]), memctl: ['--local', 'cost3'], stop: async () => stopLocalPlane(bin, env, log) };
}

// The same commands from a client that does nothing else (standalone only): what this machine's
// round trips cost without memctl's work (bench/lib/bare-sweep.mjs).
const bareSweep = join(root, 'bench', 'lib', 'bare-sweep.mjs');
const checkBare = (stdout) => {
  const seen = Number(/^keys (\d+)$/m.exec(stdout)?.[1]);
  if (!(Math.abs(seen - KEYS) <= KEYS * 0.01)) throw new Error(`the bare client saw ${stdout.trim()} of ${KEYS}`);
};

const results = { keys: KEYS, at: new Date().toISOString(), cores: (await import('node:os')).cpus().length, targets: {} };
const cleanup = async () => {
  for (const c of children) if (c.exitCode === null && c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
};
process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
try {
  for (const which of TARGETS) {
    const target = which === 'cluster' ? await cluster() : await standalone();
    const out = (results.targets[which] = {});
    try {
      out.idlePing = await idlePing(target);
      if (TOOLS.includes('scan') && which === 'standalone') {
        const keysFile = join(work, 'keys.txt');
        // Every run must print every key once (keys with a TTL may expire between runs: DBSIZE).
        const check = () => {
          const lines = readFileSync(keysFile, 'latin1').split('\n').filter(Boolean);
          const dbsize = Number(spawnSync('redis-cli', [...target.cli[0], 'DBSIZE'], { encoding: 'utf8' }).stdout.trim());
          if (new Set(lines).size !== lines.length || Math.abs(lines.length - dbsize) > 50) throw new Error(`memctl keys scan printed ${lines.length} keys (${new Set(lines).size} distinct), DBSIZE ${dbsize}`);
        };
        const m = await measure(target, 'memctl keys scan', bin, ['keys', 'scan', ...target.memctl], { outFile: keysFile, check });
        const cli = await measure(target, 'redis-cli --scan', 'redis-cli', [...target.cli[0], '--scan'], { outFile: keysFile });
        const bare = await measure(target, 'bare SCAN loop', process.execPath, [bareSweep, 'scan', String(target.primaries[0])], { check: checkBare });
        out.scan = { memctl: m.result, redisCli: cli.result, bare: bare.result, memctlOverCli: Number((m.result.wallMs / cli.result.wallMs).toFixed(2)) };
      }
      if (TOOLS.includes('analyze')) {
        const runs = {};
        for (const [variant, extra] of [['default', []], ['unguarded', ['--max-latency-ms', '0']]]) {
          const check = (stdout) => {
            const report = JSON.parse(stdout);
            if (report.complete !== true || Math.abs(report.totals.keys - report.totals.dbsize) > 50) throw new Error(`memctl analyze saw ${report.totals.keys} keys of ${report.totals.dbsize} (complete: ${report.complete})`);
          };
          // Each run's guard: how long it held back and whether it judged holding back to help.
          const perRun = (stdout) => ({ guard: (JSON.parse(stdout).latency?.nodes ?? []).map((n) => ({ heldMs: n.heldMs, holdingHelps: n.holdingHelps })) });
          const m = await measure(target, `memctl analyze (${variant})`, bin, ['analyze', ...target.memctl, '-o', 'json', ...extra], { check, perRun });
          runs[variant] = { ...m.result, latencyGuard: JSON.parse(m.stdout).latency };
        }
        // Several primaries: redis-cli --memkeys on each at once, in one measured shell.
        const quoted = target.cli.map((flags) => `redis-cli ${flags.map((f) => `'${f}'`).join(' ')} --memkeys`);
        const cli = await measure(target, 'redis-cli --memkeys', 'bash', ['-c', `${quoted.join(' & ')} & wait`]);
        const bare = which === 'standalone' ? (await measure(target, 'bare analyze client', process.execPath, [bareSweep, 'analyze', String(target.primaries[0])], { check: checkBare })).result : undefined;
        out.analyze = { memctl: runs, redisCli: cli.result, ...(bare === undefined ? {} : { bare }), memctlOverCli: Number((runs.default.wallMs / cli.result.wallMs).toFixed(2)) };
      }
    } finally {
      await target.stop();
    }
  }
} finally {
  await cleanup();
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'server-cost.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
