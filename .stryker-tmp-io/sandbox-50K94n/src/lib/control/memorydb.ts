// @ts-nocheck
// MemoryDB adapter: maps the MemoryDB API onto the engine-neutral model.
import {
  CopySnapshotCommand,
  CreateClusterCommand,
  CreateSnapshotCommand,
  DeleteClusterCommand,
  DeleteSnapshotCommand,
  DescribeClustersCommand,
  DescribeEventsCommand,
  DescribeSnapshotsCommand,
  FailoverShardCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateClusterCommand,
  CreateACLCommand,
  CreateUserCommand,
  DeleteACLCommand,
  DeleteUserCommand,
  DescribeACLsCommand,
  DescribeUsersCommand,
  UpdateACLCommand,
  UpdateUserCommand,
  type AuthenticationMode,
  type MemoryDBClient,
} from '@aws-sdk/client-memorydb';
import { aclFromMemoryDb, clusterFromMemoryDb, snapshotFromMemoryDb, userFromMemoryDb } from './memorydb-shapes.js';
import { NotFoundError } from '../io/errors.js';
import { ServiceCalls } from './service-calls.js';
import type {
  Acl,
  User,
  UserAuthentication,
  UserChange,
  UserSpec,
  Cluster,
  ClusterChange,
  ClusterEvent,
  ControlPlane,
  CreateClusterSpec,
  DeleteClusterOptions,
  EventFilter,
  Snapshot,
  Tag,
} from './model.js';

export class MemoryDbControlPlane implements ControlPlane {
  readonly service = 'memorydb' as const;

  private readonly calls: ServiceCalls;

  constructor(
    private readonly client: MemoryDBClient,
    endpoint?: string,
    private readonly pageSize?: number,
  ) {
    this.calls = new ServiceCalls(endpoint);
  }

  async listClusters(): Promise<Cluster[]> {
    const pages = await this.paginate('listing clusters', (token) =>
      this.client.send(new DescribeClustersCommand({ NextToken: token, MaxResults: this.pageSize, ShowShardDetails: true })),
    );
    // Shard details give the replica count; the listing itself stays one line per cluster.
    return pages.flatMap((out) => (out.Clusters ?? []).map((c) => ({ ...clusterFromMemoryDb(c), shards: undefined })));
  }

  /** Every page of a NextToken listing. */
  private paginate<T extends { NextToken?: string }>(action: string, page: (token: string | undefined) => Promise<T>): Promise<T[]> {
    return this.calls.pages(action, page, (p) => p.NextToken);
  }

