// @ts-nocheck
// Test helpers: a real local control plane in this process, on a free port and a temp state dir,
// and the unmodified AWS SDK MemoryDB client pointed at it.
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { MemoryDBClient } from '@aws-sdk/client-memorydb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster as RedisCluster, Redis } from 'ioredis';
import { readClusterAdminCredential } from '../../src/lib/local/engine/access/admin.js';
import { LocalControlPlane, type LocalServerOptions } from '../../src/lib/local/daemon/plane.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `memctl-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestPlane {
  plane: LocalControlPlane;
  client: MemoryDBClient;
  stateDir: string;
  stop(options?: { keepState?: boolean }): Promise<void>;
}

export async function startPlane(options: Partial<LocalServerOptions> = {}): Promise<TestPlane> {
  const stateDir = options.stateDir ?? tempDir('plane');
  const log = process.env.MEMCTL_TEST_LOG === '1' ? (m: string) => console.error(`[plane] ${m}`) : undefined;
  const plane = await LocalControlPlane.start({ port: 0, createDelayMs: 0, deleteDelayMs: 0, log, ...options, stateDir });
  const client = sdkClient(plane.endpoint);
  return {
    plane,
    client,
    stateDir,
    async stop(stopOptions = {}) {
      client.destroy();
      await plane.stop();
      if (stopOptions.keepState !== true) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export function sdkClient(endpoint: string, extra: Record<string, unknown> = {}): MemoryDBClient {
  return new MemoryDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...extra,
  });
}

/** The unmodified ElastiCache client (awsQuery) pointed at a local control plane. */
export function elasticacheClient(endpoint: string, extra: Record<string, unknown> = {}): ElastiCacheClient {
  return new ElastiCacheClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...extra,
  });
}

/** Polls until the check passes or the time is up (bounded). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      // A check that hangs (a client queueing commands while it reconnects) must not hang the test.
      const value = await Promise.race([
        check(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('check did not answer within 2 s')), 2000).unref()),
      ]);
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError === undefined ? '' : `: ${(lastError as Error).message}`}`);
}

/** A cluster-mode client trusting the local CA, as an application would connect. */
export function clusterClient(stateDir: string, port: number, tls = true): RedisCluster {
  const ca = tls ? readFileSync(join(stateDir, 'tls', 'ca.crt')) : undefined;
  return new RedisCluster([{ host: '127.0.0.1', port }], {
    redisOptions: tls ? { tls: { ca, servername: 'localhost' } } : {},
    slotsRefreshTimeout: 5000,
    clusterRetryStrategy: (times) => (times > 5 ? null : 100),
  });
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Node pids a local control plane recorded in its state dir (for cleanup when a test failed early). */
export function recordedNodePids(stateDir: string): number[] {
  try {
    const recorded = JSON.parse(readFileSync(join(stateDir, 'node-pids.json'), 'utf8')) as Record<string, { pid?: number }>;
    return Object.values(recorded)
      .map((n) => n.pid)
      .filter((pid): pid is number => typeof pid === 'number' && pid > 0);
  } catch {
    return [];
  }
}

/**
 * A connection to one node as the plane's own user of that cluster: what a test needs for the
 * commands no user may run (CONFIG SET slowlog..., CLUSTER SETSLOT), as the service's operators do.
 */
export async function adminConnection(stateDir: string, clusterName: string, port: number, tls = true): Promise<Redis> {
  const credential = await readClusterAdminCredential(stateDir, clusterName);
  if (credential === undefined) throw new Error(`no admin credential for ${clusterName} in ${stateDir}`);
  const ca = tls ? readFileSync(join(stateDir, 'tls', 'ca.crt')) : undefined;
  const client = new Redis({ host: '127.0.0.1', port, username: credential.user, password: credential.password, lazyConnect: false, ...(tls ? { tls: { ca, servername: 'localhost' } } : {}) });
  client.on('error', () => undefined);
  return client;
}
