/**
 * The middleware order each kind of function needs, in one place, so every `functions/<name>`
 * entry is `middy(handler).use(eventFunctionMiddlewares({...}))`. Order matters: the Buffer
 * becomes JSON first; the logger binds the request id before anything can fail; the error handler
 * sits after the logger (middy runs `onError` in reverse, so the logger sees the final status);
 * authentication reads the raw body, so it runs before the JSON body parser.
 */
import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { z } from 'zod';
import { fcEventParser } from './fc-event-parser.js';
import { remainingTime, type RemainingTimeOptions } from './remaining-time.js';
import { requestLogger } from './request-logger.js';
import { eventErrorHandler } from './event-error-handler.js';
import { httpErrorHandler, type HttpErrorHandlerOptions } from './http-error-handler.js';
import { inputValidator } from './input-validator.js';
import type { Logger } from './logger.js';

export interface EventChainOptions {
  logger: Logger;
  /** Validates the whole parsed event. */
  schema?: z.ZodType;
  /** Codes that end the invocation without an FC retry (see `eventErrorHandler`). */
  settleCodes?: readonly string[];
  remainingTime?: Partial<RemainingTimeOptions>;
}

/** Timer- and async-invoked functions: errors are rethrown so FC retries them. */
export function eventFunctionMiddlewares(options: EventChainOptions): MiddlewareObj[] {
  return [
    fcEventParser(),
    remainingTime(options.remainingTime ?? {}),
    requestLogger({ logger: options.logger }),
    eventErrorHandler(options.settleCodes ? { settleCodes: options.settleCodes } : {}),
    ...(options.schema ? [inputValidator({ schema: options.schema, target: 'event' })] : []),
  ];
}

export interface HttpChainOptions {
  logger: Logger;
  /** Validates `event.body` after JSON parsing. */
  bodySchema?: z.ZodType;
  /** Runs on the raw body, before it is parsed: the authentication middleware goes here. */
  authenticate?: MiddlewareObj;
  errors?: Partial<HttpErrorHandlerOptions>;
  remainingTime?: Partial<RemainingTimeOptions>;
}

/** HTTP-triggered functions: every error becomes a JSON response with a status. */
export function httpFunctionMiddlewares(options: HttpChainOptions): MiddlewareObj[] {
  return [
    fcEventParser(),
    remainingTime(options.remainingTime ?? {}),
    requestLogger({ logger: options.logger }),
    httpErrorHandler(options.errors ?? {}),
    httpHeaderNormalizer(),
    ...(options.authenticate ? [options.authenticate] : []),
    // GET and DELETE carry no body: parse only when the client says it sent JSON.
    httpJsonBodyParser({ disableContentTypeError: true }),
    ...(options.bodySchema ? [inputValidator({ schema: options.bodySchema, target: 'body' })] : []),
  ];
}
