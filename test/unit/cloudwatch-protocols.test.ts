// CloudWatch's three wire forms on the local plane, against what each protocol's specification
// says: AWS JSON 1.0 (epoch-second timestamps, `__type` shape ids, query-compatible error header),
// Smithy RPC v2 CBOR (timestamps as tag 1, the smithy-protocol header; decoded with the codec the
// SDK clients use) and awsQuery (XML with `<member>` lists and `<entry>` maps).
import { cbor, dateToTag } from '@smithy/core/cbor';
import { describe, expect, it } from 'vitest';
import { WireMap } from '../../src/lib/local/api/cloudwatch/input.js';
import { ApiError } from '../../src/lib/local/api/shared/errors.js';
import {
  CLOUDWATCH_CBOR_PATH,
  CLOUDWATCH_QUERY_VERSION,
  CLOUDWATCH_TARGET_PREFIX,
  cborAnswer,
  cborErrorAnswer,
  jsonAnswer,
  jsonErrorAnswer,
  parseCborRequest,
  queryAnswer,
  queryErrorAnswer,
} from '../../src/lib/local/http/cloudwatch-protocols.js';

const AT = new Date(Date.UTC(2023, 10, 14, 22, 13, 20, 500)); // 1700000000.5 s
const OUTPUT = {
  MetricDataResults: [{ Id: 'm0', Label: undefined, Timestamps: [AT], Values: [1.5, 0], StatusCode: 'Complete', Messages: null }],
  NextToken: undefined,
  Stats: new WireMap({ p99: 2, at: AT }),
};
const NOT_FOUND = new ApiError('ResourceNotFound', 'alarm <a&b> not found', 404, 'ResourceNotFound');
const INTERNAL = new ApiError('InternalServiceError', 'boom', 500);

describe('names on the wire', () => {
  it('are the service model\'s', () => {
    expect(CLOUDWATCH_TARGET_PREFIX).toBe('GraniteServiceVersion20100801');
    expect(CLOUDWATCH_CBOR_PATH).toBe('/service/GraniteServiceVersion20100801/operation/');
    expect(CLOUDWATCH_QUERY_VERSION).toBe('2010-08-01');
  });
});

describe('AWS JSON 1.0', () => {
  it('answers with timestamps in epoch seconds, members without a value left out, maps as objects', () => {
    const answer = jsonAnswer(OUTPUT);
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ 'content-type': 'application/x-amz-json-1.0' });
    expect(answer.body).toBe('{"MetricDataResults":[{"Id":"m0","Timestamps":[1700000000.5],"Values":[1.5,0],"StatusCode":"Complete"}],"Stats":{"p99":2,"at":1700000000.5}}');
    expect(jsonAnswer(undefined).body).toBe('{}');
    expect(jsonAnswer({ L: [null, 'a'] }).body).toBe('{"L":[null,"a"]}');
  });

  it('answers errors with the shape id and the query error code, Sender for 4xx and Receiver for 5xx', () => {
    expect(jsonErrorAnswer(NOT_FOUND)).toEqual({
      status: 404,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'ResourceNotFound;Sender' },
      body: '{"__type":"com.amazonaws.cloudwatch#ResourceNotFound","message":"alarm <a&b> not found"}',
    });
    // Without a query code of its own, the error's code is the query code.
    expect(jsonErrorAnswer(INTERNAL).headers['x-amzn-query-error']).toBe('InternalServiceError;Receiver');
    expect(jsonErrorAnswer(new ApiError('LimitExceededFault', 'x', 400, 'LimitExceeded')).headers['x-amzn-query-error']).toBe('LimitExceeded;Sender');
  });
});

