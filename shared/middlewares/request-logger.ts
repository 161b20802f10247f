/**
 * One structured line when an invocation starts and one when it ends (or fails), all bound to the
 * FC request id, and a child logger on `context.log` for the handler. It is the only middleware
 * that logs errors, so a failure is logged once whichever error handler runs.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import { z } from 'zod';
import type { Logger } from './logger.js';

export interface RequestLoggerOptions {
  logger: Logger;
  /** Also log the whole (redacted) event at debug level. */
  logEvent: boolean;
  now: () => number;
}

export const requestLoggerDefaults: Omit<RequestLoggerOptions, 'logger'> = Object.freeze({
  logEvent: false,
  now: () => Date.now(),
});

const optionsSchema = z.strictObject({
  logger: z.custom<Logger>(
    (v) => typeof v === 'object' && v !== null && typeof (v as Logger).child === 'function',
  ),
  logEvent: z.boolean().optional(),
  now: z.custom<() => number>((v) => typeof v === 'function').optional(),
});

export const requestLoggerValidateOptions = (options: unknown) => optionsSchema.parse(options);

interface LoggedContext {
  requestId?: string;
  function?: { name?: string };
  log?: Logger;
}

/** A few identifying fields of a trigger event; never the body. */
export function describeEvent(event: unknown): Record<string, unknown> {
  if (event instanceof Uint8Array) return { trigger: 'raw', bytes: event.byteLength };
  if (event === null || typeof event !== 'object') return { eventType: typeof event };
  const e = event as Record<string, unknown>;
  const http = (e.requestContext as { http?: Record<string, unknown> } | undefined)?.http;
  if (http) return { trigger: 'http', method: http.method, path: http.path, sourceIp: http.sourceIp };
  if (typeof e.triggerTime === 'string')
    return { trigger: 'timer', triggerName: e.triggerName, triggerTime: e.triggerTime };
  return { trigger: 'event', keys: Object.keys(e).slice(0, 20) };
}

function statusOf(response: unknown): number | undefined {
  const status = (response as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function requestLogger(
  opts: Pick<RequestLoggerOptions, 'logger'> & Partial<RequestLoggerOptions>,
): MiddlewareObj {
  requestLoggerValidateOptions(opts);
  const { logger, logEvent, now } = { ...requestLoggerDefaults, ...opts };
  const started = new WeakMap<object, number>();
  // Bound lazily too: a middleware placed before this one may fail before `before` ran.
  const logOf = (request: Request) => {
    const context = request.context as LoggedContext;
    context.log ??= logger.child({ requestId: context.requestId, fn: context.function?.name });
    return context.log;
  };
  const elapsed = (request: Request) => now() - (started.get(request) ?? now());

  return {
    before: (request) => {
      started.set(request, now());
      const log = logOf(request);
      log.info(describeEvent(request.event), 'invocation start');
      if (logEvent) log.debug({ event: request.event }, 'invocation event');
    },
    after: (request) => {
      logOf(request).info(
        { durationMs: elapsed(request), statusCode: statusOf(request.response) },
        'invocation end',
      );
    },
    onError: (request) => {
      const statusCode = statusOf(request.response);
      const fields = { err: request.error, durationMs: elapsed(request), statusCode };
      // A client error answered by the HTTP error handler is a warning; anything else is an error.
      if (statusCode !== undefined && statusCode < 500) logOf(request).warn(fields, 'invocation refused');
      else logOf(request).error(fields, 'invocation failed');
    },
  };
}
