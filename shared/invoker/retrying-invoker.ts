/**
 * Retries invocations FC did not take because of trouble that passes (throttling, 5xx, network),
 * with capped exponential backoff and full jitter. A retry after a lost response may deliver an
 * event twice; that is safe here because every function already tolerates FC's own at-least-once
 * delivery (and a `taskId` lets FC drop the copy when async tasks are on).
 */
import { setTimeout as sleepMs } from 'node:timers/promises';
import { InvokeError } from './errors.js';
import type { AsyncInvocation, InvokeOptions, Invoker } from './invoker.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Cap of the first retry's delay; doubles per retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<unknown>;
  /** In [0, 1); tests pass a fixed one. */
  random: () => number;
}

export const retryDefaults: RetryOptions = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 200,
  maxDelayMs: 3_000,
  sleep: (ms: number) => sleepMs(ms),
  random: Math.random,
});

/** Pure: the wait before retry number `retry` (1-based). */
export function backoffMs(
  retry: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(options.random() * cap);
}

export class RetryingInvoker implements Invoker {
  private readonly options: RetryOptions;

  constructor(
    private readonly inner: Invoker,
    options: Partial<RetryOptions> = {},
  ) {
    this.options = { ...retryDefaults, ...options };
  }

  invokeAsync(functionName: string, payload: unknown, options?: InvokeOptions): Promise<AsyncInvocation> {
    return this.withRetries(() => this.inner.invokeAsync(functionName, payload, options));
  }

  invokeSync(functionName: string, payload: unknown, options?: InvokeOptions): Promise<unknown> {
    return this.withRetries(() => this.inner.invokeSync(functionName, payload, options));
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let retry = 1; ; retry++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof InvokeError) || !error.retryable || retry > this.options.maxRetries)
          throw error;
        await this.options.sleep(backoffMs(retry, this.options));
      }
    }
  }
}
