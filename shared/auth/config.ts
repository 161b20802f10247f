/**
 * Reads the backfill endpoint's secrets from the function environment (set in s.yaml from a
 * `${env(...)}` so they stay out of the repo). Values are never logged; messages name variables.
 *
 *   BACKFILL_TOKEN       the secret (s.yaml passes it from the deploying shell): accepted as
 *                        `Authorization: Bearer <it>`, and as the HMAC key of key id `default`
 *   BACKFILL_HMAC_KEYS   more `keyId:secret` pairs, comma separated (several while rotating)
 *   BACKFILL_AUTH_MAX_SKEW_SECONDS  allowed clock difference for signed requests (default 300)
 *
 * Nothing set is not an error here: the endpoint then refuses every request (401), fail closed.
 */
import { SyncError } from '../errors.js';
import { DEFAULT_MAX_SKEW_MS, type AuthConfig } from './verify.js';

export const AUTH_ENV = Object.freeze({
  token: 'BACKFILL_TOKEN',
  hmacKeys: 'BACKFILL_HMAC_KEYS',
  maxSkewSeconds: 'BACKFILL_AUTH_MAX_SKEW_SECONDS',
});

/** The HMAC key id under which `BACKFILL_TOKEN` is also accepted. */
export const DEFAULT_KEY_ID = 'default';

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
  const token = env[AUTH_ENV.token]?.trim();
  if (token && token.length < MIN_SECRET_LENGTH)
    throw invalid(`${AUTH_ENV.token} is shorter than ${MIN_SECRET_LENGTH} characters`);
  if (token && !Object.hasOwn(hmacKeys, DEFAULT_KEY_ID)) hmacKeys[DEFAULT_KEY_ID] = token;
  const bearerTokens = token ? [token] : [];
  const skewText = env[AUTH_ENV.maxSkewSeconds]?.trim();
  const skewSeconds = skewText ? Number(skewText) : DEFAULT_MAX_SKEW_MS / 1000;
  if (!Number.isInteger(skewSeconds) || skewSeconds < 1 || skewSeconds > 3600) {
    throw invalid(`${AUTH_ENV.maxSkewSeconds} must be a whole number of seconds from 1 to 3600`);
  }
  return { hmacKeys, bearerTokens, maxSkewMs: skewSeconds * 1000 };
}
