// Progress on stderr: an ora spinner on a terminal, plain status lines otherwise (never on stdout).
import type { IOStreams } from './streams.js';

export interface Progress {
  /**
   * Replace the current status text. Without a terminal a line is printed only when `status`
   * (or, when not given, the text) changes, so logs get one line per state, not per second.
   */
  update(text: string, status?: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  /** A line that stays (a fault recovered from, a warning), shown unless --quiet. */
  note(text: string): void;
  stop(): void;
}

interface Spinner {
  text: string;
  start(): Spinner;
  succeed(text?: string): Spinner;
  fail(text?: string): Spinner;
  stop(): Spinner;
  clear(): Spinner;
  render(): Spinner;
}

/** Without animation, a status that keeps its state prints at most one line per this many ms. */
export const PLAIN_HEARTBEAT_MS = 10_000;

export interface ProgressOptions {
  /** -q: nothing at all. */
  quiet?: boolean;
  /**
   * Status lines only when animated (a sweep's per-second counts are noise in a log); notes are
   * still written.
   */
  statusOnTerminal?: boolean;
  /** The command writes its data to stdout as it goes: no spinner when stdout is the same terminal. */
  streaming?: boolean;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * A spinner only where it can animate (io.animate: a terminal with a known width, TERM not dumb,
 * CI unset); otherwise plain lines: the start, each change of state, at most one line per 10 s
 * while the state stays, and the end.
 */
export async function startProgress(io: IOStreams, text: string, options: ProgressOptions = {}): Promise<Progress> {
  if (options.quiet === true) return silentProgress();
  const writeNote = (t: string): void => void io.stderr.write(`${t}\n`);
  const animate = io.animate && !(options.streaming === true && io.stdoutIsTTY);
  if (!animate && options.statusOnTerminal === true) return { ...silentProgress(), note: writeNote };
  if (animate) {
    const { default: ora } = await import('ora');
    const spinner: Spinner = ora({ text, stream: io.stderr, color: 'cyan', isEnabled: true, discardStdin: false }).start();
    return {
      update: (t) => {
        spinner.text = t;
      },
      succeed: (t) => void spinner.succeed(t),
      fail: (t) => void spinner.fail(t),
      note: (t) => {
        spinner.clear();
        writeNote(t);
        spinner.render();
      },
      stop: () => void spinner.stop(),
    };
  }
  return plainProgress(io, text, options.now ?? Date.now, writeNote);
}

function plainProgress(io: IOStreams, text: string, now: () => number, writeNote: (t: string) => void): Progress {
  let lastKey: string | undefined;
  let lastText: string | undefined;
  let lastAt = 0;
  const line = (t: string): void => {
    lastText = t;
    lastAt = now();
    io.stderr.write(`${t}\n`);
  };
  const update = (t: string, key: string = t): void => {
    if (key !== lastKey) {
      lastKey = key;
      line(t);
    } else if (t !== lastText && now() - lastAt >= PLAIN_HEARTBEAT_MS) line(t);
  };
  const end = (t: string): void => {
    if (t !== lastText) line(t);
  };
  update(text);
  return { update, succeed: end, fail: end, note: writeNote, stop: () => undefined };
}
function silentProgress(): Progress {
  const nothing = (): void => undefined;
  return { update: nothing, succeed: nothing, fail: nothing, note: nothing, stop: nothing };
}
