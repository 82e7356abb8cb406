// How binary-safe Redis bytes (keys, members, values) are shown: valid UTF-8 as text with control
// characters escaped, any byte that is not part of valid UTF-8 as \xNN. ASCII-printable input,
// by far the common case, takes a fast path with no decoding.
import { escapeControl } from '../io/sanitize.js';

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

/** One terminal-safe line for the bytes (no raw control characters, no invalid UTF-8). */
export function displayBytes(buf: Buffer): string {
  if (isPrintableAscii(buf)) return buf.toString('latin1');
  if (isUtf8(buf)) return escapeControl(buf.toString('utf8'));
  return escapeControl(decodeLossless(buf));
}

/**
 * For JSON output: the text itself when it is valid UTF-8 (JSON escapes control characters),
 * otherwise the \xNN-escaped form; callers add a hex field in that case so nothing is lost.
 */
export function jsonText(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  return decodeLossless(buf);
}

/** Valid UTF-8 sequences decoded, every other byte as the four characters \xNN. */
function decodeLossless(buf: Buffer): string {
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 1) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (len > 0 && i + len <= buf.length) {
      try {
        out += strict.decode(buf.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: fall through to the byte escape
      }
    }
    out += `\\x${b.toString(16).padStart(2, '0')}`;
    i++;
  }
  return out;
}
