#!/usr/bin/env node
// @ts-nocheck
// Figures for cluster operations on the local control plane, with real data:
//  - resharding 2 → 3 → 2 shards with N keys (default 1,000,000): keys and checksum before/after, time;
//  - failover of a 2x1 cluster under a steady write loop: longest write pause, acknowledged writes kept;
//  - snapshot then restore of the N keys into a new cluster: identical checksum, time.
// Usage: npm run build && node bench/cluster-ops.mjs [--keys N] [--sections reshard,snapshot,failover]
//          [--service memorydb|elasticache] [--cluster-mode enabled|disabled]
// --service elasticache runs the same steps on replication groups (every memctl command carries
// `--service elasticache`: CreateReplicationGroup, ModifyReplicationGroupShardConfiguration,
// CreateSnapshot, TestFailover, ...). --cluster-mode disabled (ElastiCache only) runs the snapshot
// and failover sections on groups of one primary and one replica (no resharding: one shard); the
// failover write loop then follows the primary endpoint: after a failed write it describes the group
// (DescribeReplicationGroups, in process) and reconnects when PrimaryEndpoint moved, as a client
// following the primary endpoint's DNS name would.
// Results: bench/results/cluster-ops-<service>[-<cluster mode>].json
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { checksumCluster, loadDataset } from './lib/dataset.mjs';
import { argValue, serviceFromArgs, writeResults } from './lib/service.mjs';
import { freePort, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const KEYS = Number(argValue('--keys', '1000000'));
const service = serviceFromArgs({ modes: ['enabled', 'disabled'] });
const svc = service.flags;
const disabled = service.clusterMode === 'disabled';
const SECTIONS = argValue('--sections', disabled ? 'snapshot,failover' : 'reshard,snapshot,failover').split(',');
if (disabled && SECTIONS.includes('reshard')) throw new Error('--cluster-mode disabled has one shard and no resharding: use --sections snapshot,failover');
/** create flags for the shape: 2 shards x 1 replica, or (cluster mode disabled) one primary and one replica. */
const SHAPE = disabled ? [...service.createFlags, '--replicas', '1'] : ['--shards', '2', '--replicas', '1'];

const work = mkdtempSync(join(tmpdir(), 'memctl-bench-ops-'));
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true' };
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

function memctl(...args) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [bin, ...svc, ...args], { env, encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`memctl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const json = args.includes('json');
  return { ms: Date.now() - started, out: json && r.stdout.trim() !== '' ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

/** Like memctl() but without blocking this process, so write loops keep running meanwhile. */
function memctlAsync(...args) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...svc, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`memctl ${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ ms: Date.now() - started, out: args.includes('json') ? JSON.parse(out) : undefined, stderr: err });
    });
  });
}

