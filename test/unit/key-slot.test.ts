import { describe, expect, it } from 'vitest';
import { keyInSlots, keySlot } from '../../src/lib/redis/slot.js';

// Known answers: what `CLUSTER KEYSLOT <key>` of redis-server 7.0.15 answered for each key (and
// 12739 = 0x31C3 is CRC16/XMODEM's published check value for "123456789").
const KNOWN: Array<[string, number]> = [
  ['', 0],
  ['123456789', 12739],
  ['foo', 12182],
  ['bar', 5061],
  ['hello', 866],
  ['somekey', 11058],
  // Hash tags: the first "{" and the first "}" after it; an empty tag means the whole key.
  ['{user1000}.following', 3443],
  ['{user1000}.followers', 3443],
  ['user1000', 3443],
  ['{}foo', 9500],
  ['foo{}{bar}', 8363],
  ['foo{{bar}}zap', 4015],
  ['{bar', 4015],
  ['foo{bar}{zap}', 5061],
  ['{', 4092],
  ['}', 12090],
  ['{}', 15257],
  ['a{b', 13340],
  ['a}b{c}', 7365],
  ['bar}', 6624],
  ['{a}}', 15495],
  // UTF-8 bytes are hashed, not UTF-16 code units.
  ['é', 10180],
  ['日本', 10949],
  ['{日本}x', 10949],
];

describe('keySlot', () => {
  it.each(KNOWN)('CLUSTER KEYSLOT %j is %i', (key, slot) => {
    expect(keySlot(key), `slot of ${JSON.stringify(key)}`).toBe(slot);
  });

  it('hashes binary keys byte for byte, with hash tags found among the bytes', () => {
    expect(keySlot(Uint8Array.from([0xff, 0xfe]))).toBe(3374);
    expect(keySlot(Uint8Array.from([0x00, 0xff, 0x80, 0x7b, 0x01, 0x7d]))).toBe(4129);
    expect(keySlot(Buffer.from('{}foo'))).toBe(9500);
  });
});

describe('keyInSlots', () => {
  it('returns the first counter whose key falls in the ranges', () => {
    const slot = keySlot('k3');
    // k0..k2 are elsewhere, so k3 is the first in [slot, slot].
    expect([0, 1, 2].map((i) => keySlot(`k${i}`))).not.toContain(slot);
    expect(keyInSlots('k', [[slot, slot]])).toBe('k3');
    expect(keyInSlots('k', [[slot - 1, slot - 1], [slot, slot]])).toBe('k3');
    expect(keySlot(keyInSlots('key:', [[100, 200]]))).toBeGreaterThanOrEqual(100);
    expect(keySlot(keyInSlots('key:', [[100, 200]]))).toBeLessThanOrEqual(200);
  });

  it('tries exactly maxTries counters, then gives up', () => {
    const slot = keySlot('k3');
    expect(keyInSlots('k', [[slot, slot]], 4)).toBe('k3');
    expect(() => keyInSlots('k', [[slot, slot]], 3)).toThrow('no key found for those slots');
  });
});
