// @ts-nocheck
// UpdateCluster and FailoverShard: validated like the service, then done for real by
// cluster-changes.ts while the cluster shows "updating".
import { isKnownNodeType } from '../../../control/node-types.js';
import { beginFailover, beginNodeTypeChange, beginReplicaChange, failoverCandidate, nodeTypeProblem } from '../../engine/changes.js';
import { beginReshard, isBalanced } from '../../engine/reshard.js';
import type { ClusterRuntime } from '../../engine/runtime.js';
import type { LocalCluster, StateStore } from '../../store/state.js';
import { int, requiredStr, str, strList } from '../shared/json-input.js';
import { ApiError, invalidParameter } from '../shared/errors.js';
import { beginAclSwitch } from '../../engine/access/memorydb-changes.js';
import { defaultEngineVersion, defaultParameterGroup, findEngineVersion, PARAMETER_GROUPS } from './catalog.js';
import { planEngineUpgrade, type UpgradeCatalog, type UpgradeErrors } from '../shared/engine-upgrade.js';
import { beginUpgrade } from '../../engine/upgrade.js';
import { checkAclUsable, clusterOrFault, MEMORYDB_WINDOW_ERRORS, objectMember, requireAvailable } from './common.js';
import { checkWindows } from '../shared/windows.js';
import type { Operation } from '../shared/operation.js';

export interface ChangeDeps {
  store: StateStore;
  runtime: ClusterRuntime;
  maxNodes: number;
  shape: (cluster: LocalCluster) => Record<string, unknown>;
  nodeCount: () => number;
}

/** MemoryDB's engine versions and parameter groups, for an upgrade. */
const MEMORYDB_UPGRADES: UpgradeCatalog = {
  find: (engine, version) => (version === undefined ? defaultEngineVersion(engine) : findEngineVersion(engine, version)),
  familyOf: (cluster) => findEngineVersion(cluster.engine, cluster.engineVersion)?.family,
  parameterGroup: (family) => defaultParameterGroup(family),
};

const MEMORYDB_UPGRADE_ERRORS: UpgradeErrors = {
  invalidValue: invalidParameter,
  invalidCombination: (message) => new ApiError('InvalidParameterCombinationException', message),
};

