// @ts-nocheck
// Declares `memctl cost`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerCost(program: Command, deps: ProgramDeps): void {
  program
    .command('cost')
    .description('what a cluster costs a month: node-hours (on demand; reserved 1y / 3y where priced), data written (MemoryDB), snapshot storage; each figure with its source')
    .argument('<cluster>', 'cluster (or replication group) name')
    .option('--price-file <file>', 'prices from this JSON file instead of the AWS Price List API (docs/cost.md)')
    .option('--write-gb-per-month <gb>', 'MemoryDB: GB written a month, for the data-written charge')
    .option('--max-monthly <usd>', 'exit 6 when the on-demand monthly total is above this (a CI budget check)')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
