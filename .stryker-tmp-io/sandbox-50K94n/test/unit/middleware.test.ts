// @ts-nocheck
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  addDebugLogging,
  addRateBackoff,
  backoffDelay,
  isRateExceeded,
  type BackoffPolicy,
  type MiddlewareStackLike,
} from '../../src/lib/aws/middleware.js';
import type { DebugLog } from '../../src/lib/io/debug.js';

type AddArgs = Parameters<MiddlewareStackLike['add']>;
type Middleware = AddArgs[0];
type Handler = ReturnType<Middleware>;
type HandlerResult = Awaited<ReturnType<Handler>>;

function fakeStack(): MiddlewareStackLike & { added: Array<{ middleware: Middleware; options: AddArgs[1] }> } {
  const added: Array<{ middleware: Middleware; options: AddArgs[1] }> = [];
  return {
    added,
    add(middleware, options) {
      added.push({ middleware, options });
    },
  };
}

function recordingDebug(enabled = true): DebugLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    enabled,
    lines,
    log(message: string, detail?: unknown) {
      lines.push(detail === undefined ? message : `${message} ${JSON.stringify(detail)}`);
    },
  };
}

function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

const FAST: BackoffPolicy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 4 };
const OK: HandlerResult = { output: { $metadata: { requestId: 'req-42', httpStatusCode: 200, attempts: 1 } } };

/** A `next` handler that fails with the given errors in turn, then succeeds. */
function flaky(errors: Error[]): { next: Handler; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    next: async () => {
      const err = errors[calls++];
      if (err !== undefined) throw err;
      return OK;
    },
  };
}

