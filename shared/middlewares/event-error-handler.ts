/**
 * For event functions (timer, async invoke): a failure must reach FC as a thrown error, because
 * that is what makes FC retry the async event and finally hand it to the on-failure destination.
 * So this handler rethrows by default (it only has to not answer). Codes listed in `settleCodes`
 * are failures a retry can never fix (e.g. a stale epoch); those end the invocation with a
 * `{ settled: true, code, message }` result instead of burning FC's retries.
 */
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { SyncError } from '../errors.js';
import { scrubText } from './redact.js';

export interface EventErrorHandlerOptions {
  settleCodes: readonly string[];
}

export const eventErrorHandlerDefaults: EventErrorHandlerOptions = Object.freeze({
  settleCodes: Object.freeze([]),
});

const optionsSchema = z.strictObject({ settleCodes: z.array(z.string().min(1)).optional() });

export const eventErrorHandlerValidateOptions = (options: unknown) => optionsSchema.parse(options);

/** The result an event function returns for a settled (not retried) failure. */
export interface SettledFailure {
  settled: true;
  code: string;
  message: string;
}

export function eventErrorHandler(opts: Partial<EventErrorHandlerOptions> = {}): MiddlewareObj {
  eventErrorHandlerValidateOptions(opts);
  const { settleCodes } = { ...eventErrorHandlerDefaults, ...opts };
  return {
    onError: (request) => {
      const error = request.error;
      if (request.response !== undefined) return;
      if (error instanceof SyncError && settleCodes.includes(error.code)) {
        const settled: SettledFailure = {
          settled: true,
          code: error.code,
          message: scrubText(error.message),
        };
        request.response = settled;
      }
      // Otherwise leave the response unset: middy rethrows the error to FC.
    },
  };
}
