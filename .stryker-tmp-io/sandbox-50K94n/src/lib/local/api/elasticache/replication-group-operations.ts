// @ts-nocheck
// ElastiCache replication groups on real redis-server processes: CreateReplicationGroup,
// DescribeReplicationGroups, DeleteReplicationGroup here; changes in group-change-operations.ts;
// member cache clusters, events, tags and the catalog in their own modules, all merged below.
// A group with cluster mode enabled is a Redis Cluster like a MemoryDB cluster; with cluster
// mode disabled it is one primary and its replicas (REPLICAOF). Groups and MemoryDB clusters
// share one namespace of names (state.clusters).
import { beginCreate, beginDelete } from '../../engine/lifecycle.js';
import { join } from 'node:path';
import { allNodes, isStandalone, nodeNameClash } from '../../engine/cluster-nodes.js';
import { shardRoles, type NodeRole } from '../../engine/ops/failover.js';
import { qBool, qInt, qRequiredStr, qStr, xmlList } from '../shared/query-input.js';
import type { LocalCluster, LocalNode, LocalShard } from '../../store/state.js';
import { accessOnCreate } from './access.js';
import { cacheClusterOperations } from './cache-clusters.js';
import { catalogOperations } from './catalog.js';
import { invalidParameterValue } from './common.js';
import { elasticacheArn } from '../../store/account.js';
import { eventOperations } from './events.js';
import { groupChangeOperations } from './group-change-operations.js';
import { planGroup, type GroupPlan } from './group-plan.js';
import { elasticacheGroups, faults, groupOrFault, markerPage, nodeCount, wireStatus } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { replicationGroupShape, type LiveRoles } from './shapes.js';
import { checkNewSnapshotName, takeGroupSnapshot } from './snapshot-operations.js';
import { addTags, tagOperations } from './tags.js';

const NO_ROLES: LiveRoles = new Map<number, NodeRole>();

/** Node (member cache cluster) names: `<group>-<node group>-<n>` with cluster mode, `<group>-<n>` without. */
export function memberName(group: string, nodeGroup: string, index: number, clusterMode: boolean): string {
  const n = String(index + 1).padStart(3, '0');
  return clusterMode ? `${group}-${nodeGroup}-${n}` : `${group}-${n}`;
}

