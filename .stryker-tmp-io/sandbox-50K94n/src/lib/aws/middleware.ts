// @ts-nocheck
// Middleware memctl adds to every SDK client: its own back-off for the throttling code the
// SDK does not retry, and --debug logging of calls with request ids (secrets redacted).
import type { DebugLog } from '../io/debug.js';

/** The SDK's standard retry does not treat these as throttling, so memctl backs off itself. */
const RATE_CODES = new Set(['APICallRateForCustomerExceeded', 'APICallRateForCustomerExceededFault']);

export interface BackoffPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

interface HandlerArgs {
  input: object;
}
interface HandlerOutput {
  output: { $metadata?: { requestId?: string; attempts?: number; httpStatusCode?: number } };
}
type Handler = (args: HandlerArgs) => Promise<HandlerOutput>;
interface HandlerContext {
  commandName?: string;
  clientName?: string;
}

export interface MiddlewareStackLike {
  add(middleware: (next: Handler, context: HandlerContext) => Handler, options: { step: 'initialize'; name: string; priority?: 'high' | 'low' }): void;
}

export function isRateExceeded(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name !== undefined && RATE_CODES.has(name);
}

/** Full-jitter exponential back-off delay for the given (1-based) retry. */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function addRateBackoff(stack: MiddlewareStackLike, policy: BackoffPolicy, debug: DebugLog): void {
  stack.add(
    (next, context) => async (args) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(args);
        } catch (err) {
          if (!isRateExceeded(err) || attempt >= policy.maxAttempts) throw err;
          const delay = backoffDelay(attempt, policy);
          debug.log(`${context.commandName ?? 'call'}: ${(err as Error).name}, retrying in ${delay} ms (attempt ${attempt + 1}/${policy.maxAttempts})`);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
    { step: 'initialize', name: 'memctlRateBackoff', priority: 'low' },
  );
}

export function addDebugLogging(stack: MiddlewareStackLike, debug: DebugLog): void {
  if (!debug.enabled) return;
  stack.add(
    (next, context) => async (args) => {
      const started = Date.now();
      const op = `${context.clientName ?? 'client'}.${context.commandName ?? 'command'}`;
      debug.log(`→ ${op}`, args.input);
      try {
        const result = await next(args);
        const meta = result.output.$metadata ?? {};
        debug.log(`← ${op} ${meta.httpStatusCode ?? ''} in ${Date.now() - started} ms, requestId=${meta.requestId ?? '-'}, attempts=${meta.attempts ?? 1}`);
        return result;
      } catch (err) {
        const meta = (err as { $metadata?: { requestId?: string; httpStatusCode?: number; attempts?: number } }).$metadata ?? {};
        debug.log(`✗ ${op} ${(err as Error).name} after ${Date.now() - started} ms, status=${meta.httpStatusCode ?? '-'}, requestId=${meta.requestId ?? '-'}, attempts=${meta.attempts ?? 1}`);
        throw err;
      }
    },
    { step: 'initialize', name: 'memctlDebug', priority: 'high' },
  );
}
