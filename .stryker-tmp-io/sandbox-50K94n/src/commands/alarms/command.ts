// @ts-nocheck
// Declares `memctl alarms` and its subcommands: arguments, flags and help. The work is in the
// modules its actions load.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect } from '../options/flags.js';

export function registerAlarms(program: Command, deps: ProgramDeps): void {
  const alarms = program.command('alarms').description("CloudWatch alarms for every node of a cluster: the standard set (CPU, engine CPU, memory, freeable memory, swap, connections, evictions, replication lag), kept in step with the nodes");
  alarms
    .command('apply')
    .description('create, update or remove alarms so each node has the standard set (idempotent: a second run changes nothing)')
    .argument('<cluster>', 'cluster (or replication group) name')
    .option('--sns-topic-arn <arn>', 'SNS topic notified on ALARM and OK (repeatable)', collect)
    .option('--threshold <alarm=value>', 'override an alarm threshold, e.g. memory=75 (repeatable)', collect)
    .option('--disable <alarm>', 'leave this alarm out (repeatable)', collect)
    .option('--file <path>', 'YAML: <alarm>: {threshold, period, evaluationPeriods, datapointsToAlarm, statistic, disabled}')
    .option('--dry-run', 'show what would change; change nothing')
    .action(lazy(deps, async () => (await import('./run.js')).apply));
  alarms
    .command('list')
    .description("the cluster's alarms: state, reason and since when")
    .argument('<cluster>', 'cluster (or replication group) name')
    .action(lazy(deps, async () => (await import('./run.js')).list));
  alarms
    .command('delete')
    .description("delete every alarm memctl made for the cluster (asks first; needs --yes without a terminal)")
    .argument('<cluster>', 'cluster (or replication group) name')
    .action(lazy(deps, async () => (await import('./run.js')).remove));
}
