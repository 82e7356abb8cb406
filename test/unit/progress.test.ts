// Plain progress (no animation): the start, each change of state, at most one line per 10 s while
// the state stays, and the end; nothing at all with --quiet; status lines of sweeps only when animated.
import { describe, expect, it } from 'vitest';
import { PLAIN_HEARTBEAT_MS, startProgress } from '../../src/lib/io/progress.js';
import { captureStreams } from '../../src/lib/io/streams.js';

describe('plain progress', () => {
  it('prints the start, each state change, a heartbeat at most every 10 s, and the end', async () => {
    const io = await captureStreams({ stderr: true });
    let now = 0;
    const p = await startProgress(io, 'waiting for x', { now: () => now });
    p.update('waiting for x: creating (0s)', 'creating');
    for (let s = 1; s <= 25; s++) {
      now = s * 1000;
      p.update(`waiting for x: creating (${s}s)`, 'creating');
    }
    now = 26_000;
    p.update('waiting for x: available (26s)', 'available');
    p.succeed('x is available (26s)');
    expect(io.err().trimEnd().split('\n')).toEqual([
      'waiting for x',
      'waiting for x: creating (0s)',
      'waiting for x: creating (10s)',
      'waiting for x: creating (20s)',
      'waiting for x: available (26s)',
      'x is available (26s)',
    ]);
    expect(PLAIN_HEARTBEAT_MS).toBe(10_000);
  });

  it('quiet prints nothing; statusOnTerminal without animation prints notes only', async () => {
    const quiet = await captureStreams({ stderr: true });
    const q = await startProgress(quiet, 'scanning', { quiet: true });
    q.update('1 key');
    q.note('a note');
    expect(quiet.err()).toBe('');
    const io = await captureStreams({ stderr: true });
    const p = await startProgress(io, 'scanning', { statusOnTerminal: true });
    p.update('1 key');
    p.note('node a: reconnected');
    p.succeed('done');
    expect(io.err()).toBe('node a: reconnected\n');
  });
});
