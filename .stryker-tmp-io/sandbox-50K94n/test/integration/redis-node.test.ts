// @ts-nocheck
// The local control plane's redis node layer against real redis-server processes on 127.0.0.1.

import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formCluster, slotRanges, type FormationNode } from '../../src/lib/local/engine/ops/formation.js';
import { infoField, readTopology } from '../../src/lib/local/engine/nodes/topology.js';
import { allocateNodePorts, releaseNodePorts } from '../../src/lib/local/engine/nodes/ports.js';
import { confPathOf, connectNode, killStaleNode, renderNodeConfig, RedisNode, sendRawCommand, type NodeSpec } from '../../src/lib/local/engine/nodes/redis-node.js';
import { NodeSupervisor, type NodeHealth } from '../../src/lib/local/engine/nodes/supervisor.js';
import { ensureLocalCa, type TlsFiles } from '../../src/lib/local/engine/nodes/tls.js';

const MAXMEMORY = 64 * 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function command(port: number, tls: TlsFiles | null, ...args: string[]): Promise<string> {
  const client = connectNode(port, tls, { connectTimeoutMs: 2_000, commandTimeoutMs: 2_000 });
  try {
    return String(await client.call(args[0] as string, ...args.slice(1)));
  } finally {
    client.disconnect();
  }
}

