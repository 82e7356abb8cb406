// The small io helpers on their own: byte counts, shell words, sparklines, control-character
// escapes, abortable sleeps, the signal behind an abort, NOPERM errors, the standard streams (with
// stand-ins whose "is a terminal" and width are switched), backpressure and readers that go away,
// and the confirmation of destructive actions.
import { getEventListeners } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExitCode, IncompleteError, InterruptedError, MemctlError, noPermission, UsageError, WaitTimeoutError } from '../../src/lib/io/errors.js';
import { confirmDestructive, requireConfirmable } from '../../src/lib/io/prompt.js';
import { escapeControl } from '../../src/lib/io/sanitize.js';
import { shellWord } from '../../src/lib/io/shell.js';
import { StopRequest, stoppedBy } from '../../src/lib/io/signals.js';
import { abortableSleep } from '../../src/lib/io/sleep.js';
import { sparkline } from '../../src/lib/io/sparkline.js';
import { canAnimate, captureStreams, systemStreams, watchReader, writeWithBackpressure, type StandardStreams } from '../../src/lib/io/streams.js';
import { formatBytes } from '../../src/lib/io/units.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [100 * 1024 - 1, '100.0 KB'],
    [100 * 1024, '100 KB'],
    [1024 * 1024 - 1, '1024 KB'],
    [1024 * 1024, '1.0 MB'],
    [5.25 * 1024 ** 3, '5.3 GB'],
    [1024 ** 4, '1.0 TB'],
    [1024 ** 5, '1024 TB'],
  ])('%d bytes is %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('shellWord', () => {
  it('leaves words a shell reads back unchanged bare, and quotes the rest', () => {
    expect(shellWord('redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
    expect(shellWord('a_b@c%d+e=f,g.h-i')).toBe('a_b@c%d+e=f,g.h-i');
    expect(shellWord('x')).toBe('x');
    expect(shellWord('two words')).toBe("'two words'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(shellWord('')).toBe("''");
  });
});

describe('sparkline', () => {
  it('averages values into at most `width` buckets and scales them between the lowest and highest', () => {
    // Pairs averaged: 5, 0, 0, 0, 4 on a scale of 0 to 5.
    expect(sparkline([0, 10, 0, 0, 0, 0, 0, 0, 0, 8], 5)).toBe('█▁▁▁▇');
    // Ten values into four buckets of 2, 3, 2 and 3 values.
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toBe('▁▃▆█');
    // Scaled between the series' own lowest and highest, not from 0.
    expect(sparkline([100, 101, 102, 103, 104, 105, 106, 107])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 3], 0)).toBe('');
    expect(sparkline([3, 3], -2)).toBe('');
    expect(sparkline([], 5)).toBe('');
    expect(sparkline([7])).toBe('▁');
  });
});

