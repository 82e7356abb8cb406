// awsJson1_1 on the wire: request bodies in, responses and errors out (shared/aws-wire.md).

/** An error the API answers with: the model's shape name, a message, an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function invalidParameter(message: string): ApiError {
  return new ApiError('InvalidParameterValueException', message);
}

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

/** awsJson timestamps are epoch seconds as numbers. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

// Typed readers for request members: wrong types answer like the service does.
export function str(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError('SerializationException', `${key} must be a string`);
  return v;
}

export function requiredStr(input: Record<string, unknown>, key: string): string {
  const v = str(input, key);
  if (v === undefined || v === '') throw new ApiError('InvalidParameterValueException', `${key} is required`);
  return v;
}

export function int(input: Record<string, unknown>, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ApiError('SerializationException', `${key} must be an integer`);
  return v;
}

export function bool(input: Record<string, unknown>, key: string): boolean | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ApiError('SerializationException', `${key} must be a boolean`);
  return v;
}

export function strList(input: Record<string, unknown>, key: string): string[] | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ApiError('SerializationException', `${key} must be a list of strings`);
  return v as string[];
}

export function tagList(input: Record<string, unknown>, key: string): Array<{ Key: string; Value: string }> | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new ApiError('SerializationException', `${key} must be a list of tags`);
  return v.map((t: unknown) => {
    const tag = t as { Key?: unknown; Value?: unknown };
    if (typeof tag?.Key !== 'string' || tag.Key === '') throw new ApiError('InvalidParameterValueException', 'every tag needs a Key');
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}
