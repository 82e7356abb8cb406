#!/usr/bin/env node
// Figures for cluster operations on the local control plane, with real data:
//  - resharding 2 → 3 → 2 shards with N keys (default 1,000,000): keys and checksum before/after, time;
//  - failover of a 2x1 cluster under a steady write loop: longest write pause, acknowledged writes kept;
//  - snapshot then restore of the N keys into a new cluster: identical checksum, time.
// Usage: npm run build && node bench/cluster-ops.mjs [--keys N]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster } from 'ioredis';
import { checksumCluster, loadDataset } from './lib/dataset.mjs';
import { freePort } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const KEYS = Number(arg('--keys', '1000000'));

const work = mkdtempSync(join(tmpdir(), 'memctl-bench-ops-'));
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true' };
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

function memctl(...args) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 3_600_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`memctl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const json = args.includes('json');
  return { ms: Date.now() - started, out: json && r.stdout.trim() !== '' ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

/** Like memctl() but without blocking this process, so write loops keep running meanwhile. */
function memctlAsync(...args) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

const SECTIONS = arg('--sections', 'reshard,snapshot,failover').split(',');
const results = { when: new Date().toISOString(), keys: KEYS, sections: SECTIONS };
try {
  memctl('local', 'up', '-q', '-o', 'json');

  if (SECTIONS.includes('reshard') || SECTIONS.includes('snapshot')) {
  // 1. Resharding 2 → 3 → 2 with the dataset loaded.
  log(`creating a 2x1 cluster and loading ${KEYS} keys`);
  const big = memctl('--local', '-q', 'create', 'big', '--shards', '2', '--replicas', '1', '--node-type', 'db.r6g.xlarge', '--wait', '-o', 'json').out;
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
  const events = memctl('--local', 'events', '--cluster', 'big', '--since', '2h', '-o', 'json').out.filter((e) => e.message.startsWith('Scaling'));
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
  const restore = memctl('--local', '-q', 'snapshot', 'restore', 'big-snap', 'big-restored', '--replicas', '0', '--node-type', 'db.r6g.xlarge', '--wait', '-o', 'json');
  const restored = await checksumCluster(restore.out.endpoint.port, ca);
  log(`snapshot ${snap.ms} ms, restore ${restore.ms} ms: ${restored.keys} keys, digest ${restored.digest}`);
  results.snapshotRestore = {
    snapshotMs: snap.ms,
    restoreMs: restore.ms,
    snapshotSizes: snap.out.shards?.map((s) => s.size),
    restored,
    identical: restored.digest === before.digest && restored.keys === before.keys,
  };
  memctl('--local', '-q', '--yes', 'delete', 'big-restored', '--wait');
  }
  memctl('--local', '-q', '--yes', 'delete', 'big', '--wait');
  }

  if (SECTIONS.includes('failover')) {
  // 3. Failover under a steady write loop (one write every 5 ms to keys on every shard).
  log('failover under writes');
  const fo = memctl('--local', '-q', 'create', 'fo', '--shards', '2', '--replicas', '1', '--wait', '-o', 'json').out;
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  const client = new Cluster([{ host: '127.0.0.1', port: fo.endpoint.port }], {
    redisOptions: { tls: { ca }, connectTimeout: 2000, commandTimeout: 1000 },
    retryDelayOnFailover: 20,
    retryDelayOnClusterDown: 20,
    retryDelayOnTryAgain: 20,
    maxRedirections: 32,
  });
  client.on('error', () => {});
  const acked = [];
  let failures = 0;
  let longestGap = 0;
  let lastAck = Date.now();
  let running = true;
  const loopDeadline = Date.now() + 120_000;
  const loop = (async () => {
    for (let i = 0; running && Date.now() < loopDeadline; i++) {
      try {
        await client.set(`fo:w:${i}`, String(i));
        const now = Date.now();
        longestGap = Math.max(longestGap, now - lastAck);
        lastAck = now;
        acked.push(i);
      } catch {
        failures++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, 1000));
  const failover = await memctlAsync('--local', '--yes', 'failover', 'fo', '--shard', '0001', '--wait', '-o', 'json');
  await new Promise((r) => setTimeout(r, 1000));
  running = false;
  await loop;
  let missing = 0;
  for (const i of acked) if ((await client.get(`fo:w:${i}`)) !== String(i)) missing++;
  client.disconnect();
  log(`failover: ${failover.ms} ms, memctl probe pause ${failover.out.writeProbe?.writeUnavailableMs} ms; loop: longest gap ${longestGap} ms, ${acked.length} acknowledged, ${failures} failed, ${missing} acknowledged writes missing`);
  results.failover = {
    commandMs: failover.ms,
    memctlProbe: failover.out.writeProbe,
    writeLoop: { acknowledged: acked.length, failed: failures, longestGapMs: longestGap, acknowledgedMissing: missing },
    target: 'write-unavailability <= 2000 ms; no acknowledged write lost',
  };
  }
} finally {
  spawnSync(process.execPath, [bin, 'local', 'down', '-q'], { env, timeout: 120_000 });
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'cluster-ops.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
