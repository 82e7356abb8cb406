// @ts-nocheck
// Bench helpers: load ../shared/bench/gen_dataset.py output into a Redis Cluster (routing each
// command to the primary that owns its key's slot) or into one standalone primary (an ElastiCache
// group with cluster mode disabled: INFO cluster says cluster_enabled:0), and checksum every key,
// type, value and TTL.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const here = dirname(fileURLToPath(import.meta.url));

export function datasetScript() {
  for (const candidate of [join(here, '..', '..', '..', 'shared', 'bench', 'gen_dataset.py'), join(here, '..', '..', 'shared', 'bench', 'gen_dataset.py')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('cannot find shared/bench/gen_dataset.py next to the repository');
}

// CRC16 (XMODEM) key slot, with hash tags.
const TABLE = new Uint16Array(256).map((_, i) => {
  let crc = i << 8;
  for (let j = 0; j < 8; j++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});
export function keySlot(buf) {
  let start = 0;
  let end = buf.length;
  const open = buf.indexOf(0x7b);
  if (open >= 0) {
    const close = buf.indexOf(0x7d, open + 1);
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ buf[i]) & 0xff];
  return crc % 16384;
}

export function nodeClient(port, ca) {
  const client = new Redis({ host: '127.0.0.1', port, ...(ca ? { tls: { ca } } : {}), maxRetriesPerRequest: 2, enableAutoPipelining: false });
  client.on('error', () => {});
  return client;
}

/** Whether the node at port runs in cluster mode (INFO cluster). */
export async function isClusterNode(port, ca) {
  const c = nodeClient(port, ca);
  try {
    return /cluster_enabled:1/.test(String(await c.info('cluster')));
  } finally {
    c.disconnect();
  }
}

/** slot → primary port, from CLUSTER SLOTS (every slot → port for a standalone primary). */
export async function slotOwners(port, ca) {
  if (!(await isClusterNode(port, ca))) return new Array(16384).fill(port);
  const c = nodeClient(port, ca);
  try {
    const owners = new Array(16384);
    for (const [from, to, [, p]] of await c.call('CLUSTER', 'SLOTS')) for (let s = from; s <= to; s++) owners[s] = p;
    return owners;
  } finally {
    c.disconnect();
  }
}

/** Streams gen_dataset.py N into the cluster: raw RESP to each owning primary, replies counted. */
export async function loadDataset(port, ca, n) {
  const owners = await slotOwners(port, ca);
  const sockets = new Map();
  const open = (p) => {
    if (sockets.has(p)) return sockets.get(p);
    const socket = ca ? tlsConnect({ host: '127.0.0.1', port: p, ca }) : netConnect({ host: '127.0.0.1', port: p });
    const state = { socket, sent: 0, replies: 0, errors: 0, firstError: undefined, tail: '' };
    socket.on('data', (chunk) => {
      // Replies to these writes are single lines: +OK, :n or -ERR ...
      const text = state.tail + chunk.toString('latin1');
      const lines = text.split('\r\n');
      state.tail = lines.pop();
      for (const line of lines) {
        state.replies++;
        if (line.startsWith('-')) {
          state.errors++;
          state.firstError ??= line;
        }
      }
    });
    sockets.set(p, state);
    return state;
  };
  const gen = spawn('python3', [datasetScript(), String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0);
  let commands = 0;
  const batches = new Map();
  const flush = async (force) => {
    for (const [p, parts] of batches) {
      if (!force && parts.length < 512) continue;
      const state = open(p);
      state.sent += parts.length;
      if (!state.socket.write(Buffer.concat(parts))) await new Promise((r) => state.socket.once('drain', r));
      batches.set(p, []);
    }
  };
  for await (const chunk of gen.stdout) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    let pos = 0;
    for (;;) {
      // *<argc>\r\n then argc × $<len>\r\n<bytes>\r\n
      const start = pos;
      if (pos >= buf.length) break;
      let eol = buf.indexOf('\r\n', pos);
      if (eol < 0) break;
      const argc = Number(buf.toString('latin1', pos + 1, eol));
      pos = eol + 2;
      let key;
      let complete = true;
      for (let a = 0; a < argc; a++) {
        eol = buf.indexOf('\r\n', pos);
        if (eol < 0) {
          complete = false;
          break;
        }
        const len = Number(buf.toString('latin1', pos + 1, eol));
        if (eol + 2 + len + 2 > buf.length) {
          complete = false;
          break;
        }
        if (a === 1) key = buf.subarray(eol + 2, eol + 2 + len);
        pos = eol + 2 + len + 2;
      }
      if (!complete) {
        pos = start;
        break;
      }
      const p = owners[keySlot(key)];
      if (!batches.has(p)) batches.set(p, []);
      batches.get(p).push(buf.subarray(start, pos));
      commands++;
    }
    buf = buf.subarray(pos);
    await flush(false);
  }
  await flush(true);
  const deadline = Date.now() + 600_000;
  while ([...sockets.values()].some((s) => s.replies < s.sent) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  let errors = 0;
  let firstError;
  for (const s of sockets.values()) {
    errors += s.errors;
    firstError ??= s.firstError;
    s.socket.end();
  }
  if (errors > 0) throw new Error(`${errors} commands failed while loading, e.g. ${firstError}`);
  return { commands };
}

/** Primaries from CLUSTER NODES (port list); a standalone node is its own (only) primary. */
export async function primaryPorts(port, ca) {
  if (!(await isClusterNode(port, ca))) return [port];
  const c = nodeClient(port, ca);
  try {
    const text = String(await c.call('CLUSTER', 'NODES'));
    return text
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f[2].includes('master') && f.length > 8)
      .map((f) => Number(f[1].split('@')[0].split(':')[1]));
  } finally {
    c.disconnect();
  }
}

function digestOf(key, type, value, hasTtl) {
  const h = createHash('sha1').update(key).update('\0').update(type).update('\0').update(value).update(hasTtl ? '\0ttl' : '\0').digest();
  return h.readBigUInt64BE(0);
}

/**
 * Every key of every primary: count, and an order-independent digest (sum of per-key SHA-1s
 * over key, type, canonical value and whether it has a TTL).
 */
export async function checksumCluster(port, ca) {
  let keys = 0;
  let sum = 0n;
  const mask = (1n << 64n) - 1n;
  for (const p of await primaryPorts(port, ca)) {
    const c = nodeClient(p, ca);
    try {
      let cursor = '0';
      let rounds = 0;
      do {
        const [next, batch] = await c.scanBuffer(cursor, 'COUNT', 1000);
        cursor = String(next);
        if (batch.length > 0) {
          const types = await c.pipeline(batch.map((k) => ['type', k])).exec();
          const reads = c.pipeline();
          batch.forEach((k, i) => {
            const type = types[i][1];
            if (type === 'string') reads.getBuffer(k);
            else if (type === 'hash') reads.hgetall(k);
            else if (type === 'list') reads.lrange(k, 0, -1);
            else if (type === 'set') reads.smembers(k);
            else if (type === 'zset') reads.zrange(k, 0, -1, 'WITHSCORES');
            else reads.echo('?');
            reads.pttl(k);
          });
          const values = await reads.exec();
          batch.forEach((k, i) => {
            const type = types[i][1];
            let v = values[i * 2][1];
            if (type === 'hash') v = JSON.stringify(Object.entries(v).sort());
            else if (type === 'set') v = JSON.stringify([...v].sort());
            else if (Array.isArray(v)) v = JSON.stringify(v);
            const ttl = values[i * 2 + 1][1];
            sum = (sum + digestOf(k, type, v, ttl > 0)) & mask;
            keys++;
          });
        }
      } while (cursor !== '0' && ++rounds < 10_000_000);
    } finally {
      c.disconnect();
    }
  }
  return { keys, digest: sum.toString(16).padStart(16, '0') };
}
