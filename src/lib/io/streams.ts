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
