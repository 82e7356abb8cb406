// @ts-nocheck
// The examples each command's help ends with (2-4 per command, every one a command that runs as
// written, given the cluster it names). cli.ts attaches them after every command is declared; a
// test checks that each command has its examples and that their flags exist.
import type { Command } from 'commander';

export const EXAMPLES: Record<string, readonly string[]> = {
  list: ['memctl list', 'memctl --service elasticache list -o json', "memctl list --query '[].[name, status]' -o text"],
  describe: ['memctl describe orders', 'memctl describe orders -o json --query shards', 'memctl --local describe demo --no-roles'],
  create: [
    'memctl create orders --node-type db.r7g.large --shards 2 --replicas 1 --wait',
    'memctl create orders --shards 2 --if-not-exists --fail-on-drift --wait',
    'memctl create copy --from-snapshot nightly --wait',
    'memctl --service elasticache create cache --cluster-mode enabled --shards 3 --replicas 1 --generate-auth-token --wait',
  ],
  delete: ['memctl delete demo --yes --wait', 'memctl delete orders --final-snapshot orders-final --yes --wait'],
  scale: ['memctl scale orders --shards 4 --dry-run', 'memctl scale orders --shards 4 --wait', 'memctl scale orders --replicas 2 --node-type db.r7g.xlarge --wait --timeout 2h', 'memctl scale orders --engine valkey --dry-run'],
  failover: ['memctl failover orders --shard 0001 --yes --wait', 'memctl --service elasticache failover cache --shard 0002 --yes'],
  snapshot: ['memctl snapshot create orders nightly --wait', 'memctl snapshot list --cluster orders', 'memctl snapshot restore nightly orders-copy --wait'],
  'snapshot create': ['memctl snapshot create orders nightly --wait', 'memctl snapshot create orders nightly --tag team=payments'],
  'snapshot list': ['memctl snapshot list', 'memctl snapshot list --cluster orders --source manual -o json'],
  'snapshot describe': ['memctl snapshot describe nightly', 'memctl snapshot describe nightly --wait'],
  'snapshot copy': [
    'memctl snapshot copy nightly nightly-copy --wait',
    'memctl snapshot copy nightly nightly-export --bucket my-backups',
    'memctl snapshot copy --latest --cluster orders --bucket dr-account-backups --prefix orders-',
  ],
  'snapshot delete': ['memctl snapshot delete nightly --yes', 'memctl snapshot delete nightly --yes --wait'],
  'snapshot restore': ['memctl snapshot restore nightly orders-copy --wait', 'memctl snapshot restore nightly orders-big --node-type db.r7g.xlarge --replicas 2 --wait'],
  events: ['memctl events', 'memctl events --cluster orders --since 6h', 'memctl events --type cluster -o json'],
  users: ['memctl users list', 'memctl users create app --access-string "on ~app:* +@read" --password-file pw.txt', 'memctl users rotate-password app --generate'],
  'users list': ['memctl users list', "memctl users list -o json --query '[].name'"],
  'users describe': ['memctl users describe app', 'memctl users describe app -o json'],
  'users create': [
    'memctl users create app --access-string "on ~app:* +@read +@write" --password-file pw.txt',
    'memctl users create reader --access-string "on ~* +@read" --generate --wait',
    'memctl users create ci --access-string "on ~* +@all" --iam',
  ],
  'users update': ['memctl users update app --access-string "on ~app:* +@read"', 'memctl users update app --password-stdin --wait < pw.txt'],
  'users delete': ['memctl users delete app --yes', 'memctl --service elasticache users delete app --yes'],
  'users rotate-password': [
    'memctl users rotate-password app --generate',
    'memctl users rotate-password app --password-file new.txt --grace 10m',
    'memctl users rotate-password app --finish',
  ],
  acls: ['memctl acls list', 'memctl acls create app-acl --user app --wait', 'memctl acls attach app-acl orders --wait'],
  'acls list': ['memctl acls list', 'memctl --service elasticache acls list -o json'],
  'acls describe': ['memctl acls describe app-acl', 'memctl acls describe app-acl -o json'],
  'acls create': ['memctl acls create app-acl --user app --user reader --wait', 'memctl --service elasticache acls create app-group --user default --user app --engine redis'],
  'acls update': ['memctl acls update app-acl --add ci --wait', 'memctl acls update app-acl --remove reader'],
  'acls delete': ['memctl acls delete app-acl --yes', 'memctl --service elasticache acls delete app-group --yes'],
  'acls attach': ['memctl acls attach app-acl orders --wait', 'memctl --service elasticache acls attach app-group cache --wait'],
  auth: ['memctl auth token orders --user ci', 'memctl auth token orders --user ci --expires 300'],
  'auth token': ['memctl auth token orders --user ci', 'REDISCLI_AUTH="$(memctl auth token orders --user ci)" redis-cli --tls --user ci -h HOST'],
  'rotate-auth-token': ['memctl rotate-auth-token cache --generate-auth-token', 'memctl rotate-auth-token cache --auth-token-file new.txt --grace 10m', 'memctl rotate-auth-token cache --finish'],
  keys: ["memctl keys scan orders --match 'session:*'", 'memctl keys get orders user:42', "memctl keys delete orders --match 'tmp:*' --dry-run"],
  'keys scan': [
    "memctl keys scan orders --match 'session:*' --limit 100",
    'memctl keys scan orders --columns type,ttl,memory -o ndjson',
    'memctl keys scan orders --read-from replica --max-ops 500',
    'memctl keys scan rediss://127.0.0.1:6379 --cacert ca.pem --user reader --password-file pw.txt',
  ],
  'keys get': ['memctl keys get orders user:42', 'memctl keys get orders blob --raw > blob.bin', "memctl keys get orders 'bin\\x00key' --key-escaped"],
  'keys delete': ["memctl keys delete orders --match 'tmp:*' --dry-run", "memctl keys delete orders --match 'tmp:*' --rate 1000 --yes", 'memctl keys delete orders --key user:42 --key user:43 --yes'],
  analyze: ['memctl analyze orders', 'memctl analyze orders --sample 100000 --report orders.html', "memctl analyze orders --match 'cache:*' -o json --read-from replica"],
  nodes: ['memctl nodes orders', 'memctl nodes orders -o json', 'memctl nodes rediss://127.0.0.1:6379 --cacert ca.pem'],
  slowlog: ['memctl slowlog orders', 'memctl slowlog orders --limit 50 -o json'],
  cost: ['memctl cost orders', 'memctl cost orders --write-gb-per-month 50 -o json', 'memctl cost orders --max-monthly 500 --price-file prices.json'],
  endpoints: ['memctl endpoints orders', 'memctl endpoints orders -o k8s --namespace shop --label team=payments | kubectl apply -f -', 'memctl endpoints orders -o env > .env'],
  metrics: ['memctl metrics orders', 'memctl metrics orders --since 30m --stat p99 --metric EngineCPUUtilization --metric CurrConnections', "memctl metrics orders -o json --query 'series[?metric==`CurrItems`].[node, last]'"],
  alarms: ['memctl alarms apply orders --sns-topic-arn arn:aws:sns:us-east-1:123456789012:ops', 'memctl alarms list orders', 'memctl alarms apply orders --threshold memory=75 --dry-run'],
  'alarms apply': ['memctl alarms apply orders --sns-topic-arn arn:aws:sns:us-east-1:123456789012:ops', 'memctl alarms apply orders --file alarms.yaml --dry-run', 'memctl alarms apply orders --threshold memory=75 --disable swap'],
  'alarms list': ['memctl alarms list orders', "memctl alarms list orders -o json --query \"[?state=='ALARM'].name\""],
  'alarms delete': ['memctl alarms delete orders', 'memctl alarms delete orders --yes'],
  top: ['memctl top orders', 'memctl top orders --sort cpu --interval 2', "memctl top orders --count 60 | jq -c '.nodes[] | [.node, .opsPerSec]'"],
  bench: [
    'memctl --local bench demo --requests 200000 --ratio 1:10',
    'memctl bench orders --rate 5000 --test-time 60s --read-from replica -o json > run.json',
    'memctl bench orders --latency --duration 30s',
    'memctl bench compare before.json after.json',
  ],
  'bench compare': ['memctl bench compare before.json after.json', 'memctl bench compare before.json after.json -o json'],
  'bench merge': ['memctl bench merge host-a.json host-b.json', 'memctl bench merge runs/*.json -o json > total.json'],
  connect: ['memctl --local connect demo', 'memctl connect orders --user app --password-file pw.txt --exec -- --scan', 'memctl connect orders --user app -o env > redis.env', 'memctl connect orders -o url'],
  local: ['memctl local up', 'memctl local status', 'memctl local down'],
  'local up': ['memctl local up', 'memctl local up --port 4599 --state-dir /tmp/memctl-state', 'memctl local up --create-delay-ms 2000'],
  'local down': ['memctl local down', 'memctl local down --state-dir /tmp/memctl-state'],
  'local status': ['memctl local status', 'memctl local status -o json'],
  'local reset': ['memctl local reset --yes', 'memctl local reset --state-dir /tmp/memctl-state --yes'],
  'local faults': ['memctl local faults --fault-rate 0.2 --fault-kinds throttling,server-error', 'memctl local faults --fault-rate 0'],
  'local serve': ['memctl local serve', 'memctl local serve --port 4599'],
  completion: ['source <(memctl completion bash)', 'memctl completion zsh > "${fpath[1]}/_memctl"', 'memctl completion fish > ~/.config/fish/completions/memctl.fish'],
};

/** The path of a command below the program, e.g. "keys scan". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent !== null && c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Ends the help of every command in the tree with its examples. */
export function attachExamples(program: Command): void {
  const visit = (command: Command): void => {
    for (const sub of command.commands) {
      const examples = EXAMPLES[commandPath(sub)];
      if (examples !== undefined) sub.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
      visit(sub);
    }
  };
  visit(program);
}
