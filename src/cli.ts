// Builds the commander program. Every command's module is imported only when it runs,
// so `memctl --help` stays fast.
import { Command, Option } from 'commander';
import type { Context, GlobalFlags } from './context.js';
import type { IOStreams } from './lib/io/streams.js';
import { VERSION } from './version.js';
import { targetOptions } from './commands/target-flags.js';

export interface ProgramDeps {
  io: IOStreams;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  serveCommand?: string[];
}

type Action = (ctx: Context, ...args: any[]) => Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Wraps a lazily imported command function as a commander action. */
function lazy(deps: ProgramDeps, load: () => Promise<Action>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const positional = args.slice(0, -2);
    const flags = command.opts();
    const globals = command.optsWithGlobals<GlobalFlags>();
    const { Context } = await import('./context.js');
    const ctx = new Context({ io: deps.io, flags: globals, env: deps.env, signal: deps.signal, serveCommand: deps.serveCommand });
    const run = await load();
    await run(ctx, ...positional, flags);
  };
}

/** commander's "error: ..." (and "(Did you mean ...?)") in memctl's one-line-plus-hint form. */
export function commanderErrorText(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const [first = 'invalid usage', ...rest] = lines;
  const message = `memctl: ${first.replace(/^error: /, '')}\n`;
  const suggestion = rest.find((l) => /^\(Did you mean .*\?\)$/.test(l));
  return suggestion === undefined ? message : `${message}  hint: ${suggestion.slice(1, -1).replace(/^Did/, 'did')}\n`;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function buildProgram(deps: ProgramDeps): Command {
  const program = new Command('memctl');
  program
    .description('Operations CLI for Amazon MemoryDB and Amazon ElastiCache (Redis OSS / Valkey)')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(new Option('--service <service>', 'memorydb or elasticache (env MEMCTL_SERVICE)'))
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile)')
    .option('--profile <profile>', 'AWS profile from the shared config files')
    .option('--endpoint-url <url>', 'send AWS API calls to this endpoint')
    .option('--local', 'use the local control plane, starting it when needed')
    .option('-o, --output <format>', 'table, json, yaml, text or ndjson (default: table on a terminal, text otherwise)')
    .option('--query <jmespath>', 'JMESPath expression applied to the JSON output')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-input', 'never prompt; fail instead')
    .option('--debug', 'log AWS requests and Redis commands to stderr (secrets redacted)')
    .option('-q, --quiet', 'print no progress or notices')
    .option('--no-color', 'no colour in output')
    .showSuggestionAfterError(true)
    // Set before any subcommand is added: commander copies these settings to subcommands on creation.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void deps.io.stdout.write(text),
      writeErr: (text) => void deps.io.stderr.write(text),
      outputError: (text, write) => write(commanderErrorText(text)),
    })
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 failure, 2 bad usage or input, 3 not found, 4 auth/permission,
            5 timed out waiting, 6 conflict / wrong state / exists, 130 interrupted

