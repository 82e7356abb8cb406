// @ts-nocheck
// CreateReplicationGroup's input, checked like the service checks it, turned into a plan: cluster
// mode, node groups with their slots and replica counts, settings, and the snapshot to restore.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { isKnownNodeType } from '../../../control/node-types.js';
import { countSlots, evenSlotRanges, formatSlots, parseSlots, rangesOf, SLOT_COUNT, slotsOf, type SlotRanges } from '../../../control/slots.js';
import { qBool, qInt, qRequiredStr, qStr, qStrList, qStructList, qTags, type QueryStruct } from '../shared/query-input.js';
import type { LocalSnapshot, LocalState, LocalTag } from '../../store/state.js';
import { cacheEngineVersion, cacheParameterGroupOrFault, checkCacheSubnetGroup, DEFAULT_CACHE_SUBNET_GROUP, defaultCacheParameterGroup, type CacheEngineVersion } from './catalog.js';
import { invalidParameterCombination, invalidParameterValue } from './common.js';
import { checkGroupId, faults, MAX_NODE_GROUPS, MAX_REPLICAS, nodeGroupId } from './groups.js';
import { MAX_TAGS } from './tags.js';
import { availabilityZones } from '../../store/account.js';
import { checkWindows, DEFAULT_WINDOWS, type WindowErrors } from '../shared/windows.js';

export interface NodeGroupPlan {
  id: string;
  slots: string;
  replicas: number;
  /** Availability zones asked for, primary first then each replica (absent: spread in turn). */
  zones?: string[];
}

/**
 * The zones a node group's request names (PrimaryAvailabilityZone and ReplicaAvailabilityZones, or
 * for cluster mode disabled PreferredCacheClusterAZs), each checked to be one of the region's.
 */
function zonesAsked(config: QueryStruct | undefined, preferred: string[] | undefined, replicas: number, region: string): string[] | undefined {
  const valid = availabilityZones(region);
  const check = (zone: string): string => {
    if (!valid.includes(zone)) throw invalidParameterValue(`Invalid availability zone ${zone}: ${region} has ${valid.join(', ')}.`);
    return zone;
  };
  if (preferred !== undefined) {
    if (preferred.length !== replicas + 1) throw invalidParameterValue(`PreferredCacheClusterAZs names ${preferred.length} zones for ${replicas + 1} cache clusters.`);
    return preferred.map(check);
  }
  const primary = config === undefined ? undefined : qStr(config, 'PrimaryAvailabilityZone');
  const others = config === undefined ? undefined : qStrList(config, 'ReplicaAvailabilityZones');
  if (others !== undefined && others.length !== replicas) throw invalidParameterValue(`ReplicaAvailabilityZones names ${others.length} zones for ${replicas} replicas.`);
  if (primary === undefined && others === undefined) return undefined;
  return [primary ?? valid[0], ...Array.from({ length: replicas }, (_, j) => others?.[j] ?? valid[(j + 1) % valid.length])].map((z) => check(z as string));
}

export interface GroupPlan {
  id: string;
  description: string;
  nodeType: string;
  engine: 'redis' | 'valkey';
  version: CacheEngineVersion;
  clusterMode: 'enabled' | 'disabled';
  nodeGroups: NodeGroupPlan[];
  automaticFailover: boolean;
  multiAz: boolean;
  tls: boolean;
  atRestEncryption: boolean;
  kmsKeyId?: string;
  parameterGroup: string;
  subnetGroup: string;
  securityGroupIds: string[];
  maintenanceWindow: string;
  snapshotRetentionLimit: number;
  snapshotWindow: string;
  snsTopicArn?: string;
  /** The Port asked for (the first node listens on it when it is free). */
  port?: number;
  autoMinorVersionUpgrade: boolean;
  tags: LocalTag[];
  snapshot?: LocalSnapshot;
  /** RDB files to seed the node groups from (relative to the state dir): S3 objects in SnapshotArns. */
  seedFiles?: string[];
}

