// @ts-nocheck
// awsQuery (ElastiCache) members as operations see them: the decoded request tree with typed
// readers that answer a malformed member like the service, and what responses are built from
// (lists marked with the member name each item is wrapped in, ISO timestamps). The wire itself,
// form decoding and XML encoding, is http/query-protocol.ts.
import { ApiError } from './errors.js';

/** A decoded request member: a string, a list, or a structure. */
export type QueryValue = string | QueryValue[] | QueryStruct;
export interface QueryStruct {
  [member: string]: QueryValue;
}

// Typed readers: a malformed member answers InvalidParameterValue, like the service.
function bad(key: string, expected: string): ApiError {
  return new ApiError('InvalidParameterValue', `${key} must be ${expected}`);
}

export function qStr(input: QueryStruct, key: string): string | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(key, 'a string');
  return v;
}

export function qRequiredStr(input: QueryStruct, key: string): string {
  const v = qStr(input, key);
  if (v === undefined || v === '') throw new ApiError('InvalidParameterValue', `The parameter ${key} must be provided.`);
  return v;
}

export function qInt(input: QueryStruct, key: string): number | undefined {
  const v = qStr(input, key);
  if (v === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(v)) throw bad(key, 'an integer');
  return Number(v);
}

export function qBool(input: QueryStruct, key: string): boolean | undefined {
  const v = qStr(input, key);
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw bad(key, 'true or false');
  return v === 'true';
}

/** A list member; an empty value (`Key=`) is an empty list. */
export function qList(input: QueryStruct, key: string): QueryValue[] | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (v === '') return [];
  if (!Array.isArray(v)) throw bad(key, 'a list');
  return v;
}

export function qStrList(input: QueryStruct, key: string): string[] | undefined {
  const v = qList(input, key);
  if (v === undefined) return undefined;
  if (v.some((x) => typeof x !== 'string')) throw bad(key, 'a list of strings');
  return v as string[];
}

export function qStructList(input: QueryStruct, key: string): QueryStruct[] | undefined {
  const v = qList(input, key);
  if (v === undefined) return undefined;
  if (v.some((x) => typeof x !== 'object' || Array.isArray(x))) throw bad(key, 'a list of structures');
  return v as QueryStruct[];
}

export function qStruct(input: QueryStruct, key: string): QueryStruct | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(key, 'a structure');
  return v;
}

export function qTags(input: QueryStruct, key = 'Tags'): Array<{ Key: string; Value: string }> | undefined {
  const list = qStructList(input, key);
  if (list === undefined) return undefined;
  return list.map((tag) => {
    const k = qStr(tag, 'Key');
    if (k === undefined || k === '') throw new ApiError('InvalidParameterValue', 'every tag needs a Key');
    return { Key: k, Value: qStr(tag, 'Value') ?? '' };
  });
}

/** A list in a response: each item is wrapped in `<member>`. */
export class XmlList {
  constructor(
    readonly member: string,
    readonly items: readonly unknown[],
  ) {}
}

export function xmlList(member: string, items: readonly unknown[]): XmlList {
  return new XmlList(member, items);
}

/** awsQuery timestamps are ISO-8601 in UTC. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
