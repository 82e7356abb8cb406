// @ts-nocheck
// Key names as text output shows them: escapeKey is terminal-safe and unescapeKey gives back the
// exact bytes, for every byte string (checked exhaustively for short ones and on random ones).
import { describe, expect, it } from 'vitest';
import { escapeKey, jsonText, unescapeKey } from '../../src/lib/redis/display.js';
import { parseKey } from '../../src/commands/options/keys.js';

const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function roundTrips(bytes: Buffer): void {
  const text = escapeKey(bytes);
  expect(text).not.toMatch(TERMINAL_UNSAFE);
  expect(unescapeKey(text)?.equals(bytes), `${bytes.toString('hex')} -> ${text}`).toBe(true);
}

describe('escapeKey', () => {
  it('leaves ordinary keys as they are', () => {
    expect(escapeKey(Buffer.from('user:1001:profile'))).toBe('user:1001:profile');
    expect(escapeKey(Buffer.from('ünïcødé:🔑'))).toBe('ünïcødé:🔑');
  });

  it('escapes backslashes, control characters and invalid UTF-8', () => {
    expect(escapeKey(Buffer.from('a\\b'))).toBe('a\\\\b');
    expect(escapeKey(Buffer.from('line\nbreak\ttab\r\x1b'))).toBe('line\\nbreak\\ttab\\r\\x1b');
    expect(escapeKey(Buffer.from([0x62, 0xff, 0x00, 0xfe]))).toBe('b\\xff\\x00\\xfe');
    // C1 controls and the Unicode line separators are valid UTF-8 but not safe: byte escapes.
    expect(escapeKey(Buffer.from('x\u0085y\u2028'))).toBe('x\\xc2\\x85y\\xe2\\x80\\xa8');
    // A truncated sequence at the end.
    expect(escapeKey(Buffer.from([0x61, 0xe2, 0x82]))).toBe('a\\xe2\\x82');
  });

  it('keeps a key that looks like an escape apart from the byte it names', () => {
    const literal = Buffer.from('\\x41');
    const byte = Buffer.from('A');
    expect(escapeKey(literal)).not.toBe(escapeKey(byte));
    expect(unescapeKey(escapeKey(literal))?.equals(literal)).toBe(true);
  });

  it('round-trips every key of up to two bytes', () => {
    for (let a = 0; a < 256; a++) {
      roundTrips(Buffer.from([a]));
      for (let b = 0; b < 256; b++) roundTrips(Buffer.from([a, b]));
    }
  });

  it('round-trips random keys, binary and UTF-8', () => {
    // A fixed-seed generator so a failure is repeatable.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = ['a', '\\', 'x', '4', '1', '\n', 'é', '🔑', '\u2028', '\u0085', '\u0000'];
    for (let i = 0; i < 3000; i++) {
      const len = next() % 12;
      const binary = Buffer.from(Array.from({ length: len }, () => next() % 256));
      roundTrips(binary);
      roundTrips(Buffer.from(Array.from({ length: len }, () => alphabet[next() % alphabet.length]).join('')));
    }
  });
});

describe('unescapeKey', () => {
  it('refuses text that escapeKey never prints', () => {
    expect(unescapeKey('a\\q')).toBeUndefined();
    expect(unescapeKey('trailing\\')).toBeUndefined();
    expect(unescapeKey('\\x4')).toBeUndefined();
  });
});

describe('parseKey', () => {
  it('takes the key as is, as hex or escaped, and says what is wrong', () => {
    expect(parseKey('a\\x41', {}).toString()).toBe('a\\x41');
    expect(parseKey('a\\x41', { escaped: true }).toString()).toBe('aA');
    expect(parseKey('00ff', { hex: true }).equals(Buffer.from([0, 255]))).toBe(true);
    expect(() => parseKey('a\\q', { escaped: true })).toThrow(/--key-escaped/);
    expect(() => parseKey('0', { hex: true })).toThrow(/--key-hex/);
    expect(() => parseKey('00', { hex: true, escaped: true })).toThrow(/not both/);
  });
});

describe('jsonText', () => {
  it('is the text itself for UTF-8 and escapes only invalid bytes otherwise', () => {
    expect(jsonText(Buffer.from('a\nb\\'))).toBe('a\nb\\');
    expect(jsonText(Buffer.from([0x61, 0xff, 0x0a]))).toBe('a\\xff\n');
  });
});