/** What a restore starts from: a snapshot of this control plane, or RDB files in its local "S3". */
interface RestoreSource {
  snapshot?: LocalSnapshot;
  seedFiles?: string[];
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;

/** ElastiCache's names for a window's faults. */
export const WINDOW_ERRORS: WindowErrors = { value: invalidParameterValue, combination: invalidParameterCombination };
/** Parameters that only exist for features the local control plane does not have. */
const UNSUPPORTED = ['GlobalReplicationGroupId', 'PrimaryClusterId', 'ServerlessCacheSnapshotName'];

export function checkRetention(value: number): number {
  if (value < 0 || value > 35) throw invalidParameterValue('SnapshotRetentionLimit must be between 0 and 35.');
  return value;
}

export function checkNodeType(nodeType: string): string {
  if (!isKnownNodeType('elasticache', nodeType)) throw invalidParameterValue(`Invalid or unsupported cache node type ${nodeType}.`);
  return nodeType;
}

/**
 * An S3 object ARN as a file of the local "S3", `<state>/s3/<bucket>/<key>` (where CopySnapshot
 * with a TargetBucket exports), relative to the state dir. The key cannot leave the bucket.
 */
function localS3File(stateDir: string, arn: string): string {
  const match = S3_ARN.exec(arn);
  if (match === null) throw invalidParameterValue(`${arn} is neither an S3 object ARN (arn:aws:s3:::<bucket>/<file>.rdb) nor the ARN of a local snapshot.`);
  const bucketDir = resolve(stateDir, 's3', match[1] as string);
  const file = resolve(bucketDir, match[2] as string);
  if (!file.startsWith(bucketDir + sep)) throw invalidParameterValue(`${arn}: the object key leaves its bucket.`);
  if (!existsSync(file) || !statSync(file).isFile()) throw invalidParameterValue(`${arn}: no such object in the local S3 (${file}); CopySnapshot with a TargetBucket puts RDB files there.`);
  return relative(stateDir, file);
}

/** What to restore from: SnapshotName, a local snapshot's ARN, or S3 objects (RDB files) in SnapshotArns. */
function restoreSource(state: LocalState, stateDir: string, params: QueryStruct): RestoreSource {
  const name = qStr(params, 'SnapshotName');
  const arns = qStrList(params, 'SnapshotArns') ?? [];
  if (name !== undefined && arns.length > 0) throw invalidParameterCombination('Specify SnapshotName or SnapshotArns, not both.');
  let snapshot: LocalSnapshot | undefined;
  if (name !== undefined) {
    snapshot = state.snapshots[name] ?? state.snapshots[name.toLowerCase()];
    if (snapshot?.service !== 'elasticache') throw faults.snapshotNotFound(name);
  } else if (arns.length > 0) {
    snapshot = Object.values(state.snapshots).find((s) => s.service === 'elasticache' && s.arn === arns[0]);
    if (snapshot === undefined) return { seedFiles: arns.map((arn) => localS3File(stateDir, arn)) };
    if (arns.length > 1) throw invalidParameterValue('Give one snapshot ARN, or the ARNs of RDB files in S3.');
  }
  if (snapshot !== undefined && snapshot.status !== 'available') throw faults.snapshotState(`Snapshot ${snapshot.name} is ${snapshot.status}; it must be available to restore from.`);
  return { snapshot };
}

function checkReplicas(value: number, what: string): number {
  if (value < 0 || value > MAX_REPLICAS) throw invalidParameterValue(`${what} must be between 0 and ${MAX_REPLICAS}.`);
  return value;
}

/** Every node group's slots given explicitly must cover the 16384 slots exactly once. */
function checkSlotLayout(layout: SlotRanges[]): void {
  const seen = new Set<number>();
  for (const ranges of layout) {
    for (const slot of slotsOf(ranges)) {
      if (seen.has(slot)) throw invalidParameterValue(`Slot ${slot} is given to more than one node group.`);
      seen.add(slot);
    }
  }
  if (seen.size !== SLOT_COUNT) throw invalidParameterValue(`The node groups' Slots cover ${seen.size} of the ${SLOT_COUNT} slots; they must cover all of them.`);
}

function nodeGroups(params: QueryStruct, clusterEnabled: boolean, snapshot: LocalSnapshot | undefined, seedFiles: number, region: string): NodeGroupPlan[] {
  const numNodeGroups = qInt(params, 'NumNodeGroups');
  const replicasPerNodeGroup = qInt(params, 'ReplicasPerNodeGroup');
  const numCacheClusters = qInt(params, 'NumCacheClusters');
  const configuration = qStructList(params, 'NodeGroupConfiguration') ?? [];
  if (replicasPerNodeGroup !== undefined) checkReplicas(replicasPerNodeGroup, 'ReplicasPerNodeGroup');

  if (!clusterEnabled) {
    if (numNodeGroups !== undefined && numNodeGroups !== 1) throw invalidParameterCombination('A replication group with cluster mode disabled has one node group: omit NumNodeGroups or set it to 1.');
    if (configuration.length > 1) throw invalidParameterCombination('A replication group with cluster mode disabled has one node group.');
    if (snapshot !== undefined && snapshot.shards.length > 1) {
      throw invalidParameterCombination(`Snapshot ${snapshot.name} holds ${snapshot.shards.length} node groups; restore it into a group with cluster mode enabled.`);
    }
    if (seedFiles > 1) throw invalidParameterCombination('A replication group with cluster mode disabled is seeded from one RDB file.');
    const configured = configuration[0] === undefined ? undefined : qInt(configuration[0], 'ReplicaCount');
    if (numCacheClusters !== undefined && (replicasPerNodeGroup !== undefined || configured !== undefined)) {
      throw invalidParameterCombination('NumCacheClusters cannot be given with ReplicasPerNodeGroup or NodeGroupConfiguration.');
    }
    if (numCacheClusters !== undefined && (numCacheClusters < 1 || numCacheClusters > MAX_REPLICAS + 1)) throw invalidParameterValue(`NumCacheClusters must be between 1 and ${MAX_REPLICAS + 1}.`);
    const replicas = numCacheClusters !== undefined ? numCacheClusters - 1 : checkReplicas(configured ?? replicasPerNodeGroup ?? 0, 'ReplicaCount');
    const zones = zonesAsked(configuration[0], qStrList(params, 'PreferredCacheClusterAZs'), replicas, region);
    return [{ id: '0001', slots: formatSlots([[0, SLOT_COUNT - 1]]), replicas, ...(zones === undefined ? {} : { zones }) }];
  }

  if (numCacheClusters !== undefined) throw invalidParameterCombination('NumCacheClusters is for cluster mode disabled; use NumNodeGroups and ReplicasPerNodeGroup.');
  const count = numNodeGroups ?? (configuration.length > 0 ? configuration.length : undefined) ?? snapshot?.shards.length ?? (seedFiles > 0 ? seedFiles : 1);
  // The service spreads the keys of the files over the node groups; locally each file seeds one, as is.
  if (seedFiles > 0 && seedFiles !== count) throw invalidParameterCombination(`Locally, each RDB file in SnapshotArns seeds one node group: give ${count} files or NumNodeGroups ${seedFiles}.`);
  if (count < 1) throw invalidParameterValue('NumNodeGroups must be at least 1.');
  if (count > MAX_NODE_GROUPS) throw faults.nodeGroupQuota(MAX_NODE_GROUPS);
  if (configuration.length > 0 && configuration.length !== count) throw invalidParameterValue(`NodeGroupConfiguration has ${configuration.length} entries for ${count} node groups.`);
  if (snapshot !== undefined && snapshot.shards.length !== count) {
    throw invalidParameterCombination(`Snapshot ${snapshot.name} holds ${snapshot.shards.length} node groups; restore it with that many and reshard afterwards.`);
  }

  const given = configuration.map((c) => qStr(c, 'Slots'));
  let layout: SlotRanges[];
  if (given.some((s) => s !== undefined)) {
    if (given.some((s) => s === undefined)) throw invalidParameterValue('Give Slots for every node group or for none.');
    layout = given.map((s) => {
      try {
        return parseSlots(s as string);
      } catch (err) {
        throw invalidParameterValue(`Invalid Slots ${s ?? ''}: ${(err as Error).message}`);
      }
    });
    checkSlotLayout(layout);
  } else if (snapshot !== undefined) {
    layout = snapshot.shards.map((s) => parseSlots(s.slots));
  } else {
    layout = evenSlotRanges(count);
  }
  if (snapshot !== undefined && layout.some((ranges, i) => formatSlots(ranges) !== formatSlots(parseSlots(snapshot.shards[i]?.slots ?? '')))) {
    throw invalidParameterCombination(`Locally, a restore keeps the slots of snapshot ${snapshot.name}'s node groups.`);
  }

  const ids = configuration.map((c) => {
    const id = qStr(c, 'NodeGroupId');
    return id === undefined ? undefined : nodeGroupId(id);
  });
  const taken = new Set(ids.filter((id): id is string => id !== undefined));
  if (taken.size !== ids.filter((id) => id !== undefined).length) throw invalidParameterValue('NodeGroupIds must be unique.');
  let next = 1;
  const freeId = (): string => {
    while (taken.has(String(next).padStart(4, '0'))) next++;
    const id = String(next++).padStart(4, '0');
    taken.add(id);
    return id;
  };
  return layout.map((ranges, i) => {
    const config = configuration[i];
    const replicas = checkReplicas((config === undefined ? undefined : qInt(config, 'ReplicaCount')) ?? replicasPerNodeGroup ?? 0, 'ReplicaCount');
    if (countSlots(ranges) === 0) throw invalidParameterValue('Every node group needs at least one slot.');
    const zones = zonesAsked(config, undefined, replicas, region);
    return { id: ids[i] ?? freeId(), slots: formatSlots(rangesOf(slotsOf(ranges))), replicas, ...(zones === undefined ? {} : { zones }) };
  }).sort((a, b) => a.id.localeCompare(b.id));
}

export function planGroup(state: LocalState, stateDir: string, params: QueryStruct, region: string): GroupPlan {
  const id = checkGroupId(qRequiredStr(params, 'ReplicationGroupId'));
  const description = qStr(params, 'ReplicationGroupDescription');
  if (description === undefined || description === '') throw invalidParameterValue('The parameter ReplicationGroupDescription must be provided and must not be blank.');
  for (const p of UNSUPPORTED) if (params[p] !== undefined) throw invalidParameterValue(`${p} is not supported by the memctl local control plane.`);
  const { snapshot, seedFiles } = restoreSource(state, stateDir, params);

  const nodeType = qStr(params, 'CacheNodeType') ?? snapshot?.cluster.nodeType;
  if (nodeType === undefined) throw invalidParameterValue('The parameter CacheNodeType must be provided.');
  checkNodeType(nodeType);
  const engine = (qStr(params, 'Engine') ?? snapshot?.cluster.engine ?? 'redis').toLowerCase() as GroupPlan['engine'];
  if (engine !== 'redis' && engine !== 'valkey') throw invalidParameterValue(`Invalid engine ${engine}: replication groups run redis or valkey.`);
  const requestedVersion = qStr(params, 'EngineVersion');
  const version = cacheEngineVersion(engine, requestedVersion);
  if (version === undefined) throw invalidParameterValue(`Cannot find version ${requestedVersion ?? ''} for ${engine}.`);
  if (qBool(params, 'DataTieringEnabled') === true) throw invalidParameterValue('Data tiering needs an r6gd node type, which the local control plane does not offer.');
  for (const key of ['NetworkType', 'IpDiscovery']) {
    const value = qStr(params, key);
    if (value !== undefined && value !== 'ipv4') throw invalidParameterValue(`${key} ${value} is not supported locally: only ipv4.`);
  }

  const clusterModeParam = qStr(params, 'ClusterMode')?.toLowerCase();
  if (clusterModeParam !== undefined && clusterModeParam !== 'enabled' && clusterModeParam !== 'disabled') {
    throw invalidParameterValue(`ClusterMode ${clusterModeParam} is not supported locally: use enabled or disabled.`);
  }
  const parameterGroupName = qStr(params, 'CacheParameterGroupName');
  const parameterGroup = parameterGroupName === undefined ? undefined : cacheParameterGroupOrFault(parameterGroupName);
  const impliesEnabled =
    (qInt(params, 'NumNodeGroups') ?? 1) > 1 ||
    (qStructList(params, 'NodeGroupConfiguration')?.length ?? 0) > 1 ||
    parameterGroup?.clusterMode === true ||
    (snapshot?.shards.length ?? 1) > 1;
  if (clusterModeParam === 'disabled' && impliesEnabled) throw invalidParameterCombination('ClusterMode disabled contradicts the node groups or parameter group asked for.');
  const clusterEnabled = clusterModeParam === 'enabled' || (clusterModeParam === undefined && impliesEnabled);
  if (parameterGroup !== undefined) {
    if (parameterGroup.family !== version.family) {
      throw invalidParameterCombination(`Parameter group ${parameterGroup.name} (family ${parameterGroup.family}) does not match ${engine} ${version.version} (family ${version.family}).`);
    }
    if (parameterGroup.clusterMode !== clusterEnabled) {
      throw invalidParameterCombination(`Parameter group ${parameterGroup.name} has cluster-enabled ${parameterGroup.clusterMode ? 'yes' : 'no'}, but the replication group has cluster mode ${clusterEnabled ? 'enabled' : 'disabled'}.`);
    }
  }

  if (clusterEnabled && params.PreferredCacheClusterAZs !== undefined) throw invalidParameterCombination('PreferredCacheClusterAZs is for cluster mode disabled; give each node group its zones in NodeGroupConfiguration.');
  const groups = nodeGroups(params, clusterEnabled, snapshot, seedFiles?.length ?? 0, region);
  const automaticFailover = qBool(params, 'AutomaticFailoverEnabled') ?? clusterEnabled;
  if (clusterEnabled && !automaticFailover) throw invalidParameterCombination('Redis with cluster mode enabled cannot be created with automatic failover turned off.');
  if (!clusterEnabled && automaticFailover && (groups[0]?.replicas ?? 0) < 1) {
    throw invalidParameterValue('Automatic failover needs at least one replica: NumCacheClusters must be at least 2.');
  }
  const multiAz = qBool(params, 'MultiAZEnabled') ?? false;
  if (multiAz && !automaticFailover) throw invalidParameterCombination('Multi-AZ needs automatic failover enabled.');

  const tls = qBool(params, 'TransitEncryptionEnabled') ?? false;
  const transitMode = qStr(params, 'TransitEncryptionMode');
  if (transitMode !== undefined && (!tls || (transitMode !== 'required' && transitMode !== 'preferred'))) {
    throw invalidParameterCombination('TransitEncryptionMode needs TransitEncryptionEnabled, and must be preferred or required.');
  }
  const atRestEncryption = qBool(params, 'AtRestEncryptionEnabled') ?? false;
  const kmsKeyId = qStr(params, 'KmsKeyId');
  if (kmsKeyId !== undefined && !atRestEncryption) throw invalidParameterCombination('KmsKeyId needs AtRestEncryptionEnabled.');
  const port = qInt(params, 'Port');
  if (port !== undefined && (port < 1 || port > 65535)) throw invalidParameterValue('Port must be between 1 and 65535.');
  const tags = qTags(params) ?? [];
  if (tags.length > MAX_TAGS) throw faults.tagQuota(MAX_TAGS);

  const windows = checkWindows({ maintenance: qStr(params, 'PreferredMaintenanceWindow'), snapshot: qStr(params, 'SnapshotWindow') }, DEFAULT_WINDOWS, WINDOW_ERRORS);
  const subnetGroupName = qStr(params, 'CacheSubnetGroupName');
  return {
    ...(port === undefined ? {} : { port }),
    id,
    description,
    nodeType,
    engine,
    version,
    clusterMode: clusterEnabled ? 'enabled' : 'disabled',
    nodeGroups: groups,
    automaticFailover,
    multiAz,
    tls,
    atRestEncryption,
    kmsKeyId,
    parameterGroup: parameterGroup?.name ?? defaultCacheParameterGroup(version.family, clusterEnabled),
    subnetGroup: subnetGroupName === undefined ? DEFAULT_CACHE_SUBNET_GROUP : checkCacheSubnetGroup(subnetGroupName),
    securityGroupIds: qStrList(params, 'SecurityGroupIds') ?? ['sg-0000000000local'],
    maintenanceWindow: windows.maintenance ?? DEFAULT_WINDOWS.maintenance,
    snapshotRetentionLimit: checkRetention(qInt(params, 'SnapshotRetentionLimit') ?? 0),
    snapshotWindow: windows.snapshot ?? DEFAULT_WINDOWS.snapshot,
    snsTopicArn: qStr(params, 'NotificationTopicArn'),
    autoMinorVersionUpgrade: qBool(params, 'AutoMinorVersionUpgrade') ?? true,
    tags,
    snapshot,
    seedFiles,
  };
}
