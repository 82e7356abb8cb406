// @ts-nocheck
// Test data for the keys commands: a standalone redis-server on a free loopback port (no TLS),
// and a set of keys of every type whose names hold binary bytes, unicode and control characters.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { Redis as RedisClient } from 'ioredis';
import { freePort, tempDir } from './local.js';

export interface StandaloneServer {
  port: number;
  pid: number;
  url: string;
  client: Redis;
  stop(): Promise<void>;
}

export async function startStandalone(): Promise<StandaloneServer> {
  const port = await freePort();
  const dir = tempDir('keys-redis');
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Wait (bounded) until the server answers.
  let client: Redis | undefined;
  for (let attempt = 0; attempt < 100 && client === undefined; attempt++) {
    const candidate = new RedisClient({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    candidate.on('error', () => undefined);
    try {
      await candidate.connect();
      await candidate.ping();
      client = candidate;
    } catch {
      candidate.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  if (client === undefined) {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`redis-server on port ${port} did not start`);
  }
  return {
    port,
    pid: child.pid as number,
    url: `redis://127.0.0.1:${port}`,
    client,
    async stop() {
      client?.disconnect();
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        try {
          process.kill(child.pid, 'SIGTERM');
          await gone;
        } catch {
          // it died already (a test killed it)
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Key names that test escaping: binary (not UTF-8), unicode, newline, tab and ESC. */
export const SPECIAL_KEYS = {
  binary: Buffer.from([0x62, 0x69, 0x6e, 0xff, 0x00, 0xfe]), // "bin" \xff \x00 \xfe
  unicode: Buffer.from('ünïcødé:🔑', 'utf8'),
  control: Buffer.from('ctl:line\nbreak\ttab\u001bescape', 'utf8'),
};

/** One key of each type plus the special names and `bulk` plain keys (t:bulk:N). */
export async function seedKeys(client: Redis | Cluster, bulk = 200): Promise<number> {
  await client.set('t:string', 'hello world');
  await client.set('t:json-string', '{"name":"memctl","tags":["a","b"]}');
  await client.set('t:binary-value', Buffer.from([0x00, 0x01, 0xff, 0xfe]));
  await client.set('t:big', 'x'.repeat(100_000));
  await client.hset('t:hash', 'field1', 'value1', 'field2', 'value2');
  await client.rpush('t:list', ...Array.from({ length: 150 }, (_, i) => `item${i}`));
  await client.sadd('t:set', 'm1', 'm2', 'm3');
  await client.zadd('t:zset', 1, 'one', 2.5, 'two');
  await client.xadd('t:stream', '1-1', 'sensor', 'a', 'value', '1');
  await client.xadd('t:stream', '1-2', 'sensor', 'b', 'value', '2');
  await client.set('t:ttl', 'expiring', 'EX', 3600);
  await client.set(SPECIAL_KEYS.binary, 'binary name');
  await client.set(SPECIAL_KEYS.unicode, 'unicode name ✓');
  await client.set(SPECIAL_KEYS.control, 'control name');
  for (let i = 0; i < bulk; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, bulk - i) }, (_, j) => client.set(`t:bulk:${i + j}`, String(i + j))));
  }
  return 13 + bulk;
}
