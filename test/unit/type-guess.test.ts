// Unit: the shape of a key (digit runs as one mark) and the type analyze expects for it.
import { describe, expect, it } from 'vitest';
import { shapeHash, TypeGuess } from '../../src/lib/redis/analyze-read.js';

const shape = (key: string): number => shapeHash(Buffer.from(key, 'latin1'));

describe('key shapes', () => {
  it('runs of digits are one mark, anything else counts byte by byte', () => {
    expect(shape('user:42:cart')).toBe(shape('user:7:cart'));
    expect(shape('a1b22c333')).toBe(shape('a9b1c0'));
    expect(shape('user:42:cart')).not.toBe(shape('user:42:carts'));
    expect(shape('ab')).not.toBe(shape('a1b'));
    expect(shape('user:x:cart')).not.toBe(shape('user:1:cart'));
  });
});

describe('the type to expect', () => {
  it('the last type seen for the shape, else the commonest so far, else none', () => {
    const g = new TypeGuess();
    expect(g.guess(shape('h:1'))).toBe(0);
    g.learn(shape('h:1'), 2);
    g.learn(shape('h:2'), 2);
    g.learn(shape('s:1'), 1);
    expect(g.guess(shape('h:99'))).toBe(2);
    expect(g.guess(shape('s:99'))).toBe(1);
    // A shape never seen: the commonest type.
    expect(g.guess(shape('new:1'))).toBe(2);
    // A shape whose type changed: the latest.
    g.learn(shape('s:2'), 4);
    expect(g.guess(shape('s:3'))).toBe(4);
    // A key that vanished (type none) teaches nothing of the commonest.
    g.learn(shape('gone:1'), 0);
    expect(g.guess(shape('gone:2'))).toBe(2);
  });
});
