#!/usr/bin/env node
// @ts-nocheck
// Figure for issue 5: `memctl keys scan` to /dev/null against `redis-cli --scan` on the same
// server and dataset (../shared/bench/gen_dataset.py N, default 1,000,000 keys), median of 3 runs
// each, both checked to see every key. Target: memctl wall time <= 0.5x redis-cli.
// Usage: npm run build && node bench/keys-scan.mjs [--keys N] [--runs N]
//          [--service memorydb|elasticache] [--cluster-mode enabled|disabled] [--shards N] [--no-tls]
// MemoryDB (the default): one standalone redis-server, `memctl keys scan redis://127.0.0.1:<port>`.
// ElastiCache: a local replication group (cluster mode enabled: --shards node groups, default 3, no
// replicas; disabled: one primary), TLS as the group has it (--no-tls: created without), the dataset
// routed to the slot owners, and `memctl --service elasticache --local keys scan <group>`, which finds
// the primaries through DescribeReplicationGroups and scans them in parallel. redis-cli has no cluster
// scan: its time is `redis-cli --scan` on every primary one after another (a shell loop), and, for
// comparison, on all primaries at once (one redis-cli per primary in the background).
// Prints JSON to stdout (also written to bench/results/keys-scan-<service>[-<cluster mode>].json).
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
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
const SHARDS = Number(argValue('--shards', '3'));
const TLS = !process.argv.includes('--no-tls');
const service = serviceFromArgs({ modes: ['enabled', 'disabled'] });
const svc = service.flags;
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

const dir = mkdtempSync(join(tmpdir(), 'memctl-bench-scan-'));
const env = { PATH: process.env.PATH, HOME: dir, MEMCTL_LOCAL_DIR: join(dir, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true' };
let server;
const stopServer = () => {
  if (server !== undefined && server.exitCode === null && server.pid !== undefined) process.kill(server.pid, 'SIGTERM');
};
process.on('exit', stopServer);

function run(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 30, ...options });
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

const quote = (a) => `'${String(a).replace(/'/g, `'\\''`)}'`;

/**
 * What is scanned: the primaries' ports, redis-cli's connection flags, and memctl's target.
 * MemoryDB: a standalone redis-server. ElastiCache: a local replication group.
 */
async function setUp() {
  if (!service.elasticache) {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const load = run('bash', ['-c', `python3 '${datasetScript()}' ${KEYS} | redis-cli -p ${port} --pipe`]);
    return { what: `standalone redis-server 127.0.0.1:${port}`, primaries: [port], cliFlags: [], memctlArgs: ['keys', 'scan', `redis://127.0.0.1:${port}`], loadMs: load.ms };
  }
  run(process.execPath, [bin, ...svc, 'local', 'up', '-q']);
  const shape = service.clusterMode === 'disabled' ? [...service.createFlags, '--replicas', '0'] : ['--shards', String(SHARDS), '--replicas', '0'];
  const group = JSON.parse(run(process.execPath, [bin, ...svc, '--local', '-q', 'create', 'scan', ...shape, '--node-type', service.nodeType('large'), ...(TLS ? [] : ['--no-tls']), '--wait', '-o', 'json']).stdout);
  const caFile = join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt');
  const ca = TLS ? readFileSync(caFile) : undefined;
  const started = process.hrtime.bigint();
  await loadDataset(group.endpoint.port, ca, KEYS);
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const primaries = await primaryPorts(group.endpoint.port, ca);
  return {
    what: `local replication group "scan" (cluster mode ${group.clusterMode}, ${primaries.length} primar${primaries.length === 1 ? 'y' : 'ies'}, TLS ${TLS ? 'on' : 'off'})`,
    primaries,
    cliFlags: TLS ? ['--tls', '--cacert', caFile] : [],
    memctlArgs: [...svc, '--local', 'keys', 'scan', 'scan'],
    loadMs,
  };
}

try {
  const target = await setUp();
  log(`${service.label}: ${target.what}, ${KEYS} keys loaded in ${Math.round(target.loadMs)} ms`);
  const cli = (port) => ['redis-cli', ...target.cliFlags, '-p', String(port)];
  const dbsize = target.primaries.reduce((n, p) => n + Number(run(cli(p)[0], [...cli(p).slice(1), 'DBSIZE']).stdout.trim()), 0);
  // redis-cli on every primary: one after another, or all at once.
  const oneByOne = target.primaries.map((p) => `${cli(p).map(quote).join(' ')} --scan`).join('; ');
  const allAtOnce = `${target.primaries.map((p) => `${cli(p).map(quote).join(' ')} --scan &`).join(' ')} wait`;
  const single = target.primaries.length === 1;
  // Both tools must see every key (counted from their real output, not /dev/null).
  const cliCount = run('bash', ['-c', `{ ${oneByOne}; } | wc -l`]).stdout.trim();
  const memctlCount = run('bash', ['-c', `${quote(bin)} ${target.memctlArgs.map(quote).join(' ')} -q | wc -l`]).stdout.trim();
  const redisCli = [];
  const redisCliParallel = [];
  const memctl = [];
  for (let i = 0; i < RUNS; i++) {
    // One primary: redis-cli itself (as measured for MemoryDB), no shell in between.
    redisCli.push(single ? toDevNull(cli(target.primaries[0])[0], [...cli(target.primaries[0]).slice(1), '--scan']) : toDevNull('bash', ['-c', oneByOne]));
    if (!single) redisCliParallel.push(toDevNull('bash', ['-c', allAtOnce]));
    memctl.push(toDevNull(bin, [...target.memctlArgs, '-q']));
    log(`run ${i + 1}: redis-cli --scan ${Math.round(redisCli[i])} ms${single ? '' : ` (all primaries at once ${Math.round(redisCliParallel[i])} ms)`}, memctl keys scan ${Math.round(memctl[i])} ms`);
  }
  const result = {
    service: service.name,
    clusterMode: service.clusterMode,
    scanned: target.what,
    commands: {
      memctl: `memctl ${target.memctlArgs.join(' ')} -q > /dev/null`,
      redisCli: single ? `${cli(target.primaries[0]).join(' ')} --scan > /dev/null` : `(${oneByOne.replaceAll(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'), 'ca.crt')}) > /dev/null`,
    },
    keys: KEYS,
    primaries: target.primaries.length,
    dbsize,
    loadMs: Math.round(target.loadMs),
    counted: { redisCli: Number(cliCount), memctl: Number(memctlCount) },
    redisCliScanMs: Math.round(median(redisCli)),
    ...(single ? {} : { redisCliAllPrimariesAtOnceMs: Math.round(median(redisCliParallel)) }),
    memctlKeysScanMs: Math.round(median(memctl)),
    runs: { redisCli: redisCli.map(Math.round), ...(single ? {} : { redisCliAllPrimariesAtOnce: redisCliParallel.map(Math.round) }), memctl: memctl.map(Math.round) },
    ratio: Number((median(memctl) / median(redisCli)).toFixed(3)),
    ...(single ? {} : { ratioToAllPrimariesAtOnce: Number((median(memctl) / median(redisCliParallel)).toFixed(3)) }),
    target: 0.5,
  };
  result.pass = result.ratio <= result.target && result.counted.redisCli === dbsize && result.counted.memctl === dbsize;
  const text = `${JSON.stringify(result, null, 2)}\n`;
  process.stdout.write(text);
  writeResults(service, 'keys-scan', result);
  if (!result.pass) process.exitCode = 1;
} finally {
  stopServer();
  if (server !== undefined) await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r()));
  stopLocalPlane(bin, env, log);
  rmSync(dir, { recursive: true, force: true });
}