Examples:
  memctl --local create demo --shards 2 --replicas 1 --wait
  memctl --local list -o json
  memctl describe orders --region eu-west-1`,
    );

  program
    .command('list')
    .description('list clusters')
    .action(lazy(deps, async () => (await import('./commands/list.js')).run));

  program
    .command('describe')
    .description('show a cluster with its shards, nodes and endpoints')
    .argument('<cluster>', 'cluster name')
    .option('--roles', 'ask each node for its role (default with --local; MemoryDB does not report roles)')
    .option('--no-roles', 'do not contact the nodes')
    .action(lazy(deps, async () => (await import('./commands/describe.js')).run));

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
    .option('--wait', 'wait until the cluster is available')
    .option('--timeout <duration>', 'how long --wait waits, e.g. 30m (default 90m; 2m with --local)')
    .option('--if-not-exists', 'succeed without changes when the cluster already exists')
    .option('--from-snapshot <name>', 'restore from a snapshot (keeps its shards and data)')
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
    .action(lazy(deps, async () => (await import('./commands/create.js')).run));

  program
    .command('delete')
    .description('delete a cluster (asks first; needs --yes without a terminal)')
    .argument('<cluster>', 'cluster name')
    .option('--final-snapshot <name>', 'take a snapshot of the data before deleting')
    .option('--wait', 'wait until the cluster is gone')
    .option('--timeout <duration>', 'how long --wait waits (default 60m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./commands/delete.js')).run));

  program
    .command('scale')
    .description('change shards (online resharding), replicas per shard or node type')
    .argument('<cluster>', 'cluster name')
    .option('--shards <n>', 'shard count, 1-500')
    .option('--replicas <n>', 'replicas per shard, 0-5')
    .option('--node-type <type>', 'node type')
    .option('--dry-run', 'print the plan (slots that move, nodes added and removed) and change nothing')
    .option('--wait', 'wait until the change is done, showing resharding progress')
    .option('--timeout <duration>', 'how long --wait waits (default 6h; 2m with --local)')
    .action(lazy(deps, async () => (await import('./commands/scale.js')).run));

  program
    .command('failover')
    .description('promote a replica of a shard (asks first; needs --yes without a terminal)')
    .argument('<cluster>', 'cluster name')
    .option('--shard <id>', 'shard to fail over, e.g. 0001 (may be left out when there is only one)')
    .option('--wait', 'wait until the new primary takes writes, and report how long writes were refused')
    .option('--no-probe', 'with --wait: do not write to the shard to measure the write pause')
    .option('--timeout <duration>', 'how long --wait waits (default 30m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./commands/failover.js')).run));

  const snapshot = program.command('snapshot').description('snapshots: create, list, describe, copy (and export), delete, restore');
  const waitOptions = (cmd: Command): Command =>
    cmd.option('--wait', 'wait until it is done').option('--timeout <duration>', 'how long --wait waits (default 6h; 2m with --local)');
  waitOptions(snapshot.command('create').description('snapshot a cluster').argument('<cluster>', 'cluster name').argument('<name>', 'snapshot name'))
    .option('--kms-key-id <id>', 'KMS key to encrypt the snapshot')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .action(lazy(deps, async () => (await import('./commands/snapshot.js')).create));
  snapshot
    .command('list')
    .description('list snapshots, manual and automated')
    .option('--cluster <name>', 'only this cluster\'s snapshots')
    .option('--source <source>', 'manual or automated')
    .action(lazy(deps, async () => (await import('./commands/snapshot.js')).list));
  waitOptions(snapshot.command('describe').description('one snapshot with its shards and sizes').argument('<name>', 'snapshot name')).action(
    lazy(deps, async () => (await import('./commands/snapshot.js')).describe),
  );
  waitOptions(snapshot.command('copy').description('copy a snapshot; --bucket exports it to S3').argument('<source>', 'snapshot to copy').argument('<target>', 'name of the copy'))
    .option('--bucket <bucket>', 'export the copy to this S3 bucket')
    .option('--kms-key-id <id>', 'KMS key for the copy')
    .action(lazy(deps, async () => (await import('./commands/snapshot.js')).copy));
  waitOptions(snapshot.command('delete').description('delete a snapshot (asks first; needs --yes without a terminal)').argument('<name>', 'snapshot name')).action(
    lazy(deps, async () => (await import('./commands/snapshot.js')).remove),
  );
  waitOptions(snapshot.command('restore').description('create a new cluster from a snapshot').argument('<snapshot>', 'snapshot name').argument('<cluster>', 'new cluster name'))
    .option('--node-type <type>', 'node type (default db.t4g.small)')
    .option('--replicas <n>', 'replicas per shard, 0-5 (default 1)')
    .option('--acl <name>', 'ACL to attach (default open-access; ElastiCache: a user group)')
    .option('--no-tls', 'disable in-transit encryption')
    .option('--subnet-group <name>', 'subnet group')
    .option('--parameter-group <name>', 'parameter group')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .option('--user-groups <ids>', 'ElastiCache: user groups to attach (comma-separated)', collect)
    .option('--multi-az', 'ElastiCache: Multi-AZ (needs a replica)')
    .option('--auth-token', 'ElastiCache: protect with an AUTH token from MEMCTL_AUTH_TOKEN or a prompt (needs TLS)')
    .option('--auth-token-stdin', 'ElastiCache: read the AUTH token from standard input')
    .option('--auth-token-file <file>', 'ElastiCache: read the AUTH token from a file')
    .option('--generate-auth-token', 'ElastiCache: generate an AUTH token and print it once')
    .action(lazy(deps, async () => (await import('./commands/snapshot.js')).restore));

  program
    .command('events')
    .description('what happened to clusters, nodes, users and ACLs (newest last; at most 14 days back)')
    .option('--cluster <name>', 'only this cluster and its nodes')
    .option('--since <duration>', 'how far back, e.g. 30m, 2h, 3d (default 1h)')
    .option('--type <type>', 'cluster, node, user, acl, parameter-group or subnet-group')
    .action(lazy(deps, async () => (await import('./commands/events.js')).run));

  const passwordOptions = (cmd: Command): Command =>
    cmd
      .option('--password-stdin', 'read the password from standard input')
      .option('--password-file <file>', 'read the password from a file')
      .option('--generate', 'generate a strong password and print it once')
      .option('--second-password-file <file>', 'a second password (users may have two)');
  const users = program.command('users').description('users: password or IAM authentication, access strings, zero-downtime rotation');
  users.command('list').description('list users with their ACLs and password count').action(lazy(deps, async () => (await import('./commands/users.js')).list));
  users
    .command('describe')
    .description('one user')
    .argument('<user>', 'user name')
    .action(lazy(deps, async () => (await import('./commands/users.js')).describe));
  waitOptions(
    passwordOptions(users.command('create').description('create a user (password from --password-stdin, --password-file, MEMCTL_PASSWORD, a prompt, or --generate)').argument('<user>', 'user name')),
  )
    .option('--access-string <rules>', 'Redis ACL rules, e.g. "on ~app:* +@all"')
    .option('--iam', 'authenticate with IAM tokens instead of passwords')
    .option('--engine <engine>', 'ElastiCache: redis (default) or valkey')
    .option('--user-name <name>', 'ElastiCache: the name Redis knows the user by, when it differs from its id (e.g. default, to replace the built-in default user)')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .action(lazy(deps, async () => (await import('./commands/users.js')).create));
  waitOptions(passwordOptions(users.command('update').description('change a user\'s access string or passwords').argument('<user>', 'user name')))
    .option('--access-string <rules>', 'new Redis ACL rules')
    .option('--iam', 'switch to IAM authentication')
    .action(lazy(deps, async () => (await import('./commands/users.js')).update));
  users
    .command('delete')
    .description('delete a user (asks first; needs --yes without a terminal)')
    .argument('<user>', 'user name')
    .action(lazy(deps, async () => (await import('./commands/users.js')).remove));
  users
    .command('rotate-password')
    .description('zero-downtime rotation: phase one adds the new password, --finish removes the old; each verified on every node')
    .argument('<user>', 'user name')
    .option('--password-stdin', 'read the new password from standard input (with --current-password-stdin: the second line)')
    .option('--password-file <file>', 'read the new password from a file')
    .option('--generate', 'generate the new password and print it once')
    .option('--current-password-stdin', 'read the current password from standard input (the first line)')
    .option('--current-password-file <file>', 'read the current password from a file (or MEMCTL_CURRENT_PASSWORD)')
    .option('--finish', 'phase two: remove the old password and verify it is refused everywhere')
    .option('--grace <duration>', 'run phase one, wait this long, then phase two')
    .option('--single-shot', 'replace the password at once (clients using the old one fail)')
    .option('--replace-existing', 'when the user already has two passwords, keep only the current and the new one')
    .option('--timeout <duration>', 'how long each verification waits (default 30m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./commands/rotate-password.js')).run));

  const acls = program.command('acls').description('ACLs (ElastiCache: user groups): which users may log in to which clusters');
  acls.command('list').description('list ACLs with their users and clusters').action(lazy(deps, async () => (await import('./commands/acls.js')).list));
  acls
    .command('describe')
    .description('one ACL')
    .argument('<acl>', 'ACL name')
    .action(lazy(deps, async () => (await import('./commands/acls.js')).describe));
  waitOptions(acls.command('create').description('create an ACL').argument('<acl>', 'ACL name'))
    .option('--user <name>', 'user to include (repeatable or comma-separated; ElastiCache adds default when no user is named so)', collect)
    .option('--engine <engine>', 'ElastiCache: redis (default) or valkey')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .action(lazy(deps, async () => (await import('./commands/acls.js')).create));
  waitOptions(acls.command('update').description('add or remove users').argument('<acl>', 'ACL name'))
    .option('--add <user>', 'user to add (repeatable or comma-separated)', collect)
    .option('--remove <user>', 'user to remove (repeatable or comma-separated; asks first)', collect)
    .action(lazy(deps, async () => (await import('./commands/acls.js')).update));
  acls
    .command('delete')
    .description('delete an ACL that no cluster uses (asks first)')
    .argument('<acl>', 'ACL name')
    .action(lazy(deps, async () => (await import('./commands/acls.js')).remove));
  waitOptions(acls.command('attach').description('attach an ACL to a cluster (asks first)').argument('<acl>', 'ACL name').argument('<cluster>', 'cluster name')).action(
    lazy(deps, async () => (await import('./commands/acls.js')).attach),
  );

  program
    .command('auth')
    .description('authentication helpers')
    .command('token')
    .description('print an IAM auth token (valid 15 minutes) for AUTH <user> <token>')
    .argument('<cluster>', 'cluster name')
    .option('--user <name>', 'IAM-enabled user')
    .option('--expires <seconds>', 'validity, 1-900 seconds (default 900)')
    .action(lazy(deps, async () => (await import('./commands/auth.js')).token));

  program
    .command('rotate-auth-token')
    .description('ElastiCache: zero-downtime AUTH token rotation: phase one adds the new token (ROTATE), --finish keeps only it (SET); each verified on every node')
    .argument('<group>', 'replication group protected by an AUTH token')
    .option('--auth-token-stdin', 'read the new token from standard input (with --current-auth-token-stdin: the second line)')
    .option('--auth-token-file <file>', 'read the new token from a file (or MEMCTL_AUTH_TOKEN)')
    .option('--generate-auth-token', 'generate the new token and print it once')
    .option('--current-auth-token-stdin', 'read the current token from standard input (the first line)')
    .option('--current-auth-token-file <file>', 'read the current token from a file (or MEMCTL_CURRENT_AUTH_TOKEN)')
    .option('--finish', 'phase two: keep only the new token and verify the old one is refused everywhere')
    .option('--grace <duration>', 'run phase one, wait this long, then phase two')
    .option('--timeout <duration>', 'how long each wait lasts (default 60m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./commands/rotate-auth-token.js')).run));

  const keys = program.command('keys').description('keys: scan, inspect and delete, across every shard');
  targetOptions(keys.command('scan').description('list keys (SCAN on every primary in parallel; never KEYS)').argument('<target>', 'cluster name or redis:// / rediss:// URL'))
    .option('--match <pattern>', 'glob pattern (SCAN MATCH)')
    .option('--type <type>', 'only keys of this type: string, hash, list, set, zset, stream, ReJSON-RL')
    .option('--limit <n>', 'stop after this many keys')
    .option('--columns <list>', 'extra columns: type,ttl,memory,length (comma-separated)')
    .option('--count <n>', 'SCAN COUNT hint: keys examined per call, bounding server work (default 1000)')
    .option('--max-ops <n>', 'at most this many commands per second per node')
    .action(lazy(deps, async () => (await import('./commands/keys-scan.js')).run));
  targetOptions(keys.command('get').description('show a value by its type (strings, hashes, lists, sets, zsets, streams, JSON)').argument('<target>', 'cluster name or URL').argument('<key>', 'key name'))
    .option('--key-hex', 'the key is given as hex (binary keys)')
    .option('--full', 'do not truncate large values')
    .option('--hex', 'show strings as hex')
    .option('--range <start:stop>', 'element range for lists, sorted sets and streams (default 0:99)')
    .action(lazy(deps, async () => (await import('./commands/keys-get.js')).run));
  targetOptions(keys.command('delete').description('bulk UNLINK by pattern across shards (asks first; needs --yes without a terminal)').argument('<target>', 'cluster name or URL'))
    .option('--match <pattern>', 'glob pattern of the keys to delete (required)')
    .option('--type <type>', 'only keys of this type')
    .option('--dry-run', 'count what would be deleted, delete nothing')
    .option('--rate <n>', 'at most this many deletions per second in total')
    .option('--count <n>', 'SCAN COUNT hint (default 1000)')
    .action(lazy(deps, async () => (await import('./commands/keys-delete.js')).run));
  targetOptions(program.command('analyze').description('memory by type and namespace, top keys, TTL buckets, shard balance, recommendations').argument('<target>', 'cluster name or URL'))
    .option('--sample <n>', 'analyze only the first N keys of each node (SCAN order) instead of the whole keyspace')
    .option('--delimiter <c>', 'namespace delimiter in key names (default ":")')
    .option('--depth <n>', 'namespace depth (default 2)')
    .option('--top <n>', 'top keys and namespaces to show (default 10)')
    .option('--report <file.html>', 'also write a self-contained HTML report with charts')
    .option('--count <n>', 'SCAN COUNT hint: keys examined per call, bounding server work (default 1000)')
    .option('--max-ops <n>', 'at most this many commands per second per node')
    .addOption(new Option('--parallel <n>', 'nodes swept at once (default all)').hideHelp())
    .action(lazy(deps, async () => (await import('./commands/analyze.js')).run));
  targetOptions(program.command('nodes').description('per node: role, slots, keys, memory, ops/s, clients, replication lag, hit ratio').argument('<target>', 'cluster name or URL')).action(
    lazy(deps, async () => (await import('./commands/nodes.js')).run),
  );
  targetOptions(program.command('slowlog').description('the slow log of every node, merged by time').argument('<target>', 'cluster name or URL'))
    .option('--limit <n>', 'entries per node (default 128)')
    .action(lazy(deps, async () => (await import('./commands/slowlog.js')).run));

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
    .option('--ttl <duration>', 'SET ... EX: keys expire, e.g. 60s')
    .option('--requests <n>', 'requests in total, all threads and clients together (default 100000)')
    .option('--test-time <duration>', 'run this long instead of a request count, e.g. 30s')
    .option('--warmup <duration>', 'run this long first without counting, e.g. 5s (default 0, with --rate 1s)')
    .option('--rate <ops/s>', 'open loop: this many requests per second in total, latency counted from when each was due')
    .option('--timeout <duration>', 'a request unanswered this long fails and its connection is reopened (default 5s)')
    .option('--cleanup', 'unlink every key under the prefix at the end')
    .option('--hdr-out <file>', 'write the latency distribution (HdrHistogram text format), also one file per command')
    .option('--latency', 'probe mode: PING one at a time, min/avg/max/p50/p99 per interval')
    .option('--history', 'with --latency: show every interval, not only the total')
    .option('--interval <duration>', 'with --latency: window length (default 1s)')
    .option('--duration <duration>', 'with --latency: how long (default 10s)')
    .option('--samples <n>', 'with --latency: stop after this many PINGs')
    .action(lazy(deps, async () => (await import('./commands/bench.js')).run));
  bench
    .command('compare')
    .description('two saved results (-o json) side by side, with deltas and percent')
    .argument('<a>', 'result file')
    .argument('<b>', 'result file')
    .action(lazy(deps, async () => (await import('./commands/bench.js')).compare));
  bench
    .command('merge')
    .description('results of several machines as one (histograms merged, throughput summed while they overlapped)')
    .argument('<files...>', 'result files')
    .action(lazy(deps, async () => (await import('./commands/bench.js')).merge));

  const local = program.command('local').description('the local control plane: real redis-server clusters behind the AWS APIs');
  const localOptions = (cmd: Command): Command =>
    cmd.option('--state-dir <dir>', 'state directory (env MEMCTL_LOCAL_DIR, default ~/.memctl/local)');
  const serverOptions = (cmd: Command): Command =>
    localOptions(cmd)
      .option('--port <port>', 'port to listen on (env MEMCTL_LOCAL_PORT, default 4597)')
      .option('--create-delay-ms <ms>', 'least time a new cluster stays "creating"')
      .option('--delete-delay-ms <ms>', 'least time a deleted cluster stays "deleting"')
      .option('--fault-rate <fraction>', 'answer this fraction of API requests with an error (0-1)')
      .option('--fault-kinds <kinds>', 'throttling, server-error, rate-exceeded (comma-separated)');
  serverOptions(local.command('up').description('start the local control plane in the background')).action(
    lazy(deps, async () => (await import('./commands/local.js')).up),
  );
  localOptions(local.command('down').description('stop it and every node (clusters and data are kept)')).action(
    lazy(deps, async () => (await import('./commands/local.js')).down),
  );
  localOptions(local.command('status').description('show whether it runs, its clusters and node processes (exit 3 when stopped)')).action(
    lazy(deps, async () => (await import('./commands/local.js')).status),
  );
  localOptions(local.command('reset').description('delete every local cluster and all local state')).action(
    lazy(deps, async () => (await import('./commands/local.js')).reset),
  );
  localOptions(local.command('faults').description('change fault injection while it runs'))
    .option('--fault-rate <fraction>', 'fraction of API requests answered with an error (0 turns it off)', '0')
    .option('--fault-kinds <kinds>', 'throttling, server-error, rate-exceeded (comma-separated)')
    .action(lazy(deps, async () => (await import('./commands/local.js')).faults));
  serverOptions(local.command('serve').description('run it in the foreground (what `local up` starts)'))
    .option('--max-nodes <n>', 'most redis-server processes for all clusters (env MEMCTL_LOCAL_MAX_NODES, default 64)')
    .action(lazy(deps, async () => (await import('./commands/local.js')).serveForeground));

  return program;
}
