// The reply scanner finds where every kind of reply ends, at any split of the bytes.
import { describe, expect, it } from 'vitest';
import { encodeCommand, errorKind, INCOMPLETE, parseRedirect, parseReply, ReplyError, skipReply } from '../../src/lib/redis/bench/resp.js';

const replies = ['+OK\r\n', '-ERR wrong\r\n', ':42\r\n', '$3\r\nabc\r\n', '$0\r\n\r\n', '$-1\r\n', '*-1\r\n', '*0\r\n', '*2\r\n$1\r\na\r\n*2\r\n:1\r\n$5\r\nh\r\nll\r\n', '$12\r\nwith\r\n\r\nCRLF\r\n'];

describe('skipReply', () => {
  it('finds the end of each reply kind, and of several in a row', () => {
    for (const r of replies) expect(skipReply(Buffer.from(r), 0, Buffer.byteLength(r)), r).toBe(Buffer.byteLength(r));
    const all = Buffer.from(replies.join(''));
    let off = 0;
    let n = 0;
    while (off < all.length) {
      off = skipReply(all, off, all.length);
      n++;
    }
    expect(n).toBe(replies.length);
    expect(off).toBe(all.length);
  });

  it('says INCOMPLETE at every cut short of the end, and ignores bytes past `end`', () => {
    for (const r of replies) {
      const buf = Buffer.from(`${r}+JUNK\r\n`);
      for (let cut = 0; cut < Buffer.byteLength(r); cut++) expect(skipReply(buf, 0, cut), `${JSON.stringify(r)} cut at ${cut}`).toBe(INCOMPLETE);
    }
  });

  it('refuses bytes that are not RESP', () => {
    expect(() => skipReply(Buffer.from('hello\r\n'), 0, 7)).toThrow(/protocol error/);
  });

  it('ignores bytes before `off`, and counts a null array inside an array as one element', () => {
    expect(skipReply(Buffer.from('\r+OK\r\n'), 1, 6)).toBe(6);
    const nested = Buffer.from('*2\r\n*-1\r\n:1\r\n');
    expect(skipReply(nested, 0, nested.length)).toBe(nested.length);
  });
});

describe('parseReply and helpers', () => {
  it('parses the replies memctl reads in full (CLUSTER SLOTS shape, errors)', () => {
    const buf = Buffer.from('*1\r\n*3\r\n:0\r\n:16383\r\n*3\r\n$9\r\n127.0.0.1\r\n:7000\r\n$2\r\nid\r\n');
    expect(parseReply(buf, 0, buf.length)?.value).toEqual([[0, 16383, ['127.0.0.1', 7000, 'id']]]);
    const err = parseReply(Buffer.from('-MOVED 1 h:1\r\n'), 0, 14)?.value;
    expect(err).toBeInstanceOf(ReplyError);
    expect(parseReply(buf, 0, buf.length - 1)).toBeNull();
  });

  it('parses every reply kind, with null bulk strings and arrays, empty ones, and where each ends', () => {
    const parse = (text: string) => parseReply(Buffer.from(`${text}+JUNK\r\n`), 0, Buffer.byteLength(text));
    expect(parse('+OK\r\n')).toEqual({ value: 'OK', next: 5 });
    expect(parse(':-42\r\n')).toEqual({ value: -42, next: 6 });
    expect(parse('$-1\r\n')).toEqual({ value: null, next: 5 });
    expect(parse('$0\r\n\r\n')).toEqual({ value: '', next: 6 });
    expect(parse('$3\r\nvé\r\n')).toEqual({ value: 'vé', next: 9 });
    expect(parse('*-1\r\n')).toEqual({ value: null, next: 5 });
    expect(parse('*0\r\n')).toEqual({ value: [], next: 4 });
    expect(parse('*2\r\n$-1\r\n*1\r\n+a\r\n')).toEqual({ value: [null, ['a']], next: 17 });
    const err = parse('-ERR no\r\n')?.value;
    expect(err).toBeInstanceOf(ReplyError);
    expect((err as ReplyError).message).toBe('ERR no');
    // Bytes before `off` are not part of the reply.
    expect(parseReply(Buffer.from('\r+OK\r\n'), 1, 6)).toEqual({ value: 'OK', next: 6 });
  });

  it('says null for a reply cut short anywhere, and refuses bytes that are not RESP', () => {
    for (const r of ['+OK\r\n', '$3\r\nabc\r\n', '*2\r\n:1\r\n:2\r\n']) {
      const buf = Buffer.from(`${r}+JUNK\r\n`);
      for (let cut = 1; cut < Buffer.byteLength(r); cut++) expect(parseReply(buf, 0, cut), `${JSON.stringify(r)} cut at ${cut}`).toBeNull();
    }
    expect(() => parseReply(Buffer.from('hello\r\n'), 0, 7)).toThrow('protocol error: unexpected byte 104 in a reply');
  });

  it('encodes commands as arrays of bulk strings', () => {
    expect(encodeCommand(['SET', 'k', Buffer.from('vé')]).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nvé\r\n');
  });

  it('names error kinds by their first word and reads redirects', () => {
    expect(errorKind('MOVED 3999 127.0.0.1:6381')).toBe('MOVED');
    expect(errorKind('WRONGTYPE Operation against a key')).toBe('WRONGTYPE');
    expect(errorKind('something lower-case')).toBe('ERR');
    expect(errorKind('unknown command FOO')).toBe('ERR');
    expect(errorKind(`${'A'.repeat(32)} x`)).toBe('A'.repeat(32));
    expect(errorKind(`${'A'.repeat(33)} x`)).toBe('ERR');
    expect(errorKind('BUSY_GROUP-X y')).toBe('BUSY_GROUP-X');
    expect(parseRedirect('ASK 12 10.0.0.1:7001')).toEqual({ kind: 'ASK', slot: 12, host: '10.0.0.1', port: 7001 });
    expect(parseRedirect('MOVED 5 :7002')).toEqual({ kind: 'MOVED', slot: 5, host: '', port: 7002 });
    expect(parseRedirect('ERR nope')).toBeNull();
    expect(parseRedirect(' MOVED 5 h:7002\r\n')).toEqual({ kind: 'MOVED', slot: 5, host: 'h', port: 7002 });
    expect(parseRedirect('NOT MOVED 5 h:7002')).toBeNull();
    expect(parseRedirect('MOVED 5 h:7002 later')).toBeNull();
    expect(parseRedirect('ASK 7 127.0.0.1:7003')).toEqual({ kind: 'ASK', slot: 7, host: '127.0.0.1', port: 7003 });
  });
});
