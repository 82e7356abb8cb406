#!/usr/bin/env node
// @ts-nocheck
// Fault drill for the local control plane: each run creates a cluster, loads keys, keeps an
// acknowledging writer going, starts one operation through memctl (reshard 2 -> 3 or 3 -> 2,
// snapshot, copy, restore, failover, create, delete, a rolling engine upgrade 7.0 -> 7.1) and kill -9s one process at a random moment
// of it: a primary the operation reads from (source), one it writes to (target), a replica, or the
// control plane itself (then `memctl local up` brings it back). Afterwards it checks, from the
// nodes themselves: every loaded key and every acknowledged write is readable by a cluster client,
// no slot is left migrating or importing, every primary agrees on every slot's owner and all
// 16384 are covered, the cluster as `describe` reports it matches the live slot owners, and
// memctl's exit code told the truth (0 only when the operation reached what was asked).
//
// Usage: npm run build && node bench/fault-drill.mjs [--runs 50] [--keys 200000] [--seed 1]
//          [--scenarios reshard-up,reshard-down,snapshot,copy,restore,failover,create,delete,upgrade,primary-death]
//          [--victims source,target,replica,plane] [--replicas 0|1|mixed] [--json]
//          [--plan scenario:victim:delayMs,...]   (fixed runs instead of random ones, used by the tests)
// Results: bench/results/fault-drill.json (and on stdout with --json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterHealth, countUnreadable, describedVsLive, loadKeys, startWriter, withNode } from './lib/drill.mjs';
import { argValue } from './lib/service.mjs';
import { freePort, memctlAsync, memctlSync, seededRandom, stampedLog, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const RUNS = Number(argValue('--runs', '50'));
const KEYS = Number(argValue('--keys', '200000'));
const SCENARIOS = argValue('--scenarios', 'reshard-up,reshard-down,snapshot,copy,restore,failover,create,delete,upgrade,primary-death').split(',');
const VICTIMS = argValue('--victims', 'source,target,replica,plane').split(',');
const REPLICAS = argValue('--replicas', 'mixed');
const JSON_OUT = process.argv.includes('--json');
/** Fixed runs (scenario, victim, kill delay), in turn, instead of random picks. */
const PLAN = argValue('--plan', '')
  .split(',')
  .filter((p) => p !== '')
  .map((p) => {
    const [scenario, victim, delay] = p.split(':');
    if (!(scenario in KILL_WINDOW_DEFAULTS()) || !victim || !/^\d+$/.test(delay ?? '')) throw new Error(`--plan entries are scenario:victim:delayMs, not "${p}"`);
    return { scenario, victim, delayMs: Number(delay) };
  });
const SEED = Number(argValue('--seed', String(Date.now() % 100000)));
/** A seed replays the same kill points. */
const random = seededRandom(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];

const work = mkdtempSync(join(tmpdir(), 'memctl-drill-'));
// The upgrade's "redis 7.1" is the installed redis-server under another path (its nodes tell which they run).
const UPGRADE_SERVER = join(work, 'redis-7.1', 'redis-server');
mkdirSync(dirname(UPGRADE_SERVER));
symlinkSync(execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim(), UPGRADE_SERVER);
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true', MEMCTL_LOCAL_MEMORY_SCALE: '0.05', MEMCTL_REDIS_SERVER_REDIS_7_1: UPGRADE_SERVER };
const log = stampedLog;

/** Which victims make sense for a scenario (the others are picked again). */
const VICTIMS_OF = {
  'reshard-up': ['source', 'target', 'replica', 'plane'],
  'reshard-down': ['source', 'target', 'replica', 'plane'],
  snapshot: ['source', 'replica', 'plane'],
  copy: ['plane'],
  restore: ['target', 'plane'],
  failover: ['source', 'target', 'replica', 'plane'],
  create: ['target', 'plane'],
  delete: ['source', 'plane'],
  upgrade: ['source', 'replica', 'plane'],
  // No operation: a primary dies under writes, and its replica must take over (automatic failover).
  'primary-death': ['source'],
};
/** Up to how long after the start a kill lands (ms), roughly each operation's length here. */
function KILL_WINDOW_DEFAULTS() {
  return { 'reshard-up': 5000, 'reshard-down': 5000, snapshot: 1500, copy: 300, restore: 2500, failover: 2000, create: 2000, delete: 1000, upgrade: 3000, 'primary-death': 1000 };
}
const KILL_WINDOW = KILL_WINDOW_DEFAULTS();

function memctl(args, { timeoutMs = 300_000 } = {}) {
  const r = memctlSync(bin, env, args, timeoutMs);
  return { ...r, json: args.includes('json') && r.stdout.trim() !== '' ? safeJson(r.stdout) : undefined };
}

async function runInBackground(args, timeoutMs = 600_000) {
  const r = await memctlAsync(bin, env, args, timeoutMs);
  return { ...r, json: safeJson(r.stdout) };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const status = () => memctl(['local', 'status', '-o', 'json']).json;
const describe = (name) => memctl(['describe', name, '-o', 'json']).json;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns something truthy, or the deadline passes (then undefined). */
async function until(check, timeoutMs, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await sleep(everyMs);
  }
  return undefined;
}

async function liveRole(port, ca) {
  try {
    return await withNode(port, ca, async (c) => ((await c.call('ROLE'))[0] === 'master' ? 'primary' : 'replica'));
  } catch {
    return 'down';
  }
}

/** The pid of the node a victim names, resolved when the kill is due (new shards appear late). */
async function victimPid(kind, scenario, cluster, ca, replicas) {
  const st = status();
  if (kind === 'plane') return { pid: st?.pid, what: 'control plane' };
  const nodes = st?.clusters?.find((c) => c.name === cluster)?.nodes ?? [];
  const roles = await Promise.all(nodes.map(async (n) => ({ ...n, live: n.pid === undefined ? 'down' : await liveRole(n.port, ca) })));
  const shardOf = (n) => n.name.split('-').at(-2);
  const primaries = roles.filter((n) => n.live === 'primary');
  let node;
  if (kind === 'replica') node = roles.find((n) => n.live === 'replica');
  else if (scenario === 'reshard-up') node = kind === 'target' ? primaries.find((n) => shardOf(n) === '0003') : primaries.find((n) => shardOf(n) === '0001');
  else if (scenario === 'reshard-down') node = kind === 'source' ? primaries.find((n) => shardOf(n) === '0003') : primaries.find((n) => shardOf(n) === '0001');
  else if (scenario === 'failover') node = kind === 'source' ? primaries.find((n) => shardOf(n) === '0001') : kind === 'target' ? roles.find((n) => shardOf(n) === '0001' && n.live === 'replica') : roles.find((n) => shardOf(n) !== '0001' && n.live === 'replica');
  else node = primaries[Math.floor(random() * primaries.length)];
  if (node === undefined && replicas === 0 && kind === 'replica') return { pid: undefined, what: 'no replica' };
  return { pid: node?.pid, node, what: node === undefined ? `no ${kind} node yet` : `${kind} ${node.name} (port ${node.port})` };
}

async function ensurePlane() {
  const r = memctl(['local', 'up', '-q', '-o', 'json'], { timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`local up failed: ${r.stderr}`);
}

function ports(described) {
  return (described?.shards ?? []).flatMap((s) => s.nodes.map((n) => n.endpoint?.port)).filter((p) => p !== undefined);
}

/** Waits until the cluster settles (available, or gone for a delete) after the fault. */
async function settle(name, expectGone) {
  const started = Date.now();
  const final = await until(() => {
    const r = memctl(['describe', name, '-o', 'json']);
    if (r.code === 3) return { gone: true };
    if (r.json && !['creating', 'updating', 'modifying', 'snapshotting', 'deleting'].includes(r.json.status)) return { cluster: r.json };
    if (expectGone && r.json?.status === 'deleting') return undefined;
    return undefined;
  }, 240_000, 500);
  return { ...(final ?? { timedOut: true, cluster: describe(name) }), ms: Date.now() - started };
}

/** Did memctl exit 0 only for an operation that reached what was asked? */
function exitTruth(scenario, result, after, snapshotAfter) {
  if (result.code !== 0) return { exitedZero: false, lie: false };
  let reached;
  switch (scenario) {
    case 'reshard-up':
      reached = after.cluster?.shardCount === 3 && after.cluster.status === 'available';
      break;
    case 'reshard-down':
      reached = after.cluster?.shardCount === 2 && after.cluster.status === 'available';
      break;
    case 'snapshot':
    case 'copy':
      reached = snapshotAfter?.status === 'available';
      break;
    case 'delete':
      reached = after.gone === true;
      break;
    case 'upgrade':
      reached = after.cluster?.engineVersion === '7.1' && after.cluster.status === 'available';
      break;
    default:
      reached = after.cluster?.status === 'available';
  }
  return { exitedZero: true, lie: !reached };
}

const runs = [];
const started = Date.now();
/** Each run as it ends, so an interrupted drill still leaves what it saw. */
function writePartial(list) {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'fault-drill.partial.json'), `${JSON.stringify(list, null, 2)}\n`);
}
try {
  await ensurePlane();
  for (let run = 0; run < RUNS; run++) {
    const planned = PLAN.length > 0 ? PLAN[run % PLAN.length] : undefined;
    const scenario = planned?.scenario ?? SCENARIOS[run % SCENARIOS.length];
    let victim = planned?.victim ?? pick(VICTIMS.filter((v) => VICTIMS_OF[scenario].includes(v)));
    if (victim === undefined) victim = 'plane';
    const replicas = REPLICAS === 'mixed' ? (victim === 'replica' || scenario === 'failover' || scenario === 'primary-death' ? 1 : Math.floor(random() * 2)) : Number(REPLICAS);
    const delayMs = planned?.delayMs ?? Math.round(random() * KILL_WINDOW[scenario]);
    const name = `drill${run}`;
    const record = { run, scenario, victim, replicas, delayMs };
    log(`run ${run}: ${scenario}, kill ${victim} after ${delayMs} ms, ${replicas} replica(s) per shard`);
    try {
      const shards = scenario === 'reshard-down' ? 3 : 2;
      let cluster;
      let ca;
      let writer;
      let snapshotName;
      if (scenario !== 'create') {
        const version = scenario === 'upgrade' ? ['--engine-version', '7.0'] : [];
        const c = memctl(['-q', 'create', name, '--shards', String(shards), '--replicas', String(replicas), ...version, '--wait', '-o', 'json']);
        if (c.code !== 0) throw new Error(`create failed: ${c.stderr}`);
        cluster = c.json;
        ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
        await loadKeys(cluster.endpoint.port, ca, KEYS, 'k');
        if (scenario !== 'copy' && scenario !== 'restore') writer = startWriter(cluster.endpoint.port, ca);
        if (scenario === 'copy' || scenario === 'restore') {
          snapshotName = `${name}-snap`;
          const s = memctl(['-q', 'snapshot', 'create', name, snapshotName, '--wait', '-o', 'json']);
          if (s.code !== 0) throw new Error(`snapshot failed: ${s.stderr}`);
        }
        await sleep(300);
      }
      const commands = {
        'reshard-up': ['-q', '--yes', 'scale', name, '--shards', '3', '--wait', '-o', 'json'],
        'reshard-down': ['-q', '--yes', 'scale', name, '--shards', '2', '--wait', '-o', 'json'],
        snapshot: ['-q', 'snapshot', 'create', name, `${name}-snap`, '--wait', '-o', 'json'],
        copy: ['-q', 'snapshot', 'copy', `${name}-snap`, `${name}-copy`, '--bucket', 'drill-bucket', '--wait', '-o', 'json'],
        restore: ['-q', 'snapshot', 'restore', `${name}-snap`, `${name}-r`, '--replicas', '0', '--wait', '-o', 'json'],
        failover: ['-q', '--yes', 'failover', name, '--shard', '0001', '--wait', '--no-probe', '-o', 'json'],
        create: ['-q', 'create', name, '--shards', '2', '--replicas', String(replicas), '--wait', '-o', 'json'],
        delete: ['-q', '--yes', 'delete', name, '--wait', '-o', 'json'],
        upgrade: ['-q', '--yes', 'scale', name, '--engine-version', '7.1', '--wait', '-o', 'json'],
        // Nothing to run: describe stands in for a command that succeeds at once.
        'primary-death': ['describe', name, '-o', 'json'],
      };
      const op = runInBackground(commands[scenario]);
      const target = scenario === 'restore' ? `${name}-r` : name;
      await sleep(delayMs);
      const ca2 = ca ?? (() => {
        try {
          return readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
        } catch {
          return undefined;
        }
      })();
      // A victim that does not exist yet (the shard a reshard adds) is waited for, a little.
      let { pid, what, node: victimNode } = await victimPid(victim, scenario, target, ca2, replicas);
      for (let i = 0; pid === undefined && victim !== 'plane' && i < 50; i++) {
        await sleep(100);
        ({ pid, what, node: victimNode } = await victimPid(victim, scenario, target, ca2, replicas));
      }
      record.killed = what;
      const killedAt = Date.now();
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (err) {
          record.killed += ` (already gone: ${err.code})`;
        }
      }
      if (scenario === 'primary-death' && victimNode !== undefined) {
        // The replica of the killed primary (same shard) must become the primary.
        const st = status();
        const nodes = st?.clusters?.find((c) => c.name === target)?.nodes ?? [];
        const killedNode = victimNode;
        const shard = killedNode.name.split('-').at(-2);
        const sibling = nodes.find((n) => n.name !== killedNode.name && n.name.split('-').at(-2) === shard);
        if (sibling !== undefined) {
          const promoted = await until(async () => (await liveRole(sibling.port, ca2)) === 'primary', 60_000, 20);
          record.autoFailoverMs = promoted ? Date.now() - killedAt : null;
          const back = await until(async () => (await liveRole(killedNode.port, ca2)) === 'replica', 60_000, 100);
          record.oldPrimaryReturnedAsReplica = back === true;
        }
      }
      if (victim === 'plane') {
        // The command was waiting on the plane: it fails or finishes on its own; bring the plane back.
        await sleep(200);
        const t = Date.now();
        await ensurePlane();
        record.planeBackMs = Date.now() - t;
      }
      const result = await op;
      record.exit = result.code;
      record.stderrTail = result.stderr.trim().split('\n').slice(-3).join(' | ');
      const after = await settle(target, scenario === 'delete');
      record.settleMs = after.ms;
      record.settledStatus = after.gone ? 'gone' : after.cluster?.status ?? 'timed out';
      if (victim === 'plane') record.reconciledMs = record.planeBackMs + after.ms;
      let snapshotAfter;
      if (scenario === 'snapshot' || scenario === 'copy') {
        const snap = scenario === 'snapshot' ? `${name}-snap` : `${name}-copy`;
        snapshotAfter = await until(() => {
          const s = memctl(['snapshot', 'describe', snap, '-o', 'json']);
          if (s.code === 3) return { status: 'missing' };
          return s.json && !['creating', 'copying'].includes(s.json.status) ? s.json : undefined;
        }, 120_000, 500);
        record.snapshotStatus = snapshotAfter?.status ?? 'stuck';
        if (snapshotAfter?.status === 'failed') {
          const del = memctl(['-q', '--yes', 'snapshot', 'delete', snap, '--wait']);
          record.failedSnapshotDeletable = del.code === 0;
        }
      }
      record.exitTruth = exitTruth(scenario, result, after, snapshotAfter);
      if (writer) record.writer = await writer.stop();
      if (after.cluster && after.cluster.status === 'available') {
        const port = after.cluster.endpoint.port;
        const health = await clusterHealth(ports(after.cluster), ca2);
        record.openSlots = health.openSlots;
        record.uncovered = health.uncovered;
        record.disagreements = health.disagreements;
        record.nodesNotOk = health.notOk;
        record.describedVsLive = describedVsLive(after.cluster, health.liveOwners);
        if (scenario !== 'create') {
          const keys = await countUnreadable(port, ca2, 'k', Array.from({ length: KEYS }, (_, i) => i));
          record.keysUnreadable = keys.unreadable;
          if (keys.examples.length > 0) record.keyExamples = keys.examples;
          if (writer) {
            const writes = await countUnreadable(port, ca2, 'w', writer.acked);
            record.writesUnreadable = writes.unreadable;
            if (writes.examples.length > 0) record.writeExamples = writes.examples;
          }
        }
        if (scenario === 'failover' && victim !== 'plane') record.failoverVictimKilledMs = Date.now() - killedAt;
      } else if (!after.gone && scenario !== 'create') {
        record.problem = `cluster ${target} did not settle: ${record.settledStatus}`;
      }
      const events = memctl(['events', '--cluster', target, '--since', '1h', '-o', 'json']).json ?? [];
      record.events = events.map((e) => e.message).filter((m) => /fail|repair|attempt|roll|continu|promot|restart/i.test(m));
      log(`run ${run}: exit ${record.exit}, ${record.settledStatus}, keys unreadable ${record.keysUnreadable ?? '-'}, writes unreadable ${record.writesUnreadable ?? '-'}, open slots ${record.openSlots ?? '-'}, described/live ${record.describedVsLive?.length ?? '-'}${record.exitTruth.lie ? ', EXIT 0 BUT NOT DONE' : ''}`);
    } catch (err) {
      record.error = err.message;
      log(`run ${run}: error ${err.message}`);
    } finally {
      // Clean up whatever the run left, so the next one starts from an empty plane.
      await ensurePlane().catch(() => undefined);
      for (const c of [name, `${name}-r`]) memctl(['-q', '--yes', 'delete', c, '--wait'], { timeoutMs: 120_000 });
      for (const s of [`${name}-snap`, `${name}-copy`]) memctl(['-q', '--yes', 'snapshot', 'delete', s], { timeoutMs: 60_000 });
    }
    runs.push(record);
    writePartial(runs);
  }
} finally {
  stopLocalPlane(bin, env, log);
  rmSync(work, { recursive: true, force: true });
}

