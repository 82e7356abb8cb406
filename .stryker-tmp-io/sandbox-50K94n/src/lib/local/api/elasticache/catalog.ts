// @ts-nocheck
// What a fresh ElastiCache account offers locally: engine versions, the default cache parameter
// groups (one per family, and its `.cluster.on` twin), the `default` cache subnet group; and the
// operations that describe them.
import { availabilityZones, elasticacheArn, LOCAL_VPC } from '../../store/account.js';
import { qBool, qInt, qRequiredStr, qStr, xmlList, type QueryStruct } from '../shared/query-input.js';
import { invalidParameterValue } from './common.js';
import { faults, markerPage } from './groups.js';
import type { QueryOperation } from '../shared/operation.js';

export interface CacheEngineVersion {
  engine: 'redis' | 'valkey';
  version: string;
  /** What a member cache cluster reports as its EngineVersion. */
  patch: string;
  family: string;
  isDefault: boolean;
}

export const CACHE_ENGINE_VERSIONS: CacheEngineVersion[] = [
  { engine: 'redis', version: '6.2', patch: '6.2.6', family: 'redis6.x', isDefault: false },
  { engine: 'redis', version: '7.0', patch: '7.0.7', family: 'redis7', isDefault: false },
  { engine: 'redis', version: '7.1', patch: '7.1.0', family: 'redis7', isDefault: true },
  { engine: 'valkey', version: '7.2', patch: '7.2.6', family: 'valkey7', isDefault: false },
  { engine: 'valkey', version: '8.0', patch: '8.0.1', family: 'valkey8', isDefault: true },
  { engine: 'valkey', version: '8.1', patch: '8.1.1', family: 'valkey8', isDefault: false },
];

/** A version as asked for ("7.1", or with a patch level such as "7.1.0"); the default without one. */
export function cacheEngineVersion(engine: string, requested: string | undefined): CacheEngineVersion | undefined {
  if (requested === undefined) return CACHE_ENGINE_VERSIONS.find((v) => v.engine === engine && v.isDefault);
  const minor = requested.split('.').slice(0, 2).join('.');
  return CACHE_ENGINE_VERSIONS.find((v) => v.engine === engine && v.version === minor);
}

export interface CacheParameterGroup {
  name: string;
  family: string;
  clusterMode: boolean;
}

export const CACHE_PARAMETER_GROUPS: CacheParameterGroup[] = [...new Set(CACHE_ENGINE_VERSIONS.map((v) => v.family))].flatMap((family) => [
  { name: `default.${family}`, family, clusterMode: false },
  { name: `default.${family}.cluster.on`, family, clusterMode: true },
]);

export function defaultCacheParameterGroup(family: string, clusterMode: boolean): string {
  return `default.${family}${clusterMode ? '.cluster.on' : ''}`;
}

export function cacheParameterGroupOrFault(name: string): CacheParameterGroup {
  const group = CACHE_PARAMETER_GROUPS.find((g) => g.name === name);
  if (group === undefined) throw faults.parameterGroupNotFound(name);
  return group;
}

export const DEFAULT_CACHE_SUBNET_GROUP = 'default';

export function checkCacheSubnetGroup(name: string): string {
  if (name.toLowerCase() !== DEFAULT_CACHE_SUBNET_GROUP) throw faults.subnetGroupNotFound(name);
  return DEFAULT_CACHE_SUBNET_GROUP;
}

function page<T>(params: QueryStruct, items: T[], keyOf: (item: T) => string): { items: T[]; marker: string | undefined } {
  return markerPage(items, keyOf, qInt(params, 'MaxRecords'), qStr(params, 'Marker'));
}

export function catalogOperations(): Record<string, QueryOperation> {
  return {
    async DescribeCacheEngineVersions(params) {
      const engine = qStr(params, 'Engine')?.toLowerCase();
      const version = qStr(params, 'EngineVersion');
      const family = qStr(params, 'CacheParameterGroupFamily');
      const defaultOnly = qBool(params, 'DefaultOnly') ?? false;
      const matches = CACHE_ENGINE_VERSIONS.filter(
        (v) =>
          (engine === undefined || v.engine === engine) &&
          (version === undefined || v.version === version.split('.').slice(0, 2).join('.')) &&
          (family === undefined || v.family === family) &&
          (!defaultOnly || v.isDefault),
      );
      const { items, marker } = page(params, matches, (v) => `${v.engine}/${v.version}`);
      return {
        Marker: marker,
        CacheEngineVersions: xmlList(
          'CacheEngineVersion',
          items.map((v) => ({
            Engine: v.engine,
            EngineVersion: v.version,
            CacheParameterGroupFamily: v.family,
            CacheEngineDescription: v.engine === 'redis' ? 'Redis' : 'Valkey',
            CacheEngineVersionDescription: `${v.engine === 'redis' ? 'Redis' : 'Valkey'} ${v.version}`,
          })),
        ),
      };
    },

    async DescribeCacheParameterGroups(params, ctx) {
      const name = qStr(params, 'CacheParameterGroupName');
      const groups = name === undefined ? CACHE_PARAMETER_GROUPS : [cacheParameterGroupOrFault(name)];
      const { items, marker } = page(params, groups, (g) => g.name);
      return {
        Marker: marker,
        CacheParameterGroups: xmlList(
          'CacheParameterGroup',
          items.map((g) => ({
            CacheParameterGroupName: g.name,
            CacheParameterGroupFamily: g.family,
            Description: `Default parameter group for ${g.family}${g.clusterMode ? ' with cluster mode on' : ''}`,
            IsGlobal: false,
            ARN: elasticacheArn(ctx.region, 'parametergroup', g.name),
          })),
        ),
      };
    },

    async DescribeCacheSubnetGroups(params, ctx) {
      const name = qStr(params, 'CacheSubnetGroupName');
      if (name !== undefined) checkCacheSubnetGroup(name);
      const { items, marker } = page(params, [DEFAULT_CACHE_SUBNET_GROUP], (g) => g);
      return {
        Marker: marker,
        CacheSubnetGroups: xmlList(
          'CacheSubnetGroup',
          items.map((g) => ({
            CacheSubnetGroupName: g,
            CacheSubnetGroupDescription: 'Default cache subnet group of the memctl local control plane',
            VpcId: LOCAL_VPC,
            Subnets: xmlList(
              'Subnet',
              availabilityZones(ctx.region).map((az, i) => ({ SubnetIdentifier: `subnet-local${i}`, SubnetAvailabilityZone: { Name: az }, SupportedNetworkTypes: xmlList('member', ['ipv4']) })),
            ),
            ARN: elasticacheArn(ctx.region, 'subnetgroup', g),
            SupportedNetworkTypes: xmlList('member', ['ipv4']),
          })),
        ),
      };
    },

    async DeleteCacheSubnetGroup(params) {
      const name = qRequiredStr(params, 'CacheSubnetGroupName');
      // The local plane has only the built-in group, which no one may delete.
      checkCacheSubnetGroup(name);
      throw invalidParameterValue('The default cache subnet group cannot be deleted.');
    },

    async CreateCacheCluster() {
      throw invalidParameterValue('The memctl local control plane runs replication groups only: use CreateReplicationGroup (NumCacheClusters 1 for a single node).');
    },
  };
}
