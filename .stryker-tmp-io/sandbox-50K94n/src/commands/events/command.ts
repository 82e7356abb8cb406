// @ts-nocheck
// Declares `memctl events`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerEvents(program: Command, deps: ProgramDeps): void {
  program
    .command('events')
    .description('what happened to clusters, nodes, users and ACLs (newest last; at most 14 days back)')
    .option('--cluster <name>', 'only this cluster and its nodes')
    .option('--since <duration>', 'how far back, e.g. 30m, 2h, 3d (default 1h)')
    .option('--type <type>', 'cluster, node, user, acl, parameter-group or subnet-group')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
