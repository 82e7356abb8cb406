// @ts-nocheck
// Declares `memctl slowlog`: arguments, flags and help. The work is in the modules its action
// loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { targetOptions } from '../options/flags.js';

export function registerSlowlog(program: Command, deps: ProgramDeps): void {
  targetOptions(program.command('slowlog').description('the slow log of every node, merged by time').argument('<target>', 'cluster name or URL'))
    .option('--limit <n>', 'entries per node (default 128)')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
