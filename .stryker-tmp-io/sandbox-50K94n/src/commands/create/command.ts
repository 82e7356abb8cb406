// @ts-nocheck
// Declares `memctl create`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect } from '../options/flags.js';

export function registerCreate(program: Command, deps: ProgramDeps): void {
  program
    .command('create')
    .description('create a cluster')
    .argument('<cluster>', 'cluster name')
    .option('--node-type <type>', 'node type (default db.t4g.small)')
    .option('--shards <n>', 'number of shards, 1-500 (default 1)')
    .option('--replicas <n>', 'replicas per shard, 0-5 (default 1)')
    .option('--engine <engine>', 'redis or valkey')
    .option('--engine-version <version>', 'engine version, e.g. 7.1')
    .option('--description <text>', 'description')
    .option('--acl <name>', 'ACL to attach (default open-access)')
    .option('--no-tls', 'disable in-transit encryption')
    .option('--kms-key-id <id>', 'KMS key for encryption at rest')
    .option('--subnet-group <name>', 'subnet group')
    .option('--security-group-ids <ids>', 'security groups (comma-separated, repeatable)', collect)
    .option('--parameter-group <name>', 'parameter group')
    .option('--port <port>', 'port the nodes accept connections on')
    .option('--snapshot-retention <days>', 'days to keep automatic snapshots, 0-35')
    .option('--snapshot-window <hh:mi-hh:mi>', 'daily snapshot window (UTC)')
    .option('--maintenance-window <ddd:hh:mi-ddd:hh:mi>', 'weekly maintenance window (UTC)')
    .option('--sns-topic-arn <arn>', 'SNS topic for notifications')
    .option('--data-tiering', 'enable data tiering (r6gd node types)')
    .option('--no-auto-minor-version-upgrade', 'do not apply minor engine upgrades automatically')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .option('--no-alarms', 'do not make the standard CloudWatch alarms for its nodes (made by default: `memctl alarms`)')
    .option('--alarm-sns-topic-arn <arn>', 'SNS topic the alarms notify on ALARM and OK (repeatable)', collect)
    .option('--wait', 'wait until the cluster is available')
    .option('--timeout <duration>', 'how long --wait waits, e.g. 30m (default 90m; 2m with --local)')
    .option('--if-not-exists', 'succeed without changes when the cluster already exists (differences from the request are listed on stderr)')
    .option('--fail-on-drift', 'with --if-not-exists: exit 6 when the existing cluster differs from what the flags ask')
    .option('--from-snapshot <name>', "restore from a snapshot: its shards, data, node type, replicas and settings unless a flag says otherwise")
    .option('--dry-run', 'show the request (with --from-snapshot: resolved from the snapshot) and create nothing')
    .option('--snapshot-arn <arn>', 'seed from an RDB file in S3, arn:aws:s3:::bucket/file.rdb (repeatable)', collect)
    .option('--cluster-mode <mode>', 'ElastiCache: enabled (default; --shards node groups) or disabled (one primary and --replicas replicas)')
    .option('--multi-az', 'ElastiCache: Multi-AZ (needs a replica)')
    .option('--automatic-failover', 'ElastiCache: fail over automatically (default with replicas)')
    .option('--no-automatic-failover', 'ElastiCache, cluster mode disabled: do not fail over automatically')
    .option('--at-rest-encryption', 'ElastiCache: encrypt data at rest (implied by --kms-key-id)')
    .option('--no-at-rest-encryption', 'ElastiCache: do not encrypt data at rest')
    .option('--user-groups <ids>', 'ElastiCache: user groups to attach (comma-separated; --acl is the same)', collect)
    .option('--auth-token', 'ElastiCache: protect with an AUTH token from MEMCTL_AUTH_TOKEN or a prompt (needs TLS)')
    .option('--auth-token-stdin', 'ElastiCache: read the AUTH token from standard input')
    .option('--auth-token-file <file>', 'ElastiCache: read the AUTH token from a file')
    .option('--generate-auth-token', 'ElastiCache: generate an AUTH token and print it once')
    .action(lazy(deps, async () => (await import('./run.js')).run));
}
