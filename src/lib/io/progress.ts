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
  stop(): void;
}

interface Spinner {
  text: string;
  start(): Spinner;
  succeed(text?: string): Spinner;
  fail(text?: string): Spinner;
  stop(): Spinner;
}

export async function startProgress(io: IOStreams, text: string, options: { quiet?: boolean } = {}): Promise<Progress> {
  if (options.quiet === true) return silentProgress();
  if (io.stderrIsTTY) {
    const { default: ora } = await import('ora');
    const spinner: Spinner = ora({ text, stream: io.stderr, color: 'cyan', isEnabled: true, discardStdin: false }).start();
    return {
      update: (t) => {
        spinner.text = t;
      },
      succeed: (t) => void spinner.succeed(t),
      fail: (t) => void spinner.fail(t),
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
  return { update: line, succeed: (t) => line(t), fail: (t) => line(t), stop: () => undefined };
}

function silentProgress(): Progress {
  const nothing = (): void => undefined;
  return { update: nothing, succeed: nothing, fail: nothing, stop: nothing };
}
