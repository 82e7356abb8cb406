// Commands whose first argument is a subcommand (CLUSTER SLOTS, MEMORY USAGE...): --debug names
// them with it. Its own module so that the lean wire connection (and the PING worker, which loads
// only that) does not load ioredis with connect.ts.
export const CONTAINERS = new Set(['cluster', 'client', 'config', 'acl', 'memory', 'object', 'xinfo', 'command', 'function', 'script', 'slowlog', 'latency']);