describe('local redis node layer', () => {
  let stateDir: string;
  let tls: TlsFiles;
  // Everything started here, so afterAll can stop whatever a failing test left running.
  const nodes: RedisNode[] = [];
  const supervisors: NodeSupervisor[] = [];
  const strayPids: number[] = [];
  const usedPorts = new Set<number>();

  async function specs(prefix: string, count: number): Promise<NodeSpec[]> {
    const ports = await allocateNodePorts(count, usedPorts);
    for (const port of ports) usedPorts.add(port);
    return ports.map((port, i) => ({ name: `${prefix}-${i}`, port, dir: join(stateDir, 'nodes', `${prefix}-${i}`), maxmemoryBytes: MAXMEMORY, tls }));
  }

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'memctl redis-node '));
    tls = await ensureLocalCa(stateDir);
  });

  afterAll(async () => {
    await Promise.allSettled([
      ...supervisors.map((supervisor) => supervisor.stopAll({ save: false })),
      ...nodes.map((node) => node.stop({ save: false, timeoutMs: 3_000 })),
    ]);
    for (const pid of strayPids) {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    await rm(stateDir, { recursive: true, force: true });
  });

  it('creates the local CA once, concurrently safe, and reuses it', async () => {
    const again = await Promise.all([ensureLocalCa(stateDir), ensureLocalCa(stateDir)]);
    expect(again).toEqual([tls, tls]);
    const mtime = statSync(tls.certFile).mtimeMs;
    expect(await ensureLocalCa(stateDir)).toEqual(tls);
    expect(statSync(tls.certFile).mtimeMs).toBe(mtime);

    expect(statSync(tls.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'tls', 'ca.key')).mode & 0o777).toBe(0o600);

    const ca = new X509Certificate(readFileSync(tls.caCertFile));
    const server = new X509Certificate(readFileSync(tls.certFile));
    expect(ca.subject).toContain('CN=memctl local CA');
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    const years = (Date.parse(server.validTo) - Date.now()) / (365 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);

    // Two fresh state dirs raced: exactly one CA wins and both callers get the same files.
    const raceDir = join(stateDir, 'race');
    const [a, b] = await Promise.all([ensureLocalCa(raceDir), ensureLocalCa(raceDir)]);
    expect(a).toEqual(b);
    expect(new X509Certificate(readFileSync(a.certFile)).verify(new X509Certificate(readFileSync(b.caCertFile)).publicKey)).toBe(true);
  });

  it('allocates distinct ports whose bus ports are free too', async () => {
    const ports = await allocateNodePorts(20, usedPorts);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(17000);
      expect(port + 10000).toBeLessThan(32768);
      expect(usedPorts.has(port)).toBe(false);
    }
    const [port] = ports as [number];
    const only = { min: port, max: port + 1 };
    // Just handed out: not handed out again, until released.
    await expect(allocateNodePorts(1, new Set(), only)).rejects.toThrow(/no free ports/);
    releaseNodePorts(ports);
    expect(await allocateNodePorts(1, new Set(), only)).toEqual([port]);
    releaseNodePorts([port]);
    await expect(allocateNodePorts(1, new Set([port]), only)).rejects.toThrow(/no free ports/);

    // A busy cluster bus port (p+10000) disqualifies p.
    const blocker = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => blocker.listen({ host: '127.0.0.1', port: port + 10000 }, done));
    try {
      await expect(allocateNodePorts(1, new Set(), only)).rejects.toThrow(/no free ports/);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
    await expect(allocateNodePorts(1, new Set(), { min: 60000, max: 60010 })).rejects.toThrow(/invalid port range/);
  });

  it('starts a TLS node that answers PING with the CA and refuses plaintext, and stops it', async () => {
    const [spec] = await specs('single', 1);
    const node = new RedisNode(spec as NodeSpec);
    nodes.push(node);
    await node.start();
    expect(node.running).toBe(true);
    const pid = node.pid as number;
    expect(isAlive(pid)).toBe(true);

    const client = connectNode(node.spec.port, tls);
    try {
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'maxmemory')).toEqual(['maxmemory', String(MAXMEMORY)]);
    } finally {
      client.disconnect();
    }
    // A plaintext client gets no PONG: the TLS port drops it.
    const plain = await sendRawCommand(node.spec.port, null, ['PING'], 3_000).catch((error: Error) => error.message);
    expect(plain).not.toBe('+PONG');

    const exits: Array<{ expected: boolean }> = [];
    node.on('exit', (info) => exits.push(info));
    await node.stop({ save: true });
    expect(node.running).toBe(false);
    expect(node.pid).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
    expect(exits).toEqual([expect.objectContaining({ expected: true, code: 0 })]);
    await node.stop({ save: true }); // idempotent
  });

  it('rejects start() with the log tail when redis-server cannot start', async () => {
    const [spec] = await specs('broken', 1);
    // Accepted connections are dropped at once, so close() below does not wait on them.
    const busy = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => busy.listen({ host: '127.0.0.1', port: (spec as NodeSpec).port }, done));
    try {
      const node = new RedisNode(spec as NodeSpec);
      nodes.push(node);
      await expect(node.start()).rejects.toThrow(/exited during startup[\s\S]*(Address already in use|Failed listening)/i);
      expect(node.running).toBe(false);
    } finally {
      await new Promise((done) => busy.close(done));
    }
    const missing = new RedisNode({ ...(spec as NodeSpec), name: 'missing' }, { redisServer: join(stateDir, 'no-such-redis-server') });
    await expect(missing.start()).rejects.toThrow(/cannot run .*no-such-redis-server/);
  });

  describe('a 2-shard x 1-replica TLS cluster', () => {
    const changes: Array<[string, NodeHealth]> = [];
    const supervisor = new NodeSupervisor({ restartDelayMs: 100, onChange: (name, health) => changes.push([name, health]) });
    supervisors.push(supervisor);
    let formation: FormationNode[];
    let clusterSpecs: NodeSpec[];
    const portOf = (shard: number, role: 'primary' | 'replica'): number =>
      (formation.find((node) => node.shard === shard && node.role === role) as FormationNode).port;

    beforeAll(async () => {
      clusterSpecs = await specs('c2', 4);
      formation = clusterSpecs.map((spec, i) => ({ name: spec.name, port: spec.port, shard: i % 2, role: i < 2 ? 'primary' : 'replica' }));
      for (const spec of clusterSpecs) supervisor.add(spec);
      await Promise.all(clusterSpecs.map((spec) => supervisor.start(spec.name)));
      await formCluster(formation, { tls });
    });

    it('gives each primary its slot range and each replica its primary', async () => {
      const ranges = slotRanges(2);
      for (const node of formation) {
        const topology = await readTopology(node.port, tls);
        expect(topology).toHaveLength(4);
        expect(topology.filter((entry) => entry.myself).map((entry) => entry.port)).toEqual([node.port]);
        for (const shard of [0, 1]) {
          const primary = topology.find((entry) => entry.port === portOf(shard, 'primary'));
          const replica = topology.find((entry) => entry.port === portOf(shard, 'replica'));
          expect(primary).toMatchObject({ role: 'primary', slots: [ranges[shard]] });
          expect(replica).toMatchObject({ role: 'replica', primaryPort: portOf(shard, 'primary'), slots: [] });
        }
      }
      for (const shard of [0, 1]) {
        const replication = await command(portOf(shard, 'replica'), tls, 'INFO', 'replication');
        expect(infoField(replication, 'role')).toBe('slave');
        expect(infoField(replication, 'master_port')).toBe(String(portOf(shard, 'primary')));
        expect(infoField(replication, 'master_link_status')).toBe('up');
        const primaryInfo = await command(portOf(shard, 'primary'), tls, 'INFO', 'replication');
        expect(infoField(primaryInfo, 'connected_slaves')).toBe('1');
      }
      expect(infoField(await command(portOf(0, 'primary'), tls, 'CLUSTER', 'INFO'), 'cluster_state')).toBe('ok');
    });

    it('routes a key written through a cluster client to its owning shard, and it survives a full stop/start', async () => {
      const cluster = new Cluster([{ host: '127.0.0.1', port: portOf(0, 'primary') }], {
        redisOptions: { tls: { ca: readFileSync(tls.caCertFile), servername: 'localhost' } },
        clusterRetryStrategy: () => null,
      });
      cluster.on('error', () => {});
      const keys = ['user:1', 'user:2', 'device:{a}', 'device:{b}', 'x'];
      try {
        for (const key of keys) await cluster.set(key, `value of ${key}`);
      } finally {
        cluster.disconnect();
      }

      const ranges = slotRanges(2);
      const shardsUsed = new Set<number>();
      for (const key of keys) {
        const slot = Number(await command(portOf(0, 'primary'), tls, 'CLUSTER', 'KEYSLOT', key));
        const shard = ranges.findIndex(([start, end]) => slot >= start && slot <= end);
        shardsUsed.add(shard);
        expect(await command(portOf(shard, 'primary'), tls, 'GET', key)).toBe(`value of ${key}`);
        await expect(command(portOf(1 - shard, 'primary'), tls, 'GET', key)).rejects.toThrow(/MOVED/);
      }
      expect(shardsUsed).toEqual(new Set([0, 1]));
      // The owning shard's replica has it too (READONLY lets a cluster replica serve reads).
      const key = keys[0] as string;
      const slot = Number(await command(portOf(0, 'primary'), tls, 'CLUSTER', 'KEYSLOT', key));
      const shard = ranges.findIndex(([start, end]) => slot >= start && slot <= end);
      const replica = connectNode(portOf(shard, 'replica'), tls);
      try {
        await replica.call('READONLY');
        await waitUntil('replica has the key', 5_000, async () => (await replica.get(key)) === `value of ${key}`);
      } finally {
        replica.disconnect();
      }

      const pidsBefore = supervisor.pids();
      expect(pidsBefore.size).toBe(4);
      await supervisor.stopAll({ save: true });
      expect(supervisor.pids().size).toBe(0);
      for (const pid of pidsBefore.values()) expect(isAlive(pid)).toBe(false);
      for (const spec of clusterSpecs) expect(supervisor.health(spec.name)).toBe('stopped');

      await Promise.all(clusterSpecs.map((spec) => supervisor.start(spec.name)));
      await waitUntil('cluster_state:ok on every node after restart', 15_000, async () => {
        const states = await Promise.all(formation.map(async (node) => infoField(await command(node.port, tls, 'CLUSTER', 'INFO'), 'cluster_state')));
        return states.every((state) => state === 'ok');
      });
      for (const key of keys) {
        const slot = Number(await command(portOf(0, 'primary'), tls, 'CLUSTER', 'KEYSLOT', key));
        const shard = ranges.findIndex(([start, end]) => slot >= start && slot <= end);
        expect(await command(portOf(shard, 'primary'), tls, 'GET', key)).toBe(`value of ${key}`);
      }
      // Roles came back as they were, from nodes.conf.
      const topology = await readTopology(portOf(1, 'primary'), tls);
      expect(topology.find((entry) => entry.port === portOf(1, 'replica'))).toMatchObject({ role: 'replica', primaryPort: portOf(1, 'primary') });
    });

    it('restarts a SIGKILLed node on the same port, and it rejoins with its data', async () => {
      const name = (formation.find((node) => node.shard === 1 && node.role === 'replica') as FormationNode).name;
      const port = portOf(1, 'replica');
      await waitUntil('replica link up', 10_000, async () => infoField(await command(port, tls, 'INFO', 'replication'), 'master_link_status') === 'up');
      const pid = supervisor.pids().get(name) as number;
      changes.length = 0;

      process.kill(pid, 'SIGKILL');
      await waitUntil('health restarting', 5_000, () => supervisor.health(name) === 'restarting');
      await waitUntil('health running again', 10_000, () => supervisor.health(name) === 'running');
      expect(changes.filter(([changed]) => changed === name).map(([, health]) => health)).toEqual(['restarting', 'running']);
      const newPid = supervisor.pids().get(name) as number;
      expect(newPid).not.toBe(pid);
      expect(isAlive(pid)).toBe(false);
      expect(await command(port, tls, 'PING')).toBe('PONG');
      await waitUntil('restarted replica back in sync', 10_000, async () => {
        const replication = await command(port, tls, 'INFO', 'replication');
        return infoField(replication, 'master_link_status') === 'up' && infoField(replication, 'master_port') === String(portOf(1, 'primary'));
      });
    });
  });

  it('stops restarting after maxRestartsPerMinute unexpected exits, until an explicit start', async () => {
    const [spec] = await specs('flaky', 1);
    const healths: NodeHealth[] = [];
    const supervisor = new NodeSupervisor({ restartDelayMs: 50, maxRestartsPerMinute: 2, onChange: (_, health) => healths.push(health) });
    supervisors.push(supervisor);
    const name = (spec as NodeSpec).name;
    supervisor.add(spec as NodeSpec);
    expect(() => supervisor.add(spec as NodeSpec)).toThrow(/already/);
    await supervisor.start(name);

    for (let restart = 1; restart <= 2; restart++) {
      const pid = supervisor.pids().get(name) as number;
      process.kill(pid, 'SIGKILL');
      await waitUntil(`restart ${restart}`, 10_000, () => supervisor.health(name) === 'running' && supervisor.pids().get(name) !== pid);
    }
    const lastPid = supervisor.pids().get(name) as number;
    process.kill(lastPid, 'SIGKILL');
    await waitUntil('failed', 5_000, () => supervisor.health(name) === 'failed');
    await sleep(300); // well past restartDelayMs: no restart may happen
    expect(supervisor.health(name)).toBe('failed');
    expect(supervisor.pids().has(name)).toBe(false);
    expect(healths).toEqual(['starting', 'running', 'restarting', 'running', 'restarting', 'running', 'failed']);

    await supervisor.start(name);
    expect(supervisor.health(name)).toBe('running');
    expect(await command((spec as NodeSpec).port, tls, 'PING')).toBe('PONG');
    await supervisor.remove(name, { save: false });
    expect(supervisor.get(name)).toBeUndefined();
    expect(supervisor.health(name)).toBe('stopped');
    expect(supervisor.pids().size).toBe(0);
  });

  it('killStaleNode kills only a redis-server running our config', async () => {
    expect(await killStaleNode(process.pid, '/nonexistent/redis.conf')).toBe(false);
    expect(await killStaleNode(2 ** 22 + 12345, '/nonexistent/redis.conf')).toBe(false);

    // Not redis-server at all, even though its command line names the config path.
    const [spec] = await specs('stale', 1);
    const confPath = confPathOf(spec as NodeSpec);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', confPath], { stdio: 'ignore' });
    await waitUntil('sleeper running', 5_000, () => readFileSync(`/proc/${sleeper.pid}/cmdline`, 'utf8').includes(confPath));
    strayPids.push(sleeper.pid as number);
    expect(await killStaleNode(sleeper.pid as number, confPath)).toBe(false);
    expect(isAlive(sleeper.pid as number)).toBe(true);
    sleeper.kill('SIGKILL');

    // A redis-server left behind by a "crashed daemon": started outside RedisNode with our config.
    await mkdir((spec as NodeSpec).dir, { recursive: true });
    await writeFile(confPath, renderNodeConfig(spec as NodeSpec));
    const orphan = spawn('redis-server', [confPath], { stdio: 'ignore' });
    const pid = orphan.pid as number;
    strayPids.push(pid);
    await waitUntil('orphan answers', 10_000, async () => (await sendRawCommand((spec as NodeSpec).port, tls, ['PING'], 1_000)) === '+PONG');
    expect(await killStaleNode(pid, join(stateDir, 'nodes', 'other', 'redis.conf'))).toBe(false);
    expect(isAlive(pid)).toBe(true);
    expect(await killStaleNode(pid, confPath)).toBe(true);
    await waitUntil('orphan reaped', 5_000, () => !isAlive(pid));
  });

  it('forms a 3-shard x 1-replica TLS cluster quickly', async () => {
    const clusterSpecs = await specs('c3', 6);
    const started = clusterSpecs.map((spec) => new RedisNode(spec));
    nodes.push(...started);
    await Promise.all(started.map((node) => node.start()));
    const formation: FormationNode[] = clusterSpecs.map((spec, i) => ({ name: spec.name, port: spec.port, shard: i % 3, role: i < 3 ? 'primary' : 'replica' }));
    const began = performance.now();
    await formCluster(formation, { tls });
    const elapsed = performance.now() - began;
    console.error(`formCluster 3x1 TLS took ${Math.round(elapsed)} ms`);
    expect(elapsed).toBeLessThan(3_000);
    const topology = await readTopology(formation[5]?.port as number, tls);
    expect(topology.filter((entry) => entry.role === 'primary').map((entry) => entry.slots).sort((a, b) => (a[0]?.[0] ?? 0) - (b[0]?.[0] ?? 0))).toEqual(slotRanges(3).map((range) => [range]));
    await Promise.all(started.map((node) => node.stop({ save: false })));
    expect(started.every((node) => !node.running)).toBe(true);
  });
});
