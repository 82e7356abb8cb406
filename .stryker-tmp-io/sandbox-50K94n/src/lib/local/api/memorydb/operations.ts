// @ts-nocheck
// MemoryDB operations of the local control plane. Each validates its input like the service
// does (answering with the model's error shapes) and acts on real redis-server processes.
import { beginCreate, beginDelete } from '../../engine/lifecycle.js';
import { join } from 'node:path';
import { isKnownNodeType } from '../../../control/node-types.js';
import { bool, int, requiredStr, str, strList, tagList } from '../shared/json-input.js';
import { ApiError, invalidParameter } from '../shared/errors.js';
import { paginate } from '../shared/pagination.js';
import { nodeNameClash } from '../../engine/cluster-nodes.js';
import type { ApiDeps, Operation } from '../shared/operation.js';
import { evenSlotRanges, formatSlots } from '../../../control/slots.js';
import { newSnapshot, writeSnapshot } from '../../engine/snapshots.js';
import { aclOperations } from './acl-operations.js';
import { changeOperations } from './change-operations.js';
import { snapshotOperations } from './snapshot-operations.js';
import { userOperations } from './user-operations.js';
import type { LocalCluster, LocalShard, LocalSnapshot, LocalSubnetGroup, LocalTag } from '../../store/state.js';
import { DEFAULT_SUBNET_GROUP, defaultEngineVersion, defaultParameterGroup, ENGINE_VERSIONS, findEngineVersion, PARAMETER_GROUPS } from './catalog.js';
import { ACCOUNT_ID, availabilityZones, DEFAULT_USER, LOCAL_VPC, memorydbArn, OPEN_ACCESS_ACL } from '../../store/account.js';
import { clusterShape, subnetGroupArn, subnetGroupShape } from './shapes.js';
import { checkAclUsable, checkName, clusterOrFault as findCluster, MEMORYDB_WINDOW_ERRORS, memorydbClusters, snapshotOrFault, takenElsewhere } from './common.js';
import { checkWindows, DEFAULT_WINDOWS } from '../shared/windows.js';
import { checkSnapshotName } from '../shared/names.js';

const MAX_TAGS = 50;

