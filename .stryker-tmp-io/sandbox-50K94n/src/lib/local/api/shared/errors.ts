// @ts-nocheck
// The error every operation throws to answer a request with one of the model's error codes; the
// protocol front (http/) turns it into the wire's error body.

/**
 * An error the API answers with: the model's shape name, a message, an HTTP status, and (for a
 * service whose JSON protocol is query-compatible, CloudWatch) the code awsQuery knows it by.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly queryCode?: string,
  ) {
    super(message);
  }
}

export function invalidParameter(message: string): ApiError {
  return new ApiError('InvalidParameterValueException', message);
}
