// @ts-nocheck
// memctl top's terminal: the screen redrawn in place (cursor home, each line cleared to its end,
// the rest of the screen cleared, no flicker), the cursor hidden while it runs, and the keys: q or
// Ctrl-C quits. stdin is put in raw mode only when it is a terminal, and restored on close.
import type { WriteStream } from 'node:tty';
import type { IOStreams } from '../../lib/io/streams.js';
import type { ScreenSize } from './view.js';

const ESC = '\u001b';
const HOME = `${ESC}[H`;
const CLEAR_LINE_END = `${ESC}[K`;
const CLEAR_BELOW = `${ESC}[J`;
const CLEAR_SCREEN = `${ESC}[2J`;
const HIDE_CURSOR = `${ESC}[?25l`;
const SHOW_CURSOR = `${ESC}[?25h`;

/** Keys that quit: q, Q, Ctrl-C (raw mode turns it into a byte, not a SIGINT). */
export function isQuitKey(data: Buffer | string): boolean {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  return /[qQ\u0003]/.test(text);
}

export interface Screen {
  draw(lines: string[]): void;
  size(): ScreenSize;
  close(): void;
}

interface RawInput {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  off(event: 'data', listener: (data: Buffer) => void): unknown;
}

export function openScreen(io: IOStreams, handlers: { onQuit: () => void; onResize: () => void }): Screen {
  const out = io.stdout as Partial<WriteStream> & NodeJS.WritableStream;
  const stdin = io.stdin as unknown as RawInput;
  const raw = io.stdinIsTTY && typeof stdin.setRawMode === 'function';
  const onData = (data: Buffer): void => {
    if (isQuitKey(data)) handlers.onQuit();
  };
  if (raw) {
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
  }
  const onResize = (): void => handlers.onResize();
  if (typeof out.on === 'function') out.on('resize', onResize);
  out.write(`${HIDE_CURSOR}${CLEAR_SCREEN}${HOME}`);
  let closed = false;
  return {
    draw(lines) {
      if (closed) return;
      out.write(`${HOME}${lines.map((l) => `${l}${CLEAR_LINE_END}`).join('\n')}${CLEAR_BELOW}`);
    },
    size() {
      const columns = typeof out.columns === 'number' && out.columns > 0 ? out.columns : (io.stdoutColumns ?? 80);
      const rows = typeof out.rows === 'number' && out.rows > 0 ? out.rows : undefined;
      return { columns, rows };
    },
    close() {
      if (closed) return;
      closed = true;
      if (typeof out.off === 'function') out.off('resize', onResize);
      if (raw) {
        stdin.off('data', onData);
        stdin.setRawMode?.(false);
        stdin.pause();
      }
      // The last screen stays; the shell's prompt starts below it.
      out.write(`${SHOW_CURSOR}\n`);
    },
  };
}
