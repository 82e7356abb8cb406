// ElastiCache user operations (work in progress).
import type { ElastiCacheDeps, QueryOperation } from './handlers.js';

export function userOperations(_deps: ElastiCacheDeps): Record<string, QueryOperation> {
  return {};
}