describe('Smithy RPC v2 CBOR', () => {
  it('reads requests with tag-1 timestamps as Dates, anywhere in the tree', () => {
    const body = cbor.serialize({ StartTime: dateToTag(AT), Queries: [{ Id: 'q', At: dateToTag(new Date(0)) }], Blob: new Uint8Array([1, 2]), Name: 'n', Count: 3 });
    // Byte strings stay bytes.
    expect(parseCborRequest(body)).toEqual({ StartTime: AT, Queries: [{ Id: 'q', At: new Date(0) }], Blob: Buffer.from([1, 2]), Name: 'n', Count: 3 });
    expect(parseCborRequest(new Uint8Array())).toEqual({});
    expect(parseCborRequest(cbor.serialize({ N: null, L: [null] }))).toEqual({ N: null, L: [null] });
  });

  it('leaves maps that only look like a timestamp alone', () => {
    const body = cbor.serialize({ A: { tag: 1, value: 5, more: true }, B: { tag: 1, value: 'x' }, C: { tag: 2, value: 5 } });
    expect(parseCborRequest(body)).toEqual({ A: { tag: 1, value: 5, more: true }, B: { tag: 1, value: 'x' }, C: { tag: 2, value: 5 } });
    // Tag 1 around a string (raw bytes: {"T": 1("x")}) is not a timestamp either.
    expect(parseCborRequest(Uint8Array.from([0xa1, 0x61, 0x54, 0xc1, 0x61, 0x78]))).toEqual({ T: { tag: 1, value: 'x' } });
  });

  it('refuses bodies that are not a CBOR map with SerializationException', () => {
    const refusal = (body: Uint8Array): string => {
      try {
        parseCborRequest(body);
      } catch (err) {
        const e = err as ApiError;
        return `${e.code} ${e.status} ${String(e.queryCode)}: ${e.message}`;
      }
      return 'no error';
    };
    expect(refusal(Uint8Array.from([0xff, 0x00]))).toBe('SerializationException 400 SerializationException: request body is not valid CBOR');
    expect(refusal(cbor.serialize([1, 2]))).toBe('SerializationException 400 SerializationException: request body must be a CBOR map');
    expect(refusal(cbor.serialize(null))).toBe('SerializationException 400 SerializationException: request body must be a CBOR map');
    expect(refusal(cbor.serialize('text'))).toBe('SerializationException 400 SerializationException: request body must be a CBOR map');
  });

  it('answers with the rpc-v2-cbor headers and timestamps as tag 1', () => {
    const answer = cborAnswer(OUTPUT);
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' });
    const decoded = cbor.deserialize(answer.body as Uint8Array) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(decoded))).toEqual({
      MetricDataResults: [{ Id: 'm0', Timestamps: [{ tag: 1, value: 1700000000.5 }], Values: [1.5, 0], StatusCode: 'Complete' }],
      Stats: { p99: 2, at: { tag: 1, value: 1700000000.5 } },
    });
    expect(cbor.deserialize(cborAnswer(undefined).body as Uint8Array)).toEqual({});
  });

  it('answers errors with the shape id in the body and the query error header', () => {
    const answer = cborErrorAnswer(NOT_FOUND);
    expect(answer.status).toBe(404);
    expect(answer.headers).toEqual({ 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-query-error': 'ResourceNotFound;Sender' });
    expect(cbor.deserialize(answer.body as Uint8Array)).toEqual({ __type: 'com.amazonaws.cloudwatch#ResourceNotFound', message: 'alarm <a&b> not found' });
    expect(cborErrorAnswer(INTERNAL).headers['x-amzn-query-error']).toBe('InternalServiceError;Receiver');
  });

  it('does not share its headers between answers', () => {
    const one = cborAnswer({});
    one.headers['x-extra'] = '1';
    expect(cborAnswer({}).headers).toEqual({ 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' });
    expect(cborErrorAnswer(NOT_FOUND).headers['x-extra']).toBeUndefined();
  });
});

describe('awsQuery', () => {
  it('answers XML with lists as <member>, maps as <entry>, ISO-8601 times and escaped text', () => {
    const answer = queryAnswer('GetMetricData', { ...OUTPUT, Label: 'a<b>&"c\'' }, 'req-1');
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ 'content-type': 'text/xml' });
    expect(answer.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><GetMetricDataResult>' +
        '<MetricDataResults><member><Id>m0</Id><Timestamps><member>2023-11-14T22:13:20.500Z</member></Timestamps>' +
        '<Values><member>1.5</member><member>0</member></Values><StatusCode>Complete</StatusCode></member></MetricDataResults>' +
        '<Stats><entry><key>p99</key><value>2</value></entry><entry><key>at</key><value>2023-11-14T22:13:20.500Z</value></entry></Stats>' +
        '<Label>a&lt;b&gt;&amp;&quot;c&apos;</Label>' +
        '</GetMetricDataResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetMetricDataResponse>\n',
    );
  });

  it('answers an operation without output with the metadata only, and writes nothing for no value', () => {
    expect(queryAnswer('PutMetricAlarm', undefined, 'r').body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<PutMetricAlarmResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutMetricAlarmResponse>\n',
    );
    expect(queryAnswer('X', { L: [null, undefined, 'a'], M: new WireMap({ '<k>': null, u: undefined }), B: false }, 'r').body).toContain(
      '<XResult><L><member></member><member></member><member>a</member></L><M><entry><key>&lt;k&gt;</key><value></value></entry><entry><key>u</key><value></value></entry></M><B>false</B></XResult>',
    );
  });

  it('answers errors with the query code, Sender for 4xx and Receiver for 5xx, escaped', () => {
    expect(queryErrorAnswer(NOT_FOUND, 'req-2')).toEqual({
      status: 404,
      headers: { 'content-type': 'text/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type>' +
        '<Code>ResourceNotFound</Code><Message>alarm &lt;a&amp;b&gt; not found</Message></Error><RequestId>req-2</RequestId></ErrorResponse>\n',
    });
    const internal = queryErrorAnswer(INTERNAL, 'r');
    expect(internal.status).toBe(500);
    expect(internal.body).toContain('<Type>Receiver</Type><Code>InternalServiceError</Code><Message>boom</Message>');
    expect(queryErrorAnswer(new ApiError('LimitExceededFault', 'x', 400, 'LimitExceeded'), 'r').body).toContain('<Code>LimitExceeded</Code>');
  });
});
