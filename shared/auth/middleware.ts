/**
 * middy middleware for HTTP-triggered functions: refuses unauthenticated requests with 401 (an
 * `AuthError`, which the HTTP error handler renders with its `WWW-Authenticate` challenge) and
 * puts the caller on `context.principal`. It reads the raw body, so it must run before the JSON
 * body parser (`httpFunctionMiddlewares` puts it there).
 */
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { ReplayGuard } from './replay-guard.js';
import { verifyRequest, type AuthConfig, type AuthRequest, type Principal } from './verify.js';

export interface AuthenticateOptions {
  config: AuthConfig;
  now: () => number;
  /** Shared across invocations of one instance; `false` turns replay detection off. */
  replayGuard: ReplayGuard | false;
}

export const authenticateDefaults = Object.freeze({ now: () => Date.now() });

const optionsSchema = z.strictObject({
  config: z.strictObject({
    hmacKeys: z.record(z.string(), z.string()),
    bearerTokens: z.array(z.string()),
    maxSkewMs: z.number().int().positive(),
  }),
  now: z.custom<() => number>((v) => typeof v === 'function').optional(),
  replayGuard: z.union([z.instanceof(ReplayGuard), z.literal(false)]).optional(),
});

export const authenticateValidateOptions = (options: unknown) => optionsSchema.parse(options);

interface HttpEventLike {
  rawPath?: string;
  body?: unknown;
  isBase64Encoded?: boolean;
  headers?: Record<string, string | undefined>;
  queryParameters?: Record<string, string>;
  requestContext?: { http?: { method?: string; path?: string } };
}

/** The parts of an FC HTTP trigger event (reference §3.3) the verifier needs. */
export function authRequestOf(event: unknown): AuthRequest {
  const e = (event ?? {}) as HttpEventLike;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(e.headers ?? {})) headers[name.toLowerCase()] = value;
  const raw = typeof e.body === 'string' ? e.body : '';
  return {
    method: e.requestContext?.http?.method ?? '',
    path: e.rawPath ?? e.requestContext?.http?.path ?? '/',
    query: e.queryParameters ?? {},
    headers,
    body: e.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}

export function authenticate(
  opts: Pick<AuthenticateOptions, 'config'> & Partial<AuthenticateOptions>,
): MiddlewareObj {
  authenticateValidateOptions(opts);
  const { config, now } = { ...authenticateDefaults, ...opts };
  const replay = opts.replayGuard === false ? undefined : (opts.replayGuard ?? new ReplayGuard());
  return {
    before: (request) => {
      const principal: Principal = verifyRequest(authRequestOf(request.event), config, now(), replay);
      (request.context as { principal?: Principal }).principal = principal;
    },
  };
}