export function memorydbOperations(deps: ApiDeps): Record<string, Operation> {
  const { store, runtime } = deps;
  const state = store.state;

  const clusterOrFault = (name: string, region: string): LocalCluster => findCluster(state, name, region);

  const subnetGroups = (region: string): LocalSubnetGroup[] => {
    const builtIn: LocalSubnetGroup = {
      name: DEFAULT_SUBNET_GROUP,
      arn: subnetGroupArn(region, DEFAULT_SUBNET_GROUP),
      description: 'Default subnet group of the memctl local control plane',
      vpcId: LOCAL_VPC,
      subnets: availabilityZones(region).map((az, i) => ({ id: `subnet-local${i}`, availabilityZone: az })),
    };
    return [builtIn, ...Object.values(state.subnetGroups)].sort((a, b) => a.name.localeCompare(b.name));
  };

  /** Every taggable resource by ARN. */
  const resourceExists = (arn: string, region: string): boolean => {
    const match = /^arn:aws:memorydb:([a-z0-9-]+):(\d{12}):(cluster|acl|user|subnetgroup|parametergroup|snapshot)\/(.+)$/.exec(arn);
    if (match === null) throw new ApiError('InvalidARNFault', `${arn} is not a valid MemoryDB ARN`);
    const [, , account, kind, name] = match as unknown as [string, string, string, string, string];
    if (account !== ACCOUNT_ID) return false;
    switch (kind) {
      case 'cluster':
        if (state.clusters[name]?.arn !== arn || state.clusters[name]?.service === 'elasticache' || state.clusters[name]?.region !== region) throw new ApiError('ClusterNotFoundFault', `Cluster ${name} not found`);
        return true;
      case 'acl':
        if (name !== OPEN_ACCESS_ACL && state.acls[name]?.arn !== arn) throw new ApiError('ACLNotFoundFault', `ACL ${name} not found`);
        return true;
      case 'user':
        if (name !== DEFAULT_USER && state.users[name]?.arn !== arn) throw new ApiError('UserNotFoundFault', `User ${name} not found`);
        return true;
      case 'snapshot':
        if (state.snapshots[name]?.arn !== arn) throw new ApiError('SnapshotNotFoundFault', `Snapshot ${name} not found`);
        return true;
      case 'subnetgroup':
        if (!subnetGroups(region).some((g) => g.arn === arn)) throw new ApiError('SubnetGroupNotFoundFault', `Subnet group ${name} not found`);
        return true;
      default:
        if (!PARAMETER_GROUPS.some((g) => g.name === name)) throw new ApiError('ParameterGroupNotFoundFault', `Parameter group ${name} not found`);
        return true;
    }
  };

  const tagsOf = (arn: string): LocalTag[] => state.tags[arn] ?? [];

  const setTags = (arn: string, tags: LocalTag[]): void => {
    const merged = new Map(tagsOf(arn).map((t) => [t.Key, t.Value]));
    for (const t of tags) merged.set(t.Key, t.Value);
    if (merged.size > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
    state.tags[arn] = [...merged].map(([Key, Value]) => ({ Key, Value }));
  };

  const nodeCount = (): number => Object.values(state.clusters).reduce((sum, c) => sum + c.shards.reduce((n, s) => n + s.nodes.length, 0), 0);

  const shape = (cluster: LocalCluster, showShards: boolean): Record<string, unknown> =>
    clusterShape(cluster, (c, n) => runtime.nodeStatus(c, n), showShards);

  /** The snapshot CreateCluster restores from (SnapshotName, or the first of SnapshotArns). */
  const restoreSource = (input: Record<string, unknown>, region: string): LocalSnapshot | undefined => {
    const byName = str(input, 'SnapshotName');
    const arn = (strList(input, 'SnapshotArns') ?? [])[0];
    if (byName !== undefined) return snapshotOrFault(state, byName, region);
    if (arn === undefined) return undefined;
    const found = Object.values(state.snapshots).find((s) => s.arn === arn);
    if (found === undefined) throw new ApiError('SnapshotNotFoundFault', `Snapshot ${arn} not found`);
    return found;
  };

  return {
    ...changeOperations({ store, runtime, maxNodes: deps.maxNodes, shape: (c) => shape(c, false), nodeCount }),
    ...snapshotOperations({ store, runtime, setTags }),
    ...userOperations({ store, runtime, setTags }),
    ...aclOperations({ store, runtime, setTags }),

    async CreateCluster(input, ctx) {
      const name = checkName('Cluster', requiredStr(input, 'ClusterName'));
      const nodeType = requiredStr(input, 'NodeType');
      const requestedAcl = requiredStr(input, 'ACLName');
      if (!isKnownNodeType('memorydb', nodeType)) throw invalidParameter(`Invalid node type: ${nodeType}`);
      const shards = int(input, 'NumShards') ?? restoreSource(input, ctx.region)?.shards.length ?? 1;
      const replicas = int(input, 'NumReplicasPerShard') ?? 1;
      if (shards < 1 || shards > 500) throw invalidParameter('NumShards must be between 1 and 500');
      if (replicas < 0 || replicas > 5) throw invalidParameter('NumReplicasPerShard must be between 0 and 5');
      const aclName = checkAclUsable(state, requestedAcl, ctx.region);
      const windows = checkWindows({ maintenance: str(input, 'MaintenanceWindow'), snapshot: str(input, 'SnapshotWindow') }, DEFAULT_WINDOWS, MEMORYDB_WINDOW_ERRORS);
      const port = int(input, 'Port');
      if (port !== undefined && (port < 1 || port > 65535)) throw invalidParameter('Port must be between 1 and 65535');
      const engine = (str(input, 'Engine') ?? 'redis').toLowerCase();
      if (engine !== 'redis' && engine !== 'valkey') throw invalidParameter(`Invalid engine: ${engine} (expected redis or valkey)`);
      const requestedVersion = str(input, 'EngineVersion');
      const version = requestedVersion === undefined ? defaultEngineVersion(engine) : findEngineVersion(engine, requestedVersion);
      if (version === undefined) throw invalidParameter(`Engine version ${requestedVersion ?? ''} is not available for ${engine}`);
      const parameterGroup = str(input, 'ParameterGroupName') ?? defaultParameterGroup(version.family);
      const group = PARAMETER_GROUPS.find((g) => g.name === parameterGroup);
      if (group === undefined) throw new ApiError('ParameterGroupNotFoundFault', `Parameter group ${parameterGroup} not found`);
      if (group.family !== version.family) throw new ApiError('InvalidParameterCombinationException', `Parameter group ${parameterGroup} (family ${group.family}) does not match engine ${engine} ${version.version}`);
      const subnetGroup = str(input, 'SubnetGroupName') ?? DEFAULT_SUBNET_GROUP;
      if (!subnetGroups(ctx.region).some((g) => g.name === subnetGroup)) throw new ApiError('SubnetGroupNotFoundFault', `Subnet group ${subnetGroup} not found`);
      const dataTiering = bool(input, 'DataTiering') ?? false;
      if (dataTiering !== nodeType.startsWith('db.r6gd.')) {
        throw new ApiError('InvalidParameterCombinationException', dataTiering ? `Data tiering needs an r6gd node type, not ${nodeType}` : `Node type ${nodeType} requires DataTiering to be enabled`);
      }
      const snapshot = restoreSource(input, ctx.region);
      if (snapshot !== undefined) {
        if (snapshot.status !== 'available') throw new ApiError('InvalidSnapshotStateFault', `Snapshot ${snapshot.name} is ${snapshot.status}; it must be available to restore from`);
        if (input.NumShards !== undefined && shards !== snapshot.shards.length) {
          throw new ApiError('InvalidParameterCombinationException', `Snapshot ${snapshot.name} holds ${snapshot.shards.length} shards; restore with that many and scale afterwards`);
        }
      }
      const retention = int(input, 'SnapshotRetentionLimit') ?? 0;
      if (retention < 0 || retention > 35) throw invalidParameter('SnapshotRetentionLimit must be between 0 and 35');
      const tags = tagList(input, 'Tags') ?? [];
      if (tags.length > MAX_TAGS) throw new ApiError('TagQuotaPerResourceExceeded', `A resource can have at most ${MAX_TAGS} tags`);
      // Replication groups share the namespace: a name an ElastiCache group holds is taken too.
      const elsewhere = takenElsewhere(state, name, ctx.region);
      if (elsewhere !== undefined) throw new ApiError('ClusterAlreadyExistsFault', `Cluster ${name} exists in ${elsewhere}: the local control plane keeps one name space for every region`);
      if (state.clusters[name] !== undefined) throw new ApiError('ClusterAlreadyExistsFault', `Cluster ${name} already exists`);
      const clash = nodeNameClash(state, name, false);
      if (clash !== undefined) throw invalidParameter(`Cluster name ${name} is not available locally: its node names would collide with those of replication group ${clash}`);
      const total = shards * (replicas + 1);
      if (nodeCount() + total > deps.maxNodes) {
        throw new ApiError('NodeQuotaForCustomerExceededFault', `This local control plane runs at most ${deps.maxNodes} nodes (${nodeCount()} in use, ${total} asked for); set MEMCTL_LOCAL_MAX_NODES to change it`);
      }

      // The endpoint node takes the Port asked for when it is free on this machine.
      const ports = await runtime.allocatePorts(total, port);
      // Another request may have created the same name while ports were found.
      if (state.clusters[name] !== undefined) throw new ApiError('ClusterAlreadyExistsFault', `Cluster ${name} already exists`);
      const now = Date.now();
      const ranges = snapshot === undefined ? evenSlotRanges(shards).map(formatSlots) : snapshot.shards.map((s) => s.slots);
      const dir = runtime.clusterDir(name);
      let next = 0;
      const shardList: LocalShard[] = ranges.map((slots, i) => {
        const shardName = String(i + 1).padStart(4, '0');
        return {
          name: shardName,
          slots,
          nodes: Array.from({ length: replicas + 1 }, (_, j) => {
            const nodeName = `${name}-${shardName}-${String(j + 1).padStart(3, '0')}`;
            return { name: nodeName, port: ports[next++] as number, role: j === 0 ? ('primary' as const) : ('replica' as const), createdAt: now, dir: join(dir, nodeName) };
          }),
        };
      });
      const cluster: LocalCluster = {
        service: 'memorydb',
        name,
        arn: memorydbArn(ctx.region, 'cluster', name),
        region: ctx.region,
        ...(port === undefined ? {} : { port }),
        description: str(input, 'Description') ?? '',
        status: 'creating',
        nodeType,
        engine,
        engineVersion: version.version,
        parameterGroup,
        subnetGroup,
        securityGroupIds: strList(input, 'SecurityGroupIds') ?? ['sg-0000000000local'],
        aclName,
        tls: bool(input, 'TLSEnabled') ?? true,
        kmsKeyId: str(input, 'KmsKeyId'),
        snsTopicArn: str(input, 'SnsTopicArn'),
        snapshotRetentionLimit: retention,
        snapshotWindow: windows.snapshot ?? DEFAULT_WINDOWS.snapshot,
        maintenanceWindow: windows.maintenance ?? DEFAULT_WINDOWS.maintenance,
        autoMinorVersionUpgrade: bool(input, 'AutoMinorVersionUpgrade') ?? true,
        dataTiering,
        replicasPerShard: replicas,
        createdAt: now,
        shards: shardList,
        restoringFrom: snapshot?.name,
      };
      if (snapshot !== undefined) snapshot.status = 'restoring';
      state.clusters[name] = cluster;
      if (tags.length > 0) setTags(cluster.arn, tags);
      if (port !== undefined && ports[0] !== port) runtime.event('cluster', name, `Port ${port} is in use on this machine: the cluster endpoint listens on ${String(ports[0])}`, 'memorydb');
      store.save();
      beginCreate(runtime, name);
      return { Cluster: shape(cluster, false) };
    },

    async DescribeClusters(input, ctx) {
      const name = str(input, 'ClusterName');
      const showShards = bool(input, 'ShowShardDetails') ?? false;
      if (name !== undefined) {
        return { Clusters: [shape(clusterOrFault(name, ctx.region), showShards)] };
      }
      const all = memorydbClusters(state, ctx.region).sort((a, b) => a.name.localeCompare(b.name));
      const page = paginate(all, (c) => c.name, int(input, 'MaxResults'), str(input, 'NextToken'));
      return { Clusters: page.items.map((c) => shape(c, showShards)), NextToken: page.nextToken };
    },

    async DeleteCluster(input, ctx) {
      const cluster = clusterOrFault(requiredStr(input, 'ClusterName'), ctx.region);
      const finalName = str(input, 'FinalSnapshotName');
      const finalSnapshotName = finalName === undefined ? undefined : checkSnapshotName(finalName);
      if (finalSnapshotName !== undefined && state.snapshots[finalSnapshotName] !== undefined) {
        throw new ApiError('SnapshotAlreadyExistsFault', `Snapshot ${finalSnapshotName} already exists`);
      }
      if (cluster.status !== 'available' && cluster.status !== 'create-failed') {
        throw new ApiError('InvalidClusterStateFault', `Cluster ${cluster.name} is ${cluster.status}; it can be deleted only when available`);
      }
      if (finalSnapshotName !== undefined && cluster.status !== 'available') {
        throw new ApiError('InvalidClusterStateFault', `Cluster ${cluster.name} is ${cluster.status}; a final snapshot needs it available`);
      }
      const final = finalSnapshotName === undefined ? undefined : newSnapshot(cluster, finalSnapshotName, 'manual');
      if (final !== undefined) state.snapshots[final.name] = final;
      cluster.status = 'deleting';
      store.save();
      beginDelete(runtime, cluster.name, final === undefined ? undefined : () => writeSnapshot(runtime, cluster, final));
      return { Cluster: shape(cluster, false) };
    },

    async DescribeEngineVersions(input) {
      const engine = str(input, 'Engine');
      const version = str(input, 'EngineVersion');
      const family = str(input, 'ParameterGroupFamily');
      const defaultOnly = bool(input, 'DefaultOnly') ?? false;
      const matches = ENGINE_VERSIONS.filter(
        (v) =>
          (engine === undefined || v.engine === engine) &&
          (version === undefined || v.version === version || v.patch === version) &&
          (family === undefined || v.family === family) &&
          (!defaultOnly || v.isDefault),
      ).map((v) => ({ Engine: v.engine, EngineVersion: v.version, EnginePatchVersion: v.patch, ParameterGroupFamily: v.family }));
      const page = paginate(matches, (v) => `${v.Engine}/${v.EngineVersion}`, int(input, 'MaxResults'), str(input, 'NextToken'));
      return { EngineVersions: page.items, NextToken: page.nextToken };
    },

    async DescribeParameterGroups(input, ctx) {
      const name = str(input, 'ParameterGroupName');
      const groups = PARAMETER_GROUPS.filter((g) => name === undefined || g.name === name);
      if (name !== undefined && groups.length === 0) throw new ApiError('ParameterGroupNotFoundFault', `Parameter group ${name} not found`);
      const page = paginate(groups, (g) => g.name, int(input, 'MaxResults'), str(input, 'NextToken'));
      return {
        ParameterGroups: page.items.map((g) => ({ Name: g.name, Family: g.family, Description: g.description, ARN: memorydbArn(ctx.region, 'parametergroup', g.name) })),
        NextToken: page.nextToken,
      };
    },

    async CreateSubnetGroup(input, ctx) {
      const name = checkName('Subnet group', requiredStr(input, 'SubnetGroupName'));
      const subnetIds = strList(input, 'SubnetIds') ?? [];
      if (subnetIds.length === 0) throw invalidParameter('SubnetIds must name at least one subnet');
      const bad = subnetIds.find((id) => !/^subnet-[0-9a-z]{1,32}$/.test(id));
      if (bad !== undefined) throw new ApiError('InvalidSubnet', `Subnet ${bad} is not a valid subnet id`);
      if (subnetGroups(ctx.region).some((g) => g.name === name)) throw new ApiError('SubnetGroupAlreadyExistsFault', `Subnet group ${name} already exists`);
      const zones = availabilityZones(ctx.region);
      const group: LocalSubnetGroup = {
        name,
        arn: subnetGroupArn(ctx.region, name),
        description: str(input, 'Description') ?? '',
        vpcId: LOCAL_VPC,
        subnets: [...new Set(subnetIds)].map((id, i) => ({ id, availabilityZone: zones[i % zones.length] as string })),
      };
      const tags = tagList(input, 'Tags') ?? [];
      state.subnetGroups[name] = group;
      if (tags.length > 0) setTags(group.arn, tags);
      store.save();
      return { SubnetGroup: subnetGroupShape(group) };
    },

    async DeleteSubnetGroup(input, ctx) {
      const name = requiredStr(input, 'SubnetGroupName').toLowerCase();
      if (name === DEFAULT_SUBNET_GROUP) throw invalidParameter('The default subnet group cannot be deleted');
      const group = state.subnetGroups[name];
      if (group === undefined || group.arn !== subnetGroupArn(ctx.region, name)) throw new ApiError('SubnetGroupNotFoundFault', `Subnet group ${name} not found`);
      const user = memorydbClusters(state, ctx.region).find((c) => c.subnetGroup === name);
      if (user !== undefined) throw new ApiError('SubnetGroupInUseFault', `Subnet group ${name} is in use by cluster ${user.name}`);
      delete state.subnetGroups[name];
      delete state.tags[group.arn];
      store.save();
      return { SubnetGroup: subnetGroupShape(group) };
    },

    async DescribeSubnetGroups(input, ctx) {
      const name = str(input, 'SubnetGroupName');
      const groups = subnetGroups(ctx.region).filter((g) => name === undefined || g.name === name);
      if (name !== undefined && groups.length === 0) throw new ApiError('SubnetGroupNotFoundFault', `Subnet group ${name} not found`);
      const page = paginate(groups, (g) => g.name, int(input, 'MaxResults'), str(input, 'NextToken'));
      return { SubnetGroups: page.items.map(subnetGroupShape), NextToken: page.nextToken };
    },

    async ListTags(input, ctx) {
      const arn = requiredStr(input, 'ResourceArn');
      resourceExists(arn, ctx.region);
      return { TagList: tagsOf(arn) };
    },

    async TagResource(input, ctx) {
      const arn = requiredStr(input, 'ResourceArn');
      const tags = tagList(input, 'Tags');
      if (tags === undefined || tags.length === 0) throw invalidParameter('Tags must hold at least one tag');
      resourceExists(arn, ctx.region);
      setTags(arn, tags);
      store.save();
      return { TagList: tagsOf(arn) };
    },

    async UntagResource(input, ctx) {
      const arn = requiredStr(input, 'ResourceArn');
      const keys = strList(input, 'TagKeys');
      if (keys === undefined || keys.length === 0) throw invalidParameter('TagKeys must name at least one key');
      resourceExists(arn, ctx.region);
      const current = tagsOf(arn);
      const missing = keys.find((k) => !current.some((t) => t.Key === k));
      if (missing !== undefined) throw new ApiError('TagNotFoundFault', `Tag ${missing} not found on ${arn}`);
      state.tags[arn] = current.filter((t) => !keys.includes(t.Key));
      store.save();
      return { TagList: tagsOf(arn) };
    },
  };
}
