// @ts-nocheck
// Declares `memctl scale`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerScale(program: Command, deps: ProgramDeps): void {
  program
    .command('scale')
    .description('change shards (online resharding), replicas per shard or node type')
    .argument('<cluster>', 'cluster name')
    .option('--shards <n>', 'shard count, 1-500')
    .option('--replicas <n>', 'replicas per shard, 0-5')
    .option('--node-type <type>', 'node type')
    .option('--engine-version <version>', 'upgrade the engine to this version (a rolling upgrade; versions only go up)')
    .option('--engine <engine>', 'with MemoryDB or ElastiCache from redis: move to valkey')
    .option('--dry-run', 'print the plan (slots that move, nodes added and removed) and change nothing')
    .option('--wait', 'wait until the change is done, showing resharding progress')
    .option('--timeout <duration>', 'how long --wait waits (default 6h; 2m with --local)')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
