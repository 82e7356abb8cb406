// @ts-nocheck
// Turns SDK and network errors into memctl's typed errors (and so into exit codes and plain advice).
import { AuthError, ConflictError, MemctlError, NotFoundError, UsageError } from '../io/errors.js';
import { isRateExceeded } from './middleware.js';

const AUTH_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  // ElastiCache: IAM authentication could not be validated.
  'InvalidCredentialsException',
]);

/** Errors whose names do not say their kind (ElastiCache's awsQuery model names them freely). */
const CONFLICT_CODES = new Set([
  'DuplicateUserNameFault',
  'DuplicateUserName',
  'DefaultUserAssociatedToUserGroupFault',
  'DefaultUserAssociatedToUserGroup',
  'TestFailoverNotAvailableFault',
  'NoOperationFault',
]);

const USAGE_CODES = new Set(['DefaultUserRequired', 'InvalidARNFault', 'InvalidARN', 'InvalidKMSKeyFault', 'InvalidSubnet']);

const THROTTLE_CODES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

export interface AwsErrorContext {
  /** What was being done, e.g. "describing cluster demo". */
  action: string;
  endpoint?: string | undefined;
}

export function fromAwsError(err: unknown, context: AwsErrorContext): MemctlError {
  if (err instanceof MemctlError) return err;
  if (err === null || err === undefined) return new MemctlError(`${context.action}: failed without an error`, 1);
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? 'Error';
  const message = firstLine(e.message ?? String(err));
  const code = e.code ?? networkCodeIn(err);
  if (code !== undefined && NETWORK_CODES[code] !== undefined) {
    const where = context.endpoint ?? 'the AWS endpoint';
    return new MemctlError(`cannot reach ${where} while ${context.action}: ${NETWORK_CODES[code]}`, 1, {
      hint: context.endpoint?.includes('127.0.0.1') ? 'is the local control plane running? try `memctl local status`' : 'check --endpoint-url, --region and your network',
      cause: err,
    });
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout') {
    return new MemctlError(`timed out talking to ${context.endpoint ?? 'AWS'} while ${context.action}`, 1, { cause: err });
  }
  const foreign = foreignAnswer(err, name, message);
  if (foreign !== undefined) {
    return new MemctlError(`${context.endpoint ?? 'the endpoint'} did not answer as the AWS API while ${context.action}: ${foreign}`, 1, {
      hint: context.endpoint === undefined ? 'check --region and any AWS_ENDPOINT_URL* variable' : 'check --endpoint-url (or AWS_ENDPOINT_URL*): it should be a MemoryDB or ElastiCache API endpoint',
      cause: err,
    });
  }
  const text = `${context.action}: ${message} (${name})`;
  if (AUTH_CODES.has(name)) return new AuthError(text, { cause: err });
  if (name.endsWith('NotFoundFault') || name.endsWith('NotFound') || name === 'ResourceNotFoundException') return new NotFoundError(text, { cause: err });
  if (name.endsWith('AlreadyExistsFault') || name.endsWith('AlreadyExists') || /^Invalid.*State(Fault)?$/.test(name) || CONFLICT_CODES.has(name)) {
    return new ConflictError(text, { cause: err });
  }
  if (name.startsWith('InvalidParameter') || name === 'ValidationException' || name === 'ValidationError' || USAGE_CODES.has(name)) return new UsageError(text);
  if (THROTTLE_CODES.has(name) || isRateExceeded(err)) {
    return new MemctlError(`${text}; still throttled after retries`, 1, { hint: 'wait a little and try again, or raise AWS_MAX_ATTEMPTS', cause: err });
  }
  return new MemctlError(text, 1, { cause: err });
}

/**
 * When the answer was not the AWS API's (an HTML page, a proxy's error, a body that does not
 * parse), what answered: "HTTP 404, text/html". Undefined for real API errors.
 */
function foreignAnswer(err: unknown, name: string, message: string): string | undefined {
  const response = (err as { $response?: { statusCode?: number; headers?: Record<string, string | undefined> } }).$response;
  const status = response?.statusCode ?? (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const type = response?.headers?.['content-type'] ?? response?.headers?.['Content-Type'];
  const unparsable = name === 'SyntaxError' || /XML parse error|is not valid JSON|Unexpected token|Unexpected end of JSON/i.test(message);
  const foreignType = type !== undefined && !/json|xml/i.test(type);
  if (!unparsable && !foreignType) return undefined;
  const parts = [status === undefined ? 'an answer' : `HTTP ${status}`, type === undefined ? 'no content type' : type.split(';')[0]?.trim()];
  return `${parts.join(', ')}${unparsable ? ' that is not an AWS response' : ''}`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}

/** Node wraps socket errors (AggregateError for happy-eyeballs); find the errno code inside. */
function networkCodeIn(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = networkCodeIn(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return networkCodeIn(e.cause, depth + 1);
}
