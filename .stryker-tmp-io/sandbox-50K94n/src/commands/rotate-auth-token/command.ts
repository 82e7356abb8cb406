// @ts-nocheck
// Declares `memctl rotate-auth-token`: arguments, flags and help. The work is in the modules its
// action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerRotateAuthToken(program: Command, deps: ProgramDeps): void {
  program
    .command('rotate-auth-token')
    .description('ElastiCache: zero-downtime AUTH token rotation: phase one adds the new token (ROTATE), --finish keeps only it (SET); each verified on every node')
    .argument('<group>', 'replication group protected by an AUTH token')
    .option('--auth-token-stdin', 'read the new token from standard input (with --current-auth-token-stdin: the second line)')
    .option('--auth-token-file <file>', 'read the new token from a file (or MEMCTL_AUTH_TOKEN)')
    .option('--generate-auth-token', 'generate the new token and print it once')
    .option('--current-auth-token-stdin', 'read the current token from standard input (the first line)')
    .option('--current-auth-token-file <file>', 'read the current token from a file (or MEMCTL_CURRENT_AUTH_TOKEN)')
    .option('--finish', 'phase two: keep only the new token and verify the old one is refused everywhere')
    .option('--grace <duration>', 'run phase one, wait this long, then phase two')
    .option('--timeout <duration>', 'how long each wait lasts (default 60m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
