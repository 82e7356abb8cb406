// @ts-nocheck
// Helpers every ElastiCache operation of the local control plane shares: the service's error codes
// (which differ from the shape names: UserNotFoundFault is UserNotFound).
import { ApiError } from '../shared/errors.js';

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
