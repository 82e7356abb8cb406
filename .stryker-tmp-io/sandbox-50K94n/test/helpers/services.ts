// @ts-nocheck
// The two services the e2e suites run against, with what differs between them in what memctl
// prints (words, statuses, operation names). Suites take one of these and run the same steps.
export interface ServiceUnderTest {
  name: 'memorydb' | 'elasticache';
  /** Global flags that pick the service and the local control plane. */
  local: string[];
  /** What memctl calls one of its clusters. */
  noun: 'cluster' | 'replication group';
  /** What memctl calls an ACL. */
  aclNoun: 'ACL' | 'user group';
  /** The status of a cluster while a change runs. */
  busy: 'updating' | 'modifying';
  /** The API operation that changes a user (as --debug names it). */
  updateUserOperation: 'UpdateUser' | 'ModifyUser';
  /** The API operation that describes a cluster (as --debug names it). */
  describeOperation: 'DescribeClusters' | 'DescribeReplicationGroups';
  /** Events the local control plane records, by what happened. */
  events: { created: RegExp; scaled: RegExp; failedOver: RegExp; snapshot: (name: string, cluster: string) => RegExp };
}

export const MEMORYDB: ServiceUnderTest = {
  name: 'memorydb',
  local: ['--local'],
  noun: 'cluster',
  aclNoun: 'ACL',
  busy: 'updating',
  updateUserOperation: 'UpdateUser',
  describeOperation: 'DescribeClusters',
  events: {
    created: /^Cluster created$/,
    scaled: /^Scaling cluster from 2 to 3 shards completed/,
    failedOver: /^Failover of shard 0001 completed/,
    snapshot: (name, cluster) => new RegExp(`^Snapshot ${name} of cluster ${cluster} succeeded`),
  },
};

export const ELASTICACHE: ServiceUnderTest = {
  name: 'elasticache',
  local: ['--service', 'elasticache', '--local'],
  noun: 'replication group',
  aclNoun: 'user group',
  busy: 'modifying',
  updateUserOperation: 'ModifyUser',
  describeOperation: 'DescribeReplicationGroups',
  events: {
    created: /^Replication group created$/,
    scaled: /^Scaling replication group from 2 to 3 node groups completed/,
    failedOver: /^Failover from primary node \S+ to replica node \S+ completed/,
    snapshot: (name, cluster) => new RegExp(`^Snapshot ${name} of replication group ${cluster} succeeded`),
  },
};

export const SERVICES: readonly ServiceUnderTest[] = [MEMORYDB, ELASTICACHE];
