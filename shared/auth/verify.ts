/**
 * Server side: decides whether one request is authenticated, by an HMAC-SHA256 signature or a
 * bearer token. Pure apart from the replay guard it is handed; `now` is passed in. Secrets are
 * compared in constant time (both sides hashed to a fixed length first, so neither content nor
 * length leaks through timing).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AUTH_SCHEME, CONTENT_SHA256_HEADER, TIMESTAMP_HEADER, sha256Hex, signature } from './canonical.js';
import { AuthError } from './errors.js';
import type { ReplayGuard } from './replay-guard.js';

export interface AuthConfig {
  /** keyId → shared secret for HMAC-SHA256 signed requests. */
  hmacKeys: Readonly<Record<string, string>>;
  /** Accepted bearer tokens (usually one, two while rotating). */
  bearerTokens: readonly string[];
  /** How far a signed timestamp may be from the server clock, either way. */
  maxSkewMs: number;
}

export interface AuthRequest {
  method: string;
  path: string;
  query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
}

export type Principal = { scheme: 'hmac'; keyId: string } | { scheme: 'bearer' };

export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

export function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** `HMAC-SHA256 keyId=k, signature=s` → its parameters; undefined when the shape is wrong. */
export function parseHmacAuthorization(value: string): { keyId: string; signature: string } | undefined {
  const params = new Map<string, string>();
  for (const part of value.slice(AUTH_SCHEME.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const keyId = params.get('keyId');
  const sig = params.get('signature');
  return keyId && sig && params.size === 2 ? { keyId, signature: sig } : undefined;
}

export function verifyRequest(
  request: AuthRequest,
  config: AuthConfig,
  now: number,
  replay?: ReplayGuard,
): Principal {
  if (config.bearerTokens.length === 0 && Object.keys(config.hmacKeys).length === 0) {
    throw new AuthError(
      'NOT_CONFIGURED',
      'this endpoint has no credentials configured (BACKFILL_TOKEN), so it refuses every request',
    );
  }
  const authorization = request.headers.authorization?.trim();
  if (!authorization) {
    throw new AuthError(
      'MISSING',
      'authentication required: send an HMAC-SHA256 signed request or Authorization: Bearer <token>',
    );
  }
  const scheme = authorization.split(/\s+/, 1)[0] ?? '';
  if (scheme === AUTH_SCHEME) return verifyHmac(authorization, request, config, now, replay);
  if (scheme.toLowerCase() === 'bearer')
    return verifyBearer(authorization.slice(scheme.length).trim(), config);
  throw new AuthError(
    'UNSUPPORTED_SCHEME',
    `authorization scheme "${scheme.slice(0, 32)}" is not accepted; use HMAC-SHA256 or Bearer`,
  );
}

function verifyBearer(token: string, config: AuthConfig): Principal {
  if (!token) throw new AuthError('MALFORMED', 'Authorization: Bearer needs a token');
  // Compare against every configured token so timing does not reveal which one (or none) matched.
  let matched = false;
  for (const expected of config.bearerTokens) matched = secretsEqual(token, expected) || matched;
  if (!matched) throw new AuthError('BAD_TOKEN', 'bearer token is not valid');
  return { scheme: 'bearer' };
}

function verifyHmac(
  authorization: string,
  request: AuthRequest,
  config: AuthConfig,
  now: number,
  replay?: ReplayGuard,
): Principal {
  const parsed = parseHmacAuthorization(authorization);
  if (!parsed)
    throw new AuthError(
      'MALFORMED',
      `Authorization must look like "${AUTH_SCHEME} keyId=<id>, signature=<base64>"`,
    );
  const secret = Object.hasOwn(config.hmacKeys, parsed.keyId) ? config.hmacKeys[parsed.keyId] : undefined;
  if (secret === undefined)
    throw new AuthError('UNKNOWN_KEY', `key id "${parsed.keyId.slice(0, 64)}" is not known`);

  const timestamp = request.headers[TIMESTAMP_HEADER]?.trim() ?? '';
  if (!/^\d{1,15}$/.test(timestamp)) {
    throw new AuthError('MALFORMED', `${TIMESTAMP_HEADER} must be the signing time in epoch milliseconds`);
  }
  const skew = Number(timestamp) - now;
  if (Math.abs(skew) > config.maxSkewMs) {
    throw new AuthError(
      'CLOCK_SKEW',
      `${TIMESTAMP_HEADER} is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'old' : 'in the future'}; at most ${config.maxSkewMs / 1000} s allowed`,
    );
  }

  const bodySha256 = sha256Hex(request.body);
  const claimed = request.headers[CONTENT_SHA256_HEADER]?.trim().toLowerCase();
  if (claimed !== undefined && claimed !== bodySha256) {
    throw new AuthError(
      'BODY_MISMATCH',
      `${CONTENT_SHA256_HEADER} does not match the body received (was it changed on the way?)`,
    );
  }

  const expected = signature(secret, {
    method: request.method,
    path: request.path,
    query: request.query,
    timestamp,
    bodySha256,
  });
  if (!secretsEqual(parsed.signature, expected)) {
    throw new AuthError('BAD_SIGNATURE', 'signature does not match method, path, query, timestamp and body');
  }
  if (
    replay?.checkAndRemember(`${parsed.keyId}:${parsed.signature}`, Number(timestamp) + config.maxSkewMs, now)
  ) {
    throw new AuthError('REPLAYED', 'this signed request was already used; sign each request anew');
  }
  return { scheme: 'hmac', keyId: parsed.keyId };
}
