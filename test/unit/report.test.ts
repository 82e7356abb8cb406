import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/lib/io/report.js';
import {
  AuthError,
  ConflictError,
  ExitCode,
  InterruptedError,
  MemctlError,
  NotFoundError,
  UsageError,
  WaitTimeoutError,
  isMemctlError,
} from '../../src/lib/io/errors.js';

function fakeStderr(): { io: { stderr: NodeJS.WritableStream }; text(): string } {
  let text = '';
  const stderr = {
    write(chunk: string | Uint8Array): boolean {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    },
  };
  return { io: { stderr: stderr as unknown as NodeJS.WritableStream }, text: () => text };
}

function report(err: unknown, debug = false): { code: number; text: string } {
  const s = fakeStderr();
  const code = reportError(s.io as Parameters<typeof reportError>[0], err, debug);
  return { code, text: s.text() };
}

describe('reportError: memctl errors', () => {
  it.each([
    ['UsageError', new UsageError('bad flag'), 2],
    ['NotFoundError', new NotFoundError('cluster "x" not found'), 3],
    ['AuthError', new AuthError('access denied'), 4],
    ['WaitTimeoutError', new WaitTimeoutError('gave up waiting'), 5],
    ['ConflictError', new ConflictError('already exists'), 6],
    ['InterruptedError', new InterruptedError(), 130],
    ['MemctlError', new MemctlError('it failed'), 1],
  ])('%s exits %i with one "memctl: " line', (_name, err, code) => {
    const r = report(err);
    expect(r.code).toBe(code);
    expect(r.text).toBe(`memctl: ${(err as Error).message}\n`);
  });

  it('uses the documented exit code table', () => {
    expect(ExitCode).toEqual({ ok: 0, failure: 1, usage: 2, notFound: 3, auth: 4, timeout: 5, conflict: 6, incomplete: 7, interrupted: 130 });
  });

  it('prints a hint on a second indented line', () => {
    const r = report(new NotFoundError('cluster "x" not found', { hint: 'run `memctl list` to see the clusters in this region' }));
    expect(r.code).toBe(3);
    expect(r.text).toBe('memctl: cluster "x" not found\n  hint: run `memctl list` to see the clusters in this region\n');
  });

  it('a declined prompt is not silent: "cancelled", exit 130', () => {
    expect(report(new InterruptedError('cancelled; nothing was changed'))).toEqual({ code: 130, text: 'memctl: cancelled; nothing was changed\n' });
  });

  it('prints "memctl: interrupted" for a non-quiet interruption', () => {
    expect(report(new InterruptedError())).toEqual({ code: 130, text: 'memctl: interrupted\n' });
  });

  it('keeps the message on one line by escaping control characters', () => {
    const r = report(new ConflictError('cluster "a\nb\u001b[2J" is busy'));
    expect(r.text).toBe('memctl: cluster "a\\nb\\x1b[2J" is busy\n');
    expect(r.text.split('\n')).toHaveLength(2);
  });

  it('redacts secrets in the message', () => {
    const r = report(new AuthError('AUTH app s3cr3t-password failed'));
    expect(r.code).toBe(4);
    expect(r.text).toBe('memctl: AUTH [REDACTED] failed\n');
  });

  it('prints no stack trace without --debug', () => {
    const cause = new Error('socket hang up');
    const r = report(new MemctlError('listing clusters: socket hang up', 1, { cause }));
    expect(r.text).toBe('memctl: listing clusters: socket hang up\n');
    expect(r.text).not.toMatch(/\n\s+at /);
  });

  it('prints the cause stack with --debug', () => {
    const cause = new Error('socket hang up');
    const r = report(new MemctlError('listing clusters: socket hang up', 1, { cause, hint: 'check your network' }), true);
    expect(r.code).toBe(1);
    const lines = r.text.split('\n');
    expect(lines[0]).toBe('memctl: listing clusters: socket hang up');
    expect(lines[1]).toBe('  hint: check your network');
    expect(lines[2]).toBe('Error: socket hang up');
    expect(r.text).toMatch(/\n\s+at /);
  });

  it('sets name and exit code on every subclass', () => {
    const all = [new UsageError('u'), new NotFoundError('n'), new AuthError('a'), new WaitTimeoutError('w'), new ConflictError('c'), new InterruptedError()];
    expect(all.map((e) => e.name)).toEqual(['UsageError', 'NotFoundError', 'AuthError', 'WaitTimeoutError', 'ConflictError', 'InterruptedError']);
    expect(all.every((e) => isMemctlError(e) && e instanceof Error)).toBe(true);
    expect(isMemctlError(new Error('x'))).toBe(false);
    expect(isMemctlError({ exitCode: 2, message: 'fake' })).toBe(false);
  });
});

