// @ts-nocheck
// Declares `memctl bench` (with compare and merge): arguments, flags and help. The work is in the
// modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect, targetOptions } from '../options/flags.js';

export function registerBench(program: Command, deps: ProgramDeps): void {
  const bench = targetOptions(
    program
      .command('bench')
      .description('throughput and latency benchmark (SET:GET ratio or custom commands); --latency probes PING; compare and merge saved results')
      .argument('<target>', 'cluster name or URL'),
  )
    .option('--threads <n>', 'worker threads (default: half the cores, at least 1)')
    .option('--clients <n>', 'connections per thread (default 50)')
    .option('--pipeline <n>', 'requests in flight per client (default 1)')
    .option('--ratio <set:get>', 'SET:GET mix (default 1:10)')
    .option('--command <command>', 'custom command with __key__ and __data__, e.g. "HSET __key__ f __data__" (repeatable; sent in turn)', collect)
    .option('--key-pattern <pattern>', 'uniform, sequential, gaussian or zipf (default uniform)')
    .option('--keyspace <n>', 'keys 0..n-1 (instead of --key-minimum/--key-maximum)')
    .option('--key-minimum <n>', 'lowest key number (default 0)')
    .option('--key-maximum <n>', 'highest key number (default 9999999)')
    .option('--key-stddev <n>', 'gaussian: standard deviation (default a sixth of the range)')
    .option('--zipf-exponent <s>', 'zipf: exponent (default 0.99)')
    .option('--key-prefix <prefix>', 'every key starts with it (default memctl-bench:)')
    .option('--data-size <bytes>', 'value size (default 32)')
    .option('--data-size-range <min-max>', 'random value sizes, e.g. 16-1024')
    .option('--ttl <duration>', 'SET ... EX: keys expire after this (default 1h), e.g. 60s')
    .option('--requests <n>', 'requests in total, all threads and clients together (default 100000)')
    .option('--test-time <duration>', 'run this long instead of a request count, e.g. 30s')
    .option('--warmup <duration>', 'run this long first without counting, e.g. 5s (default 0, with --rate 1s)')
    .option('--rate <ops/s>', 'open loop: this many requests per second in total, latency counted from when each was due')
    .option('--timeout <duration>', 'a request unanswered this long fails and its connection is reopened (default 5s)')
    .option('--cleanup', 'unlink every key under the prefix at the end (the default)')
    .option('--keep-keys', 'leave the keys the run wrote (they still expire after --ttl)')
    .option('--hdr-out <file>', 'write the latency distribution (HdrHistogram text format), also one file per command')
    .option('--latency', 'probe mode: PING one at a time, min/avg/max/p50/p99 per interval')
    .option('--history', 'with --latency: show every interval, not only the total')
    .option('--interval <duration>', 'with --latency: window length (default 1s)')
    .option('--duration <duration>', 'with --latency: how long (default 10s)')
    .option('--samples <n>', 'with --latency: stop after this many PINGs')
    .action(lazy(deps, async () => (await import('./run.js')).run));
  bench
    .command('compare')
    .description('two saved results (-o json) side by side, with deltas and percent')
    .argument('<a>', 'result file')
    .argument('<b>', 'result file')
    .action(lazy(deps, async () => (await import('./run.js')).compare));
  bench
    .command('merge')
    .description('results of several machines as one (histograms merged, throughput summed while they overlapped)')
    .argument('<files...>', 'result files')
    .action(lazy(deps, async () => (await import('./run.js')).merge));
}
