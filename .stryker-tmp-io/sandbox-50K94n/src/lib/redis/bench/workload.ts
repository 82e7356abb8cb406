// @ts-nocheck
// The commands a benchmark sends and how each request is written: templates with __key__ and
// __data__ placeholders compiled once into pre-encoded RESP pieces, then written straight into a
// connection's output buffer (key digits and payload copied in place, no per-request objects).
import { keySlot } from '../slot.js';

export const KEY_PLACEHOLDER = '__key__';
export const DATA_PLACEHOLDER = '__data__';

/** One command of the workload, as the user gave it (or SET/GET from --ratio). */
export interface CommandSpec {
  /** The label statistics are kept under: SET, GET, or the command's name (HSET, HSET#2, ...). */
  name: string;
  /** Arguments; __key__ and __data__ may appear anywhere inside them. */
  args: string[];
}

export interface Workload {
  commands: CommandSpec[];
  /** How many of each command per cycle, in order (--ratio 1:10 is [1, 10]). */
  weights: number[];
  keyPrefix: string;
  /** Payload bytes per request: fixed when min === max. */
  dataSize: { min: number; max: number };
}

const KEY = 0;
const DATA = 1;
/** A part of an argument: literal bytes, or a placeholder. */
type Part = Buffer | typeof KEY | typeof DATA;

/** A run of the encoded command: fixed bytes, or one argument with placeholders in it. */
type Piece = { fixed: Buffer } | { parts: Part[] };

export interface CompiledCommand {
  name: string;
  pieces: Piece[];
  /** Bytes of the fixed pieces and of the literal parts. */
  fixedBytes: number;
  keyCount: number;
  dataCount: number;
  dynamicArgs: number;
  /** The argument whose value routes the request (the first holding __key__), or -1. */
  routingPiece: number;
}

const CRLF = Buffer.from('\r\n');

function splitParts(arg: string): Part[] {
  const parts: Part[] = [];
  const re = /__key__|__data__/g;
  let last = 0;
  for (let m = re.exec(arg); m !== null; m = re.exec(arg)) {
    if (m.index > last) parts.push(Buffer.from(arg.slice(last, m.index), 'utf8'));
    parts.push(m[0] === KEY_PLACEHOLDER ? KEY : DATA);
    last = m.index + m[0].length;
  }
  if (last < arg.length) parts.push(Buffer.from(arg.slice(last), 'utf8'));
  return parts;
}

export function compileCommand(spec: CommandSpec): CompiledCommand {
  const pieces: Piece[] = [];
  let fixed: Buffer[] = [Buffer.from(`*${spec.args.length}\r\n`)];
  let fixedBytes = 0;
  let keyCount = 0;
  let dataCount = 0;
  let dynamicArgs = 0;
  let routingPiece = -1;
  const flush = (): void => {
    if (fixed.length === 0) return;
    const bytes = Buffer.concat(fixed);
    pieces.push({ fixed: bytes });
    fixedBytes += bytes.length;
    fixed = [];
  };
  for (const arg of spec.args) {
    const parts = splitParts(arg);
    if (parts.every((p) => typeof p !== 'number')) {
      const bytes = Buffer.from(arg, 'utf8');
      fixed.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
      continue;
    }
    flush();
    for (const p of parts) {
      if (p === KEY) keyCount++;
      else if (p === DATA) dataCount++;
      else fixedBytes += p.length;
    }
    if (routingPiece < 0 && parts.includes(KEY)) routingPiece = pieces.length;
    pieces.push({ parts });
    dynamicArgs++;
  }
  flush();
  return { name: spec.name, pieces, fixedBytes, keyCount, dataCount, dynamicArgs, routingPiece };
}

