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
import { defaultEngineVersion, findEngineVersion, PARAMETER_GROUPS } from './catalog.js';
import { compareVersions } from '../../../control/versions.js';
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

/**
 * Engine and EngineVersion: a version the engine does not have is refused, so is a downgrade or a
 * change of engine to one this cluster cannot move to; an upgrade is refused too, saying why: the
 * local nodes all run the one redis-server installed, so a rolling upgrade has nothing to move to.
 * (Asking for what the cluster already runs changes nothing.)
 */
function checkEngineChange(cluster: LocalCluster, engine: string | undefined, version: string | undefined): void {
  if (engine === undefined && version === undefined) return;
  const targetEngine = (engine ?? cluster.engine).toLowerCase();
  if (targetEngine !== 'redis' && targetEngine !== 'valkey') throw invalidParameter(`Invalid engine: ${engine} (expected redis or valkey)`);
  const target = version === undefined ? (targetEngine === cluster.engine ? findEngineVersion(cluster.engine, cluster.engineVersion) : defaultEngineVersion(targetEngine)) : findEngineVersion(targetEngine, version);
  if (target === undefined) throw invalidParameter(`Engine version ${version ?? '(default)'} is not available for ${targetEngine}`);
  if (targetEngine === cluster.engine && target.version === cluster.engineVersion) return;
  if (targetEngine === cluster.engine && compareVersions(target.version, cluster.engineVersion) < 0) {
    throw new ApiError('InvalidParameterCombinationException', `Cluster ${cluster.name} runs ${cluster.engine} ${cluster.engineVersion}: engine versions cannot go down (asked ${target.version})`);
  }
  if (targetEngine !== cluster.engine && !(cluster.engine === 'redis' && targetEngine === 'valkey')) {
    throw new ApiError('InvalidParameterCombinationException', `Cluster ${cluster.name} runs ${cluster.engine}; it can move to valkey only from redis`);
  }
  throw new ApiError(
    'InvalidParameterCombinationException',
    `The local control plane cannot upgrade cluster ${cluster.name} to ${targetEngine} ${target.version}: its nodes run the one redis-server installed on this machine, and no other version is installed`,
  );
}


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
      checkEngineChange(cluster, str(input, 'Engine'), str(input, 'EngineVersion'));
      const requestedAcl = str(input, 'ACLName');
      const acl = requestedAcl === undefined ? undefined : checkAclUsable(state, requestedAcl);
      const aclChange = acl !== undefined && acl !== cluster.aclName;
      if (aclChange && structural > 0) {
        throw new ApiError('InvalidParameterCombinationException', 'ACLName cannot change in the same request as ShardConfiguration, ReplicaConfiguration or NodeType');
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
      if (structural > 0 && noChange && !plain) throw new ApiError('NoOperationFault', `Cluster ${cluster.name} already has that configuration`);

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
