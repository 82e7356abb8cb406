// @ts-nocheck
// Declares `memctl list`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerList(program: Command, deps: ProgramDeps): void {
  program
    .command('list')
    .description('list clusters')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
