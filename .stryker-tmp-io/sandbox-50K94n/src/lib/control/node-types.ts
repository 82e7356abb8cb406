// @ts-nocheck
// Node types each service accepts, with the memory a node of that type offers for data.
// The local control plane sets each redis-server's maxmemory from this table.
import type { ServiceName } from './model.js';

const GIB = 1024 ** 3;

const SIZES: Record<string, number> = {
  large: 13.07,
  xlarge: 26.32,
  '2xlarge': 52.82,
  '4xlarge': 105.81,
  '8xlarge': 209.55,
  '12xlarge': 317.77,
  '16xlarge': 419.09,
};

const TIERED: Record<string, number> = { xlarge: 19.93, '2xlarge': 40.01, '4xlarge': 77.71, '8xlarge': 155.46 };

function family(prefix: string, sizes: Record<string, number>): Array<[string, number]> {
  return Object.entries(sizes).map(([size, gib]) => [`${prefix}.${size}`, gib]);
}

const MEMORYDB: ReadonlyMap<string, number> = new Map([
  ['db.t4g.small', 1.37],
  ['db.t4g.medium', 3.09],
  ...family('db.r6g', SIZES),
  ...family('db.r7g', SIZES),
  ...family('db.r6gd', TIERED),
]);

const ELASTICACHE: ReadonlyMap<string, number> = new Map([
  ['cache.t4g.micro', 0.5],
  ['cache.t4g.small', 1.37],
  ['cache.t4g.medium', 3.09],
  ['cache.t3.micro', 0.5],
  ['cache.t3.small', 1.37],
  ['cache.t3.medium', 3.09],
  ['cache.m6g.large', 6.38],
  ['cache.m7g.large', 6.38],
  ['cache.m6g.xlarge', 12.93],
  ['cache.m7g.xlarge', 12.93],
  ...family('cache.r6g', SIZES),
  ...family('cache.r7g', SIZES),
]);

function table(service: ServiceName): ReadonlyMap<string, number> {
  return service === 'memorydb' ? MEMORYDB : ELASTICACHE;
}

export function nodeTypes(service: ServiceName): string[] {
  return [...table(service).keys()];
}

export function isKnownNodeType(service: ServiceName, nodeType: string): boolean {
  return table(service).has(nodeType);
}

/** Memory for data in bytes, or undefined for an unknown type. */
export function nodeMemoryBytes(service: ServiceName, nodeType: string): number | undefined {
  const gib = table(service).get(nodeType);
  return gib === undefined ? undefined : Math.round(gib * GIB);
}

export const DEFAULT_NODE_TYPE: Record<ServiceName, string> = {
  memorydb: 'db.t4g.small',
  elasticache: 'cache.t4g.micro',
};
