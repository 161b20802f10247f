/**
 * FC's context has no `getRemainingTimeInMillis` (reference §3.1). Install one from
 * `context.function.timeout` (seconds) so a handler can stop and save progress before FC kills it.
 */
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';

export interface RemainingTimeOptions {
  /** The clock (tests pass a fake one). */
  now: () => number;
  /** Used when the context carries no `function.timeout` (local runs); none = `UNLIMITED_MS`. */
  fallbackTimeoutSeconds?: number;
}

export const remainingTimeDefaults: RemainingTimeOptions = Object.freeze({ now: () => Date.now() });

const optionsSchema = z.strictObject({
  now: z.custom<() => number>((v) => typeof v === 'function').optional(),
  fallbackTimeoutSeconds: z.number().positive().optional(),
});

export const remainingTimeValidateOptions = (options: unknown) => optionsSchema.parse(options);

/** "No limit known": finite, because middy passes it to setTimeout (which caps at 2^31-1 ms). */
export const UNLIMITED_MS = 2_147_483_647;

interface TimedContext {
  function?: { timeout?: number };
  getRemainingTimeInMillis?: () => number;
}

/**
 * Adds `getRemainingTimeInMillis` to `context` unless it already has one; the deadline counts from
 * now. Also usable as middy's `requestStart` plugin hook, which runs before middy reads the
 * function for its own `timeoutEarlyInMillis` abort:
 * `middy(handler, { requestStart: (r) => installRemainingTime(r.context) })`.
 */
export function installRemainingTime(context: object, opts: Partial<RemainingTimeOptions> = {}): void {
  const { now, fallbackTimeoutSeconds } = { ...remainingTimeDefaults, ...opts };
  const ctx = context as TimedContext;
  if (typeof ctx.getRemainingTimeInMillis === 'function') return;
  const declared = ctx.function?.timeout;
  const seconds = typeof declared === 'number' && declared > 0 ? declared : fallbackTimeoutSeconds;
  if (seconds === undefined) {
    ctx.getRemainingTimeInMillis = () => UNLIMITED_MS;
    return;
  }
  const deadline = now() + seconds * 1000;
  ctx.getRemainingTimeInMillis = () => Math.max(0, deadline - now());
}

export function remainingTime(opts: Partial<RemainingTimeOptions> = {}): MiddlewareObj {
  remainingTimeValidateOptions(opts);
  return {
    before: (request) => {
      installRemainingTime(request.context as object, opts);
    },
  };
}
