// One place that knows where output goes and whether each stream is a terminal.
import type { Readable, Writable } from 'node:stream';

export interface IOStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /**
   * Progress may animate (spinners, lines rewritten in place): stderr is a terminal with a known
   * width above 0, TERM is not dumb and CI is unset. Otherwise progress is plain lines.
   */
  readonly animate: boolean;
  /**
   * stdout may be redrawn in place (memctl top's live view): the same rules as `animate`, for
   * stdout (a terminal with a known width above 0, TERM not dumb, CI unset).
   */
  readonly stdoutAnimate: boolean;
  /** The terminal's width when stdout is one with a known width, for fitting tables. */
  readonly stdoutColumns: number | undefined;
  /** Colour on stderr/stdout when they are terminals and the user did not turn it off. */
  readonly color: boolean;
  /** True when prompts may be shown: stdin and stderr are terminals and --no-input was not given. */
  readonly canPrompt: boolean;
}

export interface StreamOptions {
  noColor?: boolean;
  noInput?: boolean;
}

/** The process's standard streams, or stand-ins for them (tests switch "is a terminal" and the width). */
export interface StandardStreams {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
}

export function systemStreams(options: StreamOptions = {}, env: NodeJS.ProcessEnv = process.env, std: StandardStreams = process): IOStreams {
  const stdinIsTTY = std.stdin.isTTY === true;
  const stdoutIsTTY = std.stdout.isTTY === true;
  const stderrIsTTY = std.stderr.isTTY === true;
  const colorDisabled = options.noColor === true || env.NO_COLOR !== undefined || env.TERM === 'dumb';
  const width = (stream: StandardStreams['stdout']): number | undefined => (stream.isTTY === true && (stream.columns ?? 0) > 0 ? stream.columns : undefined);
  return {
    stdin: std.stdin,
    stdout: std.stdout,
    stderr: std.stderr,
    stdinIsTTY,
    stdoutIsTTY,
    stderrIsTTY,
    animate: canAnimate(stderrIsTTY, width(std.stderr), env),
    stdoutAnimate: canAnimate(stdoutIsTTY, width(std.stdout), env),
    stdoutColumns: width(std.stdout),
    color: !colorDisabled && (stdoutIsTTY || stderrIsTTY),
    canPrompt: options.noInput !== true && stdinIsTTY && stderrIsTTY && env.CI !== 'true',
  };
}

/** Whether progress may animate on a stderr that is (or not) a terminal of `columns` columns. */
export function canAnimate(stderrIsTTY: boolean, columns: number | undefined, env: NodeJS.ProcessEnv): boolean {
  return stderrIsTTY && (columns ?? 0) > 0 && env.TERM !== 'dumb' && (env.CI === undefined || env.CI === '');
}

/** Streams that capture everything written, for tests of rendering and commands. */
export interface CapturedStreams extends IOStreams {
  out(): string;
  err(): string;
}

export async function captureStreams(tty: { stdout?: boolean; stderr?: boolean; stdin?: boolean; animate?: boolean; stdoutAnimate?: boolean; columns?: number } = {}): Promise<CapturedStreams> {
  const { PassThrough } = await import('node:stream');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    stdinIsTTY: tty.stdin ?? false,
    stdoutIsTTY: tty.stdout ?? false,
    stderrIsTTY: tty.stderr ?? false,
    animate: tty.animate ?? false,
    stdoutAnimate: tty.stdoutAnimate ?? false,
    stdoutColumns: tty.columns,
    color: false,
    canPrompt: (tty.stdin ?? false) && (tty.stderr ?? false),
    out: () => out,
    err: () => err,
  };
}

/**
 * Writes `text` and waits until the stream takes more: 'drain', or the stream closing or failing
 * (a reader that went away never drains, and waiting for it would hang the command).
 */
export async function writeWithBackpressure(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return;
  if (stream.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/**
 * Calls `onClosed` once when the reader of `stream` goes away (EPIPE: `memctl keys scan x | head`).
 * Other write errors are passed to `onError`. Returns whether the reader has gone.
 */
export function watchReader(stream: Writable, onClosed: () => void, onError: (err: Error) => void): () => boolean {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      if (!closed) {
        closed = true;
        onClosed();
      }
    } else onError(err);
  });
  return () => closed;
}
