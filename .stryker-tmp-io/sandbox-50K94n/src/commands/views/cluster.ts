// @ts-nocheck
// How clusters look in every output format (shared by list, describe, create and delete).
import type { Block, Rendered } from '../../lib/io/output.js';
import type { Cluster, CreateClusterSpec, Endpoint } from '../../lib/control/model.js';
import type { Provisioned } from '../options/provision.js';

export function endpointText(e: Endpoint | undefined): string | undefined {
  return e === undefined ? undefined : `${e.address}:${e.port}`;
}

export function clusterListView(clusters: Cluster[]): Rendered {
  return {
    data: clusters,
    blocks: [
      {
        kind: 'table',
        headers: ['name', 'status', 'engine', 'version', 'node type', 'shards', 'replicas', 'tls', 'endpoint'],
        rows: clusters.map((c) => [c.name, c.status, c.engine, c.engineVersion, c.nodeType, c.shardCount, c.replicasPerShard, c.tls ? 'yes' : 'no', endpointText(c.endpoint)]),
      },
    ],
  };
}

type Field = [string, unknown];

const yesNo = (value: boolean | undefined): string | undefined => (value === undefined ? undefined : value ? 'yes' : 'no');

/** Endpoints as each kind of cluster has them. */
function endpointFields(cluster: Cluster): Field[] {
  if (cluster.service === 'memorydb') return [['endpoint', endpointText(cluster.endpoint)]];
  if (cluster.clusterMode === 'enabled') return [['configuration endpoint', endpointText(cluster.endpoint)]];
  return [
    ['primary endpoint', endpointText(cluster.primaryEndpoint ?? cluster.endpoint)],
    ['reader endpoint', endpointText(cluster.readerEndpoint)],
  ];
}

/** What only ElastiCache replication groups have. */
function elasticacheFields(cluster: Cluster): Field[] {
  if (cluster.service !== 'elasticache') return [];
  const token = cluster.authTokenEnabled === true ? `yes${cluster.authTokenLastModified === undefined ? '' : `, changed ${cluster.authTokenLastModified.toISOString()}`}` : yesNo(cluster.authTokenEnabled);
  const pendingToken = (cluster.pendingUpdates?.AuthTokenStatus as string | undefined)?.toLowerCase();
  return [
    ['cluster mode', cluster.clusterMode],
    ['automatic failover', cluster.automaticFailover],
    ['multi-az', yesNo(cluster.multiAz)],
    ['encryption at rest', yesNo(cluster.atRestEncryption)],
    ['auth token', pendingToken === undefined ? token : `${token ?? 'yes'} (${pendingToken})`],
  ];
}

export function clusterDetailView(cluster: Cluster): Rendered {
  const blocks: Block[] = [
    {
      kind: 'fields',
      title: `${cluster.service === 'memorydb' ? 'Cluster' : 'Replication group'} ${cluster.name}`,
      fields: [
        ['name', cluster.name],
        ['status', cluster.status],
        ['service', cluster.service],
        ['engine', `${cluster.engine} ${cluster.engineVersion ?? ''}`.trim()],
        ['node type', cluster.nodeType],
        ['shards', cluster.shardCount],
        ['replicas per shard', cluster.replicasPerShard],
        ['tls', cluster.tls ? 'yes' : 'no'],
        ...endpointFields(cluster),
        ...elasticacheFields(cluster),
        [cluster.service === 'memorydb' ? 'acl' : 'user groups', cluster.acl],
        ['parameter group', cluster.parameterGroup],
        ['subnet group', cluster.subnetGroup],
        ['security groups', cluster.securityGroups?.join(', ')],
        ['kms key', cluster.kmsKeyId],
        ['sns topic', cluster.snsTopicArn],
        ['snapshot retention', cluster.snapshotRetentionLimit],
        ['snapshot window', cluster.snapshotWindow],
        ['maintenance window', cluster.maintenanceWindow],
        ['availability', cluster.availabilityMode],
        ['arn', cluster.arn],
      ],
    },
  ];
  if (cluster.shards !== undefined) {
    // MemoryDB does not report node roles; show the column only when the service does.
    const withRoles = cluster.shards.some((s) => s.nodes.some((n) => n.role !== undefined));
    blocks.push({
      kind: 'table',
      title: 'Nodes',
      headers: ['shard', 'slots', 'node', ...(withRoles ? ['role'] : []), 'status', 'zone', 'endpoint'],
      rows: cluster.shards.flatMap((s) =>
        s.nodes.map((n) => [s.id, s.slots, n.name, ...(withRoles ? [n.role] : []), n.status, n.availabilityZone, endpointText(n.endpoint)]),
      ),
    });
  }
  return { data: cluster, blocks };
}

/** A cluster's view, with a generated AUTH token shown once. */
export function createdView(cluster: Cluster, generatedToken: string | undefined) {
  const view = clusterDetailView(cluster);
  if (generatedToken === undefined) return view;
  return { data: { ...cluster, authToken: generatedToken }, blocks: [...view.blocks, { kind: 'fields' as const, fields: [['AUTH token (shown once)', generatedToken]] as Array<[string, unknown]> }] };
}

/**
 * `create --dry-run` / `snapshot restore --dry-run`: the request memctl would send, and where each
 * restored setting came from. An AUTH token is never shown: only whether one would be set.
 */
export function requestView(spec: CreateClusterSpec, from: Record<string, string>, authToken: boolean): Rendered {
  const { authToken: _secret, tags, shards, ...rest } = spec;
  // A restore takes the snapshot's shards: no count is sent.
  const request = { ...rest, ...(spec.snapshotName === undefined ? { shards } : {}), tags, authToken: authToken || _secret !== undefined };
  const shown = (label: string, value: unknown): [string, unknown] => [from[label] === undefined ? label : `${label} (${from[label]})`, value];
  return {
    data: { dryRun: true, request, from },
    blocks: [
      {
        kind: 'fields',
        title: `would ${spec.snapshotName === undefined ? 'create' : `restore snapshot ${spec.snapshotName} into`} ${spec.name}`,
        fields: [
          shown('node type', spec.nodeType),
          ...(spec.snapshotName === undefined ? [shown('shards', spec.shards)] : [['shards', 'as the snapshot'] as [string, unknown]]),
          shown('replicas', spec.replicas),
          shown('engine version', spec.engineVersion),
          shown('description', spec.description),
          shown(spec.userGroups === undefined ? 'ACL' : 'user groups', spec.userGroups?.join(',') ?? spec.acl),
          shown('TLS', spec.tls ? 'yes' : 'no'),
          shown('parameter group', spec.parameterGroup),
          shown('subnet group', spec.subnetGroup),
          shown('port', spec.port),
          shown('maintenance window', spec.maintenanceWindow),
          shown('snapshot window', spec.snapshotWindow),
          shown('snapshot retention', spec.snapshotRetentionLimit),
          shown('SNS topic', spec.snsTopicArn),
          shown('KMS key', spec.kmsKeyId),
          shown('tags', tags.map((t) => `${t.key}=${t.value}`).join(', ')),
          ['AUTH token', authToken ? 'set (not shown)' : 'no'],
        ],
      },
    ],
  };
}

/** What `create` and `snapshot restore` print: the request (--dry-run) or the cluster. */
export function provisionedView(p: Provisioned): Rendered {
  return p.dryRun ? requestView(p.spec, p.from, p.authToken) : createdView(p.cluster, p.generatedToken);
}
