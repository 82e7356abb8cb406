// @ts-nocheck
// Declares `memctl describe`: arguments, flags and help. The work is in the modules its action
// loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerDescribe(program: Command, deps: ProgramDeps): void {
  program
    .command('describe')
    .description('show a cluster with its shards, nodes and endpoints')
    .argument('<cluster>', 'cluster name')
    .option('--roles', 'ask each node for its role (default with --local; MemoryDB does not report roles)')
    .option('--no-roles', 'do not contact the nodes')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
