// The sweeps' lean RESP connection: replies cut anywhere (a stand-in server on 127.0.0.1 sends them
// a byte at a time, or all at once), every RESP2 type, errors as values, a long bulk string in many
// pieces, and failures read as the sweep expects ("Connection is closed", "Command timed out").
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { batchNames, CommandBatch, commandPrefix, commandSuffix, replyOf, Wire, WireError } from '../../src/lib/redis/wire.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A server that answers each connection's first `expect` bytes with `reply`, cut into `piece`-byte writes. */
async function standIn(reply: Buffer, piece: number, onRequest?: (bytes: Buffer, socket: Socket) => void): Promise<number> {
  server = createServer((socket) => {
    socket.on('data', (bytes: Buffer) => {
      onRequest?.(bytes, socket);
      if (onRequest !== undefined) return;
      for (let i = 0; i < reply.length; i += piece) socket.write(reply.subarray(i, i + piece));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server?.address() as AddressInfo).port;
}

const REPLIES = Buffer.from('+string\r\n:-42\r\n$5\r\na\r\nb\x00\r\n$-1\r\n-MOVED 866 127.0.0.1:7001\r\n*2\r\n$1\r\n0\r\n*3\r\n$2\r\nk1\r\n$0\r\n\r\n$3\r\nk\xff3\r\n*-1\r\n:0\r\n', 'latin1');

describe('wire connection', () => {
  it.each([1, 2, 7, 1024])('reads every reply type cut into %i-byte pieces', async (piece) => {
    const port = await standIn(REPLIES, piece);
    const wire = await Wire.open({ address: '127.0.0.1', port, tls: null });
    try {
      const batch = new CommandBatch(8);
      for (let i = 0; i < 8; i++) batch.command('PING');
      const replies = await wire.send(batch);
      expect(replies.slice(0, 4)).toEqual(['string', -42, Buffer.from('a\r\nb\x00', 'latin1'), null]);
      expect(replies[4]).toBeInstanceOf(WireError);
      expect((replies[4] as Error).message).toBe('MOVED 866 127.0.0.1:7001');
      expect(replies[5]).toEqual([Buffer.from('0'), [Buffer.from('k1'), Buffer.alloc(0), Buffer.from('k\xff3', 'latin1')]]);
      expect(replies.slice(6)).toEqual([null, 0]);
      expect(() => replyOf(replies[4])).toThrow('MOVED 866');
      expect(wire.inFlight).toBe(0);
    } finally {
      wire.close();
    }
  });

  it('a long bulk string in many pieces is put together once', async () => {
    const value = Buffer.alloc(3 * 1024 * 1024, 'v');
    const port = await standIn(Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from('\r\n+OK\r\n')]), 16 * 1024);
    const wire = await Wire.open({ address: '127.0.0.1', port, tls: null });
    try {
      const [big, ok] = await wire.send(new CommandBatch().command('GET', 'big').command('PING'));
      expect((big as Buffer).equals(value)).toBe(true);
      expect(ok).toBe('OK');
    } finally {
      wire.close();
    }
  });

  it('writes commands as RESP: whole commands, and a fixed head and tail around a key', async () => {
    let seen = Buffer.alloc(0);
    const port = await standIn(Buffer.alloc(0), 1, (bytes, socket) => {
      seen = Buffer.concat([seen, bytes]);
      if (seen.includes('SAMPLES')) socket.write('+a\r\n+b\r\n:1\r\n');
    });
    const wire = await Wire.open({ address: '127.0.0.1', port, tls: null });
    try {
      const key = Buffer.from('k\r\n\xff', 'latin1');
      const batch = new CommandBatch(4).command('SCAN', '0', 'COUNT', 1000).keyed(commandPrefix(2, 'TYPE'), key).keyed(commandPrefix(5, 'MEMORY', 'USAGE'), key, commandSuffix('SAMPLES', '0'));
      expect(batch.count).toBe(3);
      expect(await wire.send(batch)).toEqual(['a', 'b', 1]);
      expect(seen.toString('latin1')).toBe(
        '*4\r\n$4\r\nSCAN\r\n$1\r\n0\r\n$5\r\nCOUNT\r\n$4\r\n1000\r\n' + '*2\r\n$4\r\nTYPE\r\n$4\r\nk\r\n\xff\r\n' + '*5\r\n$6\r\nMEMORY\r\n$5\r\nUSAGE\r\n$4\r\nk\r\n\xff\r\n$7\r\nSAMPLES\r\n$1\r\n0\r\n',
      );
    } finally {
      wire.close();
    }
  });

  it('writes each bulk length in decimal, for keys of 0 to 99,999 bytes', () => {
    for (const n of [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12_345, 99_999]) {
      const key = Buffer.alloc(n, 'k');
      const bytes = new CommandBatch(4).keyed(commandPrefix(2, 'STRLEN'), key).bytes.toString('latin1');
      expect(bytes).toBe(`*2\r\n$6\r\nSTRLEN\r\n$${n}\r\n${'k'.repeat(n)}\r\n`);
    }
  });

  it('fails what is in flight as the sweep expects: a closed connection, a reply that does not come', async () => {
    const closing = await standIn(Buffer.alloc(0), 1, (_bytes, socket) => socket.destroy());
    const wire = await Wire.open({ address: '127.0.0.1', port: closing, tls: null });
    await expect(wire.send(new CommandBatch().command('PING'))).rejects.toThrow(/^Connection is closed/);
    await expect(wire.send(new CommandBatch().command('PING'))).rejects.toThrow(/^Connection is closed/);
    server?.close();
    const silent = await standIn(Buffer.alloc(0), 1, () => undefined);
    const slow = await Wire.open({ address: '127.0.0.1', port: silent, tls: null, commandTimeoutMs: 200 });
    await expect(slow.send(new CommandBatch().command('PING'))).rejects.toThrow('Command timed out');
    server?.close();
    await expect(Wire.open({ address: '127.0.0.1', port: silent, tls: null, connectTimeoutMs: 500 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('--debug names the commands of a batch by name and count, never an argument', async () => {
    const key = Buffer.from('secret:key\r\n*3\r\n', 'latin1');
    const batch = new CommandBatch(16).command('AUTH', 'alice', 'hunter2-password').keyed(commandPrefix(2, 'TYPE'), key).keyed(commandPrefix(2, 'TYPE'), key);
    batch.keyed(commandPrefix(5, 'MEMORY', 'USAGE'), key, commandSuffix('SAMPLES', '0')).command('object', 'encoding', key);
    expect(batchNames(batch.bytes)).toBe('AUTH [REDACTED] TYPE×2 MEMORY USAGE OBJECT ENCODING');
    const lines: string[] = [];
    const port = await standIn(Buffer.from('+OK\r\n:1\r\n'), 1024);
    const wire = await Wire.open({ address: '127.0.0.1', port, tls: null, trace: (line) => lines.push(line) });
    try {
      await wire.send(new CommandBatch().command('PING').keyed(commandPrefix(2, 'STRLEN'), key));
    } finally {
      wire.close();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^redis 127\\.0\\.0\\.1:${port} PING STRLEN commands=2 \\d+\\.\\d\\d ms ok$`));
  });
});
