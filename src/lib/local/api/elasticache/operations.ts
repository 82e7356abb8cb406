// ElastiCache operations of the local control plane (awsQuery). Each validates its input like the
// service does (answering with the model's error codes) and acts on real redis-server processes.
// Replication groups and MemoryDB clusters share the runtime and one namespace of names.
import type { ClusterRuntime, StateStore } from '../../engine/runtime.js';
import type { HandlerContext } from '../memorydb/operations.js';
import type { QueryStruct } from '../../http/query-protocol.js';
import { replicationGroupOperations } from './replication-group-operations.js';
import { snapshotOperations } from './snapshot-operations.js';
import { userOperations } from './user-operations.js';

/** Answers the `<ActionResult>` content (a plain object; lists via xmlList), or undefined for none. */
export type QueryOperation = (params: QueryStruct, ctx: HandlerContext) => Promise<unknown>;

export interface ElastiCacheDeps {
  store: StateStore;
  runtime: ClusterRuntime;
  /** Most redis-server processes this machine will run for all clusters together. */
  maxNodes: number;
}

export function elasticacheOperations(deps: ElastiCacheDeps): Record<string, QueryOperation> {
  return { ...replicationGroupOperations(deps), ...userOperations(deps), ...snapshotOperations(deps) };
}
