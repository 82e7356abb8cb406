// @ts-nocheck
// The administrative commands the services keep for themselves: MemoryDB's documented list of
// restricted commands, the cluster-topology commands a managed service cannot hand out, and the
// ACL subcommands that show password hashes. Every user of a cluster but the plane's own is denied
// them, whatever its access string grants (a `+@all` user included), so no client can reconfigure
// a node, read a secret (CONFIG GET masterauth), or reach the plane's own user.

/** Commands and subcommands (Redis ACL `cmd|sub` names) no user of a cluster may run. */
export const RESTRICTED_COMMANDS: readonly string[] = [
  // MemoryDB's restricted commands.
  'acl|deluser', 'acl|load', 'acl|save', 'acl|setuser',
  'bgrewriteaof', 'bgsave',
  'cluster|addslots', 'cluster|delslots', 'cluster|setslot',
  'config', 'debug', 'migrate', 'module', 'psync', 'replicaof', 'save', 'shutdown', 'slaveof', 'sync',
  // The rest of what only the service may do to the topology, and what would show a secret.
  'cluster|addslotsrange', 'cluster|delslotsrange', 'cluster|flushslots', 'cluster|meet', 'cluster|forget',
  'cluster|replicate', 'cluster|reset', 'cluster|failover', 'cluster|bumpepoch', 'cluster|set-config-epoch',
  'cluster|saveconfig', 'failover', 'acl|list', 'acl|getuser',
];

const DENY = RESTRICTED_COMMANDS.map((c) => `-${c}`);

/** A user's ACL rules with the restricted commands denied, at the top level and in every selector. */
export function restrictRules(rules: readonly string[]): string[] {
  return [
    ...rules.map((rule) => (rule.startsWith('(') && rule.endsWith(')') ? `${rule.slice(0, -1)} ${DENY.join(' ')})` : rule)),
    ...DENY,
  ];
}
