import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authConfigFromEnv } from '../../../shared/auth/config.js';
import { ReplayGuard } from '../../../shared/auth/replay-guard.js';

test('BACKFILL_TOKEN is accepted as bearer token and as HMAC key "default"; more HMAC keys can be added', () => {
  const config = authConfigFromEnv({
    BACKFILL_TOKEN: 'token-0123456789abcdef',
    BACKFILL_HMAC_KEYS: 'ci:secret-ci-0123456789, ops:secret-ops-0123456789',
  });
  assert.deepEqual(config, {
    hmacKeys: { ci: 'secret-ci-0123456789', ops: 'secret-ops-0123456789', default: 'token-0123456789abcdef' },
    bearerTokens: ['token-0123456789abcdef'],
    maxSkewMs: 300_000,
  });
  assert.equal(
    authConfigFromEnv({ BACKFILL_TOKEN: 'token-0123456789abcdef', BACKFILL_AUTH_MAX_SKEW_SECONDS: '60' })
      .maxSkewMs,
    60_000,
  );
  assert.deepEqual(
    authConfigFromEnv({
      BACKFILL_HMAC_KEYS: 'default:own-default-0123456789',
      BACKFILL_TOKEN: 'token-0123456789abcdef',
    }).hmacKeys,
    {
      default: 'own-default-0123456789',
    },
  );
});

test('nothing configured (s.yaml passes an empty BACKFILL_TOKEN) gives a config that accepts no one', () => {
  assert.deepEqual(authConfigFromEnv({ BACKFILL_TOKEN: '' }), {
    hmacKeys: {},
    bearerTokens: [],
    maxSkewMs: 300_000,
  });
});

test('bad values are refused with messages that name the variable, never the secret', () => {
  const cases: [Record<string, string>, RegExp, string][] = [
    [{ BACKFILL_HMAC_KEYS: 'no-colon-Zq81x0123456789' }, /keyId:secret/, 'Zq81x'],
    [{ BACKFILL_HMAC_KEYS: 'ci:tiny9' }, /key ci is shorter than 16/, 'tiny9'],
    [{ BACKFILL_TOKEN: 'tiny7' }, /BACKFILL_TOKEN is shorter/, 'tiny7'],
    [
      { BACKFILL_BEARER_TOKEN: 'token-Qx0123456789abcdef', BACKFILL_AUTH_MAX_SKEW_SECONDS: '0' },
      /1 to 3600/,
      'Qx01',
    ],
  ];
  for (const [env, pattern, secret] of cases) {
    assert.throws(
      () => authConfigFromEnv(env),
      (err: Error) => pattern.test(err.message) && !err.message.includes(secret),
    );
  }
});

test('the replay guard forgets expired entries and stays bounded', () => {
  const guard = new ReplayGuard(3);
  assert.equal(guard.checkAndRemember('a', 100, 0), false);
  assert.equal(guard.checkAndRemember('a', 100, 50), true);
  assert.equal(guard.checkAndRemember('a', 200, 150), false, 'expired entries may be used again');
  for (const key of ['b', 'c', 'd', 'e']) guard.checkAndRemember(key, 1000, 160);
  assert.ok(guard.size <= 3);
});