const results = { when: new Date().toISOString(), service: service.name, clusterMode: service.clusterMode, keys: KEYS, sections: SECTIONS };
try {
  memctl('local', 'up', '-q', '-o', 'json');

  if (SECTIONS.includes('reshard') || SECTIONS.includes('snapshot')) {
  // 1. Resharding 2 → 3 → 2 with the dataset loaded.
  log(`${service.label}: creating ${disabled ? 'a primary and a replica' : `a 2x1 ${service.noun}`} and loading ${KEYS} keys`);
  const big = memctl('--local', '-q', 'create', 'big', ...SHAPE, '--node-type', service.nodeType('xlarge'), '--wait', '-o', 'json').out;
  const port = big.endpoint.port;
  // The local CA exists once the first TLS cluster does.
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  let t = Date.now();
  const loaded = await loadDataset(port, ca, KEYS);
  const loadMs = Date.now() - t;
  log(`loaded ${loaded.commands} commands in ${loadMs} ms; checksumming`);
  t = Date.now();
  const before = await checksumCluster(port, ca);
  const checksumMs = Date.now() - t;
  log(`before: ${before.keys} keys, digest ${before.digest} (${checksumMs} ms)`);
  if (SECTIONS.includes('reshard')) {
  const up = memctl('--local', '-q', 'scale', 'big', '--shards', '3', '--wait', '-o', 'json');
  const afterUp = await checksumCluster(port, ca);
  log(`2 → 3 in ${up.ms} ms: ${afterUp.keys} keys, digest ${afterUp.digest}`);
  const down = memctl('--local', '-q', '--yes', 'scale', 'big', '--shards', '2', '--wait', '-o', 'json');
  const afterDown = await checksumCluster(port, ca);
  log(`3 → 2 in ${down.ms} ms: ${afterDown.keys} keys, digest ${afterDown.digest}`);
  const events = memctl('--local', 'events', '--cluster', 'big', '--since', '2h', '-o', 'json').out.filter((e) => /^Scaling/.test(e.message));
  results.resharding = {
    loadMs,
    checksumMs,
    before,
    after2to3: afterUp,
    after3to2: afterDown,
    scaleUpMs: up.ms,
    scaleDownMs: down.ms,
    keysLost: before.keys - afterDown.keys,
    identical: before.digest === afterUp.digest && before.digest === afterDown.digest && before.keys === afterDown.keys,
    serviceEvents: events.map((e) => e.message),
  };
  }

  if (SECTIONS.includes('snapshot')) {
  // 2. Snapshot then restore into a new cluster.
  log('snapshot and restore');
  const snap = memctl('--local', '-q', 'snapshot', 'create', 'big', 'big-snap', '--wait', '-o', 'json');
  const restore = memctl('--local', '-q', 'snapshot', 'restore', 'big-snap', 'big-restored', '--replicas', '0', '--node-type', service.nodeType('xlarge'), '--wait', '-o', 'json');
  const restored = await checksumCluster(restore.out.endpoint.port, ca);
  log(`snapshot ${snap.ms} ms, restore ${restore.ms} ms: ${restored.keys} keys, digest ${restored.digest}`);
  results.snapshotRestore = {
    snapshotMs: snap.ms,
    restoreMs: restore.ms,
    snapshotSizes: snap.out.shards?.map((s) => s.size),
    restoredClusterMode: restore.out.clusterMode,
    restoredShards: restore.out.shardCount,
    restored,
    identical: restored.digest === before.digest && restored.keys === before.keys,
  };
  memctl('--local', '-q', '--yes', 'delete', 'big-restored', '--wait');
  }
  memctl('--local', '-q', '--yes', 'delete', 'big', '--wait');
  }

  if (SECTIONS.includes('failover')) {
  // 3. Failover under a steady write loop (one write every 5 ms; with cluster mode, to keys on every shard).
  log(`failover under writes (${service.label})`);
  const fo = memctl('--local', '-q', 'create', 'fo', ...SHAPE, '--wait', '-o', 'json').out;
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  const target = disabled ? await primaryFollower('fo', fo.primaryEndpoint.port, ca) : clusterWriter(fo.endpoint.port, ca);
  const acked = [];
  let failures = 0;
  let longestGap = 0;
  let lastAck = Date.now();
  let running = true;
  const loopDeadline = Date.now() + 120_000;
  const loop = (async () => {
    for (let i = 0; running && Date.now() < loopDeadline; i++) {
      try {
        await target.set(`fo:w:${i}`, String(i));
        const now = Date.now();
        longestGap = Math.max(longestGap, now - lastAck);
        lastAck = now;
        acked.push(i);
      } catch {
        failures++;
        await target.failed?.();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, 1000));
  const failover = await memctlAsync('--local', '--yes', 'failover', 'fo', '--shard', '0001', '--wait', '-o', 'json');
  await new Promise((r) => setTimeout(r, 1000));
  running = false;
  await loop;
  await target.settle?.();
  let missing = 0;
  for (const i of acked) if ((await target.get(`fo:w:${i}`)) !== String(i)) missing++;
  target.close();
  const probeNote = failover.stderr.split('\n').find((l) => l.startsWith('write probe'));
  log(`failover: ${failover.ms} ms, memctl probe pause ${failover.out.writeProbe?.writeUnavailableMs ?? `n/a (${probeNote ?? 'no probe'})`} ms; loop: longest gap ${longestGap} ms, ${acked.length} acknowledged, ${failures} failed, ${missing} acknowledged writes missing`);
  results.failover = {
    commandMs: failover.ms,
    memctlProbe: failover.out.writeProbe ?? null,
    ...(probeNote ? { memctlProbeNote: probeNote } : {}),
    writeLoop: { acknowledged: acked.length, failed: failures, longestGapMs: longestGap, acknowledgedMissing: missing, ...(target.describe?.() ?? {}) },
    target: 'write-unavailability <= 2000 ms; no acknowledged write lost',
  };
  }
} finally {
  // Nothing of ours may outlive the script: every node was started by this state directory's plane.
  stopLocalPlane(bin, env, log);
  rmSync(work, { recursive: true, force: true });
}
writeResults(service, 'cluster-ops', results);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);

/** Writes through a cluster client that follows MOVED / failovers (cluster mode). */
function clusterWriter(port, ca) {
  const client = new Cluster([{ host: '127.0.0.1', port }], {
    redisOptions: { tls: { ca }, connectTimeout: 2000, commandTimeout: 1000 },
    retryDelayOnFailover: 20,
    retryDelayOnClusterDown: 20,
    retryDelayOnTryAgain: 20,
    maxRedirections: 32,
  });
  client.on('error', () => {});
  return { set: (k, v) => client.set(k, v), get: (k) => client.get(k), close: () => client.disconnect() };
}

/**
 * Writes to the primary endpoint of a cluster-mode-disabled group and follows it: after a failed
 * write it describes the group (DescribeReplicationGroups through the SDK, in process, at most
 * every 20 ms) and reconnects when PrimaryEndpoint names another node.
 */
async function primaryFollower(group, port, ca) {
  // As memctl does: no SDK warning about Node 20 in the output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { ElastiCacheClient, DescribeReplicationGroupsCommand } = await import('@aws-sdk/client-elasticache');
  const api = new ElastiCacheClient({ endpoint: `http://127.0.0.1:${env.MEMCTL_LOCAL_PORT}`, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const connect = (p) => {
    const c = new Redis({ host: '127.0.0.1', port: p, tls: { ca }, connectTimeout: 2000, commandTimeout: 1000, maxRetriesPerRequest: 1 });
    c.on('error', () => {});
    return c;
  };
  let current = { port, client: connect(port) };
  const switches = [];
  let describes = 0;
  let lastDescribe = 0;
  const primaryPort = async () => {
    describes++;
    const out = await api.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: group }));
    return out.ReplicationGroups[0].NodeGroups[0].PrimaryEndpoint.Port;
  };
  const follow = async () => {
    const p = await primaryPort();
    if (p !== current.port) {
      current.client.disconnect();
      switches.push({ at: new Date().toISOString(), from: current.port, to: p });
      current = { port: p, client: connect(p) };
    }
  };
  return {
    set: (k, v) => current.client.set(k, v),
    get: (k) => current.client.get(k),
    async failed() {
      if (Date.now() - lastDescribe < 20) return;
      lastDescribe = Date.now();
      await follow().catch(() => {});
    },
    // Reads go to the primary the group names now.
    settle: () => follow(),
    close() {
      current.client.disconnect();
      api.destroy();
    },
    describe: () => ({ followedPrimary: { initialPort: port, switches, describeCalls: describes } }),
  };
}
