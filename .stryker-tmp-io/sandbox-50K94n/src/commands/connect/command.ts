// @ts-nocheck
// Declares `memctl connect <cluster> [-- redis-cli args]`: the redis-cli command line that reaches a
// cluster (TLS, CA, cluster mode, user), printed or run; -o env and -o url for scripts.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { targetOptions } from '../options/flags.js';

export const CONNECT_FORMATS = ['env', 'url'] as const;

export function registerConnect(program: Command, deps: ProgramDeps): void {
  targetOptions(
    program
      .command('connect')
      .description('connect with redis-cli: run it on a terminal, print its command line otherwise (the password goes in REDISCLI_AUTH, never argv)')
      .argument('<target>', 'cluster name or redis:// / rediss:// URL')
      .argument('[redis-cli-args...]', 'more redis-cli arguments, after --'),
  )
    .option('--print', 'print the command line, do not run it')
    .option('--exec', 'run redis-cli even without a terminal')
    .action(lazy(deps, async () => (await import('./run.js')).run, { formats: CONNECT_FORMATS }));
}
