// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { fromAwsError } from '../../src/lib/aws/errors.js';
import { AuthError, ConflictError, MemctlError, NotFoundError, UsageError } from '../../src/lib/io/errors.js';

function sdkError(name: string, message = 'the service said no', extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, requestId: 'req-1' }, ...extra });
}

const ctx = { action: 'describing cluster demo' };

describe('fromAwsError: by error name', () => {
  it.each([
    ['ClusterNotFoundFault', NotFoundError, 3],
    ['ACLNotFoundFault', NotFoundError, 3],
    ['UserNotFoundFault', NotFoundError, 3],
    ['ReplicationGroupNotFoundFault', NotFoundError, 3],
    ['ResourceNotFoundException', NotFoundError, 3],
    ['ClusterAlreadyExistsFault', ConflictError, 6],
    ['SnapshotAlreadyExistsFault', ConflictError, 6],
    ['InvalidClusterStateFault', ConflictError, 6],
    ['InvalidReplicationGroupStateFault', ConflictError, 6],
    ['InvalidUserState', ConflictError, 6],
    ['InvalidParameterValueException', UsageError, 2],
    ['InvalidParameterCombinationException', UsageError, 2],
    ['InvalidParameterValue', UsageError, 2],
    ['ValidationException', UsageError, 2],
    ['AccessDeniedException', AuthError, 4],
    ['AccessDenied', AuthError, 4],
    ['UnrecognizedClientException', AuthError, 4],
    ['InvalidSignatureException', AuthError, 4],
    ['SignatureDoesNotMatch', AuthError, 4],
    ['InvalidClientTokenId', AuthError, 4],
    ['ExpiredTokenException', AuthError, 4],
  ])('%s → %o, exit %i', (name, type, exitCode) => {
    const err = fromAwsError(sdkError(name, 'Cluster demo not found'), ctx);
    expect(err).toBeInstanceOf(type);
    expect(err.exitCode).toBe(exitCode);
    expect(err.message).toBe(`describing cluster demo: Cluster demo not found (${name})`);
  });

  it('keeps the SDK error as the cause (except for usage errors)', () => {
    const original = sdkError('ClusterNotFoundFault');
    expect(fromAwsError(original, ctx).cause).toBe(original);
  });

  it.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'APICallRateForCustomerExceededFault', 'APICallRateForCustomerExceeded'])(
    '%s → exit 1, "still throttled" with a hint',
    (name) => {
      const err = fromAwsError(sdkError(name, 'Rate exceeded'), { action: 'listing clusters' });
      expect(err.constructor).toBe(MemctlError);
      expect(err.exitCode).toBe(1);
      expect(err.message).toBe(`listing clusters: Rate exceeded (${name}); still throttled after retries`);
      expect(err.hint).toBe('wait a little and try again, or raise AWS_MAX_ATTEMPTS');
    },
  );

  it('an unknown error name → exit 1 with the action and name in the message', () => {
    const err = fromAwsError(sdkError('InternalServerError', 'something broke'), { action: 'creating cluster demo' });
    expect(err.constructor).toBe(MemctlError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('creating cluster demo: something broke (InternalServerError)');
    expect(err.hint).toBeUndefined();
  });

  it('uses only the first line of a multi-line message', () => {
    const err = fromAwsError(sdkError('ServiceUnavailable', '  first line  \nsecond line\nthird'), ctx);
    expect(err.message).toBe('describing cluster demo: first line (ServiceUnavailable)');
  });

  it('passes memctl errors through untouched', () => {
    const original = new ConflictError('already there', { hint: 'h' });
    expect(fromAwsError(original, ctx)).toBe(original);
  });

  it('maps SDK and request timeouts to exit 1 naming the endpoint', () => {
    const err = fromAwsError(sdkError('TimeoutError', 'Connection timed out after 1000 ms'), { action: 'listing clusters', endpoint: 'https://memory-db.us-east-1.amazonaws.com' });
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('timed out talking to https://memory-db.us-east-1.amazonaws.com while listing clusters');
    expect(fromAwsError(sdkError('RequestTimeout'), { action: 'x' }).message).toBe('timed out talking to AWS while x');
  });

  it('handles a thrown string', () => {
    const err = fromAwsError('weird failure', ctx);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('describing cluster demo: weird failure (Error)');
  });

  it.each([undefined, null])('handles a thrown %s without crashing', (value) => {
    // BUG (reported): fromAwsError reads `.name` of undefined/null and throws a TypeError.
    const err = fromAwsError(value, ctx);
    expect(err).toBeInstanceOf(MemctlError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain('describing cluster demo');
  });
});

describe('fromAwsError: network errors', () => {
  const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4510'), { code: 'ECONNREFUSED' });

  it('a direct ECONNREFUSED → exit 1, "cannot reach <endpoint>" and a local hint for 127.0.0.1', () => {
    const err = fromAwsError(refused(), { action: 'listing clusters', endpoint: 'http://127.0.0.1:4510' });
    expect(err.constructor).toBe(MemctlError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('cannot reach http://127.0.0.1:4510 while listing clusters: connection refused');
    expect(err.hint).toBe('is the local control plane running? try `memctl local status`');
  });

  it('names "the AWS endpoint" and gives a network hint without an endpoint', () => {
    const err = fromAwsError(refused(), { action: 'listing clusters' });
    expect(err.message).toBe('cannot reach the AWS endpoint while listing clusters: connection refused');
    expect(err.hint).toBe('check --endpoint-url, --region and your network');
  });

  it('finds the code in a nested cause', () => {
    const wrapped = new TypeError('fetch failed', { cause: refused() });
    const err = fromAwsError(wrapped, { action: 'listing clusters', endpoint: 'http://127.0.0.1:4510' });
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('cannot reach http://127.0.0.1:4510 while listing clusters: connection refused');
  });

  it('finds the code inside an AggregateError (happy eyeballs)', () => {
    const v6 = Object.assign(new Error('connect ECONNREFUSED ::1:4510'), { code: 'ECONNREFUSED' });
    const agg = new AggregateError([new Error('no code here'), v6], '');
    const err = fromAwsError(agg, { action: 'listing clusters', endpoint: 'http://localhost:4510' });
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('cannot reach http://localhost:4510 while listing clusters: connection refused');
    expect(err.hint).toBe('check --endpoint-url, --region and your network');
  });

  it('finds the code in an AggregateError that is itself a cause', () => {
    const agg = new AggregateError([refused()], 'all failed');
    const err = fromAwsError(new Error('request failed', { cause: agg }), { action: 'x', endpoint: 'http://127.0.0.1:1' });
    expect(err.message).toBe('cannot reach http://127.0.0.1:1 while x: connection refused');
  });

  it.each([
    ['ECONNRESET', 'connection reset'],
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'DNS lookup failed'],
    ['ETIMEDOUT', 'connection timed out'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['ENETUNREACH', 'network unreachable'],
  ])('%s → "%s"', (code, text) => {
    const err = fromAwsError(Object.assign(new Error(`x ${code}`), { code }), { action: 'listing clusters', endpoint: 'https://example.test' });
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`cannot reach https://example.test while listing clusters: ${text}`);
  });

  it('an unrelated code is not a network error', () => {
    const err = fromAwsError(Object.assign(new Error('odd'), { code: 'ERR_SOMETHING' }), { action: 'x' });
    expect(err.message).toBe('x: odd (Error)');
  });
});