describe('isRateExceeded', () => {
  it.each([
    [named('APICallRateForCustomerExceededFault'), true],
    [named('APICallRateForCustomerExceeded'), true],
    [named('ThrottlingException'), false],
    [named('Error'), false],
    [{ name: 'APICallRateForCustomerExceededFault' }, true],
    [{}, false],
    [null, false],
    [undefined, false],
    ['APICallRateForCustomerExceededFault', false],
  ])('%o → %s', (err, expected) => {
    expect(isRateExceeded(err)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  const policy: BackoffPolicy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [9, 1000],
  ])('retry %i has cap %i: between cap/2 and cap', (retry, cap) => {
    expect(backoffDelay(retry, policy, () => 0)).toBe(cap / 2);
    expect(backoffDelay(retry, policy, () => 0.5)).toBe(Math.round(cap * 0.75));
    expect(backoffDelay(retry, policy, () => 0.999999)).toBe(cap);
    for (const r of [0, 0.1, 0.37, 0.5, 0.81, 0.99]) {
      const d = backoffDelay(retry, policy, () => r);
      expect(d).toBeGreaterThanOrEqual(cap / 2);
      expect(d).toBeLessThanOrEqual(cap);
    }
  });

  it('uses the defaults: 250 ms doubling up to 8 s', () => {
    expect(DEFAULT_BACKOFF).toEqual({ maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8000 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, DEFAULT_BACKOFF, () => 1))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('stays within bounds with Math.random', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, policy);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});

describe('addRateBackoff', () => {
  it('registers one initialize-step middleware', () => {
    const stack = fakeStack();
    addRateBackoff(stack, FAST, recordingDebug());
    expect(stack.added).toHaveLength(1);
    expect(stack.added[0]?.options).toEqual({ step: 'initialize', name: 'memctlRateBackoff', priority: 'low' });
  });

  it('retries APICallRateForCustomerExceededFault and returns the eventual result', async () => {
    const stack = fakeStack();
    const debug = recordingDebug();
    addRateBackoff(stack, FAST, debug);
    const f = flaky([named('APICallRateForCustomerExceededFault'), named('APICallRateForCustomerExceededFault'), named('APICallRateForCustomerExceededFault')]);
    const handler = stack.added[0]!.middleware(f.next, { commandName: 'DescribeClustersCommand' });
    await expect(handler({ input: {} })).resolves.toBe(OK);
    expect(f.calls()).toBe(4);
    expect(debug.lines).toHaveLength(3);
    debug.lines.forEach((line, i) => {
      expect(line).toMatch(new RegExp(`^DescribeClustersCommand: APICallRateForCustomerExceededFault, retrying in \\d+ ms \\(attempt ${i + 2}/4\\)$`));
    });
  });

  it('passes the same args to every attempt', async () => {
    const stack = fakeStack();
    addRateBackoff(stack, FAST, recordingDebug());
    const seen: unknown[] = [];
    let n = 0;
    const handler = stack.added[0]!.middleware(async (args) => {
      seen.push(args);
      if (n++ === 0) throw named('APICallRateForCustomerExceeded');
      return OK;
    }, {});
    const args = { input: { ClusterName: 'demo' } };
    await handler(args);
    expect(seen).toEqual([args, args]);
    expect(seen[0]).toBe(args);
  });

  it('does not retry other errors', async () => {
    const stack = fakeStack();
    const debug = recordingDebug();
    addRateBackoff(stack, FAST, debug);
    const boom = named('ClusterNotFoundFault');
    const f = flaky([boom]);
    const handler = stack.added[0]!.middleware(f.next, {});
    await expect(handler({ input: {} })).rejects.toBe(boom);
    expect(f.calls()).toBe(1);
    expect(debug.lines).toEqual([]);
  });

  it('does not retry ThrottlingException (the SDK does that itself)', async () => {
    const stack = fakeStack();
    addRateBackoff(stack, FAST, recordingDebug());
    const f = flaky([named('ThrottlingException')]);
    await expect(stack.added[0]!.middleware(f.next, {})({ input: {} })).rejects.toThrow('ThrottlingException');
    expect(f.calls()).toBe(1);
  });

  it('gives up after maxAttempts and throws the last rate error', async () => {
    const stack = fakeStack();
    const debug = recordingDebug();
    addRateBackoff(stack, FAST, debug);
    const errors = Array.from({ length: 10 }, (_, i) => named('APICallRateForCustomerExceededFault', `attempt ${i + 1}`));
    const f = flaky(errors);
    const handler = stack.added[0]!.middleware(f.next, {});
    await expect(handler({ input: {} })).rejects.toBe(errors[3]);
    expect(f.calls()).toBe(4);
    expect(debug.lines).toHaveLength(3);
    expect(debug.lines[0]).toMatch(/^call: APICallRateForCustomerExceededFault, retrying in \d+ ms \(attempt 2\/4\)$/);
  });

  it('with maxAttempts 1 never retries', async () => {
    const stack = fakeStack();
    addRateBackoff(stack, { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, recordingDebug());
    const f = flaky([named('APICallRateForCustomerExceededFault')]);
    await expect(stack.added[0]!.middleware(f.next, {})({ input: {} })).rejects.toThrow();
    expect(f.calls()).toBe(1);
  });

  it('stops retrying as soon as a different error comes back', async () => {
    const stack = fakeStack();
    addRateBackoff(stack, FAST, recordingDebug());
    const denied = named('AccessDeniedException');
    const f = flaky([named('APICallRateForCustomerExceededFault'), denied]);
    await expect(stack.added[0]!.middleware(f.next, {})({ input: {} })).rejects.toBe(denied);
    expect(f.calls()).toBe(2);
  });
});

describe('addDebugLogging', () => {
  it('adds nothing when debug is off', () => {
    const stack = fakeStack();
    addDebugLogging(stack, recordingDebug(false));
    expect(stack.added).toEqual([]);
  });

  it('logs the call, its input, status, request id and attempts', async () => {
    const stack = fakeStack();
    const debug = recordingDebug();
    addDebugLogging(stack, debug);
    expect(stack.added[0]?.options).toEqual({ step: 'initialize', name: 'memctlDebug', priority: 'high' });
    const handler = stack.added[0]!.middleware(async () => OK, { clientName: 'MemoryDBClient', commandName: 'DescribeClustersCommand' });
    await expect(handler({ input: { ClusterName: 'demo' } })).resolves.toBe(OK);
    expect(debug.lines[0]).toBe('→ MemoryDBClient.DescribeClustersCommand {"ClusterName":"demo"}');
    expect(debug.lines[1]).toMatch(/^← MemoryDBClient\.DescribeClustersCommand 200 in \d+ ms, requestId=req-42, attempts=1$/);
  });

  it('logs a failure and rethrows it', async () => {
    const stack = fakeStack();
    const debug = recordingDebug();
    addDebugLogging(stack, debug);
    const err = Object.assign(named('ClusterNotFoundFault'), { $metadata: { httpStatusCode: 400, requestId: 'req-7', attempts: 1 } });
    const handler = stack.added[0]!.middleware(async () => {
      throw err;
    }, {});
    await expect(handler({ input: {} })).rejects.toBe(err);
    expect(debug.lines[1]).toMatch(/^✗ client\.command ClusterNotFoundFault after \d+ ms, status=400, requestId=req-7, attempts=1$/);
  });
});
