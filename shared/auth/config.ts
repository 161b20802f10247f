/**
 * Reads the backfill endpoint's secrets from the function environment (set in s.yaml from a
 * `${env(...)}` so they stay out of the repo). Values are never logged; messages name variables.
 *
 *   BACKFILL_HMAC_KEYS    `keyId:secret` pairs, comma separated (several while rotating)
 *   BACKFILL_BEARER_TOKEN one token
 *   BACKFILL_AUTH_MAX_SKEW_SECONDS  allowed clock difference for signed requests (default 300)
 */
import { SyncError } from '../errors.js';
import { DEFAULT_MAX_SKEW_MS, type AuthConfig } from './verify.js';

export const AUTH_ENV = Object.freeze({
  hmacKeys: 'BACKFILL_HMAC_KEYS',
  bearerToken: 'BACKFILL_BEARER_TOKEN',
  maxSkewSeconds: 'BACKFILL_AUTH_MAX_SKEW_SECONDS',
});

/** Shorter secrets are refused: they can be guessed. */
export const MIN_SECRET_LENGTH = 16;

const invalid = (message: string) => new SyncError('INVALID_CONFIG', message);

export function authConfigFromEnv(env: Record<string, string | undefined>): AuthConfig {
  const hmacKeys: Record<string, string> = {};
  for (const entry of (env[AUTH_ENV.hmacKeys] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const keyId = entry.slice(0, colon).trim();
    const secret = entry.slice(colon + 1).trim();
    if (colon <= 0 || !/^[A-Za-z0-9_.-]{1,64}$/.test(keyId)) {
      throw invalid(
        `${AUTH_ENV.hmacKeys} entries must be keyId:secret with a key id of letters, digits, _ . -`,
      );
    }
    if (secret.length < MIN_SECRET_LENGTH)
      throw invalid(
        `${AUTH_ENV.hmacKeys}: the secret of key ${keyId} is shorter than ${MIN_SECRET_LENGTH} characters`,
      );
    hmacKeys[keyId] = secret;
  }
  const token = env[AUTH_ENV.bearerToken]?.trim();
  if (token !== undefined && token !== '' && token.length < MIN_SECRET_LENGTH) {
    throw invalid(`${AUTH_ENV.bearerToken} is shorter than ${MIN_SECRET_LENGTH} characters`);
  }
  const bearerTokens = token ? [token] : [];
  if (Object.keys(hmacKeys).length === 0 && bearerTokens.length === 0) {
    throw invalid(
      `backfill authentication is not configured: set ${AUTH_ENV.hmacKeys} or ${AUTH_ENV.bearerToken}`,
    );
  }
  const skewText = env[AUTH_ENV.maxSkewSeconds]?.trim();
  const skewSeconds = skewText ? Number(skewText) : DEFAULT_MAX_SKEW_MS / 1000;
  if (!Number.isInteger(skewSeconds) || skewSeconds < 1 || skewSeconds > 3600) {
    throw invalid(`${AUTH_ENV.maxSkewSeconds} must be a whole number of seconds from 1 to 3600`);
  }
  return { hmacKeys, bearerTokens, maxSkewMs: skewSeconds * 1000 };
}