/** Digits of a non-negative integer written at `off`; returns the offset after them. */
export function writeDigits(out: Buffer, off: number, n: number): number {
  if (n < 10) {
    out[off] = 48 + n;
    return off + 1;
  }
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  let v = n;
  for (let i = off + digits - 1; i >= off; i--) {
    out[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return off + digits;
}

function copyInto(out: Buffer, off: number, src: Buffer, length: number): number {
  // Short copies are faster in a loop than through the native copy.
  if (length < 24) for (let i = 0; i < length; i++) out[off + i] = src[i] as number;
  else src.copy(out, off, 0, length);
  return off + length;
}

/** A payload of printable random bytes, as long as the largest value a run writes. */
export function payload(bytes: number, random: () => number = Math.random): Buffer {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const buf = Buffer.allocUnsafe(Math.max(1, bytes));
  for (let i = 0; i < buf.length; i++) buf[i] = alphabet.charCodeAt(Math.floor(random() * alphabet.length));
  return buf;
}

/**
 * Writes requests: holds the current key (prefix + number, in a scratch buffer) and the payload,
 * and writes a compiled command with them into an output buffer.
 */
export class RequestWriter {
  private readonly key: Buffer;
  private readonly prefixLength: number;
  private keyLength = 0;
  private readonly route = Buffer.allocUnsafe(512);

  constructor(
    prefix: string,
    private readonly data: Buffer,
  ) {
    const prefixBytes = Buffer.from(prefix, 'utf8');
    this.prefixLength = prefixBytes.length;
    this.key = Buffer.alloc(prefixBytes.length + 20);
    prefixBytes.copy(this.key, 0);
  }

  setKey(n: number): void {
    this.keyLength = writeDigits(this.key, this.prefixLength, n);
  }

  /** The current key as text (for checks and tests). */
  keyText(): string {
    return this.key.toString('utf8', 0, this.keyLength);
  }

  /** An upper bound of the bytes write() will take. */
  maxBytes(cmd: CompiledCommand, dataLength: number): number {
    return cmd.fixedBytes + cmd.keyCount * this.keyLength + cmd.dataCount * dataLength + cmd.dynamicArgs * 24;
  }

  /** The cluster slot of the command with the current key. */
  slot(cmd: CompiledCommand): number {
    const piece = cmd.pieces[cmd.routingPiece];
    if (piece === undefined || !('parts' in piece)) return 0;
    if (piece.parts.length === 1) return keySlot(this.key.subarray(0, this.keyLength));
    const end = this.writeParts(piece.parts, this.route, 0, 0);
    return keySlot(this.route.subarray(0, end));
  }

  private writeParts(parts: Part[], out: Buffer, off: number, dataLength: number): number {
    let pos = off;
    for (const part of parts) {
      if (part === KEY) pos = copyInto(out, pos, this.key, this.keyLength);
      else if (part === DATA) pos = copyInto(out, pos, this.data, dataLength);
      else pos = copyInto(out, pos, part, part.length);
    }
    return pos;
  }

  /** Writes the command at `off` (room for maxBytes() is the caller's); returns the end. */
  write(cmd: CompiledCommand, out: Buffer, off: number, dataLength: number): number {
    let pos = off;
    const pieces = cmd.pieces;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as Piece;
      if ('fixed' in piece) {
        pos = copyInto(out, pos, piece.fixed, piece.fixed.length);
        continue;
      }
      let length = 0;
      for (const part of piece.parts) length += part === KEY ? this.keyLength : part === DATA ? dataLength : part.length;
      out[pos++] = 36; // $
      pos = writeDigits(out, pos, length);
      out[pos++] = 13;
      out[pos++] = 10;
      pos = this.writeParts(piece.parts, out, pos, dataLength);
      out[pos++] = 13;
      out[pos++] = 10;
    }
    return pos;
  }
}

/** The order commands are sent in one cycle of the ratio: [1, 3] gives 0,1,1,1. */
export function cycleOf(weights: readonly number[]): Uint16Array {
  const cycle: number[] = [];
  weights.forEach((w, i) => {
    for (let j = 0; j < w; j++) cycle.push(i);
  });
  return Uint16Array.from(cycle);
}
