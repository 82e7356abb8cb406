// @ts-nocheck
// Declares `memctl snapshot` and its subcommands: arguments, flags and help. The work is in the
// modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect, waitOptions } from '../options/flags.js';

export function registerSnapshot(program: Command, deps: ProgramDeps): void {
  const snapshot = program.command('snapshot').description('snapshots: create, list, describe, copy (and export), delete, restore');
  waitOptions(snapshot.command('create').description('snapshot a cluster').argument('<cluster>', 'cluster name').argument('<name>', 'snapshot name'))
    .option('--kms-key-id <id>', 'KMS key to encrypt the snapshot')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .action(lazy(deps, async () => (await import('./run.js')).create));
  snapshot
    .command('list')
    .description('list snapshots, manual and automated')
    .option('--cluster <name>', 'only this cluster\'s snapshots')
    .option('--source <source>', 'manual or automated')
    .action(lazy(deps, async () => (await import('./run.js')).list));
  waitOptions(snapshot.command('describe').description('one snapshot with its shards and sizes').argument('<name>', 'snapshot name')).action(
    lazy(deps, async () => (await import('./run.js')).describe),
  );
  waitOptions(
    snapshot
      .command('copy')
      .description("copy a snapshot; --bucket exports it to S3; --latest --cluster C --bucket B exports C's newest snapshot once (for cron and CI)")
      .argument('[source]', 'snapshot to copy')
      .argument('[target]', 'name of the copy'),
  )
    .option('--bucket <bucket>', 'export the copy to this S3 bucket')
    .option('--kms-key-id <id>', 'KMS key for the copy')
    .option('--latest', "copy the cluster's newest snapshot (needs --cluster and --bucket); a second run exports nothing new")
    .option('--cluster <name>', '--latest: the cluster whose snapshots are exported')
    .option('--source <source>', '--latest: automated (default), manual or any')
    .option('--prefix <prefix>', "--latest: the export's name is this prefix and the snapshot's name")
    .option('--keep <n>', '--latest: keep the exports of the newest n snapshots in the bucket, delete older ones (the local plane)')
    .action(lazy(deps, async () => (await import('./run.js')).copy));
  waitOptions(snapshot.command('delete').description('delete a snapshot (asks first; needs --yes without a terminal)').argument('<name>', 'snapshot name')).action(
    lazy(deps, async () => (await import('./run.js')).remove),
  );
  waitOptions(snapshot.command('restore').description('create a new cluster from a snapshot').argument('<snapshot>', 'snapshot name').argument('<cluster>', 'new cluster name'))
    .option('--node-type <type>', "node type (default: the snapshot's)")
    .option('--replicas <n>', "replicas per shard, 0-5 (default: the snapshot's)")
    .option('--acl <name>', "ACL to attach (default: the source cluster's while it exists, else open-access)")
    .option('--no-tls', "disable in-transit encryption (default: as the source cluster, on when it is gone)")
    .option('--subnet-group <name>', 'subnet group')
    .option('--parameter-group <name>', 'parameter group')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .option('--user-groups <ids>', 'ElastiCache: user groups to attach (comma-separated)', collect)
    .option('--multi-az', 'ElastiCache: Multi-AZ (needs a replica)')
    .option('--auth-token', 'ElastiCache: protect with an AUTH token from MEMCTL_AUTH_TOKEN or a prompt (needs TLS)')
    .option('--auth-token-stdin', 'ElastiCache: read the AUTH token from standard input')
    .option('--auth-token-file <file>', 'ElastiCache: read the AUTH token from a file')
    .option('--generate-auth-token', 'ElastiCache: generate an AUTH token and print it once')
    .option('--dry-run', 'show the request, resolved from the snapshot, and restore nothing')
    .action(lazy(deps, async () => (await import('./run.js')).restore));
}
