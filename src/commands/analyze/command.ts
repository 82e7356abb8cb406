// Declares `memctl analyze`: arguments, flags and help. The work is in the modules its action
// loads.
import { type Command, Option } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { sweepOptions, targetOptions } from '../options/flags.js';

export function registerAnalyze(program: Command, deps: ProgramDeps): void {
  sweepOptions(targetOptions(program.command('analyze').description('memory by type and namespace, top keys, TTL buckets, shard balance, recommendations').argument('<target>', 'cluster name or URL')))
    .option('--match <pattern>', 'only keys matching this glob pattern (SCAN MATCH), e.g. the keys a least-privilege user may read')
    .option('--sample <n>', 'analyze only the first N keys of each node (SCAN order) instead of the whole keyspace')
    .option('--delimiter <c>', 'namespace delimiter in key names (default ":")')
    .option('--depth <n>', 'namespace depth (default 2)')
    .option('--top <n>', 'top keys and namespaces to show (default 10)')
    .option('--report <file.html>', 'also write a self-contained HTML report with charts')
    .option('--count <n>', 'SCAN COUNT hint: keys examined per call, bounding server work (default 1000)')
    .option('--max-ops <n>', 'at most this many commands per second per node')
    .option('--max-latency-ms <ms>', "space batches out while a node's PING round trip is above this (default 2; 0 only watches); the nodes' p50/p99 are in the report")
    .addOption(new Option('--parallel <n>', 'nodes swept at once (default all)').hideHelp())
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
