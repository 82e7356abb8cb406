// keys scan's text lines, written as bytes: each line must be escapeKey's text of the name, for
// names that print as they are and names that must be escaped (longer than their bytes), mixed
// in any order and in any number (the output buffer grows past its first size).
import { describe, expect, it } from 'vitest';
import { keyLines } from '../../src/commands/keys/scan-output.js';
import { escapeKey } from '../../src/lib/redis/display.js';
import { seededRandom } from '../helpers/random.js';

describe('keys scan text lines', () => {
  it('equal escapeKey of each name, one per line, over 2,000 batches of plain and escaped names', () => {
    const next = seededRandom(3);
    const wrong: string[] = [];
    for (let batch = 0; batch < 2000; batch++) {
      const keys = Array.from({ length: Math.floor(next() * 40) }, () => {
        const length = Math.floor(next() * 30);
        const escaped = next() < 0.3;
        return Buffer.from(Array.from({ length }, () => (escaped ? Math.floor(next() * 256) : 0x20 + Math.floor(next() * 95))));
      });
      const expected = keys.map((k) => `${escapeKey(k)}\n`).join('');
      const got = keyLines(keys).toString('utf8');
      if (got !== expected) wrong.push(`batch ${batch}: ${JSON.stringify(got).slice(0, 80)} vs ${JSON.stringify(expected).slice(0, 80)}`);
    }
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(keyLines([]).length).toBe(0);
    expect(keyLines([Buffer.from('a\\b'), Buffer.from('plain'), Buffer.from([0xff])]).toString()).toBe('a\\\\b\nplain\n\\xff\n');
  });
});
