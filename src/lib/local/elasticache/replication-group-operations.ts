// ElastiCache replication-group operations (work in progress).
import type { ElastiCacheDeps, QueryOperation } from './handlers.js';

export function replicationGroupOperations(_deps: ElastiCacheDeps): Record<string, QueryOperation> {
  return {};
}