export function changeOperations(deps: ChangeDeps): Record<string, Operation> {
  const { store, runtime } = deps;
  const state = store.state;

  return {
    async UpdateCluster(input, ctx) {
      const cluster = clusterOrFault(state, requiredStr(input, 'ClusterName'), ctx.region);
      const shardCount = int(objectMember(input, 'ShardConfiguration') ?? {}, 'ShardCount');
      const replicaCount = int(objectMember(input, 'ReplicaConfiguration') ?? {}, 'ReplicaCount');
      const nodeType = str(input, 'NodeType');
      const structural = [shardCount, replicaCount, nodeType].filter((v) => v !== undefined).length;
      if (structural > 1) {
        throw new ApiError('InvalidParameterCombinationException', 'Only one of ShardConfiguration, ReplicaConfiguration and NodeType can change in one request');
      }
      if (shardCount !== undefined && (shardCount < 1 || shardCount > 500)) throw invalidParameter('ShardCount must be between 1 and 500');
      if (replicaCount !== undefined && (replicaCount < 0 || replicaCount > 5)) throw invalidParameter('ReplicaCount must be between 0 and 5');
      if (nodeType !== undefined && !isKnownNodeType('memorydb', nodeType)) throw invalidParameter(`Invalid node type: ${nodeType}`);
      const upgrade = planEngineUpgrade(cluster, { engine: str(input, 'Engine'), version: str(input, 'EngineVersion') }, MEMORYDB_UPGRADES, runtime.servers, MEMORYDB_UPGRADE_ERRORS);
      if (upgrade !== undefined && structural > 0) {
        throw new ApiError('InvalidParameterCombinationException', 'Engine and EngineVersion cannot change in the same request as ShardConfiguration, ReplicaConfiguration or NodeType');
      }
      const requestedAcl = str(input, 'ACLName');
      const acl = requestedAcl === undefined ? undefined : checkAclUsable(state, requestedAcl, ctx.region);
      const aclChange = acl !== undefined && acl !== cluster.aclName;
      if (aclChange && (structural > 0 || upgrade !== undefined)) {
        throw new ApiError('InvalidParameterCombinationException', 'ACLName cannot change in the same request as ShardConfiguration, ReplicaConfiguration, NodeType or the engine version');
      }
      const parameterGroup = str(input, 'ParameterGroupName');
      const group = parameterGroup === undefined ? undefined : PARAMETER_GROUPS.find((g) => g.name === parameterGroup);
      if (parameterGroup !== undefined && group === undefined) {
        throw new ApiError('ParameterGroupNotFoundFault', `Parameter group ${parameterGroup} not found`);
      }
      // A parameter group serves one engine family: the cluster's engine version decides which.
      const family = findEngineVersion(cluster.engine, cluster.engineVersion)?.family;
      if (group !== undefined && family !== undefined && group.family !== family) {
        throw new ApiError('InvalidParameterCombinationException', `Parameter group ${group.name} is of family ${group.family}; cluster ${cluster.name} runs ${cluster.engine} ${cluster.engineVersion} (family ${family})`);
      }
      const retention = int(input, 'SnapshotRetentionLimit');
      if (retention !== undefined && (retention < 0 || retention > 35)) throw invalidParameter('SnapshotRetentionLimit must be between 0 and 35');
      requireAvailable(cluster, 'be updated');

      const noChange =
        (shardCount === undefined || (shardCount === cluster.shards.length && isBalanced(cluster))) &&
        (replicaCount === undefined || replicaCount === cluster.replicasPerShard) &&
        (nodeType === undefined || nodeType === cluster.nodeType);
      const plain = ['Description', 'SecurityGroupIds', 'MaintenanceWindow', 'SnsTopicArn', 'SnapshotWindow', 'SnapshotRetentionLimit', 'ACLName', 'ParameterGroupName'].some((k) => input[k] !== undefined);
      if (structural > 0 && noChange && !plain && upgrade === undefined) throw new ApiError('NoOperationFault', `Cluster ${cluster.name} already has that configuration`);

      // Checked before anything changes: a refused request leaves the cluster as it was.
      const windows = checkWindows({ maintenance: str(input, 'MaintenanceWindow'), snapshot: str(input, 'SnapshotWindow') }, { maintenance: cluster.maintenanceWindow, snapshot: cluster.snapshotWindow }, MEMORYDB_WINDOW_ERRORS);
      // Settings that take effect at once.
      const description = str(input, 'Description');
      if (description !== undefined) cluster.description = description;
      const groups = strList(input, 'SecurityGroupIds');
      if (groups !== undefined) cluster.securityGroupIds = groups;
      if (windows.maintenance !== undefined) cluster.maintenanceWindow = windows.maintenance;
      const topic = str(input, 'SnsTopicArn');
      if (topic !== undefined) cluster.snsTopicArn = topic;
      if (windows.snapshot !== undefined) cluster.snapshotWindow = windows.snapshot;
      if (retention !== undefined) cluster.snapshotRetentionLimit = retention;
      if (parameterGroup !== undefined) cluster.parameterGroup = parameterGroup;
      store.save();

      // The same shard count rebalances a cluster whose slots are not split evenly (after a repair).
      if (shardCount !== undefined && (shardCount !== cluster.shards.length || !isBalanced(cluster))) {
        const extra = (shardCount - cluster.shards.length) * (cluster.replicasPerShard + 1);
        if (extra > 0 && deps.nodeCount() + extra > deps.maxNodes) {
          throw new ApiError('NodeQuotaForCustomerExceededFault', `This local control plane runs at most ${deps.maxNodes} nodes; ${extra} more were asked for`);
        }
        beginReshard(runtime, cluster, shardCount);
      } else if (replicaCount !== undefined && replicaCount !== cluster.replicasPerShard) {
        const extra = (replicaCount - cluster.replicasPerShard) * cluster.shards.length;
        if (extra > 0 && deps.nodeCount() + extra > deps.maxNodes) {
          throw new ApiError('NodeQuotaForCustomerExceededFault', `This local control plane runs at most ${deps.maxNodes} nodes; ${extra} more were asked for`);
        }
        beginReplicaChange(runtime, cluster, replicaCount);
      } else if (nodeType !== undefined && nodeType !== cluster.nodeType) {
        if (nodeType.startsWith('db.r6gd.') !== cluster.dataTiering) {
          throw new ApiError('InvalidParameterCombinationException', `Node type ${nodeType} does not match the cluster's data tiering setting`);
        }
        const problem = await nodeTypeProblem(runtime, cluster, nodeType);
        if (problem !== undefined) throw invalidParameter(`Cannot change cluster ${cluster.name} to ${nodeType}: ${problem}`);
        beginNodeTypeChange(runtime, cluster, nodeType);
      } else if (aclChange) {
        beginAclSwitch(runtime, cluster, acl);
      } else if (upgrade !== undefined) {
        beginUpgrade(runtime, cluster, upgrade);
      }
      return { Cluster: deps.shape(cluster) };
    },

    async FailoverShard(input, ctx) {
      const cluster = clusterOrFault(state, requiredStr(input, 'ClusterName'), ctx.region);
      const shardName = requiredStr(input, 'ShardName');
      const shard = cluster.shards.find((s) => s.name === shardName);
      if (shard === undefined) throw new ApiError('ShardNotFoundFault', `Shard ${shardName} not found in cluster ${cluster.name}`);
      requireAvailable(cluster, 'fail over');
      if (shard.nodes.length < 2) throw new ApiError('TestFailoverNotAvailableFault', `Shard ${shardName} has no replica to fail over to`);
      const replica = await failoverCandidate(runtime, cluster, shard, { takeover: true });
      if (replica === undefined) throw new ApiError('TestFailoverNotAvailableFault', `Shard ${shardName} has no replica in sync right now`);
      beginFailover(runtime, cluster, shard, replica);
      return { Cluster: deps.shape(cluster) };
    },
  };
}
