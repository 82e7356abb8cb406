// @ts-nocheck
// How binary-safe Redis bytes (keys, members, values) are shown: valid UTF-8 as text, any byte that
// is not part of valid UTF-8 as \xNN; key names in text output also escape backslashes and
// control characters, reversibly. ASCII-printable input, by far the common case, takes a fast
// path with no decoding.
const strict = new TextDecoder('utf-8', { fatal: true });

function isPrintableAscii(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

/** True when the bytes are valid UTF-8. */
export function isUtf8(buf: Uint8Array): boolean {
  if (isPrintableAscii(buf)) return true;
  try {
    strict.decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * For JSON output: the text itself when it is valid UTF-8 (JSON escapes control characters),
 * otherwise the \xNN-escaped form; callers add a hex field in that case so nothing is lost.
 */
export function jsonText(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  return walk(buf, false);
}

const SHORT_ESCAPES = new Map<number, string>([
  [0x0a, 'n'],
  [0x0d, 'r'],
  [0x09, 't'],
]);
const SHORT_BYTES = new Map<string, number>([...[...SHORT_ESCAPES].map(([b, c]) => [c, b] as [string, number]), ['\\', 0x5c]]);
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A key as `keys scan` prints it in text and tables: reversible (`unescapeKey`, `--key-escaped`),
 * one line, terminal-safe. A backslash is `\\`; newline, carriage return and tab are `\n`, `\r`,
 * `\t`; any other byte that is a control character (C0, DEL, C1, U+2028/9) or not part of valid
 * UTF-8 is `\xNN`; anything else is itself. So a key printed with no backslash is the key, and one
 * with a backslash is unambiguous.
 */
export function escapeKey(buf: Buffer): string {
  if (isPrintableAscii(buf) && !buf.includes(0x5c)) return buf.toString('latin1');
  return walk(buf, true);
}

/**
 * Valid UTF-8 sequences decoded, every other byte as the four characters \xNN. With `escape`,
 * backslashes and control characters are escaped too (escapeKey's form).
 */
function walk(buf: Buffer, escape: boolean): string {
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ch: string | undefined;
    if (len === 1) ch = String.fromCharCode(b);
    else if (len > 0 && i + len <= buf.length) {
      try {
        ch = strict.decode(buf.subarray(i, i + len));
      } catch {
        // not a valid sequence: its bytes are escaped one by one
      }
    }
    if (ch !== undefined && escape && (ch === '\\' || CONTROL.test(ch))) {
      const short = ch === '\\' ? '\\' : SHORT_ESCAPES.get(b);
      // A control character of several bytes (C1, U+2028/9) is escaped byte by byte.
      if (short !== undefined) {
        out += `\\${short}`;
        i++;
        continue;
      }
      ch = undefined;
    }
    if (ch !== undefined) {
      out += ch;
      i += len;
      continue;
    }
    out += `\\x${b.toString(16).padStart(2, '0')}`;
    i++;
  }
  return out;
}

/** The bytes of a key printed by escapeKey; undefined when the text is not such a form. */
export function unescapeKey(text: string): Buffer | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    if (ch !== '\\') {
      const cp = text.codePointAt(i) as number;
      const chunk = Buffer.from(String.fromCodePoint(cp), 'utf8');
      for (const b of chunk) bytes.push(b);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const next = text[i + 1];
    const short = next === undefined ? undefined : SHORT_BYTES.get(next);
    if (short !== undefined) {
      bytes.push(short);
      i += 2;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes);
}
