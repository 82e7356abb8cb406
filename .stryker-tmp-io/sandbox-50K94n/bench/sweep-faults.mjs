#!/usr/bin/env node
// @ts-nocheck
// Sweep drill (issue 16): `keys scan` and `analyze` over a local 2x1 cluster of --keys keys (default
// 200,000) while a fault lands mid-sweep: a FailoverShard of the shard being read (`memctl
// failover`, no wait), a kill -9 of the node being read (the primary, or with --read-from replica
// the replica), or (--faults reshard) a reshard from 2 to 3 shards or back (`memctl scale`). Each sweep runs as a least-privilege user with the access string
// docs/permissions.md gives (`on ~* +@read +@connection +cluster|slots`), slowed with --max-ops so
// the fault lands inside it. After the cluster settles, the truth is DBSIZE of the primaries. A run
// lies when memctl exits 0 with a total other than the truth (or prints a key twice); exit 7 with
// the node named is an honest "incomplete". Then a least-privilege pass: keys scan, keys get,
// analyze and bench as the documented users, each must exit 0 with exact totals.
//
// Usage: npm run build && node bench/sweep-faults.mjs [--runs 10] [--keys 200000] [--seed 1]
//          [--commands scan,analyze] [--faults failover,kill,reshard] [--read-from primary,replica]
//          [--as reader|observer] [--json]
// --as observer sweeps as a user that may also run CLUSTER NODES (it sees migrating slots); the
// documented reader cannot, and a sweep that sees slots move during a reshard then exits 7.
// Results: bench/results/sweep-faults.json (and on stdout with --json).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { argValue } from './lib/service.mjs';
import { freePort, median, memctlAsync, memctlSync, seededRandom, stampedLog, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const RUNS = Number(argValue('--runs', '10'));
const KEYS = Number(argValue('--keys', '200000'));
const COMMANDS = argValue('--commands', 'scan,analyze').split(',');
const FAULTS = argValue('--faults', 'failover,kill').split(',');
const READS = argValue('--read-from', 'primary,replica').split(',');
const JSON_OUT = process.argv.includes('--json');
/** Who sweeps: reader (docs/permissions.md's string) or observer (the same and +cluster|nodes). */
const SWEEPER = argValue('--as', 'reader');
const SEED = Number(argValue('--seed', String(Date.now() % 100000)));
const random = seededRandom(SEED);

const work = mkdtempSync(join(tmpdir(), 'memctl-sweep-'));
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true', MEMCTL_LOCAL_MEMORY_SCALE: '0.05' };
const log = stampedLog;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const USERS = {
  writer: { access: 'on ~* +@all', password: 'sweep-writer-pw-0123456789' },
  reader: { access: 'on ~* +@read +@connection +cluster|slots', password: 'sweep-reader-pw-0123456789' },
  // The same and +cluster|nodes, which lets a sweep see the slots a reshard is migrating.
  observer: { access: 'on ~* +@read +@connection +cluster|slots +cluster|nodes', password: 'sweep-observer-pw-0123456789' },
  bencher: { access: 'on ~memctl-bench:* +@read +@write +@connection +cluster|slots +unlink', password: 'sweep-bench-pw-0123456789' },
};
const pwFile = (user) => join(work, `${user}.pw`);
const as = (user) => ['--user', user, '--password-file', pwFile(user)];

const memctl = (args, timeoutMs = 300_000) => memctlSync(bin, env, args, timeoutMs);
const runInBackground = (args, timeoutMs = 300_000) => memctlAsync(bin, env, args, timeoutMs);

const node = (port) => {
  const c = new Redis({ host: '127.0.0.1', port, username: 'writer', password: USERS.writer.password, maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 3000, retryStrategy: () => null });
  c.on('error', () => {});
  return c;
};

async function withNode(port, fn) {
  const c = node(port);
  try {
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

/** The cluster's nodes from the plane (name, port, pid) with their live role. */
async function liveNodes() {
  const st = JSON.parse(memctl(['local', 'status', '-o', 'json']).stdout);
  const nodes = st.clusters.find((c) => c.name === 'sw')?.nodes ?? [];
  return Promise.all(
    nodes.map(async (n) => ({
      ...n,
      shard: n.name.split('-').at(-2),
      role: await withNode(n.port, async (c) => ((await c.call('ROLE'))[0] === 'master' ? 'primary' : 'replica')).catch(() => 'down'),
    })),
  );
}

/**
 * No change under way, every node up, one primary and one synced replica per shard, CLUSTER SLOTS
 * lists the replicas.
 */
async function healthy(timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const described = JSON.parse(memctl(['describe', 'sw', '-o', 'json']).stdout);
      const nodes = await liveNodes();
      const primaries = nodes.filter((n) => n.role === 'primary');
      if (described.status === 'available' && primaries.length === described.shards.length && nodes.length === 2 * primaries.length && nodes.every((n) => n.role !== 'down')) {
        const ok = await withNode(primaries[0].port, async (c) => {
          const ranges = await c.call('CLUSTER', 'SLOTS');
          const info = String(await c.call('CLUSTER', 'INFO'));
          return /cluster_state:ok/.test(info) && ranges.every((r) => r.length >= 4);
        });
        const synced = await Promise.all(primaries.map((p) => withNode(p.port, async (c) => Number(await c.call('WAIT', '1', '2000')) >= 1)));
        if (ok && synced.every(Boolean)) return nodes;
      }
    } catch {
      // not yet
    }
    await sleep(300);
  }
  throw new Error('the cluster did not become healthy within 3 minutes');
}

async function truth(nodes) {
  const sizes = await Promise.all(nodes.filter((n) => n.role === 'primary').map((p) => withNode(p.port, async (c) => Number(await c.call('DBSIZE')))));
  return sizes.reduce((a, b) => a + b, 0);
}

async function load(port) {
  const cluster = new Cluster([{ host: '127.0.0.1', port }], { redisOptions: { username: 'writer', password: USERS.writer.password }, enableAutoPipelining: true });
  cluster.on('error', () => {});
  try {
    for (let from = 0; from < KEYS; from += 5000) {
      await Promise.all(Array.from({ length: Math.min(5000, KEYS - from) }, (_, i) => cluster.set(`k:${from + i}`, String(from + i))));
    }
  } finally {
    cluster.disconnect();
  }
}

const SWEEP_ARGS = {
  scan: ['keys', 'scan', 'sw', '--count', '200', '--max-ops', '60'],
  analyze: ['analyze', 'sw', '-o', 'json', '--count', '200', '--max-ops', '80000'],
};

function counted(command, result) {
  if (command === 'scan') {
    const lines = result.stdout.split('\n').filter((l) => l !== '');
    return { total: lines.length, distinct: new Set(lines).size };
  }
  try {
    const report = JSON.parse(result.stdout);
    return { total: report.totals.keys, distinct: report.totals.keys, complete: report.complete, failure: report.failure, recovered: report.recovered?.length ?? 0 };
  } catch {
    return { total: null, distinct: null };
  }
}

const results = { seed: SEED, keys: KEYS, runsPerGroup: RUNS, sweeper: SWEEPER, access: USERS[SWEEPER].access, groups: [], leastPrivilege: [] };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
try {
  log(`state in ${work}`);
  if (memctl(['local', 'up', '-q']).code !== 0) throw new Error('local up failed');
  for (const [user, u] of Object.entries(USERS)) {
    writeFileSync(pwFile(user), u.password, { mode: 0o600 });
    const r = memctl(['-q', 'users', 'create', user, '--access-string', u.access, '--password-file', pwFile(user), '--wait']);
    if (r.code !== 0) throw new Error(`users create ${user}: ${r.stderr}`);
  }
  if (memctl(['-q', 'acls', 'create', 'swacl', '--user', Object.keys(USERS).join(','), '--wait']).code !== 0) throw new Error('acls create failed');
  const created = memctl(['-q', 'create', 'sw', '--shards', '2', '--replicas', '1', '--acl', 'swacl', '--no-tls', '--wait', '-o', 'json']);
  if (created.code !== 0) throw new Error(`create failed: ${created.stderr}`);
  const port = JSON.parse(created.stdout).endpoint.port;
  let t = Date.now();
  await load(port);
  log(`loaded ${KEYS} keys in ${Date.now() - t} ms`);
  await healthy();

  for (const fault of FAULTS) {
    for (const command of COMMANDS) {
      for (const readFrom of READS) {
        const group = { fault, command, readFrom, runs: [] };
        results.groups.push(group);
        for (let run = 1; run <= RUNS; run++) {
          const nodes = await healthy();
          const expected = await truth(nodes);
          const delayMs = 400 + Math.floor(random() * 2200);
          const sweep = runInBackground([...SWEEP_ARGS[command], '--read-from', readFrom, ...as(SWEEPER)]);
          await sleep(delayMs);
          // The victim: a node being read. failover: its shard; kill: the node itself.
          const shard = random() < 0.5 ? '0001' : '0002';
          const now = await liveNodes();
          const victim = now.find((n) => n.shard === shard && n.role === (readFrom === 'replica' ? 'replica' : 'primary'));
          let faultNote;
          if (fault === 'reshard') {
            const shards = nodes.filter((n) => n.role === 'primary').length === 2 ? '3' : '2';
            const r = memctl(['-q', 'scale', 'sw', '--shards', shards, '--yes']);
            faultNote = r.code === 0 ? `reshard to ${shards} shards` : `scale refused: ${r.stderr.trim().split('\n')[0]}`;
          } else if (fault === 'failover') {
            const r = memctl(['-q', 'failover', 'sw', '--shard', shard, '--yes']);
            faultNote = r.code === 0 ? `failover of shard ${shard}` : `failover refused: ${r.stderr.trim().split('\n')[0]}`;
          } else {
            try {
              process.kill(victim.pid, 'SIGKILL');
              faultNote = `kill -9 ${victim.role} ${victim.name} (port ${victim.port})`;
            } catch (err) {
              faultNote = `kill failed: ${err.code}`;
            }
          }
          const result = await sweep;
          const after = await healthy();
          const actual = await truth(after);
          const c = counted(command, result);
          const exact = c.total === actual && c.distinct === c.total && actual === expected;
          const record = {
            run,
            delayMs,
            fault: faultNote,
            exit: result.code,
            ms: result.ms,
            total: c.total,
            duplicates: c.total === null ? null : c.total - c.distinct,
            truth: actual,
            exact,
            lie: result.code === 0 && !exact,
            honestIncomplete: result.code === 7,
            stderrTail: result.stderr.trim().split('\n').slice(-2).join(' | '),
            ...(c.recovered === undefined ? {} : { recovered: c.recovered, complete: c.complete }),
          };
          group.runs.push(record);
          log(`${fault}/${command}/${readFrom} run ${run}: ${faultNote} at ${delayMs} ms -> exit ${result.code}, ${c.total} of ${actual}${record.lie ? ' LIE' : ''} (${result.ms} ms)`);
        }
        group.summary = {
          runs: group.runs.length,
          exitZeroExact: group.runs.filter((r) => r.exit === 0 && r.exact).length,
          honestIncomplete: group.runs.filter((r) => r.honestIncomplete).length,
          lies: group.runs.filter((r) => r.lie).length,
          otherExits: group.runs.filter((r) => r.exit !== 0 && r.exit !== 7).map((r) => `${r.exit}: ${r.stderrTail}`),
          medianMs: median(group.runs.map((r) => r.ms)),
        };
        log(`${fault}/${command}/${readFrom}: ${JSON.stringify(group.summary)}`);
      }
    }
  }

  // Least privilege: each command as its documented user, exact totals, exit 0.
  const nodes = await healthy();
  const expected = await truth(nodes);
  const lp = [];
  const scan = memctl(['-q', 'keys', 'scan', 'sw', ...as('reader')]);
  lp.push({ command: 'keys scan', user: 'reader', exit: scan.code, ok: scan.code === 0 && scan.stdout.split('\n').filter((l) => l !== '').length === expected });
  const replicaScan = memctl(['-q', 'keys', 'scan', 'sw', '--read-from', 'replica', ...as('reader')]);
  lp.push({ command: 'keys scan --read-from replica', user: 'reader', exit: replicaScan.code, ok: replicaScan.code === 0 && replicaScan.stdout.split('\n').filter((l) => l !== '').length === expected });
  const get = memctl(['-q', 'keys', 'get', 'sw', 'k:42', '-o', 'json', ...as('reader')]);
  lp.push({ command: 'keys get', user: 'reader', exit: get.code, ok: get.code === 0 && JSON.parse(get.stdout || '{}').value === '42' });
  const analyze = memctl(['-q', 'analyze', 'sw', '-o', 'json', ...as('reader')]);
  lp.push({ command: 'analyze', user: 'reader', exit: analyze.code, ok: analyze.code === 0 && JSON.parse(analyze.stdout || '{}').totals?.keys === expected });
  const bench = memctl(['-q', '--yes', 'bench', 'sw', '--requests', '20000', '-o', 'json', ...as('bencher')]);
  const benchJson = (() => {
    try {
      return JSON.parse(bench.stdout);
    } catch {
      return {};
    }
  })();
  const left = await truth(await liveNodes());
  lp.push({ command: 'bench', user: 'bencher', exit: bench.code, ok: bench.code === 0 && benchJson.complete !== false && left === expected, keysLeft: left - expected });
  results.leastPrivilege = lp;
  log(`least privilege: ${lp.map((x) => `${x.command} ${x.ok ? 'ok' : `FAILED (exit ${x.exit})`}`).join(', ')}`);
} finally {
  stopLocalPlane(bin, env, log);
  results.totals = {
    runs: results.groups.reduce((n, g) => n + g.runs.length, 0),
    lies: results.groups.reduce((n, g) => n + g.runs.filter((r) => r.lie).length, 0),
    exitZeroExact: results.groups.reduce((n, g) => n + g.runs.filter((r) => r.exit === 0 && r.exact).length, 0),
    honestIncomplete: results.groups.reduce((n, g) => n + g.runs.filter((r) => r.honestIncomplete).length, 0),
  };
  writeFileSync(join(root, 'bench', 'results', 'sweep-faults.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (JSON_OUT) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  log(`totals: ${JSON.stringify(results.totals)}`);
  rmSync(work, { recursive: true, force: true });
}
