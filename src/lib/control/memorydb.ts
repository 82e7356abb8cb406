// MemoryDB adapter: maps the MemoryDB API onto the engine-neutral model.
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  type Cluster as SdkCluster,
  type MemoryDBClient,
} from '@aws-sdk/client-memorydb';
import { NotFoundError } from '../io/errors.js';
import { fromAwsError } from '../aws/errors.js';
import type { Cluster, ClusterNode, ControlPlane, CreateClusterSpec, DeleteClusterOptions, Endpoint, Shard } from './model.js';

/** Upper bound on pages fetched by one listing, so a misbehaving service cannot loop us forever. */
const MAX_PAGES = 10_000;

export class MemoryDbControlPlane implements ControlPlane {
  readonly service = 'memorydb' as const;

  constructor(
    private readonly client: MemoryDBClient,
    private readonly endpoint?: string,
    private readonly pageSize?: number,
  ) {}

  async listClusters(): Promise<Cluster[]> {
    const clusters: Cluster[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await this.call('listing clusters', () =>
        this.client.send(new DescribeClustersCommand({ NextToken: token, MaxResults: this.pageSize, ShowShardDetails: true })),
      );
      // Shard details give the replica count; the listing itself stays one line per cluster.
      for (const c of out.Clusters ?? []) clusters.push({ ...clusterFromMemoryDb(c), shards: undefined });
      token = out.NextToken;
      if (token === undefined || token === '') return clusters;
    }
    throw new Error(`listing clusters: gave up after ${MAX_PAGES} pages`);
  }

  async findCluster(name: string, options: { shards?: boolean } = {}): Promise<Cluster | undefined> {
    try {
      const out = await this.client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: options.shards ?? false }));
      const found = out.Clusters?.[0];
      return found === undefined ? undefined : clusterFromMemoryDb(found);
    } catch (err) {
      if ((err as Error).name === 'ClusterNotFoundFault') return undefined;
      throw fromAwsError(err, { action: `describing cluster ${name}`, endpoint: this.endpoint });
    }
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
          NumShards: spec.shards,
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

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw fromAwsError(err, { action, endpoint: this.endpoint });
    }
  }
}

function endpointOf(e: { Address?: string; Port?: number } | undefined): Endpoint | undefined {
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

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
