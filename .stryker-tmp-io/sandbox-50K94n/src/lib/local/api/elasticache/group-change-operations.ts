// @ts-nocheck
// Changes to replication groups, validated like the service and then done for real by
// cluster-changes.ts (the machinery MemoryDB's UpdateCluster uses) while the group shows
// "modifying": ModifyReplicationGroupShardConfiguration (online resharding), Increase- and
// DecreaseReplicaCount, ModifyReplicationGroup (node type, settings, access, primary) and
// TestFailover. One change at a time: a group that is not available refuses the next.
import {
  beginFailover,
  beginNodeTypeChange,
  beginReplicaChange,
  beginSettingsChange,
  failoverCandidate,
  nodeTypeProblem,
} from '../../engine/changes.js';
import { beginReshard } from '../../engine/reshard.js';
import { allNodes, isStandalone } from '../../engine/cluster-nodes.js';
import { qBool, qInt, qRequiredStr, qStr, qStrList, qStructList, type QueryStruct } from '../shared/query-input.js';
import type { LocalCluster, LocalNode } from '../../store/state.js';
import { beginAccessChange, planAccessChange } from './access.js';
import { cacheEngineVersion, cacheParameterGroupOrFault, defaultCacheParameterGroup } from './catalog.js';
import { planEngineUpgrade, type UpgradeCatalog, type UpgradeErrors } from '../shared/engine-upgrade.js';
import { beginUpgrade } from '../../engine/upgrade.js';
import { invalidParameterCombination, invalidParameterValue } from './common.js';
import { checkNodeType, checkRetention, WINDOW_ERRORS } from './group-plan.js';
import { checkWindows } from '../shared/windows.js';
import { clusterModeEnabled, faults, groupOrFault, MAX_NODE_GROUPS, MAX_REPLICAS, nodeCount, nodeGroupId, requireGroupAvailable, shardOrFault } from './groups.js';
import type { ApiDeps, HandlerContext, QueryOperation } from '../shared/operation.js';
import { replicationGroupShape, type LiveRoles } from './shapes.js';

export interface GroupChangeDeps extends ApiDeps {
  /** Live roles, read before a change starts: the answer shows the group as the change begins. */
  liveRoles: (group: LocalCluster) => Promise<LiveRoles>;
}

/** Settings ModifyReplicationGroup can only keep as they are locally. */
const FIXED: Array<[string, (g: LocalCluster) => string]> = [
  ['TransitEncryptionEnabled', (g) => String(g.tls)],
  ['ClusterMode', (g) => g.elasticache?.clusterMode ?? 'enabled'],
  ['IpDiscovery', () => 'ipv4'],
];

/** ElastiCache's engine versions and parameter groups, for an upgrade (a cluster-mode group keeps `.cluster.on`). */
const ELASTICACHE_UPGRADES: UpgradeCatalog = {
  find: (engine, version) => cacheEngineVersion(engine, version),
  familyOf: (group) => (group.elasticache === undefined ? undefined : cacheParameterGroupOrFault(group.elasticache.cacheParameterGroup).family),
  parameterGroup: (family, group) => defaultCacheParameterGroup(family, group.elasticache?.clusterMode === 'enabled'),
};

const ELASTICACHE_UPGRADE_ERRORS: UpgradeErrors = { invalidValue: invalidParameterValue, invalidCombination: invalidParameterCombination };

function requireApplyImmediately(params: QueryStruct): void {
  if (qBool(params, 'ApplyImmediately') !== true) throw invalidParameterValue('ApplyImmediately must be true: the change starts at once.');
}

