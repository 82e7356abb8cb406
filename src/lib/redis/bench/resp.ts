// RESP for the benchmark's hot path: a scanner that finds where each reply ends without building
// it (bulk payloads are skipped by their length), a full parser for the few replies that matter
// (errors, CLUSTER SLOTS, AUTH), and an encoder for one-off commands.

import { COLON, CR, DOLLAR, MINUS, PLUS, readInt, STAR } from '../resp-bytes.js';


export const INCOMPLETE = -1;

/** The offset after the \r\n that ends the line starting at `from`, or INCOMPLETE. */
function lineEnd(buf: Uint8Array, from: number, end: number): number {
  // A loop, not indexOf: bytes past `end` are stale (the read buffer is reused), and lines are short.
  for (let i = from; i + 1 < end; i++) if (buf[i] === CR) return i + 2;
  return INCOMPLETE;
}

/**
 * Where the reply starting at `off` ends (the offset after it), or INCOMPLETE when the bytes up to
 * `end` do not hold all of it. Nested aggregates are walked without recursion. RESP2 only.
 */
export function skipReply(buf: Uint8Array, off: number, end: number): number {
  let pos = off;
  let pending = 1;
  while (pending > 0) {
    // At or past `end` lineEnd finds no line: INCOMPLETE.
    const type = buf[pos];
    const next = lineEnd(buf, pos + 1, end);
    if (next === INCOMPLETE) return INCOMPLETE;
    pending--;
    if (type === DOLLAR) {
      const len = readInt(buf, pos + 1, next - 2);
      if (len >= 0) {
        pos = next + len + 2;
        if (pos > end) return INCOMPLETE;
      } else pos = next;
    } else if (type === STAR) {
      const len = readInt(buf, pos + 1, next - 2);
      if (len > 0) pending += len;
      pos = next;
    } else if (type === PLUS || type === MINUS || type === COLON) {
      pos = next;
    } else {
      throw new Error(`protocol error: unexpected byte ${String(type)} in a reply`);
    }
  }
  return pos;
}

export class ReplyError extends Error {}

export type Reply = string | number | null | ReplyError | Reply[];

/** The reply starting at `off` as a value and where it ends, or null when incomplete. */
export function parseReply(buf: Buffer, off: number, end: number): { value: Reply; next: number } | null {
  const type = buf[off];
  const next = lineEnd(buf, off + 1, end);
  if (next === INCOMPLETE) return null;
  const text = (): string => buf.toString('utf8', off + 1, next - 2);
  switch (type) {
    case PLUS:
      return { value: text(), next };
    case MINUS:
      return { value: new ReplyError(text()), next };
    case COLON:
      return { value: Number(text()), next };
    case DOLLAR: {
      const len = Number(text());
      if (len < 0) return { value: null, next };
      if (next + len + 2 > end) return null;
      return { value: buf.toString('utf8', next, next + len), next: next + len + 2 };
    }
    case STAR: {
      const len = Number(text());
      if (len < 0) return { value: null, next };
      const items: Reply[] = [];
      let pos = next;
      for (let i = 0; i < len; i++) {
        const item = parseReply(buf, pos, end);
        if (item === null) return null;
        items.push(item.value);
        pos = item.next;
      }
      return { value: items, next: pos };
    }
    default:
      throw new Error(`protocol error: unexpected byte ${String(type)} in a reply`);
  }
}

/** One command as RESP (an array of bulk strings). */
export function encodeCommand(args: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** The first word of an error reply ("MOVED", "ERR", "WRONGTYPE", ...), for counting by kind. */
export function errorKind(message: string): string {
  const word = /^[A-Z][A-Z_-]*/.exec(message)?.[0];
  return word === undefined || word.length > 32 ? 'ERR' : word;
}

/** MOVED/ASK target of an error reply: "MOVED 3999 127.0.0.1:6381". */
export function parseRedirect(message: string): { kind: 'MOVED' | 'ASK'; slot: number; host: string; port: number } | null {
  const m = /^(MOVED|ASK) (\d+) (.*):(\d+)$/.exec(message.trim());
  if (m === null) return null;
  // An empty host means "the address you reached me at"; the caller fills it in.
  return { kind: m[1] as 'MOVED' | 'ASK', slot: Number(m[2]), host: m[3] as string, port: Number(m[4]) };
}
