// @ts-nocheck
// ElastiCache adapter: replication groups (cluster mode enabled or disabled), their snapshots and
// events, mapped onto the engine-neutral model; users and user groups are elasticache-access.ts's.
// Listings follow Marker to the end.
import {
  CopySnapshotCommand,
  CreateReplicationGroupCommand,
  CreateSnapshotCommand,
  DecreaseReplicaCountCommand,
  DeleteReplicationGroupCommand,
  DeleteSnapshotCommand,
  DescribeCacheClustersCommand,
  DescribeEventsCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  IncreaseReplicaCountCommand,
  ListTagsForResourceCommand,
  AddTagsToResourceCommand,
  ModifyReplicationGroupCommand,
  ModifyReplicationGroupShardConfigurationCommand,
  TestFailoverCommand,
  type CacheCluster as SdkCacheCluster,
  type ElastiCacheClient,
  type ReplicationGroup as SdkReplicationGroup,
  type Snapshot as SdkSnapshot,
  type SourceType,
} from '@aws-sdk/client-elasticache';
import { NotFoundError } from '../io/errors.js';
import {
  clusterFromElastiCache,
  elasticacheSourceType,
  eventFromElastiCache,
  snapshotClusterMode,
  snapshotFromElastiCache,
  withCacheClusters,
} from './elasticache-shapes.js';
import { ElastiCacheAccess, nonEmpty, sdkTags } from './elasticache-access.js';
import { ServiceCalls } from './service-calls.js';
import type {
  Acl,
  Cluster,
  ClusterChange,
  ClusterEvent,
  ControlPlane,
  CreateClusterSpec,
  DeleteClusterOptions,
  EventFilter,
  Snapshot,
  Tag,
  User,
  UserChange,
  UserSpec,
} from './model.js';

/** Member cache clusters described at once. */
const MEMBER_CONCURRENCY = 8;

export class ElastiCacheControlPlane implements ControlPlane {
  readonly service = 'elasticache' as const;

  private readonly calls: ServiceCalls;
  private readonly access: ElastiCacheAccess;

  constructor(
    private readonly client: ElastiCacheClient,
    endpoint?: string,
    private readonly pageSize?: number,
  ) {
    this.calls = new ServiceCalls(endpoint);
    this.access = new ElastiCacheAccess(client, this.calls, pageSize);
  }

  // ---- replication groups

  async listClusters(): Promise<Cluster[]> {
    const [groups, members] = await Promise.all([
      this.paginate('listing replication groups', (Marker) => this.client.send(new DescribeReplicationGroupsCommand({ Marker, MaxRecords: this.pageSize }))),
      this.paginate('listing cache clusters', (Marker) => this.client.send(new DescribeCacheClustersCommand({ Marker, MaxRecords: this.pageSize }))),
    ]);
    const byGroup = new Map<string, SdkCacheCluster[]>();
    for (const m of members.flatMap((p) => p.CacheClusters ?? [])) {
      if (m.ReplicationGroupId === undefined) continue;
      byGroup.set(m.ReplicationGroupId, [...(byGroup.get(m.ReplicationGroupId) ?? []), m]);
    }
    // Node groups give the replica count; the listing itself stays one line per group.
    return groups
      .flatMap((p) => p.ReplicationGroups ?? [])
      .map((rg) => ({ ...withCacheClusters(clusterFromElastiCache(rg), byGroup.get(rg.ReplicationGroupId ?? '') ?? []), shards: undefined }));
  }

  async findCluster(name: string, options: { shards?: boolean } = {}): Promise<Cluster | undefined> {
    const rg = await this.findReplicationGroup(name);
    if (rg === undefined) return undefined;
    // Without shards, one member is enough for the group-wide settings only cache clusters report.
    const ids = rg.MemberClusters ?? [];
    const members = await this.describeMembers(options.shards === true ? ids : ids.slice(0, 1), options.shards === true);
    const cluster = withCacheClusters(clusterFromElastiCache(rg), members);
    return options.shards === true ? cluster : { ...cluster, shards: undefined };
  }

  async getCluster(name: string, options: { shards?: boolean } = {}): Promise<Cluster> {
    const cluster = await this.findCluster(name, options);
    if (cluster === undefined) throw new NotFoundError(`replication group "${name}" not found`, { hint: 'run `memctl --service elasticache list` to see the replication groups in this region' });
    return cluster;
  }

