// One place that knows where output goes and whether each stream is a terminal.
import type { Readable, Writable } from 'node:stream';

export interface IOStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Colour on stderr/stdout when they are terminals and the user did not turn it off. */
  readonly color: boolean;
  /** True when prompts may be shown: stdin and stderr are terminals and --no-input was not given. */
  readonly canPrompt: boolean;
}

export interface StreamOptions {
  noColor?: boolean;
  noInput?: boolean;
}

export function systemStreams(options: StreamOptions = {}, env: NodeJS.ProcessEnv = process.env): IOStreams {
  const stdinIsTTY = process.stdin.isTTY === true;
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stderrIsTTY = process.stderr.isTTY === true;
  const colorDisabled = options.noColor === true || env.NO_COLOR !== undefined || env.TERM === 'dumb';
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY,
    stdoutIsTTY,
    stderrIsTTY,
    color: !colorDisabled && (stdoutIsTTY || stderrIsTTY),
    canPrompt: options.noInput !== true && stdinIsTTY && stderrIsTTY && env.CI !== 'true',
  };
}

/** Streams that capture everything written, for tests of rendering and commands. */
export interface CapturedStreams extends IOStreams {
  out(): string;
  err(): string;
}

export async function captureStreams(tty: { stdout?: boolean; stderr?: boolean; stdin?: boolean } = {}): Promise<CapturedStreams> {
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
export async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
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