export function groupChangeOperations(deps: GroupChangeDeps): Record<string, QueryOperation> {
  const { store, runtime } = deps;
  const state = store.state;

  const checkNodeQuota = (extra: number): void => {
    if (extra > 0 && nodeCount(state) + extra > deps.maxNodes) {
      throw faults.nodeQuota(`This local control plane runs at most ${deps.maxNodes} nodes; ${extra} more were asked for.`);
    }
  };

  /** Increase- or DecreaseReplicaCount: the per-node-group targets, checked; then the change. */
  const replicaCount = async (params: QueryStruct, direction: 'increase' | 'decrease', ctx: HandlerContext): Promise<unknown> => {
    const group = groupOrFault(state, qRequiredStr(params, 'ReplicationGroupId'), ctx.region);
    requireApplyImmediately(params);
    const newCount = qInt(params, 'NewReplicaCount');
    const configuration = qStructList(params, 'ReplicaConfiguration');
    const toRemove = direction === 'decrease' ? qStrList(params, 'ReplicasToRemove') : undefined;
    const given = [newCount, configuration, toRemove].filter((v) => v !== undefined).length;
    if (given === 0) throw invalidParameterValue(`Give NewReplicaCount${direction === 'decrease' ? ', ReplicasToRemove' : ''} or ReplicaConfiguration.`);
    if (given > 1) throw invalidParameterCombination(`Give only one of NewReplicaCount${direction === 'decrease' ? ', ReplicasToRemove' : ''} and ReplicaConfiguration.`);

    const targets = new Map<string, number>();
    let remove: LocalNode[] | undefined;
    if (newCount !== undefined) {
      for (const shard of group.shards) targets.set(shard.name, newCount);
    } else if (configuration !== undefined) {
      if (configuration.length === 0) throw invalidParameterValue('ReplicaConfiguration must name at least one node group.');
      for (const entry of configuration) {
        const id = nodeGroupId(qRequiredStr(entry, 'NodeGroupId'));
        const count = qInt(entry, 'NewReplicaCount');
        if (count === undefined) throw invalidParameterValue('Every ReplicaConfiguration entry needs NewReplicaCount.');
        if (!group.shards.some((s) => s.name === id)) throw invalidParameterValue(`Node group ${id} not found in replication group ${group.name}.`);
        if (targets.has(id)) throw invalidParameterValue(`Node group ${id} is configured twice.`);
        targets.set(id, count);
      }
    } else {
      const names = [...new Set((toRemove ?? []).map((n) => n.toLowerCase()))];
      if (names.length === 0) throw invalidParameterValue('ReplicasToRemove must name at least one replica.');
      requireGroupAvailable(group);
      const primaries = new Set([...(await runtime.livePrimaries(group)).values()]);
      remove = names.map((name) => {
        const node = allNodes(group).find((n) => n.name === name);
        if (node === undefined) throw invalidParameterValue(`Cache cluster ${name} is not a member of replication group ${group.name}.`);
        if (primaries.has(node)) throw invalidParameterValue(`Cache cluster ${name} is a primary; only replicas can be removed.`);
        return node;
      });
      for (const shard of group.shards) {
        const leaving = shard.nodes.filter((n) => remove?.includes(n)).length;
        if (leaving > 0) targets.set(shard.name, shard.nodes.length - 1 - leaving);
      }
    }

    // Cluster mode disabled with automatic failover (and so Multi-AZ) keeps a replica to fail over to.
    const minimum = direction === 'decrease' && !clusterModeEnabled(group) && group.elasticache?.automaticFailover === true ? 1 : 0;
    let changes = 0;
    for (const [name, target] of targets) {
      const current = (group.shards.find((s) => s.name === name)?.nodes.length ?? 1) - 1;
      if (target < 0 || target > MAX_REPLICAS) throw invalidParameterValue(`The replica count must be between 0 and ${MAX_REPLICAS}.`);
      if (direction === 'increase' && target < current) throw invalidParameterValue(`Node group ${name} has ${current} replicas; IncreaseReplicaCount cannot lower it to ${target}.`);
      if (direction === 'decrease' && target > current) throw invalidParameterValue(`Node group ${name} has ${current} replicas; DecreaseReplicaCount cannot raise it to ${target}.`);
      if (target < minimum) throw invalidParameterValue(`Replication group ${group.name} has automatic failover enabled: each node group keeps at least ${minimum} replica.`);
      if (target !== current) changes++;
    }
    if (changes === 0) throw faults.noOperation(`Replication group ${group.name} already has that many replicas.`);
    requireGroupAvailable(group);
    checkNodeQuota([...targets].reduce((n, [name, target]) => n + Math.max(0, target - ((group.shards.find((s) => s.name === name)?.nodes.length ?? 1) - 1)), 0));
    const roles = await deps.liveRoles(group);
    beginReplicaChange(runtime, group, { targets, remove });
    return { ReplicationGroup: replicationGroupShape(group, roles) };
  };

  return {
    async ModifyReplicationGroupShardConfiguration(params, ctx) {
      const group = groupOrFault(state, qRequiredStr(params, 'ReplicationGroupId'), ctx.region);
      const count = qInt(params, 'NodeGroupCount');
      if (count === undefined) throw invalidParameterValue('The parameter NodeGroupCount must be provided.');
      requireApplyImmediately(params);
      if (!clusterModeEnabled(group)) throw invalidParameterValue(`Replication group ${group.name} has cluster mode disabled: it has one node group, which cannot be resharded.`);
      if (count < 1) throw invalidParameterValue('NodeGroupCount must be at least 1.');
      if (count > MAX_NODE_GROUPS) throw faults.nodeGroupQuota(MAX_NODE_GROUPS);
      const remove = qStrList(params, 'NodeGroupsToRemove')?.map(nodeGroupId);
      const retain = qStrList(params, 'NodeGroupsToRetain')?.map(nodeGroupId);
      const resharding = qStructList(params, 'ReshardingConfiguration');
      if (remove !== undefined && retain !== undefined) throw invalidParameterCombination('Give NodeGroupsToRemove or NodeGroupsToRetain, not both.');
      const current = group.shards.map((s) => s.name);
      let keep: string[] | undefined;
      if (count < current.length) {
        if (remove === undefined && retain === undefined) throw invalidParameterValue('Decreasing the node group count needs NodeGroupsToRemove or NodeGroupsToRetain.');
        const named = remove ?? retain ?? [];
        const unknown = named.find((id) => !current.includes(id));
        if (unknown !== undefined) throw invalidParameterValue(`Node group ${unknown} not found in replication group ${group.name}.`);
        keep = retain ?? current.filter((id) => !(remove ?? []).includes(id));
        if (new Set(keep).size !== count) throw invalidParameterValue(`Keeping node groups ${keep.join(', ')} leaves ${new Set(keep).size}, not NodeGroupCount ${count}.`);
      } else if (remove !== undefined || retain !== undefined) {
        throw invalidParameterValue('NodeGroupsToRemove and NodeGroupsToRetain are for decreasing the node group count.');
      }
      if (resharding !== undefined && resharding.length > 0 && count <= current.length) throw invalidParameterValue('ReshardingConfiguration is for increasing the node group count.');
      requireGroupAvailable(group);
      checkNodeQuota((count - current.length) * (group.replicasPerShard + 1));
      const roles = await deps.liveRoles(group);
      beginReshard(runtime, group, count, keep);
      return { ReplicationGroup: replicationGroupShape(group, roles) };
    },

    IncreaseReplicaCount: (params, ctx) => replicaCount(params, 'increase', ctx),
    DecreaseReplicaCount: (params, ctx) => replicaCount(params, 'decrease', ctx),

    async ModifyReplicationGroup(params, ctx) {
      const group = groupOrFault(state, qRequiredStr(params, 'ReplicationGroupId'), ctx.region);
      const settings = group.elasticache;
      if (settings === undefined) throw faults.groupNotFound(group.name);
      for (const [key, value] of FIXED) {
        const asked = qStr(params, key);
        if (asked !== undefined && asked.toLowerCase() !== value(group).toLowerCase()) {
          throw invalidParameterValue(`Changing ${key} is not supported by the memctl local control plane.`);
        }
      }
      if (qStr(params, 'NodeGroupId') !== undefined) throw invalidParameterValue('NodeGroupId is for global datastores, which the local control plane does not have.');

      const nodeType = qStr(params, 'CacheNodeType');
      if (nodeType !== undefined) checkNodeType(nodeType);
      const automaticFailover = qBool(params, 'AutomaticFailoverEnabled') ?? settings.automaticFailover;
      const multiAz = qBool(params, 'MultiAZEnabled') ?? settings.multiAz;
      const enabled = clusterModeEnabled(group);
      if (enabled && !automaticFailover) throw invalidParameterCombination('Automatic failover cannot be disabled for a replication group with cluster mode enabled.');
      if (!enabled && automaticFailover && !group.shards.some((s) => s.nodes.length > 1)) {
        throw invalidParameterCombination('Automatic failover needs at least one replica.');
      }
      if (multiAz && !automaticFailover) throw invalidParameterCombination('Multi-AZ needs automatic failover enabled.');
      const retention = qInt(params, 'SnapshotRetentionLimit');
      if (retention !== undefined) checkRetention(retention);
      const window = qStr(params, 'SnapshotWindow');
      const maintenance = qStr(params, 'PreferredMaintenanceWindow');
      const maintenanceWindow = checkWindows({ maintenance, snapshot: window }, { maintenance: group.maintenanceWindow, snapshot: group.snapshotWindow }, WINDOW_ERRORS).maintenance;
      const upgrade = planEngineUpgrade(group, { engine: qStr(params, 'Engine'), version: qStr(params, 'EngineVersion') }, ELASTICACHE_UPGRADES, runtime.servers, ELASTICACHE_UPGRADE_ERRORS);
      const parameterGroupName = qStr(params, 'CacheParameterGroupName');
      if (parameterGroupName !== undefined) {
        const parameterGroup = cacheParameterGroupOrFault(parameterGroupName);
        // With an upgrade, the group named is the one the new version runs with.
        const family = upgrade === undefined ? cacheParameterGroupOrFault(settings.cacheParameterGroup).family : (cacheEngineVersion(upgrade.engine, upgrade.version)?.family ?? '');
        if (parameterGroup.family !== family || parameterGroup.clusterMode !== enabled) {
          throw invalidParameterCombination(`Parameter group ${parameterGroup.name} does not fit replication group ${group.name} (family ${family}, cluster mode ${enabled ? 'enabled' : 'disabled'}).`);
        }
      }
      const snapshotting = qStr(params, 'SnapshottingClusterId')?.toLowerCase();
      if (snapshotting !== undefined && !allNodes(group).some((n) => n.name === snapshotting)) {
        throw invalidParameterValue(`Cache cluster ${snapshotting} is not a member of replication group ${group.name}.`);
      }
      const primaryId = qStr(params, 'PrimaryClusterId')?.toLowerCase();
      let newPrimary: LocalNode | undefined;
      if (primaryId !== undefined) {
        if (!isStandalone(group)) throw invalidParameterValue('PrimaryClusterId is for replication groups with cluster mode disabled; use TestFailover.');
        newPrimary = allNodes(group).find((n) => n.name === primaryId);
        if (newPrimary === undefined) throw invalidParameterValue(`Cache cluster ${primaryId} is not a member of replication group ${group.name}.`);
      }
      const nodeTypeChange = nodeType !== undefined && nodeType !== group.nodeType;
      requireGroupAvailable(group);
      // Checked before anything changes; started once the other settings are in place.
      const accessChange = planAccessChange(state, group, params);
      if ([accessChange !== undefined, nodeTypeChange, newPrimary !== undefined, upgrade !== undefined].filter(Boolean).length > 1) {
        throw invalidParameterCombination('Change the node type, the primary, the engine version, and the AUTH token or user groups in separate requests.');
      }
      if (upgrade !== undefined && parameterGroupName !== undefined) upgrade.parameterGroup = parameterGroupName;
      const description = qStr(params, 'ReplicationGroupDescription');
      const groups = qStrList(params, 'SecurityGroupIds');
      const topic = qStr(params, 'NotificationTopicArn');
      const autoMinor = qBool(params, 'AutoMinorVersionUpgrade');
      const anything = [description, groups, topic, autoMinor, retention, window, maintenance, parameterGroupName, snapshotting, qBool(params, 'AutomaticFailoverEnabled'), qBool(params, 'MultiAZEnabled'), nodeType, primaryId, accessChange, upgrade].some((v) => v !== undefined);
      if (!anything) throw invalidParameterCombination('No modifications were requested.');
      if (nodeTypeChange) {
        const problem = await nodeTypeProblem(runtime, group, nodeType);
        if (problem !== undefined) throw invalidParameterValue(`Cannot change replication group ${group.name} to ${nodeType}: ${problem}`);
      }
      let primaryReplica: LocalNode | undefined;
      if (newPrimary !== undefined) {
        const shard = group.shards[0];
        const live = shard === undefined ? undefined : (await runtime.livePrimaries(group)).get(shard.name);
        if (live !== newPrimary) {
          primaryReplica = shard === undefined ? undefined : await failoverCandidate(runtime, group, { ...shard, nodes: [newPrimary] });
          if (primaryReplica === undefined) throw invalidParameterValue(`Cache cluster ${newPrimary.name} is not a replica in sync right now; it cannot become the primary.`);
        }
      }

      // Settings that take effect at once.
      if (description !== undefined) group.description = description;
      if (groups !== undefined) group.securityGroupIds = groups;
      if (topic !== undefined) group.snsTopicArn = topic === '' ? undefined : topic;
      if (autoMinor !== undefined) group.autoMinorVersionUpgrade = autoMinor;
      if (retention !== undefined) group.snapshotRetentionLimit = retention;
      if (window !== undefined) group.snapshotWindow = window;
      if (maintenanceWindow !== undefined) group.maintenanceWindow = maintenanceWindow;
      if (parameterGroupName !== undefined && upgrade === undefined) group.parameterGroup = settings.cacheParameterGroup = parameterGroupName;
      if (snapshotting !== undefined) settings.snapshottingClusterId = snapshotting;
      // Automated snapshots of a cluster-mode-disabled group come from one member: pick one when they start.
      if (!enabled && group.snapshotRetentionLimit > 0 && settings.snapshottingClusterId === undefined) settings.snapshottingClusterId = allNodes(group).at(-1)?.name;
      settings.automaticFailover = automaticFailover;
      settings.multiAz = multiAz;
      store.save();

      const shard = group.shards[0];
      const roles = await deps.liveRoles(group);
      if (nodeTypeChange) beginNodeTypeChange(runtime, group, nodeType);
      else if (primaryReplica !== undefined && shard !== undefined) beginFailover(runtime, group, shard, primaryReplica);
      else if (accessChange !== undefined) beginAccessChange(runtime, group, accessChange);
      else if (upgrade !== undefined) beginUpgrade(runtime, group, upgrade);
      else beginSettingsChange(runtime, group, `Replication group ${group.name} modified`);
      return { ReplicationGroup: replicationGroupShape(group, roles) };
    },

    async TestFailover(params, ctx) {
      const group = groupOrFault(state, qRequiredStr(params, 'ReplicationGroupId'), ctx.region);
      const requested = qRequiredStr(params, 'NodeGroupId');
      nodeGroupId(requested);
      const shard = shardOrFault(group, requested);
      requireGroupAvailable(group);
      if (group.elasticache?.automaticFailover !== true) throw faults.groupState(`Replication group ${group.name} has automatic failover disabled; TestFailover needs it enabled.`);
      if (shard.nodes.length < 2) throw faults.testFailoverNotAvailable(`Node group ${shard.name} has no replica to fail over to.`);
      const replica = await failoverCandidate(runtime, group, shard, { takeover: true });
      if (replica === undefined) throw faults.testFailoverNotAvailable(`Node group ${shard.name} has no replica in sync right now.`);
      const roles = await deps.liveRoles(group);
      beginFailover(runtime, group, shard, replica);
      return { ReplicationGroup: replicationGroupShape(group, roles) };
    },
  };
}
