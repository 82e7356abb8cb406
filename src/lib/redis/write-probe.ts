// A steady write loop against one shard, measuring how long writes were refused (failover).
import { Cluster as RedisCluster } from 'ioredis';
import type { NodeTls } from './connect.js';
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
  /** The shard's slots: the probe key is chosen to land there. */
  slots: Array<[number, number]>;
  intervalMs?: number;
  auth?: { user: string; password: string } | undefined;
  /** Most time the probe runs, whatever happens (bounded loop). */
  maxMs?: number;
}

export async function startWriteProbe(options: ProbeOptions): Promise<WriteProbe> {
  const key = keyInSlots('memctl:failover-probe:', options.slots);
  const client = new RedisCluster([{ host: options.host, port: options.port }], {
    redisOptions: {
      ...(options.tls === null ? {} : { tls: options.tls.ca === undefined ? {} : { ca: options.tls.ca } }),
      ...(options.auth === undefined ? {} : { username: options.auth.user, password: options.auth.password }),
      connectTimeout: 2000,
      commandTimeout: 1000,
    },
    retryDelayOnFailover: 50,
    retryDelayOnClusterDown: 50,
    retryDelayOnTryAgain: 50,
    maxRedirections: 16,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => (times > 50 ? null : 100),
  });
  client.on('error', () => undefined);
  await client.set(key, '0'); // fails fast when the data plane cannot be reached
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
        await client.set(key, String(value));
        const now = Date.now();
        result.longestGapMs = Math.max(result.longestGapMs, now - lastAck);
        lastAck = now;
        result.acknowledged++;
        result.lastAcknowledged = value;
      } catch {
        result.failures++;
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
      } finally {
        client.disconnect();
      }
      return result;
    },
  };
}
