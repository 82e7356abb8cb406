// @ts-nocheck
// The two AWS APIs of the local control plane, as integration suites that run for both services
// need them: the unmodified SDK client of each, and the few calls those suites make through it.
import {
  CreateReplicationGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheEngineVersionsCommand,
  DescribeReplicationGroupsCommand,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, DescribeEngineVersionsCommand, type MemoryDBClient } from '@aws-sdk/client-memorydb';
import { elasticacheClient as memctlElastiCacheClient, memorydbClient as memctlMemoryDbClient, type ClientOptions } from '../../src/lib/aws/clients.js';
import { elasticacheClient, sdkClient } from './local.js';

/** A cluster or replication group as these suites look at it. */
export interface PlaneCluster {
  status: string;
  /** Cluster (configuration) endpoint port. */
  port: number;
  nodePorts: number[];
}

/** What a client call answers with or throws, as the suites compare it. */
export interface CallOutcome {
  name: string;
  status?: number;
}

export interface PlaneApi {
  service: 'memorydb' | 'elasticache';
  /** A cheap read call: how many engine versions the catalog lists (and the SDK's attempt count). */
  catalog(client: unknown): Promise<{ versions: number; attempts: number }>;
  client(endpoint: string, extra?: Record<string, unknown>): { destroy(): void };
  /** memctl's own client (with its back-off for APICallRateForCustomerExceeded). */
  memctlClient(options: ClientOptions): Promise<{ destroy(): void }>;
  /** The error names the SDK gives the plane's injected throttling, server error and rate fault. */
  injectedFaults: [string, string, string];
  /** Creates a cluster-mode-enabled cluster with TLS and no access control. */
  create(client: unknown, name: string, shards: number, replicas: number): Promise<void>;
  describe(client: unknown, name: string): Promise<PlaneCluster | undefined>;
  delete(client: unknown, name: string): Promise<void>;
}

const notFound = (names: string[]) => (e: Error) => {
  if (names.includes(e.name)) return undefined;
  throw e;
};

export const MEMORYDB_API: PlaneApi = {
  service: 'memorydb',
  client: (endpoint, extra) => sdkClient(endpoint, extra),
  memctlClient: (options) => memctlMemoryDbClient(options),
  injectedFaults: ['ThrottlingException', 'InternalServerError', 'APICallRateForCustomerExceededFault'],
  async catalog(client) {
    const out = await (client as MemoryDBClient).send(new DescribeEngineVersionsCommand({}));
    return { versions: out.EngineVersions?.length ?? 0, attempts: out.$metadata.attempts ?? 0 };
  },
  async create(client, name, shards, replicas) {
    await (client as MemoryDBClient).send(new CreateClusterCommand({ ClusterName: name, NodeType: 'db.t4g.small', ACLName: 'open-access', NumShards: shards, NumReplicasPerShard: replicas }));
  },
  async describe(client, name) {
    const c = await (client as MemoryDBClient).send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true })).then((o) => o.Clusters?.[0], notFound(['ClusterNotFoundFault']));
    if (c === undefined) return undefined;
    return { status: c.Status ?? '', port: c.ClusterEndpoint?.Port ?? 0, nodePorts: (c.Shards ?? []).flatMap((s) => s.Nodes ?? []).map((n) => n.Endpoint?.Port ?? 0) };
  },
  async delete(client, name) {
    await (client as MemoryDBClient).send(new DeleteClusterCommand({ ClusterName: name }));
  },
};

export const ELASTICACHE_API: PlaneApi = {
  service: 'elasticache',
  client: (endpoint, extra) => elasticacheClient(endpoint, extra),
  memctlClient: (options) => memctlElastiCacheClient(options),
  injectedFaults: ['Throttling', 'InternalFailure', 'APICallRateForCustomerExceededFault'],
  async catalog(client) {
    const out = await (client as ElastiCacheClient).send(new DescribeCacheEngineVersionsCommand({}));
    return { versions: out.CacheEngineVersions?.length ?? 0, attempts: out.$metadata.attempts ?? 0 };
  },
  async create(client, name, shards, replicas) {
    await (client as ElastiCacheClient).send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: name,
        ReplicationGroupDescription: name,
        CacheNodeType: 'cache.t4g.small',
        NumNodeGroups: shards,
        ReplicasPerNodeGroup: replicas,
        AutomaticFailoverEnabled: true,
        TransitEncryptionEnabled: true,
      }),
    );
  },
  async describe(client, name) {
    const g = await (client as ElastiCacheClient)
      .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: name }))
      .then((o) => o.ReplicationGroups?.[0], notFound(['ReplicationGroupNotFoundFault']));
    if (g === undefined) return undefined;
    const members = (g.NodeGroups ?? []).flatMap((ng) => ng.NodeGroupMembers ?? []);
    const nodes = await (client as ElastiCacheClient).send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }));
    const ports = new Map((nodes.CacheClusters ?? []).map((cc) => [cc.CacheClusterId, cc.CacheNodes?.[0]?.Endpoint?.Port ?? 0]));
    return { status: g.Status ?? '', port: g.ConfigurationEndpoint?.Port ?? 0, nodePorts: members.map((m) => ports.get(m.CacheClusterId) ?? 0) };
  },
  async delete(client, name) {
    await (client as ElastiCacheClient).send(new DeleteReplicationGroupCommand({ ReplicationGroupId: name }));
  },
};

export const PLANE_APIS: readonly PlaneApi[] = [MEMORYDB_API, ELASTICACHE_API];
