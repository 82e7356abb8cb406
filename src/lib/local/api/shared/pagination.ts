// Token pagination for Describe* operations: the token names the last item returned, so pages
// stay correct while items are created or deleted between calls.
import { ApiError } from './errors.js';

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export function paginate<T>(items: T[], keyOf: (item: T) => string, maxResults: number | undefined, nextToken: string | undefined, limits = { max: 100 }): Page<T> {
  const size = maxResults ?? limits.max;
  if (!Number.isInteger(size) || size < 1 || size > limits.max) {
    throw new ApiError('InvalidParameterValueException', `MaxResults must be between 1 and ${limits.max}`);
  }
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const after = decodeToken(nextToken);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + size);
  const more = start + size < items.length;
  // A page before the end is full (size >= 1), so it has a last item.
  return { items: page, nextToken: more ? encodeToken(keyOf(page[page.length - 1] as T)) : undefined };
}

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after })).toString('base64url');
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw new ApiError('InvalidParameterValueException', 'NextToken is not valid');
}
