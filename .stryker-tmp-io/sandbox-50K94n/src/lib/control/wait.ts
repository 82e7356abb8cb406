// @ts-nocheck
// Bounded waiting with progress: AWS has no waiters for most of what memctl waits for.
import { InterruptedError, MemctlError, WaitTimeoutError } from '../io/errors.js';
import type { Progress } from '../io/progress.js';
import { abortableSleep } from '../io/sleep.js';

export interface WaitOptions<T> {
  /** Fetches the current state; undefined means "gone". */
  poll: () => Promise<T | undefined>;
  /** True when the wait is over. */
  done: (value: T | undefined) => boolean;
  /** A state that will never reach done: the wait fails with this message. */
  failed?: (value: T | undefined) => string | undefined;
  /** Status text for progress, e.g. "creating". */
  describe: (value: T | undefined) => string;
  /** What is awaited, e.g. "cluster demo to become available". */
  what: string;
  /** How to keep waiting after a timeout or Ctrl-C, e.g. "memctl create demo --if-not-exists --wait". */
  resume: string;
  timeoutMs: number;
  intervalMs: number;
  progress: Progress;
  signal?: AbortSignal | undefined;
}

export async function waitFor<T>(options: WaitOptions<T>): Promise<T | undefined> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted === true) {
      options.progress.stop();
      throw new InterruptedError(`stopped waiting for ${options.what}; the operation goes on in the service`, { hint: `keep waiting with: ${options.resume}` });
    }
    const value = await options.poll();
    const elapsed = Math.round((Date.now() - started) / 1000);
    const failure = options.failed?.(value);
    if (failure !== undefined) {
      options.progress.fail(failure);
      throw new MemctlError(failure, 1);
    }
    if (options.done(value)) {
      options.progress.succeed(`${options.what.replace(/ to (become|be) /, ' is ')} (${elapsed}s)`);
      return value;
    }
    options.progress.update(`waiting for ${options.what}: ${options.describe(value)} (${elapsed}s)`, options.describe(value));
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      options.progress.fail(`timed out waiting for ${options.what}`);
      throw new WaitTimeoutError(`timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what} (last status: ${options.describe(value)}); the operation goes on in the service`, {
        hint: `keep waiting with: ${options.resume}`,
      });
    }
    await abortableSleep(Math.min(options.intervalMs, remaining), options.signal);
  }
}
