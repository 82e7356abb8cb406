// @ts-nocheck
// Declares `memctl failover`: arguments, flags and help. The work is in the modules its action
// loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerFailover(program: Command, deps: ProgramDeps): void {
  program
    .command('failover')
    .description('promote a replica of a shard (asks first; needs --yes without a terminal)')
    .argument('<cluster>', 'cluster name')
    .option('--shard <id>', 'shard to fail over, e.g. 0001 (may be left out when there is only one)')
    .option('--wait', 'wait until the new primary takes writes, and report how long writes were refused')
    .option('--no-probe', 'with --wait: do not write to the shard to measure the write pause')
    .option('--timeout <duration>', 'how long --wait waits (default 30m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