const sum = (f) => runs.reduce((n, r) => n + (Number(f(r)) || 0), 0);
const results = {
  when: new Date().toISOString(),
  seed: SEED,
  runs: runs.length,
  keysPerRun: KEYS,
  minutes: Math.round((Date.now() - started) / 600) / 100,
  totals: {
    loadedKeysUnreadable: sum((r) => r.keysUnreadable),
    acknowledgedWritesUnreadable: sum((r) => r.writesUnreadable),
    acknowledgedWrites: sum((r) => r.writer?.acknowledged),
    slotsLeftOpen: sum((r) => r.openSlots),
    slotsUncovered: sum((r) => r.uncovered),
    describedDiffersFromLive: runs.filter((r) => (r.describedVsLive?.length ?? 0) > 0).length,
    exitZeroButNotDone: runs.filter((r) => r.exitTruth?.lie).length,
    exitNonZero: runs.filter((r) => r.exit !== 0).length,
    notSettled: runs.filter((r) => r.problem !== undefined).length,
    errors: runs.filter((r) => r.error !== undefined).length,
    snapshotsStuck: runs.filter((r) => r.snapshotStatus === 'stuck').length,
  },
  times: {
    planeRestartToReconciledMs: runs.filter((r) => r.reconciledMs !== undefined).map((r) => r.reconciledMs),
    primaryDeathToFailoverMs: runs.filter((r) => r.autoFailoverMs !== undefined).map((r) => r.autoFailoverMs),
  },
  autoFailoversWithoutOldPrimaryAsReplica: runs.filter((r) => r.autoFailoverMs !== undefined && r.oldPrimaryReturnedAsReplica !== true).length,
  detail: runs,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'fault-drill.json'), `${JSON.stringify(results, null, 2)}\n`);
if (JSON_OUT) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else process.stdout.write(`${JSON.stringify(results.totals, null, 2)}\n`);
