// Pure mappings from MemoryDB API shapes to the engine-neutral model (unit-tested).
import type { ACL as SdkAcl, Cluster as SdkCluster, Snapshot as SdkSnapshot, User as SdkUser } from '@aws-sdk/client-memorydb';
import type { Acl, Cluster, ClusterNode, Endpoint, Shard, Snapshot, User } from './model.js';

export function endpointOf(e: { Address?: string; Port?: number } | undefined): Endpoint | undefined {
  if (e?.Address === undefined || e.Address === '' || e.Port === undefined) return undefined;
  return { address: e.Address, port: e.Port };
}

/** Pure mapping from the MemoryDB shape to the model (unit-tested). */
export function clusterFromMemoryDb(c: SdkCluster): Cluster {
  const shards: Shard[] | undefined = c.Shards?.map((s) => ({
    id: s.Name ?? '',
    status: s.Status ?? 'unknown',
    slots: s.Slots,
    nodes: (s.Nodes ?? []).map(
      (n): ClusterNode => ({
        name: n.Name ?? '',
        status: n.Status ?? 'unknown',
        availabilityZone: n.AvailabilityZone,
        createdAt: n.CreateTime,
        endpoint: endpointOf(n.Endpoint),
      }),
    ),
  }));
  const nodesPerShard = shards?.map((s) => s.nodes.length) ?? [];
  const replicas = nodesPerShard.length > 0 ? Math.max(0, Math.min(...nodesPerShard) - 1) : undefined;
  const pending = c.PendingUpdates as Record<string, unknown> | undefined;
  return dropUndefined({
    service: 'memorydb',
    name: c.Name ?? '',
    status: c.Status ?? 'unknown',
    description: c.Description || undefined,
    arn: c.ARN,
    engine: c.Engine ?? 'redis',
    engineVersion: c.EngineVersion,
    enginePatchVersion: c.EnginePatchVersion,
    nodeType: c.NodeType ?? '',
    shardCount: c.NumberOfShards ?? shards?.length ?? 0,
    replicasPerShard: replicas,
    clusterMode: 'enabled',
    tls: c.TLSEnabled ?? false,
    endpoint: endpointOf(c.ClusterEndpoint),
    acl: c.ACLName,
    parameterGroup: c.ParameterGroupName,
    subnetGroup: c.SubnetGroupName,
    securityGroups: c.SecurityGroups?.map((g) => g.SecurityGroupId ?? '').filter((g) => g !== ''),
    kmsKeyId: c.KmsKeyId,
    snsTopicArn: c.SnsTopicArn,
    snapshotRetentionLimit: c.SnapshotRetentionLimit,
    snapshotWindow: c.SnapshotWindow,
    maintenanceWindow: c.MaintenanceWindow,
    availabilityMode: c.AvailabilityMode,
    dataTiering: c.DataTiering === undefined ? undefined : c.DataTiering === 'true',
    autoMinorVersionUpgrade: c.AutoMinorVersionUpgrade,
    pendingUpdates: pending !== undefined && Object.keys(pending).length > 0 ? pending : undefined,
    shards,
  });
}

/** Pure mapping from the MemoryDB user shape (never holds a password). */
export function userFromMemoryDb(u: SdkUser): User {
  return dropUndefined({
    service: 'memorydb',
    name: u.Name ?? '',
    status: u.Status ?? 'unknown',
    accessString: u.AccessString,
    authentication: (u.Authentication?.Type ?? 'no-password') as User['authentication'],
    passwordCount: u.Authentication?.PasswordCount,
    acls: u.ACLNames ?? [],
    minimumEngineVersion: u.MinimumEngineVersion,
    arn: u.ARN,
  });
}

export function aclFromMemoryDb(a: SdkAcl): Acl {
  const pending = a.PendingChanges;
  return dropUndefined({
    service: 'memorydb',
    name: a.Name ?? '',
    status: a.Status ?? 'unknown',
    users: a.UserNames ?? [],
    clusters: a.Clusters ?? [],
    minimumEngineVersion: a.MinimumEngineVersion,
    pendingChanges:
      pending === undefined || ((pending.UserNamesToAdd ?? []).length === 0 && (pending.UserNamesToRemove ?? []).length === 0)
        ? undefined
        : { usersToAdd: pending.UserNamesToAdd, usersToRemove: pending.UserNamesToRemove },
    arn: a.ARN,
  });
}

/** Pure mapping from the MemoryDB snapshot shape to the model (unit-tested). */
export function snapshotFromMemoryDb(s: SdkSnapshot): Snapshot {
  const config = s.ClusterConfiguration;
  const shards = config?.Shards?.map((d) =>
    dropUndefined({ name: d.Name ?? '', slots: d.Configuration?.Slots, replicaCount: d.Configuration?.ReplicaCount, size: d.Size, createdAt: d.SnapshotCreationTime }),
  );
  const times = (shards?.map((d) => d.createdAt?.getTime()) ?? []).filter((t): t is number => t !== undefined);
  return dropUndefined({
    service: 'memorydb',
    name: s.Name ?? '',
    status: s.Status ?? 'unknown',
    source: s.Source ?? 'manual',
    arn: s.ARN,
    kmsKeyId: s.KmsKeyId,
    clusterName: config?.Name ?? '',
    nodeType: config?.NodeType,
    engine: config?.Engine,
    engineVersion: config?.EngineVersion,
    shardCount: config?.NumShards,
    description: config?.Description || undefined,
    replicasPerShard: minimum(shards?.map((d) => d.replicaCount) ?? []),
    parameterGroup: config?.ParameterGroupName,
    subnetGroup: config?.SubnetGroupName,
    port: config?.Port,
    maintenanceWindow: config?.MaintenanceWindow,
    snapshotWindow: config?.SnapshotWindow,
    snapshotRetentionLimit: config?.SnapshotRetentionLimit,
    snsTopicArn: config?.TopicArn,
    dataTiering: s.DataTiering === undefined ? undefined : s.DataTiering === 'true',
    createdAt: times.length === 0 ? undefined : new Date(Math.min(...times)),
    shards,
  });
}

/** The smallest of the numbers given (undefined when none is). */
export function minimum(values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}

export function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
