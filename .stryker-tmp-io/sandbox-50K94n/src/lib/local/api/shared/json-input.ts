// @ts-nocheck
// Reading awsJson request members (MemoryDB): typed readers that answer a wrong type the way the
// service does, and the protocol's timestamps (epoch seconds).
import { ApiError } from './errors.js';

/** awsJson timestamps are epoch seconds as numbers. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

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
