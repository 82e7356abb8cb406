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

/**
 * quiet: nothing at all (-q). statusOnTerminal: status lines only on a terminal (a sweep's
 * per-second counts are noise in a log); notes are still written.
 */
export async function startProgress(io: IOStreams, text: string, options: { quiet?: boolean; statusOnTerminal?: boolean } = {}): Promise<Progress> {
  if (options.quiet === true) return silentProgress();
  const writeNote = (t: string): void => void io.stderr.write(`${t}\n`);
  if (!io.stderrIsTTY && options.statusOnTerminal === true) return { ...silentProgress(), note: writeNote };
  if (io.stderrIsTTY) {
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
  let last: string | undefined;
  const line = (t: string, key: string = t): void => {
    if (key === last) return;
    last = key;
    io.stderr.write(`${t}\n`);
  };
  line(text);
  return { update: line, succeed: (t) => line(t), fail: (t) => line(t), note: writeNote, stop: () => undefined };
}

function silentProgress(): Progress {
  const nothing = (): void => undefined;
  return { update: nothing, succeed: nothing, fail: nothing, note: nothing, stop: nothing };
}
