// The one top-level error handler: one clear line (plus a hint), the documented exit code,
// and a stack trace only with --debug.
import { ExitCode, isMemctlError, noPermission } from './errors.js';
import { redact } from './debug.js';
import { escapeControl } from './sanitize.js';
import type { IOStreams } from './streams.js';

interface CommanderLikeError {
  code: string;
  exitCode: number;
}

function isCommanderError(err: unknown): err is CommanderLikeError & Error {
  return typeof err === 'object' && err !== null && typeof (err as CommanderLikeError).code === 'string' && (err as CommanderLikeError).code.startsWith('commander.');
}

export function reportError(io: Pick<IOStreams, 'stderr'>, err: unknown, debug: boolean): number {
  if (isCommanderError(err)) {
    // commander already printed its message (unknown option, missing argument, ...). Help shown
    // because no command was given comes with exit code 1: it is not a failure (--help and
    // --version come with 0).
    if (err.code === 'commander.help') return ExitCode.ok;
    if (err.code === 'commander.executeSubCommandAsync') return err.exitCode;
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const write = (line: string): void => void io.stderr.write(`${redact(line)}\n`);
  if (isMemctlError(err)) {
    write(`memctl: ${escapeControl(err.message)}`);
    if (err.hint !== undefined) write(`  hint: ${err.hint}`);
    if (debug && err.cause instanceof Error && err.cause.stack !== undefined) write(err.cause.stack);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const refused = noPermission('', e.message);
  if (refused !== undefined) {
    write(`memctl: ${escapeControl(refused.message)}`);
    // noPermission always says what to add.
    write(`  hint: ${refused.hint as string}`);
    return refused.exitCode;
  }
  write(`memctl: ${escapeControl(e.message.split('\n')[0] ?? e.message)}`);
  if (debug && e.stack !== undefined) write(e.stack);
  else write('  hint: re-run with --debug for details');
  return ExitCode.failure;
}
