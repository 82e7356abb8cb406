// @ts-nocheck
// What `create --if-not-exists` asked for that the existing cluster does not have. Only what the
// request names is compared (a flag given), so the resume command `create NAME --if-not-exists
// --wait`, which names nothing, never reports drift.
import type { Cluster, CreateClusterSpec } from '../../lib/control/model.js';
import type { CreateFlags } from './cluster-spec.js';

export interface Difference {
  field: string;
  asked: string;
  has: string;
}

type Value = string | number | boolean | readonly string[] | undefined;

function text(value: Value): string {
  if (value === undefined) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : [...value].sort().join(',');
  return String(value);
}

/** The differences between the request and the cluster, in flag order; [] when it matches. */
export function drift(spec: CreateClusterSpec, flags: CreateFlags, cluster: Cluster): Difference[] {
  const out: Difference[] = [];
  /** Compares when the request names the field and the service reports it. */
  const check = (field: string, given: boolean, asked: Value, has: Value, same: (a: Value, h: Value) => boolean = (a, h) => text(a) === text(h)): void => {
    if (!given || asked === undefined || has === undefined) return;
    if (!same(asked, has)) out.push({ field, asked: text(asked), has: text(has) });
  };
  const port = cluster.endpoint?.port ?? cluster.primaryEndpoint?.port;
  const failover = cluster.automaticFailover === undefined ? undefined : cluster.automaticFailover === 'enabled' || cluster.automaticFailover === 'enabling';
  check('node type', flags.nodeType !== undefined, spec.nodeType, cluster.nodeType);
  check('shards', flags.shards !== undefined, spec.shards, cluster.shardCount);
  check('replicas', flags.replicas !== undefined, spec.replicas, cluster.replicasPerShard);
  check('engine', flags.engine !== undefined, spec.engine, cluster.engine.toLowerCase());
  check('engine version', flags.engineVersion !== undefined, spec.engineVersion, cluster.engineVersion, (a, h) => text(h) === text(a) || text(h).startsWith(`${text(a)}.`));
  check('description', flags.description !== undefined, spec.description, cluster.description);
  check(cluster.service === 'memorydb' ? 'ACL' : 'user groups', flags.acl !== undefined || flags.userGroups !== undefined, spec.userGroups ?? spec.acl, cluster.userGroups ?? cluster.acl);
  check('TLS', flags.tls === false, spec.tls, cluster.tls);
  check('KMS key', flags.kmsKeyId !== undefined, spec.kmsKeyId, cluster.kmsKeyId);
  check('subnet group', flags.subnetGroup !== undefined, spec.subnetGroup, cluster.subnetGroup);
  check('security groups', flags.securityGroupIds !== undefined, spec.securityGroupIds, cluster.securityGroups);
  check('parameter group', flags.parameterGroup !== undefined, spec.parameterGroup, cluster.parameterGroup);
  check('port', flags.port !== undefined, spec.port, port);
  check('snapshot retention', flags.snapshotRetention !== undefined, spec.snapshotRetentionLimit, cluster.snapshotRetentionLimit);
  check('snapshot window', flags.snapshotWindow !== undefined, spec.snapshotWindow, cluster.snapshotWindow);
  check('maintenance window', flags.maintenanceWindow !== undefined, spec.maintenanceWindow, cluster.maintenanceWindow, (a, h) => text(a).toLowerCase() === text(h).toLowerCase());
  check('SNS topic', flags.snsTopicArn !== undefined, spec.snsTopicArn, cluster.snsTopicArn);
  check('data tiering', flags.dataTiering !== undefined, spec.dataTiering, cluster.dataTiering);
  check('cluster mode', flags.clusterMode !== undefined, spec.clusterMode, cluster.clusterMode);
  check('Multi-AZ', flags.multiAz !== undefined, spec.multiAz, cluster.multiAz);
  check('automatic failover', flags.automaticFailover !== undefined, spec.automaticFailover, failover);
  check('encryption at rest', flags.atRestEncryption !== undefined, spec.atRestEncryption, cluster.atRestEncryption);
  return out;
}
