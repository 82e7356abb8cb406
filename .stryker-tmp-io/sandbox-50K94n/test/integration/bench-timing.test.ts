// @ts-nocheck
// When a benchmark connection stamps a request and its reply, against a real redis-server: in a
// closed loop a request counts from its write (not from when it was queued behind other
// connections' work), a redirected or warm-up request keeps its stamp, an open loop keeps the due
// time; one reply in flight takes the pass's read time, several take their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, REQUEST, type ConnectionOwner } from '../../src/lib/redis/bench/connection.js';
import { encodeCommand } from '../../src/lib/redis/bench/resp.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

let server: StandaloneServer;

beforeAll(async () => {
  server = await startStandalone();
});

afterAll(async () => {
  await server?.stop();
});

const PING = encodeCommand(['PING']);

interface Replies {
  /** [sentAt, now] of every reply, in order. */
  seen: Array<[number, number]>;
  conn: Connection;
  close(): void;
}

/** A ready connection whose owner records every reply's stamps; readTime and restampFrom as given. */
async function connection(owner: { readTime: () => number; restampFrom: number }): Promise<Replies> {
  const seen: Array<[number, number]> = [];
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const full: ConnectionOwner = {
    onReply: (_c, _cmd, sentAt, now) => void seen.push([sentAt, now]),
    onErrorReply: () => {
      throw new Error('unexpected error reply');
    },
    afterRead: () => undefined,
    onReady: () => ready(),
    onDown: (_c, _reason, error) => {
      throw error;
    },
    readTime: owner.readTime,
    get restampFrom() {
      return owner.restampFrom;
    },
  };
  const conn = new Connection('127.0.0.1', server.port, 0, 0, full, { tls: null, db: 0, connectTimeoutMs: 5000 }, Buffer.allocUnsafe(4096));
  conn.open();
  await isReady;
  return { seen, conn, close: () => conn.close() };
}

function send(conn: Connection, sentAt: number, redirects = 0): void {
  conn.reserve(PING.length);
  PING.copy(conn.out, conn.outLength);
  conn.outLength += PING.length;
  conn.push(REQUEST, 0, 0, sentAt, redirects);
}

async function replies(r: Replies, n: number): Promise<void> {
  for (let i = 0; i < 200 && r.seen.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(r.seen).toHaveLength(n);
}

describe('benchmark connection time stamps', () => {
  it('closed loop: a request queued a second ago counts from its write', async () => {
    const r = await connection({ readTime: () => performance.now(), restampFrom: Number.NEGATIVE_INFINITY });
    try {
      const queuedAt = performance.now() - 1000;
      send(r.conn, queuedAt);
      r.conn.flush();
      await replies(r, 1);
      const [sentAt, now] = r.seen[0] as [number, number];
      expect(sentAt).toBeGreaterThan(queuedAt + 999);
      expect(now - sentAt).toBeLessThan(500);
    } finally {
      r.close();
    }
  });

  it('keeps the stamp of warm-up requests, redirected requests and open-loop requests', async () => {
    const closed = await connection({ readTime: () => performance.now(), restampFrom: performance.now() + 60_000 });
    const open = await connection({ readTime: () => performance.now(), restampFrom: Number.POSITIVE_INFINITY });
    try {
      const early = performance.now() - 1000;
      send(closed.conn, early); // before the measured part began
      send(closed.conn, early + 1, 1); // a redirect: counts from its first send
      closed.conn.flush();
      send(open.conn, early + 2); // due a second ago
      open.conn.flush();
      await replies(closed, 2);
      await replies(open, 1);
      expect(closed.seen.map(([s]) => s)).toEqual([early, early + 1]);
      expect(open.seen[0]?.[0]).toBe(early + 2);
      expect((open.seen[0]?.[1] ?? 0) - early).toBeGreaterThanOrEqual(1000);
    } finally {
      closed.close();
      open.close();
    }
  });

  it("one reply in flight takes the pass's read time; several in flight take their own", async () => {
    const passTime = performance.now() + 123_456; // a value no clock reading could give now
    const r = await connection({ readTime: () => passTime, restampFrom: Number.POSITIVE_INFINITY });
    try {
      send(r.conn, performance.now());
      r.conn.flush();
      await replies(r, 1);
      expect(r.seen[0]?.[1]).toBe(passTime);
      // Three in one write: the replies come back together, and the first read sees three in flight.
      for (let i = 0; i < 3; i++) send(r.conn, performance.now());
      r.conn.flush();
      await replies(r, 4);
      expect(r.seen[1]?.[1]).not.toBe(passTime);
      expect(r.seen[1]?.[1]).toBeLessThan(passTime);
    } finally {
      r.close();
    }
  });
});
