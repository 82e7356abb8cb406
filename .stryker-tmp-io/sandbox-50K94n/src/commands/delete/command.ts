// @ts-nocheck
// Declares `memctl delete`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerDelete(program: Command, deps: ProgramDeps): void {
  program
    .command('delete')
    .description('delete a cluster (asks first; needs --yes without a terminal)')
    .argument('<cluster>', 'cluster name')
    .option('--final-snapshot <name>', 'take a snapshot of the data before deleting')
    .option('--wait', 'wait until the cluster is gone')
    .option('--timeout <duration>', 'how long --wait waits (default 60m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
