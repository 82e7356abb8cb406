// @ts-nocheck
// Declares `memctl auth token`: arguments, flags and help. The work is in the modules its action
// loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerAuth(program: Command, deps: ProgramDeps): void {
  program
    .command('auth')
    .description('authentication helpers')
    .command('token')
    .description('print an IAM auth token (valid 15 minutes) for AUTH <user> <token>')
    .argument('<cluster>', 'cluster name')
    .option('--user <name>', 'IAM-enabled user')
    .option('--expires <seconds>', 'validity, 1-900 seconds (default 900)')
    .action(lazy(deps, async () => (await import('./run.js')).token));
}
