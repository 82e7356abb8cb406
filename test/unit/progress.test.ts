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

describe('plain progress, repeats', () => {
  it('prints no heartbeat for the same text, and no end line that repeats the last', async () => {
    const io = await captureStreams({ stderr: true });
    let now = 0;
    const p = await startProgress(io, 'waiting', { now: () => now });
    now = 30_000;
    p.update('waiting');
    p.update('waiting: creating', 'creating');
    p.succeed('waiting: creating');
    p.stop();
    expect(io.err()).toBe('waiting\nwaiting: creating\n');
    const failing = await captureStreams({ stderr: true });
    const f = await startProgress(failing, 'checking');
    f.fail('checking');
    f.fail('check failed');
    f.note('noted');
    expect(failing.err()).toBe('checking\ncheck failed\nnoted\n');
  });
});

describe('animated progress (a spinner on stderr)', () => {
  it('spins with the latest text, keeps notes, and ends with a mark', async () => {
    const io = await captureStreams({ stderr: true, animate: true });
    const p = await startProgress(io, 'working');
    p.update('still working');
    p.note('a note');
    p.succeed('done');
    expect(io.err()).toContain('a note\n');
    // The spinner drawn again after the note shows the new text.
    expect(io.err()).toMatch(/a note\n\S+ still working/);
    expect(io.err()).toMatch(/✔\S* done\n$/);
    expect(io.out()).toBe('');
    const failing = await captureStreams({ stderr: true, animate: true });
    const f = await startProgress(failing, 'working', { statusOnTerminal: true });
    f.fail('bad');
    expect(failing.err()).toMatch(/^\S+ working.*✖\S* bad\n$/);
    const stopped = await captureStreams({ stderr: true, animate: true });
    (await startProgress(stopped, 'working')).stop();
    expect(stopped.err()).not.toMatch(/[✔✖]/);
  });

  it('stops spinning when stopped', async () => {
    const io = await captureStreams({ stderr: true, animate: true });
    const p = await startProgress(io, 'working');
    p.stop();
    const after = io.err();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(io.err()).toBe(after);
  });

  it('does not spin when the command streams its data to the same terminal', async () => {
    const io = await captureStreams({ stdout: true, stderr: true, animate: true });
    const p = await startProgress(io, 'scanning', { streaming: true });
    p.succeed('done');
    expect(io.err()).toBe('scanning\ndone\n');
    const other = await captureStreams({ stdout: true, stderr: true, animate: true });
    (await startProgress(other, 'scanning')).succeed('done');
    expect(other.err()).toMatch(/✔\S* done\n$/);
    const piped = await captureStreams({ stderr: true, animate: true });
    const q = await startProgress(piped, 'scanning', { streaming: true });
    q.succeed('done');
    expect(piped.err()).toMatch(/✔\S* done\n$/);
  });
});
