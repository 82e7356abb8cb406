// @ts-nocheck
// Declares `memctl nodes`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { targetOptions } from '../options/flags.js';

export function registerNodes(program: Command, deps: ProgramDeps): void {
  targetOptions(program.command('nodes').description('per node: role, slots, keys, memory, ops/s, clients, replication lag, hit ratio').argument('<target>', 'cluster name or URL')).action(
    lazy(deps, async () => (await import('./run.js')).run),
  );
}
