/**
 * For HTTP-triggered functions only: turns any error into an FC HTTP response. A `SyncError`'s
 * stable code picks the status (table below); middy's own HTTP errors (415/422 from the JSON body
 * parser) keep theirs. Client errors expose their message, which names the bad field; anything
 * else becomes a 500 that says only where to look. Never a stack, never a secret.
 * Event functions use `eventErrorHandler` instead: answering there would stop FC's async retries.
 */
import { STATUS_CODES } from 'node:http';
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { SyncError } from '../errors.js';
import { scrubText } from './redact.js';
import type { FcHttpResponse } from './fc-types.js';

/** Stable error codes every function may throw, and the HTTP status each one answers with. */
export const defaultStatusByCode: Readonly<Record<string, number>> = Object.freeze({
  INVALID_EVENT: 400,
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  OUT_OF_RETENTION: 422,
});

export interface HttpErrorHandlerOptions {
  /** Merged over `defaultStatusByCode`. */
  statusByCode: Readonly<Record<string, number>>;
  fallbackMessage: string;
}

export const httpErrorHandlerDefaults: HttpErrorHandlerOptions = Object.freeze({
  statusByCode: defaultStatusByCode,
  fallbackMessage: 'internal error; the function log has the details under this request id',
});

const optionsSchema = z.strictObject({
  statusByCode: z.record(z.string(), z.number().int().min(400).max(599)).optional(),
  fallbackMessage: z.string().min(1).optional(),
});

export const httpErrorHandlerValidateOptions = (options: unknown) => optionsSchema.parse(options);

/** What the client is told: status, code, message and extra headers (e.g. `WWW-Authenticate`). */
export interface HttpErrorView {
  statusCode: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

interface MiddyHttpError {
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
  cause?: { package?: unknown; message?: unknown };
}

const JSON_PARSER = '@middy/http-json-body-parser';

/** Pure: decides how an error is shown to an HTTP client. */
export function viewOfError(
  error: unknown,
  options: HttpErrorHandlerOptions = httpErrorHandlerDefaults,
): HttpErrorView {
  const statusByCode = { ...defaultStatusByCode, ...options.statusByCode };
  const headers = headersOf(error);
  if (error instanceof SyncError) {
    const statusCode = statusByCode[error.code];
    if (statusCode !== undefined && statusCode < 500) {
      return { statusCode, code: error.code, message: scrubText(error.message), headers };
    }
  } else if (error !== null && typeof error === 'object') {
    const e = error as MiddyHttpError;
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 && e.expose !== false) {
      if (e.cause?.package === JSON_PARSER && e.statusCode === 422) {
        const reason = typeof e.cause.message === 'string' ? `: ${e.cause.message}` : '';
        return {
          statusCode: 400,
          code: 'INVALID_JSON',
          message: scrubText(`body is not valid JSON${reason}`),
          headers,
        };
      }
      if (e.cause?.package === JSON_PARSER && e.statusCode === 415) {
        const message = 'body must be sent with Content-Type: application/json';
        return { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message, headers };
      }
      return {
        statusCode: e.statusCode,
        code: codeOfStatus(e.statusCode),
        message: scrubText(String(e.message)),
        headers,
      };
    }
  }
  return { statusCode: 500, code: 'INTERNAL', message: options.fallbackMessage, headers: {} };
}

// 'Payload Too Large' → 'PAYLOAD_TOO_LARGE'
function codeOfStatus(status: number): string {
  const phrase = STATUS_CODES[status] ?? 'Bad Request';
  return phrase
    .toUpperCase()
    .replace(/[^A-Z]+/g, '_')
    .replace(/^_|_$/g, '');
}

// Only string-valued headers an error chose to carry (an auth challenge); nothing else leaks.
function headersOf(error: unknown): Record<string, string> {
  const raw = (error as { headers?: unknown } | null)?.headers;
  if (raw === null || typeof raw !== 'object') return {};
  return Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function httpErrorHandler(opts: Partial<HttpErrorHandlerOptions> = {}): MiddlewareObj {
  httpErrorHandlerValidateOptions(opts);
  const options = { ...httpErrorHandlerDefaults, ...opts };
  return {
    onError: (request) => {
      if (request.response !== undefined) return;
      const view = viewOfError(request.error, options);
      const requestId = (request.context as { requestId?: unknown }).requestId;
      const response: FcHttpResponse = {
        statusCode: view.statusCode,
        headers: { ...view.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: view.code, message: view.message, requestId } }),
      };
      request.response = response;
    },
  };
}
