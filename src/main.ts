// memctl's entry: runs the program and turns every outcome into an exit code.
import { VERSION } from './version.js';

export async function main(argv: string[]): Promise<number> {
  // The fast path: no module beyond this one is loaded to print the version.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [{ buildProgram }, { systemStreams, watchReader }, { reportError }] = await Promise.all([
    import('./cli.js'),
    import('./lib/io/streams.js'),
    import('./lib/io/report.js'),
  ]);
  const io = systemStreams({ noColor: argv.includes('--no-color'), noInput: argv.includes('--no-input') });
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
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
    return reportError(io, err, argv.includes('--debug'));
  } finally {
    process.off('SIGINT', onSigint);
  }
}
