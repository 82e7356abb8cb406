// @ts-nocheck
// Declares `memctl metrics`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect } from '../options/flags.js';

export function registerMetrics(program: Command, deps: ProgramDeps): void {
  program
    .command('metrics')
    .description("the cluster's CloudWatch metrics per node: min / average / max / last and a sparkline, in one batched read")
    .argument('<cluster>', 'cluster (or replication group) name')
    .option('--since <when>', 'how far back: a duration (30m, 3h, 2d) or an ISO time (default 3h)')
    .option('--period <seconds>', 'seconds per datapoint: 1, 5, 10, 30 or a multiple of 60 (default: about 180 datapoints)')
    .option('--stat <stat>', 'Average, Minimum, Maximum, Sum, SampleCount or a percentile such as p99 (default Average)')
    .option('--metric <name>', 'a metric to show (repeatable; default the standard twelve; "all" for every one)', collect)
    .option('--node <name>', 'only this node (repeatable)', collect)
    .option('--watch', 'read again every period (at least 5 s) until Ctrl-C')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
