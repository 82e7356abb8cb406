// How clusters look in every output format (shared by list, describe, create and delete).
import type { Block, Rendered } from '../lib/io/output.js';
import type { Cluster, Endpoint } from '../lib/control/model.js';

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

export function clusterDetailView(cluster: Cluster): Rendered {
  const blocks: Block[] = [
    {
      kind: 'fields',
      title: `Cluster ${cluster.name}`,
      fields: [
        ['name', cluster.name],
        ['status', cluster.status],
        ['service', cluster.service],
        ['engine', `${cluster.engine} ${cluster.engineVersion ?? ''}`.trim()],
        ['node type', cluster.nodeType],
        ['shards', cluster.shardCount],
        ['replicas per shard', cluster.replicasPerShard],
        ['tls', cluster.tls ? 'yes' : 'no'],
        ['endpoint', endpointText(cluster.endpoint)],
        ...(cluster.primaryEndpoint === undefined ? [] : ([['primary endpoint', endpointText(cluster.primaryEndpoint)]] as Array<[string, unknown]>)),
        ...(cluster.readerEndpoint === undefined ? [] : ([['reader endpoint', endpointText(cluster.readerEndpoint)]] as Array<[string, unknown]>)),
        ['acl', cluster.acl],
        ['parameter group', cluster.parameterGroup],
        ['subnet group', cluster.subnetGroup],
        ['security groups', cluster.securityGroups?.join(', ')],
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
