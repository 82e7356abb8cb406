// @ts-nocheck
// Which service a bench script measures: `--service memorydb|elasticache` (default memorydb) and,
// for ElastiCache, `--cluster-mode enabled|disabled` where the script supports it. The service only
// changes memctl's global flag (`--service elasticache`), the node types the scripts ask for, and
// where a script talks to the AWS API itself, the client (ElastiCache speaks awsQuery).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const NODE_TYPES = {
  memorydb: { small: 'db.t4g.small', large: 'db.r6g.large', xlarge: 'db.r6g.xlarge' },
  elasticache: { small: 'cache.t4g.small', large: 'cache.r6g.large', xlarge: 'cache.r6g.xlarge' },
};

export function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/**
 * Reads --service and --cluster-mode. `modes` lists the cluster modes the script supports for
 * ElastiCache (empty: the script has no cluster-mode choice and refuses the flag).
 */
export function serviceFromArgs({ modes = [] } = {}) {
  const name = argValue('--service', 'memorydb');
  if (name !== 'memorydb' && name !== 'elasticache') throw new Error(`--service must be memorydb or elasticache, not "${name}"`);
  const modeArg = argValue('--cluster-mode', undefined);
  if (modeArg !== undefined) {
    if (name !== 'elasticache') throw new Error('--cluster-mode applies to --service elasticache only');
    if (!modes.includes(modeArg)) throw new Error(`--cluster-mode must be ${modes.join(' or ') || '(not supported by this script)'}, not "${modeArg}"`);
  }
  const clusterMode = name === 'elasticache' && modes.length > 0 ? (modeArg ?? 'enabled') : undefined;
  return {
    name,
    clusterMode,
    elasticache: name === 'elasticache',
    /** Global flags that pick the service (none for MemoryDB: the commands stay as they were measured). */
    flags: name === 'elasticache' ? ['--service', 'elasticache'] : [],
    /** `create` flags for the cluster mode (none for MemoryDB or cluster mode enabled, the default). */
    createFlags: clusterMode === 'disabled' ? ['--cluster-mode', 'disabled'] : [],
    nodeType: (size) => NODE_TYPES[name][size],
    /** What memctl calls one cluster of this service. */
    noun: name === 'elasticache' ? 'replication group' : 'cluster',
    label: clusterMode === undefined ? name : `${name} (cluster mode ${clusterMode})`,
    /** bench/results/<script>-<service>[-<mode>].json */
    resultsFile: (script) => join(root, 'bench', 'results', `${script}-${name}${clusterMode === undefined || name !== 'elasticache' ? '' : `-${clusterMode}`}.json`),
  };
}

export function writeResults(service, script, results) {
  const file = service.resultsFile(script);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
