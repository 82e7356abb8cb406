// @ts-nocheck
// Declares `memctl top`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { targetOptions } from '../options/flags.js';

export function registerTop(program: Command, deps: ProgramDeps): void {
  targetOptions(
    program
      .command('top')
      .description('live per-node load from INFO: ops/s, CPU, memory, clients, hit ratio, network, replication lag (a redrawn table on a terminal, one ndjson line per interval otherwise)')
      .argument('<target>', 'cluster name or URL'),
  )
    .option('--interval <seconds>', 'seconds between refreshes, 0.2 to 60 (default 1; 500ms also works)')
    .option('--sort <column>', 'ops, memory, clients, cpu, lag (largest first) or name (default ops)')
    .option('--count <n>', 'stop after n refreshes (exit 0)')
    .addHelpText(
      'after',
      `
On a terminal (stdout a terminal with a known width, TERM not dumb, CI unset) the table is redrawn
in place every interval; q or Ctrl-C quits (exit 0), SIGTERM exits 143. Otherwise, or with -o other
than table/wide, one JSON object per interval (ndjson, docs/output.md). The first figures come after
one interval: rates need two samples.`,
    )
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
