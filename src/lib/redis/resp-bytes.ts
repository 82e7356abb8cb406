// What the RESP readers (wire.ts, bench/resp.ts) share: the bytes that start each kind of reply,
// and the parser of the integers in reply headers (read byte by byte, no string made).
export const CR = 13;
export const PLUS = 43;
export const MINUS = 45;
export const COLON = 58;
export const DOLLAR = 36;
export const STAR = 42;

/** The signed integer written from `from` up to the \r at `cr`. */
export function readInt(buf: Uint8Array, from: number, cr: number): number {
  let i = from;
  let negative = false;
  if (buf[i] === MINUS) {
    negative = true;
    i++;
  }
  let n = 0;
  for (; i < cr; i++) n = n * 10 + ((buf[i] as number) - 48);
  return negative ? -n : n;
}