export function replicationGroupOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const { store, runtime } = deps;
  const state = store.state;

  /** The roles nodes report now, for groups whose primary can move (cluster mode disabled). */
  const liveRoles = async (group: LocalCluster): Promise<LiveRoles> => {
    const serving = group.status !== 'creating' && group.status !== 'create-failed' && group.status !== 'deleting';
    if (!isStandalone(group) || !serving) return NO_ROLES;
    return shardRoles(allNodes(group).map((n) => n.port), await runtime.tlsFor(group));
  };
  const shape = async (group: LocalCluster): Promise<Record<string, unknown>> => replicationGroupShape(group, await liveRoles(group));

  const build = (plan: GroupPlan, ports: number[], region: string): LocalCluster => {
    const now = Date.now();
    const dir = runtime.clusterDir(plan.id);
    const clusterMode = plan.clusterMode === 'enabled';
    let next = 0;
    const shards: LocalShard[] = plan.nodeGroups.map((ng) => ({
      name: ng.id,
      slots: ng.slots,
      nodes: Array.from({ length: ng.replicas + 1 }, (_, j): LocalNode => {
        const name = memberName(plan.id, ng.id, j, clusterMode);
        const zone = ng.zones?.[j];
        return { name, port: ports[next++] as number, role: j === 0 ? 'primary' : 'replica', createdAt: now, dir: join(dir, name), ...(zone === undefined ? {} : { availabilityZone: zone }) };
      }),
    }));
    const lastMember = shards[0]?.nodes[shards[0].nodes.length - 1]?.name;
    return {
      service: 'elasticache',
      elasticache: {
        clusterMode: plan.clusterMode,
        automaticFailover: plan.automaticFailover,
        multiAz: plan.multiAz,
        atRestEncryption: plan.atRestEncryption,
        authTokenHashes: [],
        userGroupIds: [],
        cacheParameterGroup: plan.parameterGroup,
        cacheSubnetGroup: plan.subnetGroup,
        // Automated snapshots of a cluster-mode-disabled group are taken from one member (a replica when there is one).
        snapshottingClusterId: !clusterMode && plan.snapshotRetentionLimit > 0 ? lastMember : undefined,
      },
      name: plan.id,
      arn: elasticacheArn(region, 'replicationgroup', plan.id),
      region,
      ...(plan.port === undefined ? {} : { port: plan.port }),
      description: plan.description,
      status: 'creating',
      nodeType: plan.nodeType,
      engine: plan.engine,
      engineVersion: plan.version.version,
      parameterGroup: plan.parameterGroup,
      subnetGroup: plan.subnetGroup,
      securityGroupIds: plan.securityGroupIds,
      // Who may log in is decided by the group's AUTH token or user groups (node-users.ts), not an ACL.
      aclName: 'open-access',
      tls: plan.tls,
      kmsKeyId: plan.kmsKeyId,
      snsTopicArn: plan.snsTopicArn,
      snapshotRetentionLimit: plan.snapshotRetentionLimit,
      snapshotWindow: plan.snapshotWindow,
      maintenanceWindow: plan.maintenanceWindow,
      autoMinorVersionUpgrade: plan.autoMinorVersionUpgrade,
      dataTiering: false,
      replicasPerShard: plan.nodeGroups[0]?.replicas ?? 0,
      createdAt: now,
      shards,
      restoringFrom: plan.snapshot?.name,
      seedFiles: plan.seedFiles,
    };
  };

  return {
    ...catalogOperations(),
    ...cacheClusterOperations(deps),
    ...eventOperations(deps),
    ...tagOperations(deps),
    ...groupChangeOperations({ ...deps, liveRoles }),

    async CreateReplicationGroup(params, ctx) {
      const plan = planGroup(state, runtime.options.stateDir, params, ctx.region);
      const access = accessOnCreate(state, params, plan.tls, ctx.region);
      const elsewhere = state.clusters[plan.id]?.region;
      if (elsewhere !== undefined && elsewhere !== ctx.region) {
        throw faults.groupExists(plan.id, `it exists in ${elsewhere}: the local control plane keeps one name space for every region`);
      }
      if (state.clusters[plan.id] !== undefined) throw faults.groupExists(plan.id);
      const clash = nodeNameClash(state, plan.id, plan.clusterMode === 'disabled');
      if (clash !== undefined) throw invalidParameterValue(`Replication group id ${plan.id} is not available locally: its cache cluster names would collide with the nodes of ${clash}.`);
      const total = plan.nodeGroups.reduce((n, ng) => n + ng.replicas + 1, 0);
      if (nodeCount(state) + total > deps.maxNodes) {
        throw faults.nodeQuota(`This local control plane runs at most ${deps.maxNodes} nodes (${nodeCount(state)} in use, ${total} asked for); set MEMCTL_LOCAL_MAX_NODES to change it.`);
      }
      // The first node takes the Port asked for when it is free on this machine.
      const ports = await runtime.allocatePorts(total, plan.port);
      // Another request may have taken the name while ports were found.
      if (state.clusters[plan.id] !== undefined) throw faults.groupExists(plan.id);
      const group = build(plan, ports, ctx.region);
      const settings = group.elasticache;
      if (settings !== undefined) {
        settings.authTokenHashes = access.authTokenHashes;
        settings.userGroupIds = access.userGroupIds;
        settings.authTokenLastModified = access.authTokenLastModified;
      }
      if (plan.snapshot !== undefined) plan.snapshot.status = 'restoring';
      state.clusters[group.name] = group;
      if (plan.tags.length > 0) addTags(state, group.arn, plan.tags);
      store.save();
      beginCreate(runtime, group.name);
      return { ReplicationGroup: replicationGroupShape(group, NO_ROLES) };
    },

    async DescribeReplicationGroups(params, ctx) {
      const id = qStr(params, 'ReplicationGroupId');
      const groups = id === undefined ? elasticacheGroups(state, ctx.region) : [groupOrFault(state, id, ctx.region)];
      const page = markerPage(groups, (g) => g.name, qInt(params, 'MaxRecords'), qStr(params, 'Marker'));
      return { Marker: page.marker, ReplicationGroups: xmlList('ReplicationGroup', await Promise.all(page.items.map(shape))) };
    },

    async DeleteReplicationGroup(params, ctx) {
      const group = groupOrFault(state, qRequiredStr(params, 'ReplicationGroupId'), ctx.region);
      if (qBool(params, 'RetainPrimaryCluster') === true) throw invalidParameterValue('RetainPrimaryCluster is not supported locally: the whole replication group is deleted.');
      const finalName = qStr(params, 'FinalSnapshotIdentifier');
      const finalSnapshot = finalName === undefined ? undefined : checkNewSnapshotName(state, finalName);
      if (group.status !== 'available' && !(group.status === 'create-failed' && finalSnapshot === undefined)) {
        throw faults.groupState(`Replication group ${group.name} is ${wireStatus(group)}; it can be deleted only when available${finalSnapshot === undefined ? '' : ' (a final snapshot needs its data)'}.`);
      }
      group.status = 'deleting';
      store.save();
      // The final snapshot is taken before the nodes go; if it fails, the group stays (cluster-runtime.ts).
      beginDelete(runtime, group.name, finalSnapshot === undefined ? undefined : async () => void (await takeGroupSnapshot(deps, group, finalSnapshot, 'manual')));
      return { ReplicationGroup: replicationGroupShape(group, NO_ROLES) };
    },
  };
}
