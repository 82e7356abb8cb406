// @ts-nocheck
// CloudWatch on the wire, in each of the three protocols its service model lists (clients differ
// in which they pick): AWS JSON 1.0 with query compatibility (`X-Amz-Target:
// GraniteServiceVersion20100801.<Op>`: the JS SDK), Smithy RPC v2 CBOR (`POST
// /service/GraniteServiceVersion20100801/operation/<Op>`: current botocore, so the aws CLI and
// boto3), and awsQuery (`Action=<Op>&Version=2010-08-01`: older clients and scripts). Operations
// take and give plain objects (timestamps as Dates); this module turns them into each wire form.
// CBOR uses @smithy/core's codec. Errors carry the shape name (`__type`) and, for query-compatible
// clients, `x-amzn-query-error: <query code>;<Sender|Receiver>`.
import { cbor, dateToTag } from '@smithy/core/cbor';
import { ApiError } from '../api/shared/errors.js';
import { escapeXml } from './query-protocol.js';
import { WireMap } from '../api/cloudwatch/input.js';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';
export const CLOUDWATCH_CBOR_PATH = `/service/${CLOUDWATCH_TARGET_PREFIX}/operation/`;
export const CLOUDWATCH_QUERY_VERSION = '2010-08-01';
const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
const SHAPE_NAMESPACE = 'com.amazonaws.cloudwatch';

export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** Members without a value are left out; Dates become what `date` makes of them. */
function mapValue(value: unknown, date: (d: Date) => unknown): unknown {
  if (value instanceof Date) return date(value);
  if (value instanceof WireMap) return mapValue(value.entries, date);
  if (Array.isArray(value)) return value.map((item) => mapValue(item, date));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = mapValue(v, date);
    return out;
  }
  return value;
}

function queryErrorHeader(err: ApiError): string {
  return `${err.queryCode ?? err.code};${err.status >= 500 ? 'Receiver' : 'Sender'}`;
}

// ---- AWS JSON 1.0 ----

export function jsonAnswer(output: unknown): WireAnswer {
  return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(mapValue(output ?? {}, (d) => d.getTime() / 1000)) };
}

export function jsonErrorAnswer(err: ApiError): WireAnswer {
  return {
    status: err.status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': queryErrorHeader(err) },
    body: JSON.stringify({ __type: `${SHAPE_NAMESPACE}#${err.code}`, message: err.message }),
  };
}

// ---- Smithy RPC v2 CBOR ----

/** Timestamps arrive as tag 1 (epoch seconds): Dates for the operations. */
function fromCbor(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromCbor);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const record = value as Record<string, unknown>;
    if (record.tag === 1 && typeof record.value === 'number' && Object.keys(record).length === 2) return new Date(record.value * 1000);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = fromCbor(v);
    return out;
  }
  return value;
}

export function parseCborRequest(body: Uint8Array): Record<string, unknown> {
  if (body.length === 0) return {};
  let decoded: unknown;
  try {
    decoded = cbor.deserialize(body);
  } catch {
    throw new ApiError('SerializationException', 'request body is not valid CBOR', 400, 'SerializationException');
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw new ApiError('SerializationException', 'request body must be a CBOR map', 400, 'SerializationException');
  return fromCbor(decoded) as Record<string, unknown>;
}

const CBOR_HEADERS = { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };

export function cborAnswer(output: unknown): WireAnswer {
  return { status: 200, headers: { ...CBOR_HEADERS }, body: cbor.serialize(mapValue(output ?? {}, dateToTag)) };
}

export function cborErrorAnswer(err: ApiError): WireAnswer {
  return {
    status: err.status,
    headers: { ...CBOR_HEADERS, 'x-amzn-query-error': queryErrorHeader(err) },
    body: cbor.serialize({ __type: `${SHAPE_NAMESPACE}#${err.code}`, message: err.message }),
  };
}

// ---- awsQuery ----

/** XML of a plain value: lists as `<member>` items, maps (plain objects under `entries`) as CloudWatch's `<entry>`. */
function xml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${xml(item)}</member>`).join('');
  if (value instanceof WireMap) return Object.entries(value.entries).map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${xml(v)}</value></entry>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function queryAnswer(action: string, output: unknown, requestId: string): WireAnswer {
  const result = output === undefined ? '' : `<${action}Result>${xml(output)}</${action}Result>`;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`,
  };
}

export function queryErrorAnswer(err: ApiError, requestId: string): WireAnswer {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  return {
    status: err.status,
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(err.queryCode ?? err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`,
  };
}
