// @ts-nocheck
// DescribeCacheClusters: every node of a replication group is a member cache cluster of one node
// (ElastiCache's model), named after it: `<group>-0001-001` (cluster mode enabled) or `<group>-001`.
import { qBool, qInt, qStr, xmlList } from '../shared/query-input.js';
import { markerPage, memberOrFault, members } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { cacheClusterShape } from './shapes.js';

export function cacheClusterOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const state = deps.store.state;
  return {
    async DescribeCacheClusters(params, ctx) {
      const id = qStr(params, 'CacheClusterId');
      const showNodes = qBool(params, 'ShowCacheNodeInfo') ?? false;
      // Every local cache cluster belongs to a replication group.
      const standaloneOnly = qBool(params, 'ShowCacheClustersNotInReplicationGroups') ?? false;
      const found = id === undefined ? (standaloneOnly ? [] : members(state, ctx.region)) : [memberOrFault(state, id, ctx.region)];
      const sorted = found.sort((a, b) => a.node.name.localeCompare(b.node.name));
      const page = markerPage(sorted, (m) => m.node.name, qInt(params, 'MaxRecords'), qStr(params, 'Marker'));
      return {
        Marker: page.marker,
        CacheClusters: xmlList(
          'CacheCluster',
          page.items.map((m) => cacheClusterShape(m.group, m.shard, m.node, deps.runtime.nodeStatus(m.group, m.node), showNodes)),
        ),
      };
    },
  };
}