describe('escapeControl', () => {
  it('escapes the line and paragraph separators as \\u escapes', () => {
    expect(escapeControl('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });
});

describe('abortableSleep', () => {
  it('resolves at once for no time or an aborted signal, and after the time otherwise', async () => {
    const aborted = AbortSignal.abort();
    let started = Date.now();
    await abortableSleep(10_000, aborted);
    await abortableSleep(0);
    await abortableSleep(-5);
    expect(Date.now() - started).toBeLessThan(1000);
    started = Date.now();
    await abortableSleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('ends early when the signal aborts, and leaves no listener behind either way', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    setTimeout(() => controller.abort(), 10);
    await sleeping;
    expect(Date.now() - started).toBeLessThan(5000);
    const other = new AbortController();
    await abortableSleep(5, other.signal);
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });
});

describe('StopRequest and stoppedBy', () => {
  it('names the signal that stopped memctl, and nothing for other aborts', () => {
    const stop = new StopRequest('SIGTERM');
    expect(stop.message).toBe('stopped by SIGTERM');
    expect(stop.name).toBe('AbortError');
    const controller = new AbortController();
    expect(stoppedBy(controller.signal)).toBeUndefined();
    expect(stoppedBy(undefined)).toBeUndefined();
    controller.abort(new StopRequest('SIGINT'));
    expect(stoppedBy(controller.signal)).toBe('SIGINT');
    expect(stoppedBy(AbortSignal.abort(new Error('reader went away')))).toBeUndefined();
    // A reason that is a StopRequest on a signal not (yet) aborted does not count.
    const fake = { aborted: false, reason: new StopRequest('SIGINT') } as unknown as AbortSignal;
    expect(stoppedBy(fake)).toBeUndefined();
  });
});

describe('errors', () => {
  it('an error without a cause carries no cause property (Node would print "[cause]: undefined")', () => {
    expect(Object.hasOwn(new MemctlError('x'), 'cause')).toBe(false);
    expect(new MemctlError('x', 1, { cause: 'why' }).cause).toBe('why');
    expect(new InterruptedError().exitCode).toBe(130);
    expect([new IncompleteError('part').exitCode, new IncompleteError('part').name]).toEqual([7, 'IncompleteError']);
    expect([new WaitTimeoutError('late', { hint: 'h' }).exitCode, new WaitTimeoutError('late', { hint: 'h' }).hint]).toEqual([5, 'h']);
  });

  it('noPermission turns a NOPERM reply into exit 4 naming what to add', () => {
    const command = noPermission('node a: ', "NOPERM User reader has no permissions to run the 'slowlog|get' command\nmore");
    expect(command).toMatchObject({ exitCode: ExitCode.auth, message: "node a: permission denied (NOPERM User reader has no permissions to run the 'slowlog|get' command)" });
    expect(command?.hint).toBe("add +slowlog|get to the user's access string (docs/permissions.md lists what each command needs)");
    expect(noPermission('', 'NOPERM No permissions to access a key')?.hint).toBe("add a key (~...) or channel (&...) pattern that covers it to the user's access string (docs/permissions.md lists what each command needs)");
    // What redis-server 7.0 says, and what 7.2 and Valkey say (verbose or not).
    for (const message of [
      'NOPERM this user has no permissions to access one of the keys used as arguments',
      'NOPERM this user has no permissions to access one of the channels used as arguments',
      "NOPERM User u has no permissions to access the 'other' key",
      'NOPERM No permissions to access a channel',
    ]) {
      expect(noPermission('', message)?.hint, message).toMatch(/^add a key \(~\.\.\.\) or channel/);
    }
    expect(noPermission('', 'NOPERM the monkeys ate it')?.hint).toMatch(/^add the missing permission/);
    expect(noPermission('', 'NOPERM this user has no permissions')?.hint).toBe("add the missing permission to the user's access string (docs/permissions.md lists what each command needs)");
    expect(noPermission('', "ERR unknown command 'x'")).toBeUndefined();
  });
});

/** A stand-in for a process stream: a terminal (with a width) or not. */
function stream<T extends PassThrough>(s: T, tty: boolean, columns?: number): T & { isTTY: boolean; columns?: number } {
  return Object.assign(s, { isTTY: tty }, columns === undefined ? {} : { columns });
}

function std(tty: { stdin?: boolean; stdout?: boolean; stderr?: boolean; columns?: number }): StandardStreams {
  return {
    stdin: stream(new PassThrough(), tty.stdin ?? false),
    stdout: stream(new PassThrough(), tty.stdout ?? false, tty.columns),
    stderr: stream(new PassThrough(), tty.stderr ?? false, tty.columns),
  };
}

describe('systemStreams', () => {
  const terminal = { stdin: true, stdout: true, stderr: true, columns: 120 };

  it('on terminals: animation, colour, prompts and the width', () => {
    const s = std(terminal);
    const io = systemStreams({}, {}, s);
    expect(io).toMatchObject({ stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: true, animate: true, stdoutAnimate: true, stdoutColumns: 120, color: true, canPrompt: true });
    expect([io.stdin, io.stdout, io.stderr]).toEqual([s.stdin, s.stdout, s.stderr]);
  });

  it('piped: none of them', () => {
    expect(systemStreams({}, {}, std({}))).toMatchObject({ stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, animate: false, stdoutAnimate: false, stdoutColumns: undefined, color: false, canPrompt: false });
  });

  it('judges each stream on its own', () => {
    expect(systemStreams({}, {}, std({ stderr: true, columns: 80 }))).toMatchObject({ animate: true, stdoutAnimate: false, stdoutColumns: undefined, color: true, canPrompt: false });
    expect(systemStreams({}, {}, std({ stdout: true, columns: 80 }))).toMatchObject({ animate: false, stdoutAnimate: true, stdoutColumns: 80, color: true, canPrompt: false });
    expect(systemStreams({}, {}, std({ stdin: true, stderr: true }))).toMatchObject({ canPrompt: true, animate: false, stdoutColumns: undefined });
    expect(systemStreams({}, {}, std({ stdin: true, stdout: true }))).toMatchObject({ canPrompt: false });
    // A terminal of unknown or zero width does not animate.
    expect(systemStreams({}, {}, std({ stdout: true, stderr: true, columns: 0 }))).toMatchObject({ animate: false, stdoutAnimate: false, stdoutColumns: undefined });
  });

  it('--no-color, NO_COLOR and TERM=dumb turn colour off; --no-input and CI=true turn prompts off', () => {
    expect(systemStreams({ noColor: true }, {}, std(terminal)).color).toBe(false);
    expect(systemStreams({}, { NO_COLOR: '' }, std(terminal)).color).toBe(false);
    expect(systemStreams({}, { TERM: 'dumb' }, std(terminal))).toMatchObject({ color: false, animate: false });
    expect(systemStreams({}, { TERM: 'xterm' }, std(terminal)).color).toBe(true);
    expect(systemStreams({ noInput: true }, {}, std(terminal)).canPrompt).toBe(false);
    expect(systemStreams({}, { CI: 'true' }, std(terminal))).toMatchObject({ canPrompt: false, animate: false, stdoutAnimate: false });
    expect(systemStreams({}, { CI: '' }, std(terminal))).toMatchObject({ canPrompt: true, animate: true });
  });

  it('canAnimate: a terminal of a known width, TERM not dumb, CI unset or empty', () => {
    expect(canAnimate(true, 80, {})).toBe(true);
    expect(canAnimate(false, 80, {})).toBe(false);
    expect(canAnimate(true, undefined, {})).toBe(false);
    expect(canAnimate(true, 0, {})).toBe(false);
    expect(canAnimate(true, 1, {})).toBe(true);
    expect(canAnimate(true, 80, { TERM: 'dumb' })).toBe(false);
    expect(canAnimate(true, 80, { CI: '1' })).toBe(false);
    expect(canAnimate(true, 80, { CI: '' })).toBe(true);
  });

  it('captureStreams records what is written, with the terminal flags asked for', async () => {
    const io = await captureStreams({ stdout: true, stderr: true, stdin: true, animate: true, stdoutAnimate: true, columns: 50 });
    io.stdout.write('out');
    io.stderr.write('err');
    expect([io.out(), io.err()]).toEqual(['out', 'err']);
    expect(io).toMatchObject({ stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: true, animate: true, stdoutAnimate: true, stdoutColumns: 50, color: false, canPrompt: true });
    expect(await captureStreams()).toMatchObject({ stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, animate: false, stdoutAnimate: false, stdoutColumns: undefined, canPrompt: false });
    expect((await captureStreams({ stdin: true })).canPrompt).toBe(false);
    expect((await captureStreams({ stderr: true })).canPrompt).toBe(false);
  });
});

/** A writable that takes `size` bytes before asking the writer to wait, and drains only when told. */
function slowReader(size: number): { stream: Writable; drain: () => void; written: () => string } {
  let text = '';
  const pending: Array<() => void> = [];
  const stream = new Writable({
    highWaterMark: size,
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      pending.push(done);
    },
  });
  return { stream, drain: () => pending.splice(0).forEach((done) => done()), written: () => text };
}

describe('writeWithBackpressure', () => {
  it('returns at once while the stream takes more, and waits for drain when it does not', async () => {
    const r = slowReader(4);
    await writeWithBackpressure(r.stream, 'ab');
    let done = false;
    const waiting = writeWithBackpressure(r.stream, 'cdefgh').then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    r.drain();
    r.drain();
    await waiting;
    expect(r.written()).toBe('abcdefgh');
    expect(r.stream.listenerCount('drain') + r.stream.listenerCount('close')).toBe(0);
  });

  it('stops waiting when the stream closes or fails, and writes nothing to an ended or destroyed one', async () => {
    const closing = slowReader(1);
    const waiting = writeWithBackpressure(closing.stream, 'abc');
    closing.stream.destroy();
    await waiting;
    const failing = slowReader(1);
    failing.stream.on('error', () => undefined);
    const waitingToo = writeWithBackpressure(failing.stream, 'abc');
    failing.stream.emit('error', new Error('EPIPE'));
    await waitingToo;
    expect(failing.stream.listenerCount('error')).toBe(1);
    const ended = slowReader(100);
    ended.stream.end();
    await writeWithBackpressure(ended.stream, 'late');
    await writeWithBackpressure(closing.stream, 'late');
    expect(ended.written()).toBe('');
  });
});

describe('watchReader', () => {
  it('calls onClosed once when the reader goes away, and passes other write errors on', () => {
    const s = new PassThrough();
    const closed: string[] = [];
    const errors: string[] = [];
    const gone = watchReader(s, () => closed.push('closed'), (err) => errors.push(err.message));
    expect(gone()).toBe(false);
    s.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    expect([closed, errors, gone()]).toEqual([[], ['disk full'], false]);
    s.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    s.emit('error', Object.assign(new Error('destroyed'), { code: 'ERR_STREAM_DESTROYED' }));
    expect([closed, errors, gone()]).toEqual([['closed'], ['disk full'], true]);
    const other = new PassThrough();
    const goneToo = watchReader(other, () => closed.push('other'), () => undefined);
    other.emit('error', Object.assign(new Error('destroyed'), { code: 'ERR_STREAM_DESTROYED' }));
    expect(goneToo()).toBe(true);
    expect(closed).toEqual(['closed', 'other']);
  });
});

describe('confirmation of destructive actions', () => {
  it('without --yes and without a terminal, refuses before anything is done (exit 2)', async () => {
    const io = await captureStreams();
    let refused: unknown;
    try {
      requireConfirmable(io, { action: 'deleting cluster demo', yes: false });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused).toMatchObject({ message: 'refusing deleting cluster demo without --yes (no terminal to ask on)', hint: 're-run with --yes to confirm' });
    await expect(confirmDestructive(io, { question: 'Delete?', action: 'deleting cluster demo', yes: false })).rejects.toBeInstanceOf(UsageError);
    requireConfirmable(io, { action: 'x', yes: true });
    await confirmDestructive(io, { question: 'Delete?', action: 'x', yes: true });
    requireConfirmable(await captureStreams({ stdin: true, stderr: true }), { action: 'x', yes: false });
  });

  it('on a terminal asks on stderr, and goes ahead only on yes; no or Ctrl-C cancel with exit 130', async () => {
    const answer = async (typed: string): Promise<unknown> => {
      const io = await captureStreams({ stdin: true, stderr: true });
      const asking = confirmDestructive(io, { question: 'Delete cluster demo and all its data?', action: 'deleting cluster demo', yes: false });
      // Answer once the question is on the terminal.
      for (let i = 0; i < 200 && !io.err().includes('Delete cluster demo'); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      (io.stdin as PassThrough).write(typed);
      try {
        await asking;
        return `ok: ${io.err().includes('Delete cluster demo and all its data?')}`;
      } catch (err) {
        return err;
      }
    };
    expect(await answer('y\n')).toBe('ok: true');
    const no = await answer('n\n');
    expect(no).toBeInstanceOf(InterruptedError);
    expect(no).toMatchObject({ message: 'cancelled; nothing was changed', exitCode: 130 });
    expect(await answer('\n')).toBeInstanceOf(InterruptedError);
    // Ctrl-C at the prompt.
    expect(await answer('\u0003')).toMatchObject({ message: 'cancelled; nothing was changed', exitCode: 130 });
  });
});