describe('reportError: other errors', () => {
  it('a plain Error exits 1, prints its first line and suggests --debug', () => {
    const r = report(new Error('boom\n    with a second line'));
    expect(r).toEqual({ code: 1, text: 'memctl: boom\n  hint: re-run with --debug for details\n' });
  });

  it('a plain Error with --debug prints the stack instead of the hint', () => {
    const r = report(new TypeError('cannot read x'), true);
    expect(r.code).toBe(1);
    expect(r.text.startsWith('memctl: cannot read x\nTypeError: cannot read x\n')).toBe(true);
    expect(r.text).toMatch(/\n\s+at /);
    expect(r.text).not.toContain('hint:');
  });

  it('a thrown string exits 1', () => {
    expect(report('something odd')).toEqual({ code: 1, text: 'memctl: something odd\n  hint: re-run with --debug for details\n' });
  });

  it('a thrown null exits 1', () => {
    expect(report(null)).toEqual({ code: 1, text: 'memctl: null\n  hint: re-run with --debug for details\n' });
  });

  it('a Redis NOPERM error exits 4 with what to add to the access string', () => {
    expect(report(new Error("NOPERM this user has no permissions to run the 'set' command\nmore"))).toEqual({
      code: 4,
      text: "memctl: permission denied (NOPERM this user has no permissions to run the 'set' command)\n  hint: add +set to the user's access string (docs/permissions.md lists what each command needs)\n",
    });
  });

  it('with --debug, an error without a stack gets the hint', () => {
    const err = new Error('no stack');
    err.stack = undefined;
    expect(report(err, true)).toEqual({ code: 1, text: 'memctl: no stack\n  hint: re-run with --debug for details\n' });
  });

  it('with --debug, prints no stack for a cause that has none', () => {
    const cause = new Error('no stack');
    cause.stack = undefined;
    expect(report(new MemctlError('failed', 1, { cause }), true).text).toBe('memctl: failed\n');
  });

  it('with --debug, prints the stack of a cause that is an Error only', () => {
    const r = report(new MemctlError('failed', 1, { cause: { stack: 'not an Error' } }), true);
    expect(r.text).toBe('memctl: failed\n');
  });

  it('a thrown undefined exits 1', () => {
    expect(report(undefined)).toEqual({ code: 1, text: 'memctl: undefined\n  hint: re-run with --debug for details\n' });
  });

  it('escapes control characters in a plain error message', () => {
    expect(report(new Error('bad \u001b[31mred')).text).toBe('memctl: bad \\x1b[31mred\n  hint: re-run with --debug for details\n');
  });
});

describe('reportError: commander errors', () => {
  it.each([
    ['commander.unknownOption', 1],
    ['commander.missingArgument', 1],
    ['commander.unknownCommand', 1],
    ['commander.invalidArgument', 1],
    ['commander.excessArguments', 1],
  ])('%s exits 2 and prints nothing (commander already did)', (code, exitCode) => {
    expect(report({ code, exitCode, message: 'error: whatever' })).toEqual({ code: 2, text: '' });
  });

  it.each(['commander.helpDisplayed', 'commander.help', 'commander.version'])('%s exits 0', (code) => {
    expect(report({ code, exitCode: 0, message: '(outputHelp)' })).toEqual({ code: 0, text: '' });
  });

  it('help shown because no command was given exits 0, though commander says 1', () => {
    expect(report({ code: 'commander.help', exitCode: 1, message: '(outputHelp)' })).toEqual({ code: 0, text: '' });
  });

  it('commander.executeSubCommandAsync passes the sub-command exit code through', () => {
    expect(report({ code: 'commander.executeSubCommandAsync', exitCode: 7 })).toEqual({ code: 7, text: '' });
  });

  it('another commander error with exit code 0 exits 0', () => {
    expect(report({ code: 'commander.something', exitCode: 0 })).toEqual({ code: 0, text: '' });
  });

  it('an Error with a non-commander code is reported normally', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(report(err)).toEqual({ code: 1, text: 'memctl: connect ECONNREFUSED\n  hint: re-run with --debug for details\n' });
  });
});
