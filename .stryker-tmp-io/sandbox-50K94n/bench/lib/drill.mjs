// @ts-nocheck
// What the fault drill checks on a live local cluster: keys loaded before a fault and writes
// acknowledged during it are all readable afterwards by a cluster client, no node has a slot left
// migrating or importing, every node agrees on who owns every slot, and the cluster as memctl
// describes it is the cluster the nodes say they are.
import { Cluster, Redis } from 'ioredis';
import { keySlot } from './dataset.mjs';

const SLOTS = 16384;

export function nodeClient(port, ca, options = {}) {
  const client = new Redis({ host: '127.0.0.1', port, ...(ca ? { tls: { ca } } : {}), maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 5000, lazyConnect: false, ...options });
  client.on('error', () => {});
  return client;
}

export function clusterClient(port, ca) {
  const client = new Cluster([{ host: '127.0.0.1', port }], {
    redisOptions: { ...(ca ? { tls: { ca } } : {}), connectTimeout: 2000, commandTimeout: 3000 },
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    retryDelayOnTryAgain: 50,
    retryDelayOnMoved: 0,
    maxRedirections: 32,
    slotsRefreshTimeout: 2000,
    enableAutoPipelining: true,
  });
  client.on('error', () => {});
  return client;
}

/** Runs `fn` against one node and closes the connection, whatever happens. */
export async function withNode(port, ca, fn) {
  const c = nodeClient(port, ca);
  try {
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

/** Slot → "127.0.0.1:port" as one node's CLUSTER SLOTS says. */
export async function slotTable(port, ca) {
  const reply = await withNode(port, ca, (c) => c.call('CLUSTER', 'SLOTS'));
  const owners = new Array(SLOTS).fill(null);
  for (const [start, end, primary] of reply) for (let s = start; s <= end; s++) owners[s] = Number(primary[1]);
  return owners;
}

/** SET <prefix>:<i> <i> for i < n, each routed to the primary owning its slot, in pipelines. */
export async function loadKeys(seedPort, ca, n, prefix) {
  const owners = await slotTable(seedPort, ca);
  const clients = new Map();
  const client = (port) => {
    if (!clients.has(port)) clients.set(port, nodeClient(port, ca, { maxRetriesPerRequest: 3 }));
    return clients.get(port);
  };
  try {
    const BATCH = 5000;
    for (let from = 0; from < n; from += BATCH) {
      const pipelines = new Map();
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const key = `${prefix}:${i}`;
        const port = owners[keySlot(Buffer.from(key))];
        if (!pipelines.has(port)) pipelines.set(port, client(port).pipeline());
        pipelines.get(port).set(key, String(i));
      }
      const results = await Promise.all([...pipelines.values()].map((p) => p.exec()));
      const failed = results.flat().find(([err]) => err !== null);
      if (failed) throw new Error(`loading keys failed: ${failed[0].message}`);
    }
  } finally {
    for (const c of clients.values()) c.disconnect();
  }
}

/**
 * Writes w:<i> = i through a cluster client, `concurrency` at a time, until stopped; remembers
 * which writes the cluster acknowledged. Failed writes are retried under a new number.
 */
export function startWriter(seedPort, ca, { prefix = 'w', concurrency = 4, pauseMs = 2 } = {}) {
  const client = clusterClient(seedPort, ca);
  const acked = [];
  let failed = 0;
  let next = 0;
  let running = true;
  const lane = async () => {
    while (running) {
      const i = next++;
      try {
        await client.set(`${prefix}:${i}`, String(i));
        acked.push(i);
      } catch {
        failed++;
        await new Promise((r) => setTimeout(r, 20));
      }
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const lanes = Array.from({ length: concurrency }, lane);
  return {
    acked,
    async stop() {
      running = false;
      // A write to a cluster that is gone may wait forever in the client's queue: bounded, then cut.
      await Promise.race([Promise.all(lanes), new Promise((r) => setTimeout(r, 5000))]);
      client.disconnect();
      await Promise.race([Promise.all(lanes), new Promise((r) => setTimeout(r, 5000))]);
      return { acknowledged: acked.length, failed, prefix };
    },
  };
}

/** GETs every key through a cluster client; counts the ones missing or wrong. */
export async function countUnreadable(seedPort, ca, prefix, ids) {
  const client = clusterClient(seedPort, ca);
  let bad = 0;
  const examples = [];
  try {
    const CHUNK = 2000;
    for (let from = 0; from < ids.length; from += CHUNK) {
      const chunk = ids.slice(from, from + CHUNK);
      const values = await Promise.all(chunk.map((i) => client.get(`${prefix}:${i}`).catch((err) => `ERR ${err.message}`)));
      values.forEach((v, k) => {
        if (v !== String(chunk[k])) {
          bad++;
          if (examples.length < 5) examples.push(`${prefix}:${chunk[k]} -> ${v}`);
        }
      });
    }
  } finally {
    client.disconnect();
  }
  return { unreadable: bad, examples };
}

/**
 * Every node's view: slots it has open (migrating/importing), whether it says the cluster is ok,
 * and whether every primary agrees on every slot's owner. `ports` are the cluster's nodes.
 */
export async function clusterHealth(ports, ca) {
  const views = await Promise.all(
    ports.map(async (port) => {
      try {
        return await withNode(port, ca, async (c) => {
          const nodes = String(await c.call('CLUSTER', 'NODES'));
          const info = String(await c.call('CLUSTER', 'INFO'));
          const self = nodes.split('\n').find((l) => l.includes('myself')) ?? '';
          const open = (self.match(/\[\d+-[<>]-[0-9a-f]+\]/g) ?? []).length;
          const role = self.split(' ')[2]?.includes('master') ? 'primary' : 'replica';
          return { port, role, open, state: /cluster_state:(\w+)/.exec(info)?.[1] ?? '?', reachable: true };
        });
      } catch (err) {
        return { port, reachable: false, error: err.message, open: 0, state: 'unreachable' };
      }
    }),
  );
  const primaries = views.filter((v) => v.reachable && v.role === 'primary');
  const tables = await Promise.all(primaries.map((p) => slotTable(p.port, ca).catch(() => null)));
  let disagreements = 0;
  let uncovered = 0;
  const first = tables.find((t) => t !== null);
  if (first) {
    for (let s = 0; s < SLOTS; s++) {
      if (first[s] === null) uncovered++;
      if (tables.some((t) => t !== null && t[s] !== first[s])) disagreements++;
    }
  }
  return {
    openSlots: views.reduce((n, v) => n + v.open, 0),
    notOk: views.filter((v) => v.state !== 'ok').map((v) => `${v.port}:${v.state}`),
    disagreements,
    uncovered: first ? uncovered : SLOTS,
    liveOwners: first ?? null,
    views,
  };
}

/** Compares memctl's description (describe -o json) with the live slot owners; returns differences. */
export function describedVsLive(described, liveOwners) {
  const problems = [];
  if (!liveOwners) return ['no live slot table'];
  const ownerPorts = new Set(liveOwners.filter((p) => p !== null));
  const shards = described.shards ?? [];
  if (shards.length !== ownerPorts.size) problems.push(`${shards.length} shards described, ${ownerPorts.size} primaries own slots`);
  for (const shard of shards) {
    const described = new Set(expand(shard.slots ?? ''));
    const ports = new Set((shard.nodes ?? []).map((n) => n.endpoint?.port));
    const live = new Set();
    liveOwners.forEach((port, slot) => {
      if (ports.has(port)) live.add(slot);
    });
    if (described.size !== live.size || [...live].some((s) => !described.has(s))) {
      problems.push(`shard ${shard.id}: described ${described.size} slots (${shard.slots || 'none'}), its nodes own ${live.size}`);
    }
  }
  return problems;
}

function expand(text) {
  const out = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [a, b = a] = part.split('-').map(Number);
    for (let s = a; s <= b; s++) out.push(s);
  }
  return out;
}
