// @ts-nocheck
// ElastiCache operations of the local control plane (awsQuery). Each validates its input like the
// service does (answering with the model's error codes) and acts on real redis-server processes.
// Replication groups and MemoryDB clusters share the runtime and one namespace of names.
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { replicationGroupOperations } from './replication-group-operations.js';
import { snapshotOperations } from './snapshot-operations.js';
import { userOperations } from './user-operations.js';

export function elasticacheOperations(deps: ApiDeps): Record<string, QueryOperation> {
  return { ...replicationGroupOperations(deps), ...userOperations(deps), ...snapshotOperations(deps) };
}
