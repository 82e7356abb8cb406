// A steady write loop against one shard, measuring how long writes were refused (failover):
// through cluster mode, or to the primary of a group with cluster mode disabled, found again
// through the control plane whenever writes fail (its primary endpoint follows the failover).
import { Cluster as RedisCluster, Redis } from 'ioredis';
import { DISCONNECT_MS, type Endpoint, type NodeTls } from './connect.js';
import { keyInSlots } from './slot.js';

export interface ProbeResult {
  attempts: number;
  acknowledged: number;
  failures: number;
  /** Longest time between two acknowledged writes, in ms. */
  longestGapMs: number;
  /** The last value acknowledged and the value read back at the end (no acknowledged write lost). */
  lastAcknowledged: number;
  readBack: number | undefined;
}

export interface WriteProbe {
  key: string;
  stop(): Promise<ProbeResult>;
}

export interface ProbeOptions {
  host: string;
  port: number;
  tls: NodeTls | null;
  /** The shard's slots: the probe key is chosen to land there. Without them: no cluster mode. */
  slots?: Array<[number, number]>;
  /** Without cluster mode: where the primary is now (asked again while writes fail). */
  locatePrimary?: () => Promise<Endpoint | undefined>;
  intervalMs?: number;
  auth?: { user: string; password: string } | undefined;
  /** Most time the probe runs, whatever happens (bounded loop). */
  maxMs?: number;
}

interface ProbeClient {
  /** SET with an expiry in milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
  /** After a failed write: look for the primary again (no cluster mode). */
  recover(): Promise<void>;
  disconnect(): void;
}

function nodeOptions(options: ProbeOptions): Record<string, unknown> {
  return {
    ...(options.tls === null ? {} : { tls: options.tls.ca === undefined ? {} : { ca: options.tls.ca } }),
    ...(options.auth === undefined ? {} : { username: options.auth.user, password: options.auth.password }),
    connectTimeout: 2000,
    commandTimeout: 1000,
    disconnectTimeout: DISCONNECT_MS,
  };
}

function clusterProbeClient(options: ProbeOptions): ProbeClient {
  const client = new RedisCluster([{ host: options.host, port: options.port }], {
    redisOptions: nodeOptions(options),
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    retryDelayOnTryAgain: 50,
    maxRedirections: 16,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => (times > 50 ? null : 100),
  });
  client.on('error', () => undefined);
  return { set: (k, v, ttl) => client.set(k, v, 'PX', ttl), get: (k) => client.get(k), del: (k) => client.del(k), recover: async () => undefined, disconnect: () => client.disconnect() };
}

/** Least time between two lookups of the primary while writes fail. */
const LOCATE_EVERY_MS = 100;

function primaryProbeClient(options: ProbeOptions): ProbeClient {
  let at: Endpoint = { address: options.host, port: options.port };
  const connect = (): Redis => {
    const c = new Redis({ host: at.address, port: at.port, ...nodeOptions(options), maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    c.on('error', () => undefined);
    return c;
  };
  let client = connect();
  let lastLookup = 0;
  return {
    set: (k, v, ttl) => client.set(k, v, 'PX', ttl),
    get: (k) => client.get(k),
    del: (k) => client.del(k),
    async recover() {
      // The old primary, now a replica, names its new primary: the quickest way there.
      const role = (await client.call('ROLE').catch(() => undefined)) as [string, string?, number?] | undefined;
      let now: Endpoint | undefined = role?.[0] === 'slave' && typeof role[1] === 'string' && typeof role[2] === 'number' ? { address: role[1], port: role[2] } : undefined;
      if (now === undefined && options.locatePrimary !== undefined && Date.now() - lastLookup >= LOCATE_EVERY_MS) {
        lastLookup = Date.now();
        now = await options.locatePrimary().catch(() => undefined);
      }
      if (now === undefined || (now.address === at.address && now.port === at.port)) return;
      at = now;
      client.disconnect();
      client = connect();
    },
    disconnect: () => client.disconnect(),
  };
}

export async function startWriteProbe(options: ProbeOptions): Promise<WriteProbe> {
  const key = options.slots === undefined ? 'memctl:failover-probe' : keyInSlots('memctl:failover-probe:', options.slots);
  const client = options.slots === undefined ? primaryProbeClient(options) : clusterProbeClient(options);
  // The probe key expires by itself (stop() deletes it; a killed memctl cannot), so it never stays
  // in the user's keyspace or their snapshots.
  const ttlMs = (options.maxMs ?? 10 * 60_000) + 60_000;
  try {
    await client.set(key, '0', ttlMs); // fails fast when the data plane cannot be reached
  } catch (err) {
    client.disconnect();
    throw err;
  }
  const interval = options.intervalMs ?? 20;
  const deadline = Date.now() + (options.maxMs ?? 10 * 60_000);
  let running = true;
  let counter = 0;
  let lastAck = Date.now();
  const result: ProbeResult = { attempts: 0, acknowledged: 0, failures: 0, longestGapMs: 0, lastAcknowledged: 0, readBack: undefined };
  const loop = (async () => {
    while (running && Date.now() < deadline) {
      const value = ++counter;
      result.attempts++;
      try {
        await client.set(key, String(value), ttlMs);
        const now = Date.now();
        result.longestGapMs = Math.max(result.longestGapMs, now - lastAck);
        lastAck = now;
        result.acknowledged++;
        result.lastAcknowledged = value;
      } catch {
        result.failures++;
        await client.recover();
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  })();
  return {
    key,
    async stop() {
      running = false;
      await loop;
      try {
        const value = await client.get(key);
        result.readBack = value === null ? undefined : Number(value);
        await client.del(key).catch(() => undefined);
      } finally {
        client.disconnect();
      }
      return result;
    },
  };
}
