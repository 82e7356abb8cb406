// @ts-nocheck
// CloudWatch's request members, read the same way whichever protocol brought them: AWS JSON 1.0
// (typed JSON, epoch-second timestamps), Smithy RPC v2 CBOR (typed, timestamps as Dates) or
// awsQuery (every value a string, lists from `Name.member.N`). And CloudWatch's errors, each with
// the shape name the JSON protocols send and the code awsQuery (and query-compatible clients) use.
import { ApiError } from '../shared/errors.js';

export type Input = Record<string, unknown>;

export const errors = {
  invalidValue: (message: string): ApiError => new ApiError('InvalidParameterValueException', message, 400, 'InvalidParameterValue'),
  missing: (message: string): ApiError => new ApiError('MissingRequiredParameterException', message, 400, 'MissingParameter'),
  combination: (message: string): ApiError => new ApiError('InvalidParameterCombinationException', message, 400, 'InvalidParameterCombination'),
  nextToken: (message: string): ApiError => new ApiError('InvalidNextToken', message, 400, 'InvalidNextToken'),
  limit: (message: string): ApiError => new ApiError('LimitExceededFault', message, 400, 'LimitExceeded'),
  alarmNotFound: (message: string): ApiError => new ApiError('ResourceNotFound', message, 404, 'ResourceNotFound'),
  resourceNotFound: (message: string): ApiError => new ApiError('ResourceNotFoundException', message, 404, 'ResourceNotFoundException'),
  format: (message: string): ApiError => new ApiError('InvalidFormatFault', message, 400, 'InvalidFormat'),
};

export function str(input: Input, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.invalidValue(`${key} must be a string`);
  return v;
}

export function requiredStr(input: Input, key: string): string {
  const v = str(input, key);
  if (v === undefined || v === '') throw errors.missing(`The parameter ${key} must be specified.`);
  return v;
}

export function num(input: Input, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw errors.invalidValue(`${key} must be a number`);
  return n;
}

export function int(input: Input, key: string): number | undefined {
  const n = num(input, key);
  if (n !== undefined && !Number.isInteger(n)) throw errors.invalidValue(`${key} must be an integer`);
  return n;
}

export function bool(input: Input, key: string): boolean | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw errors.invalidValue(`${key} must be true or false`);
}

/** A timestamp: epoch seconds (JSON), a Date (CBOR) or ISO 8601 (awsQuery); epoch ms out. */
export function date(input: Input, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') return undefined;
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number') ms = v * 1000;
  else if (typeof v === 'string') ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) throw errors.invalidValue(`${key} must be a timestamp`);
  return ms;
}

export function requiredDate(input: Input, key: string): number {
  const v = date(input, key);
  if (v === undefined) throw errors.missing(`The parameter ${key} must be specified.`);
  return v;
}

/** A list member (awsQuery's `member.N` already decoded into an array; an empty value is an empty list). */
export function list(input: Input, key: string): unknown[] | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (v === '') return [];
  if (!Array.isArray(v)) {
    // awsQuery's `Name.member.N` decodes to an object keyed by `member` in some shapes.
    if (typeof v === 'object' && Array.isArray((v as Input).member)) return (v as Input).member as unknown[];
    throw errors.invalidValue(`${key} must be a list`);
  }
  return v;
}

export function strList(input: Input, key: string): string[] | undefined {
  return list(input, key)?.map((item) => {
    if (typeof item !== 'string') throw errors.invalidValue(`${key} must be a list of strings`);
    return item;
  });
}

export function struct(input: Input, key: string): Input | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || v instanceof Date) throw errors.invalidValue(`${key} must be a structure`);
  return v as Input;
}

export function structList(input: Input, key: string): Input[] | undefined {
  return list(input, key)?.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw errors.invalidValue(`${key} must be a list of structures`);
    return item as Input;
  });
}

/** A map member of an answer (ExtendedStatistics, ...): `<entry><key/><value/></entry>` in awsQuery XML, an object elsewhere. */
export class WireMap {
  constructor(readonly entries: Record<string, unknown>) {}
}
