// Known data for the analyze tests, and an independent reference: a plain sequential SCAN of each
// primary with one MEMORY USAGE per key, to check memctl's totals against, exactly.
import type { Cluster, Redis } from 'ioredis';

/** Keys seeded by seedAnalyzeData, by type. */
export const ANALYZE_COUNTS = { string: 52, hash: 10, list: 1, set: 1, zset: 1, stream: 1 } as const;
export const ANALYZE_TOTAL = Object.values(ANALYZE_COUNTS).reduce((a, b) => a + b, 0);
export const BIG_LIST_LENGTH = 12_000;

/**
 * cache:page:N ×30 strings without TTL, session:N ×20 strings with a 10-minute TTL, user:N:profile
 * ×10 hashes with a 2-day TTL, blob (1.2 MB string, 10-day TTL), q:jobs (a 12,000-element list),
 * s:tags, z:board, x:events, and the special key `plain` (no delimiter).
 */
export async function seedAnalyzeData(client: Redis | Cluster): Promise<void> {
  for (let i = 0; i < 30; i++) await client.set(`cache:page:${i}`, 'p'.repeat(100 + i));
  for (let i = 0; i < 20; i++) await client.set(`session:${i}`, 's'.repeat(50), 'EX', 600);
  for (let i = 0; i < 10; i++) {
    await client.hset(`user:${i}:profile`, 'name', `user${i}`, 'email', `u${i}@example.invalid`);
    await client.expire(`user:${i}:profile`, 2 * 86_400);
  }
  await client.set('blob', 'b'.repeat(1_200_000), 'EX', 10 * 86_400);
  for (let i = 0; i < BIG_LIST_LENGTH; i += 1000) await client.rpush('q:jobs', ...Array.from({ length: 1000 }, (_, j) => `job-${i + j}`));
  await client.sadd('s:tags', 'a', 'b', 'c');
  await client.zadd('z:board', 1, 'one', 2, 'two', 3, 'three');
  await client.xadd('x:events', '1-1', 'k', 'v');
  await client.set('plain', 'no delimiter');
}

export interface Reference {
  keys: number;
  memory: number;
  byType: Record<string, { keys: number; memory: number }>;
  /** Sum of lengths by type: bytes for strings, elements for collections (as analyze's `elements`). */
  elements: Record<string, number>;
  byNode: Record<string, { keys: number; memory: number }>;
}

const LENGTH_COMMANDS: Record<string, string> = { string: 'STRLEN', hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' };

/** The reference figures: every key of every given node, one command at a time. */
export async function referenceSweep(nodes: Array<{ label: string; client: Redis }>): Promise<Reference> {
  const ref: Reference = { keys: 0, memory: 0, byType: {}, byNode: {}, elements: {} };
  for (const { label, client } of nodes) {
    ref.byNode[label] = { keys: 0, memory: 0 };
    let cursor = '0';
    for (let round = 0; round < 100_000; round++) {
      const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 100);
      for (const key of keys) {
        const type = await client.type(key);
        const memory = Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
        const lengthCommand = LENGTH_COMMANDS[type];
        ref.elements[type] = (ref.elements[type] ?? 0) + (lengthCommand === undefined ? 0 : Number(await client.call(lengthCommand, key)));
        ref.keys++;
        ref.memory += memory;
        const t = (ref.byType[type] ??= { keys: 0, memory: 0 });
        t.keys++;
        t.memory += memory;
        const n = ref.byNode[label] as { keys: number; memory: number };
        n.keys++;
        n.memory += memory;
      }
      cursor = String(next);
      if (cursor === '0') break;
    }
  }
  return ref;
}