  private async findReplicationGroup(name: string): Promise<SdkReplicationGroup | undefined> {
    return this.calls.find(`describing replication group ${name}`, 'ReplicationGroupNotFoundFault', async () =>
      (await this.client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: name }))).ReplicationGroups?.[0],
    );
  }

  private async describeMembers(ids: string[], nodeInfo: boolean): Promise<SdkCacheCluster[]> {
    const found: SdkCacheCluster[] = [];
    for (let i = 0; i < ids.length; i += MEMBER_CONCURRENCY) {
      const batch = await Promise.all(ids.slice(i, i + MEMBER_CONCURRENCY).map((id) => this.describeCacheCluster(id, nodeInfo)));
      for (const c of batch) if (c !== undefined) found.push(c);
    }
    return found;
  }

  /** Undefined for a member that is being removed: the group's own description is what counts. */
  private async describeCacheCluster(id: string, nodeInfo: boolean): Promise<SdkCacheCluster | undefined> {
    return this.calls.find(`describing cache cluster ${id}`, 'CacheClusterNotFoundFault', async () =>
      (await this.client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: nodeInfo }))).CacheClusters?.[0],
    );
  }

  async createCluster(spec: CreateClusterSpec): Promise<Cluster> {
    const restoring = spec.snapshotName !== undefined;
    let clusterMode = spec.clusterMode;
    if (clusterMode === undefined && spec.snapshotName !== undefined) {
      // A restore keeps the snapshot's cluster mode.
      const snapshot = await this.describeSnapshot(spec.snapshotName, false);
      if (snapshot === undefined) throw new NotFoundError(`snapshot "${spec.snapshotName}" not found`, { hint: 'run `memctl --service elasticache snapshot list`' });
      clusterMode = snapshotClusterMode(snapshot);
    }
    clusterMode ??= 'enabled';
    const counts =
      clusterMode === 'enabled'
        ? { NumNodeGroups: restoring ? undefined : spec.shards, ReplicasPerNodeGroup: spec.replicas }
        : { NumCacheClusters: 1 + spec.replicas };
    const out = await this.call(`creating replication group ${spec.name}`, () =>
      this.client.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: spec.name,
          ReplicationGroupDescription: spec.description ?? 'created by memctl',
          ClusterMode: clusterMode,
          ...counts,
          AutomaticFailoverEnabled: spec.automaticFailover ?? (clusterMode === 'enabled' || spec.replicas > 0),
          MultiAZEnabled: spec.multiAz,
          CacheNodeType: spec.nodeType,
          Engine: spec.engine,
          EngineVersion: spec.engineVersion,
          CacheParameterGroupName: spec.parameterGroup,
          CacheSubnetGroupName: spec.subnetGroup,
          SecurityGroupIds: spec.securityGroupIds,
          Port: spec.port,
          TransitEncryptionEnabled: spec.tls,
          AtRestEncryptionEnabled: spec.atRestEncryption ?? (spec.kmsKeyId !== undefined ? true : undefined),
          KmsKeyId: spec.kmsKeyId,
          AuthToken: spec.authToken,
          UserGroupIds: nonEmpty(spec.userGroups),
          SnapshotName: spec.snapshotName,
          SnapshotArns: nonEmpty(spec.snapshotArns),
          SnapshotRetentionLimit: spec.snapshotRetentionLimit,
          SnapshotWindow: spec.snapshotWindow,
          PreferredMaintenanceWindow: spec.maintenanceWindow,
          NotificationTopicArn: spec.snsTopicArn,
          DataTieringEnabled: spec.dataTiering,
          AutoMinorVersionUpgrade: spec.autoMinorVersionUpgrade,
          Tags: sdkTags(spec.tags),
        }),
      ),
    );
    return clusterFromElastiCache(this.required(out.ReplicationGroup, `creating replication group ${spec.name}`));
  }

  async deleteCluster(name: string, options: DeleteClusterOptions = {}): Promise<Cluster> {
    const out = await this.call(`deleting replication group ${name}`, () =>
      this.client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: name, FinalSnapshotIdentifier: options.finalSnapshot })),
    );
    return clusterFromElastiCache(this.required(out.ReplicationGroup, `deleting replication group ${name}`));
  }

  /** One change per call, as ElastiCache takes them: each kind has its own operation. */
  async updateCluster(name: string, change: ClusterChange): Promise<Cluster> {
    const kinds = (['shards', 'replicas', 'nodeType', 'engine', 'acl', 'authToken'] as const).filter((k) => change[k] !== undefined);
    if (kinds.length !== 1) throw new Error(`updating replication group ${name}: expected exactly one change, got ${kinds.join(', ') || 'none'}`);
    const action = `updating replication group ${name}`;
    let out: { ReplicationGroup?: SdkReplicationGroup };
    if (change.shards !== undefined) {
      const current = await this.requiredGroup(name);
      const ids = (current.NodeGroups ?? []).map((g) => g.NodeGroupId ?? '').filter((id) => id !== '').sort();
      // Scaling in must say which node groups stay: the first ones, as `memctl scale --dry-run` plans it.
      const retain = change.shards < ids.length ? ids.slice(0, change.shards) : undefined;
      out = await this.call(action, () =>
        this.client.send(new ModifyReplicationGroupShardConfigurationCommand({ ReplicationGroupId: name, NodeGroupCount: change.shards, ApplyImmediately: true, NodeGroupsToRetain: retain })),
      );
    } else if (change.replicas !== undefined) {
      const current = clusterFromElastiCache(await this.requiredGroup(name));
      const input = { ReplicationGroupId: name, NewReplicaCount: change.replicas, ApplyImmediately: true };
      out =
        change.replicas > (current.replicasPerShard ?? 0)
          ? await this.call(action, () => this.client.send(new IncreaseReplicaCountCommand(input)))
          : await this.call(action, () => this.client.send(new DecreaseReplicaCountCommand(input)));
    } else if (change.nodeType !== undefined) {
      out = await this.call(action, () => this.client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: name, CacheNodeType: change.nodeType, ApplyImmediately: true })));
    } else if (change.engine !== undefined) {
      const engine = change.engine;
      out = await this.call(action, () =>
        this.client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: name, Engine: engine.engine, EngineVersion: engine.version, ApplyImmediately: true })),
      );
    } else if (change.acl !== undefined) {
      const acl = change.acl;
      const current = await this.requiredGroup(name);
      const remove = (current.UserGroupIds ?? []).filter((g) => g !== acl);
      out = await this.call(action, () =>
        this.client.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: name, UserGroupIdsToAdd: [acl], UserGroupIdsToRemove: nonEmpty(remove), ApplyImmediately: true })),
      );
    } else {
      const token = change.authToken as NonNullable<ClusterChange['authToken']>;
      out = await this.call(`${token.strategy === 'rotate' ? 'rotating' : 'setting'} the token of replication group ${name}`, () =>
        this.client.send(
          new ModifyReplicationGroupCommand({ ReplicationGroupId: name, AuthToken: token.token, AuthTokenUpdateStrategy: token.strategy === 'rotate' ? 'ROTATE' : 'SET', ApplyImmediately: true }),
        ),
      );
    }
    return clusterFromElastiCache(this.required(out.ReplicationGroup, action));
  }

  private async requiredGroup(name: string): Promise<SdkReplicationGroup> {
    const rg = await this.findReplicationGroup(name);
    if (rg === undefined) throw new NotFoundError(`replication group "${name}" not found`);
    return rg;
  }

  async failoverShard(name: string, shard: string): Promise<Cluster> {
    const action = `failing over node group ${shard} of ${name}`;
    const out = await this.call(action, () => this.client.send(new TestFailoverCommand({ ReplicationGroupId: name, NodeGroupId: shard })));
    return clusterFromElastiCache(this.required(out.ReplicationGroup, action));
  }

  // ---- snapshots

  async createSnapshot(cluster: string, name: string, options: { kmsKeyId?: string; tags?: Tag[] } = {}): Promise<Snapshot> {
    const action = `creating snapshot ${name} of ${cluster}`;
    const out = await this.call(action, () =>
      this.client.send(new CreateSnapshotCommand({ ReplicationGroupId: cluster, SnapshotName: name, KmsKeyId: options.kmsKeyId, Tags: sdkTags(options.tags) })),
    );
    return snapshotFromElastiCache(this.required(out.Snapshot, action));
  }

  async listSnapshots(filter: { cluster?: string; source?: 'manual' | 'automated'; detail?: boolean } = {}): Promise<Snapshot[]> {
    // The request names sources "user" and "system"; the snapshots say manual and automated.
    const source = filter.source === undefined ? undefined : filter.source === 'manual' ? 'user' : 'system';
    const pages = await this.paginate('listing snapshots', (Marker) =>
      this.client.send(
        new DescribeSnapshotsCommand({ ReplicationGroupId: filter.cluster, SnapshotSource: source, ShowNodeGroupConfig: filter.detail ?? true, Marker, MaxRecords: this.pageSize }),
      ),
    );
    return pages.flatMap((p) => (p.Snapshots ?? []).map(snapshotFromElastiCache));
  }

  async findSnapshot(name: string, options: { detail?: boolean } = {}): Promise<Snapshot | undefined> {
    const found = await this.describeSnapshot(name, options.detail ?? true);
    return found === undefined ? undefined : snapshotFromElastiCache(found);
  }

  private async describeSnapshot(name: string, detail: boolean): Promise<SdkSnapshot | undefined> {
    return this.calls.find(`describing snapshot ${name}`, 'SnapshotNotFoundFault', async () =>
      (await this.client.send(new DescribeSnapshotsCommand({ SnapshotName: name, ShowNodeGroupConfig: detail }))).Snapshots?.[0],
    );
  }

  async copySnapshot(source: string, target: string, options: { bucket?: string; kmsKeyId?: string } = {}): Promise<Snapshot> {
    const action = `copying snapshot ${source} to ${target}`;
    const out = await this.call(action, () =>
      this.client.send(new CopySnapshotCommand({ SourceSnapshotName: source, TargetSnapshotName: target, TargetBucket: options.bucket, KmsKeyId: options.kmsKeyId })),
    );
    return snapshotFromElastiCache(this.required(out.Snapshot, action));
  }

  async deleteSnapshot(name: string): Promise<Snapshot> {
    const action = `deleting snapshot ${name}`;
    const out = await this.call(action, () => this.client.send(new DeleteSnapshotCommand({ SnapshotName: name })));
    return snapshotFromElastiCache(this.required(out.Snapshot, action));
  }

  // ---- events

  async listEvents(filter: EventFilter): Promise<ClusterEvent[]> {
    const sourceType = filter.sourceType === undefined ? undefined : (elasticacheSourceType(filter.sourceType) as SourceType);
    const pages = await this.paginate('reading events', (Marker) =>
      this.client.send(
        new DescribeEventsCommand({
          // ElastiCache names a source only together with its type.
          SourceIdentifier: sourceType === undefined ? undefined : filter.sourceName,
          SourceType: sourceType,
          StartTime: filter.since,
          Marker,
          MaxRecords: this.pageSize,
        }),
      ),
    );
    return pages.flatMap((p) => (p.Events ?? []).map(eventFromElastiCache)).sort((a, b) => a.date.getTime() - b.date.getTime());
  }

  async listTags(arn: string): Promise<Tag[]> {
    const out = await this.calls.call(`listing the tags of ${arn}`, () => this.client.send(new ListTagsForResourceCommand({ ResourceName: arn })));
    return (out.TagList ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  }

  async tagResource(arn: string, tags: Tag[]): Promise<void> {
    await this.calls.call(`tagging ${arn}`, () => this.client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) })));
  }

  // ---- users and user groups (the model's ACLs): elasticache-access.ts

  listUsers(): Promise<User[]> { return this.access.listUsers(); }
  findUser(name: string): Promise<User | undefined> { return this.access.findUser(name); }
  createUser(spec: UserSpec): Promise<User> { return this.access.createUser(spec); }
  updateUser(name: string, change: UserChange): Promise<User> { return this.access.updateUser(name, change); }
  deleteUser(name: string): Promise<User> { return this.access.deleteUser(name); }
  listAcls(): Promise<Acl[]> { return this.access.listAcls(); }
  findAcl(name: string): Promise<Acl | undefined> { return this.access.findAcl(name); }
  createAcl(name: string, users: string[], tags: Tag[] = [], options: { engine?: string } = {}): Promise<Acl> { return this.access.createAcl(name, users, tags, options); }
  updateAcl(name: string, change: { add?: string[]; remove?: string[] }): Promise<Acl> { return this.access.updateAcl(name, change); }
  deleteAcl(name: string): Promise<Acl> { return this.access.deleteAcl(name); }

  // ---- plumbing

  /** Every page of a Marker listing. */
  private paginate<T extends { Marker?: string }>(action: string, page: (marker: string | undefined) => Promise<T>): Promise<T[]> {
    return this.calls.pages(action, page, (p) => p.Marker);
  }

  private required<T>(value: T | undefined, action: string): T {
    if (value === undefined) throw new Error(`${action}: the service returned nothing`);
    return value;
  }

  private call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    return this.calls.call(action, fn);
  }
}
