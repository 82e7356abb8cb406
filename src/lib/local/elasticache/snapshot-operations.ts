// ElastiCache snapshot operations (work in progress).
import type { ElastiCacheDeps, QueryOperation } from './handlers.js';

export function snapshotOperations(_deps: ElastiCacheDeps): Record<string, QueryOperation> {
  return {};
}