  async findCluster(name: string, options: { shards?: boolean } = {}): Promise<Cluster | undefined> {
    const found = await this.calls.find(`describing cluster ${name}`, 'ClusterNotFoundFault', async () =>
      (await this.client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: options.shards ?? false }))).Clusters?.[0],
    );
    return found === undefined ? undefined : clusterFromMemoryDb(found);
  }

  async getCluster(name: string, options: { shards?: boolean } = {}): Promise<Cluster> {
    const cluster = await this.findCluster(name, options);
    if (cluster === undefined) throw new NotFoundError(`cluster "${name}" not found`, { hint: 'run `memctl list` to see the clusters in this region' });
    return cluster;
  }

  async createCluster(spec: CreateClusterSpec): Promise<Cluster> {
    const out = await this.call(`creating cluster ${spec.name}`, () =>
      this.client.send(
        new CreateClusterCommand({
          ClusterName: spec.name,
          NodeType: spec.nodeType,
          // A restore keeps the snapshot's shard count.
          NumShards: spec.snapshotName === undefined ? spec.shards : undefined,
          NumReplicasPerShard: spec.replicas,
          ACLName: spec.acl ?? 'open-access',
          Engine: spec.engine,
          EngineVersion: spec.engineVersion,
          Description: spec.description,
          TLSEnabled: spec.tls,
          KmsKeyId: spec.kmsKeyId,
          SubnetGroupName: spec.subnetGroup,
          SecurityGroupIds: spec.securityGroupIds,
          ParameterGroupName: spec.parameterGroup,
          Port: spec.port,
          SnapshotRetentionLimit: spec.snapshotRetentionLimit,
          SnapshotWindow: spec.snapshotWindow,
          MaintenanceWindow: spec.maintenanceWindow,
          SnapshotName: spec.snapshotName,
          SnapshotArns: spec.snapshotArns,
          SnsTopicArn: spec.snsTopicArn,
          DataTiering: spec.dataTiering,
          AutoMinorVersionUpgrade: spec.autoMinorVersionUpgrade,
          Tags: spec.tags.length === 0 ? undefined : spec.tags.map((t) => ({ Key: t.key, Value: t.value })),
        }),
      ),
    );
    if (out.Cluster === undefined) throw new Error(`creating cluster ${spec.name}: the service returned no cluster`);
    return clusterFromMemoryDb(out.Cluster);
  }

  async deleteCluster(name: string, options: DeleteClusterOptions = {}): Promise<Cluster> {
    const out = await this.call(`deleting cluster ${name}`, () =>
      this.client.send(new DeleteClusterCommand({ ClusterName: name, FinalSnapshotName: options.finalSnapshot })),
    );
    if (out.Cluster === undefined) throw new Error(`deleting cluster ${name}: the service returned no cluster`);
    return clusterFromMemoryDb(out.Cluster);
  }

  async updateCluster(name: string, change: ClusterChange): Promise<Cluster> {
    const out = await this.call(`updating cluster ${name}`, () =>
      this.client.send(
        new UpdateClusterCommand({
          ClusterName: name,
          ShardConfiguration: change.shards === undefined ? undefined : { ShardCount: change.shards },
          ReplicaConfiguration: change.replicas === undefined ? undefined : { ReplicaCount: change.replicas },
          NodeType: change.nodeType,
          Engine: change.engine?.engine,
          EngineVersion: change.engine?.version,
          ACLName: change.acl,
        }),
      ),
    );
    if (out.Cluster === undefined) throw new Error(`updating cluster ${name}: the service returned no cluster`);
    return clusterFromMemoryDb(out.Cluster);
  }

  async failoverShard(name: string, shard: string): Promise<Cluster> {
    const out = await this.call(`failing over shard ${shard} of ${name}`, () => this.client.send(new FailoverShardCommand({ ClusterName: name, ShardName: shard })));
    if (out.Cluster === undefined) throw new Error(`failing over ${name}: the service returned no cluster`);
    return clusterFromMemoryDb(out.Cluster);
  }

  async createSnapshot(cluster: string, name: string, options: { kmsKeyId?: string; tags?: Tag[] } = {}): Promise<Snapshot> {
    const out = await this.call(`creating snapshot ${name} of ${cluster}`, () =>
      this.client.send(
        new CreateSnapshotCommand({
          ClusterName: cluster,
          SnapshotName: name,
          KmsKeyId: options.kmsKeyId,
          Tags: options.tags === undefined || options.tags.length === 0 ? undefined : options.tags.map((t) => ({ Key: t.key, Value: t.value })),
        }),
      ),
    );
    if (out.Snapshot === undefined) throw new Error(`creating snapshot ${name}: the service returned no snapshot`);
    return snapshotFromMemoryDb(out.Snapshot);
  }

  async listSnapshots(filter: { cluster?: string; source?: 'manual' | 'automated'; detail?: boolean } = {}): Promise<Snapshot[]> {
    // The request names sources "user" and "system"; the snapshots say manual and automated.
    const source = filter.source === undefined ? undefined : filter.source === 'manual' ? 'user' : 'system';
    const pages = await this.paginate('listing snapshots', (token) =>
      this.client.send(
        new DescribeSnapshotsCommand({ ClusterName: filter.cluster, Source: source, ShowDetail: filter.detail ?? true, NextToken: token, MaxResults: this.pageSize }),
      ),
    );
    return pages.flatMap((out) => (out.Snapshots ?? []).map(snapshotFromMemoryDb));
  }

  async findSnapshot(name: string, options: { detail?: boolean } = {}): Promise<Snapshot | undefined> {
    const found = await this.calls.find(`describing snapshot ${name}`, 'SnapshotNotFoundFault', async () =>
      (await this.client.send(new DescribeSnapshotsCommand({ SnapshotName: name, ShowDetail: options.detail ?? true }))).Snapshots?.[0],
    );
    return found === undefined ? undefined : snapshotFromMemoryDb(found);
  }

  async copySnapshot(source: string, target: string, options: { bucket?: string; kmsKeyId?: string } = {}): Promise<Snapshot> {
    const out = await this.call(`copying snapshot ${source} to ${target}`, () =>
      this.client.send(new CopySnapshotCommand({ SourceSnapshotName: source, TargetSnapshotName: target, TargetBucket: options.bucket, KmsKeyId: options.kmsKeyId })),
    );
    if (out.Snapshot === undefined) throw new Error(`copying snapshot ${source}: the service returned no snapshot`);
    return snapshotFromMemoryDb(out.Snapshot);
  }

  async deleteSnapshot(name: string): Promise<Snapshot> {
    const out = await this.call(`deleting snapshot ${name}`, () => this.client.send(new DeleteSnapshotCommand({ SnapshotName: name })));
    if (out.Snapshot === undefined) throw new Error(`deleting snapshot ${name}: the service returned no snapshot`);
    return snapshotFromMemoryDb(out.Snapshot);
  }

  async listEvents(filter: EventFilter): Promise<ClusterEvent[]> {
    const pages = await this.paginate('reading events', (token) =>
      this.client.send(
        new DescribeEventsCommand({ SourceName: filter.sourceName, SourceType: filter.sourceType, StartTime: filter.since, NextToken: token, MaxResults: this.pageSize }),
      ),
    );
    const events = pages.flatMap((out) =>
      (out.Events ?? []).map((e) => ({ date: e.Date ?? new Date(0), sourceName: e.SourceName ?? '', sourceType: e.SourceType ?? '', message: e.Message ?? '' })),
    );
    return events.sort((a, b) => a.date.getTime() - b.date.getTime());
  }

  async listUsers(): Promise<User[]> {
    const pages = await this.paginate('listing users', (token) => this.client.send(new DescribeUsersCommand({ NextToken: token, MaxResults: this.pageSize })));
    return pages.flatMap((out) => (out.Users ?? []).map(userFromMemoryDb));
  }

  async findUser(name: string): Promise<User | undefined> {
    const found = await this.calls.find(`describing user ${name}`, 'UserNotFoundFault', async () => (await this.client.send(new DescribeUsersCommand({ UserName: name }))).Users?.[0]);
    return found === undefined ? undefined : userFromMemoryDb(found);
  }

  async createUser(spec: UserSpec): Promise<User> {
    const out = await this.call(`creating user ${spec.name}`, () =>
      this.client.send(
        new CreateUserCommand({
          UserName: spec.name,
          AccessString: spec.accessString,
          AuthenticationMode: authenticationMode(spec.authentication),
          Tags: spec.tags.length === 0 ? undefined : spec.tags.map((t) => ({ Key: t.key, Value: t.value })),
        }),
      ),
    );
    if (out.User === undefined) throw new Error(`creating user ${spec.name}: the service returned no user`);
    return userFromMemoryDb(out.User);
  }

  async updateUser(name: string, change: UserChange): Promise<User> {
    const out = await this.call(`updating user ${name}`, () =>
      this.client.send(
        new UpdateUserCommand({
          UserName: name,
          AccessString: change.accessString,
          AuthenticationMode: change.authentication === undefined ? undefined : authenticationMode(change.authentication),
        }),
      ),
    );
    if (out.User === undefined) throw new Error(`updating user ${name}: the service returned no user`);
    return userFromMemoryDb(out.User);
  }

  async deleteUser(name: string): Promise<User> {
    const out = await this.call(`deleting user ${name}`, () => this.client.send(new DeleteUserCommand({ UserName: name })));
    if (out.User === undefined) throw new Error(`deleting user ${name}: the service returned no user`);
    return userFromMemoryDb(out.User);
  }

  async listAcls(): Promise<Acl[]> {
    const pages = await this.paginate('listing ACLs', (token) => this.client.send(new DescribeACLsCommand({ NextToken: token, MaxResults: this.pageSize })));
    return pages.flatMap((out) => (out.ACLs ?? []).map(aclFromMemoryDb));
  }

  async findAcl(name: string): Promise<Acl | undefined> {
    const found = await this.calls.find(`describing ACL ${name}`, 'ACLNotFoundFault', async () => (await this.client.send(new DescribeACLsCommand({ ACLName: name }))).ACLs?.[0]);
    return found === undefined ? undefined : aclFromMemoryDb(found);
  }

  async createAcl(name: string, users: string[], tags: Tag[] = []): Promise<Acl> {
    const out = await this.call(`creating ACL ${name}`, () =>
      this.client.send(new CreateACLCommand({ ACLName: name, UserNames: users, Tags: tags.length === 0 ? undefined : tags.map((t) => ({ Key: t.key, Value: t.value })) })),
    );
    if (out.ACL === undefined) throw new Error(`creating ACL ${name}: the service returned no ACL`);
    return aclFromMemoryDb(out.ACL);
  }

  async updateAcl(name: string, change: { add?: string[]; remove?: string[] }): Promise<Acl> {
    const out = await this.call(`updating ACL ${name}`, () =>
      this.client.send(
        new UpdateACLCommand({
          ACLName: name,
          UserNamesToAdd: change.add === undefined || change.add.length === 0 ? undefined : change.add,
          UserNamesToRemove: change.remove === undefined || change.remove.length === 0 ? undefined : change.remove,
        }),
      ),
    );
    if (out.ACL === undefined) throw new Error(`updating ACL ${name}: the service returned no ACL`);
    return aclFromMemoryDb(out.ACL);
  }

  async deleteAcl(name: string): Promise<Acl> {
    const out = await this.call(`deleting ACL ${name}`, () => this.client.send(new DeleteACLCommand({ ACLName: name })));
    if (out.ACL === undefined) throw new Error(`deleting ACL ${name}: the service returned no ACL`);
    return aclFromMemoryDb(out.ACL);
  }

  async listTags(arn: string): Promise<Tag[]> {
    const out = await this.call(`listing the tags of ${arn}`, () => this.client.send(new ListTagsCommand({ ResourceArn: arn })));
    return (out.TagList ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
  }

  async tagResource(arn: string, tags: Tag[]): Promise<void> {
    await this.call(`tagging ${arn}`, () => this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) })));
  }

  private call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    return this.calls.call(action, fn);
  }
}

function authenticationMode(auth: UserAuthentication): AuthenticationMode {
  return auth.type === 'iam' ? { Type: 'iam' } : { Type: 'password', Passwords: auth.passwords };
}

export { aclFromMemoryDb, clusterFromMemoryDb, snapshotFromMemoryDb, userFromMemoryDb };
