// @ts-nocheck
// awsJson1_1 on the wire: request bodies in, error bodies out (shared/aws-wire.md). Operations read
// their members with api/shared/json-input.ts.
import { ApiError } from '../api/shared/errors.js';

export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ApiError('SerializationException', 'request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('SerializationException', 'request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function jsonErrorBody(err: ApiError): string {
  return JSON.stringify({ __type: err.code, message: err.message });
}
