// @ts-nocheck
// memctl's entry: runs the program and turns every outcome into an exit code.
import { VERSION } from './version.js';

/** After Ctrl-C or SIGTERM, how long a command may take to clean up before the process ends. */
const STOP_GRACE_MS = 3000;

export async function main(argv: string[]): Promise<number> {
  // The fast path: no module beyond this one is loaded to print the version.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [{ buildProgram }, { systemStreams, watchReader }, { reportError }, { StopRequest }] = await Promise.all([
    import('./cli.js'),
    import('./lib/io/streams.js'),
    import('./lib/io/report.js'),
    import('./lib/io/signals.js'),
  ]);
  const io = systemStreams({ noColor: argv.includes('--no-color'), noInput: argv.includes('--no-input') });
  const controller = new AbortController();
  // SIGINT (Ctrl-C) and SIGTERM stop the command the same way: waits end saying the operation goes
  // on, work in progress is cleaned up. A second signal, or cleanup longer than STOP_GRACE_MS,
  // ends the process at once. Exit 130 after SIGINT, 143 after SIGTERM.
  let signalled: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (name: 'SIGINT' | 'SIGTERM'): void => {
    const code = name === 'SIGTERM' ? 143 : 130;
    // A command that listens for the signal itself (the foreground local control plane stopping
    // its nodes) owns its shutdown.
    const owned = process.listenerCount(name) > 1;
    if (controller.signal.aborted && !owned) process.exit(code);
    signalled = name;
    // The reason says which signal it was (lib/io/signals.ts): memctl top ends Ctrl-C with exit 0.
    controller.abort(new StopRequest(name));
    if (owned) return;
    setTimeout(() => {
      process.stderr.write(`memctl: stopped by ${name} (cleanup took longer than ${STOP_GRACE_MS / 1000}s)\n`);
      process.exit(code);
    }, STOP_GRACE_MS).unref();
  };
  const onSigint = (): void => onSignal('SIGINT');
  const onSigterm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  // A reader that stops reading (`memctl keys scan x | head`) ends the command as Ctrl-C would, but
  // quietly and with exit 0: it had all the output it wanted. Nothing is left to tell on stderr then.
  const readerGone = watchReader(process.stdout, () => controller.abort(), (err) => {
    process.stderr.write(`memctl: cannot write output: ${err.message}\n`);
    process.exit(1);
  });
  process.stderr.on('error', () => undefined);
  const program = buildProgram({ io, signal: controller.signal });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (readerGone()) return 0;
    const code = reportError(io, err, argv.includes('--debug'));
    return code === 130 && signalled === 'SIGTERM' ? 143 : code;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}
