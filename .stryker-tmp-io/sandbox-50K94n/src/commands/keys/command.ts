// @ts-nocheck
// Declares `memctl keys scan|get|delete`: arguments, flags and help. The work is in the modules its
// action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { sweepOptions, targetOptions } from '../options/flags.js';

export function registerKeys(program: Command, deps: ProgramDeps): void {
  const keys = program.command('keys').description('keys: scan, inspect and delete, across every shard');
  sweepOptions(targetOptions(keys.command('scan').description('list keys (SCAN on every primary in parallel; never KEYS)').argument('<target>', 'cluster name or redis:// / rediss:// URL')))
    .option('--match <pattern>', 'glob pattern (SCAN MATCH)')
    .option('--type <type>', 'only keys of this type: string, hash, list, set, zset, stream, ReJSON-RL')
    .option('--limit <n>', 'stop after this many keys')
    .option('--columns <list>', 'extra columns: type,ttl,memory,length (comma-separated)')
    .option('--count <n>', 'SCAN COUNT hint: keys examined per call, bounding server work (default 1000)')
    .option('--max-ops <n>', 'at most this many commands per second per node')
    .action(lazy(deps, async () => (await import('./scan.js')).run));
  targetOptions(keys.command('get').description('show a value by its type (strings, hashes, lists, sets, zsets, streams, JSON)').argument('<target>', 'cluster name or URL').argument('<key>', 'key name'))
    .option('--key-hex', 'the key is given as hex (binary keys)')
    .option('--key-escaped', 'the key is given as keys scan prints it (\\xNN, \\n, \\t, \\\\ escapes)')
    .option('--raw', 'write the string value to stdout exactly as stored, nothing else')
    .option('--full', 'do not truncate large values')
    .option('--hex', 'show strings as hex')
    .option('--range <start:stop>', 'element range for lists, sorted sets and streams (default 0:99)')
    .action(lazy(deps, async () => (await import('./get.js')).run));
  sweepOptions(targetOptions(keys.command('delete').description('UNLINK by pattern across shards, or named keys (asks first; needs --yes without a terminal)').argument('<target>', 'cluster name or URL')))
    .option('--match <pattern>', 'glob pattern of the keys to delete')
    .option('--key <key>', 'delete this key (repeatable; instead of --match)', (v: string, all: string[] = []) => [...all, v])
    .option('--key-hex', 'keys given with --key are hex')
    .option('--key-escaped', 'keys given with --key are as keys scan prints them')
    .option('--type <type>', 'only keys of this type')
    .option('--dry-run', 'count what would be deleted, delete nothing')
    .option('--rate <n>', 'at most this many deletions per second in total')
    .option('--count <n>', 'SCAN COUNT hint (default 1000)')
    .action(lazy(deps, async () => (await import('./delete.js')).run));
}
