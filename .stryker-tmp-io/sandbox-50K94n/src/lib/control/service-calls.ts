// @ts-nocheck
// How the adapters call their service: every failure becomes a memctl error that says what was
// being done; a "not found" answer, where the caller expects one, becomes undefined; a listing
// follows its page token (NextToken or Marker) to the end, boundedly.
import { fromAwsError } from '../aws/errors.js';

/** Upper bound on pages fetched by one listing, so a misbehaving service cannot loop us forever. */
const MAX_PAGES = 10_000;

export class ServiceCalls {
  constructor(private readonly endpoint: string | undefined) {}

  async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw fromAwsError(err, { action, endpoint: this.endpoint });
    }
  }

  /** Like call, but the error named `notFound` (e.g. UserNotFoundFault) means undefined. */
  async find<T>(action: string, notFound: string, fn: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      if ((err as Error).name === notFound) return undefined;
      throw fromAwsError(err, { action, endpoint: this.endpoint });
    }
  }

  /** Every page of a listing; `next` reads the token of the page after (empty or absent: the last). */
  async pages<P>(action: string, page: (token: string | undefined) => Promise<P>, next: (page: P) => string | undefined): Promise<P[]> {
    const out: P[] = [];
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const result = await this.call(action, () => page(token));
      out.push(result);
      token = next(result);
      if (token === undefined || token === '') return out;
    }
    throw new Error(`${action}: gave up after ${MAX_PAGES} pages`);
  }
}
