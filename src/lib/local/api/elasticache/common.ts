// Helpers every ElastiCache operation of the local control plane shares: ARNs (colon form) and
// the service's error codes (which differ from the shape names: UserNotFoundFault is UserNotFound).
import { ApiError } from '../../http/json-protocol.js';
import { ACCOUNT_ID } from '../memorydb/catalog.js';

export type ElastiCacheResource = 'replicationgroup' | 'cluster' | 'snapshot' | 'user' | 'usergroup' | 'parametergroup' | 'subnetgroup';

export function elasticacheArn(region: string, kind: ElastiCacheResource, name: string): string {
  return `arn:aws:elasticache:${region}:${ACCOUNT_ID}:${kind}:${name}`;
}

/** A *NotFound fault: HTTP 404 with the model's error code. */
export function notFound(code: string, message: string): ApiError {
  return new ApiError(code, message, 404);
}

export function invalidParameterValue(message: string): ApiError {
  return new ApiError('InvalidParameterValue', message);
}

export function invalidParameterCombination(message: string): ApiError {
  return new ApiError('InvalidParameterCombination', message);
}
