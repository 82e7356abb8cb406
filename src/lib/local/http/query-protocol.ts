// awsQuery on the wire (ElastiCache): form-encoded requests in, XML responses and errors out
// (shared/aws-wire.md). Requests decode generically into a tree; responses encode from plain
// objects, with lists marked by the member name each item is wrapped in.
import { ApiError } from '../api/shared/errors.js';
import { XmlList, type QueryStruct, type QueryValue } from '../api/shared/query-input.js';

export const ELASTICACHE_XMLNS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';

export interface QueryRequest {
  action: string;
  version: string | undefined;
  params: QueryStruct;
}

const MAX_INDEX = 10_000;

/**
 * Decodes a form body. `A.B.N.C` is element N of list A (whatever the member name B is), and so
 * is `A.N`; other dotted keys are structure members. An empty value with no index is an empty list
 * or an empty string, as the reader asks for it.
 */
export function decodeQueryBody(body: string): QueryRequest {
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  if (action === null || action === '') throw new ApiError('MissingAction', 'the request has no Action');
  const root: { [k: string]: Draft } = {};
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Version') continue;
    insert(root, listPath(key.split('.')), value, key);
  }
  return { action, version: form.get('Version') ?? undefined, params: compact(root) as QueryStruct };
}

/** A list index: digits only (an absent segment is none). */
function isIndex(segment: string | undefined): boolean {
  return segment !== undefined && /^\d+$/.test(segment);
}

/** Collapses `Name.Member.N` into `Name.#N`, and `Name.N` too. */
function listPath(segments: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (isIndex(segments[i + 1])) {
      out.push(segment, `#${segments[i + 1] as string}`);
      i += 1;
    } else if (isIndex(segments[i + 2]) && !isIndex(segment)) {
      out.push(segment, `#${segments[i + 2] as string}`);
      i += 2;
    } else {
      out.push(segment);
    }
  }
  return out;
}

type Draft = string | { [k: string]: Draft };

function insert(root: { [k: string]: Draft }, path: string[], value: string, key: string): void {
  for (const segment of path) {
    if (segment === '' || (segment.startsWith('#') && (Number(segment.slice(1)) < 1 || Number(segment.slice(1)) > MAX_INDEX))) {
      throw new ApiError('InvalidParameterValue', `malformed parameter name ${key}`);
    }
  }
  let node = root;
  for (const segment of path.slice(0, -1)) {
    const child = node[segment];
    // A value already given under this name (`Port=1` then `Port.Sub=2`) is a conflict; `Key=` (an empty list) is not.
    if (typeof child === 'string' && child !== '') throw new ApiError('InvalidParameterValue', `parameter ${key} conflicts with another`);
    if (child === undefined || typeof child === 'string') node[segment] = {};
    node = node[segment] as { [k: string]: Draft };
  }
  const last = path[path.length - 1] as string;
  if (typeof node[last] === 'object') throw new ApiError('InvalidParameterValue', `parameter ${key} conflicts with another`);
  node[last] = value;
}

/** Drafts with `#N` keys become lists, in index order. */
function compact(draft: Draft): QueryValue {
  if (typeof draft === 'string') return draft;
  const keys = Object.keys(draft);
  if (keys.length > 0 && keys.every((k) => k.startsWith('#'))) {
    return keys
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
      .map((k) => compact(draft[k] as Draft));
  }
  const out: QueryStruct = {};
  for (const k of keys) out[k] = compact(draft[k] as Draft);
  return out;
}

// ---- responses ----

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** The inside of an element: text for scalars, children for structures (undefined members left out). */
export function encodeXmlValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof XmlList) return value.items.map((item) => element(value.member, item)).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) throw new Error('a response list needs its member name: use xmlList()');
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => element(k, v))
    .join('');
}

function element(name: string, value: unknown): string {
  return `<${name}>${encodeXmlValue(value)}</${name}>`;
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` (no Result when there is nothing). */
export function queryResponse(action: string, result: unknown, requestId: string): string {
  const body = result === undefined ? '' : element(`${action}Result`, result);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ELASTICACHE_XMLNS}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`;
}

export function queryErrorBody(err: ApiError, requestId: string): string {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ELASTICACHE_XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`;
}
