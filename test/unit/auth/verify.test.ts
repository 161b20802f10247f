import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signRequest, bearerHeaders } from '../../../shared/auth/signer.js';
import {
  verifyRequest,
  parseHmacAuthorization,
  secretsEqual,
  type AuthConfig,
  type AuthRequest,
} from '../../../shared/auth/verify.js';
import { ReplayGuard } from '../../../shared/auth/replay-guard.js';
import { AuthError, type AuthFailure } from '../../../shared/auth/errors.js';
import { stringToSign } from '../../../shared/auth/canonical.js';

const NOW = 1_764_057_600_000;
const SECRET = 'hmac-secret-0123456789';
const TOKEN = 'bearer-token-0123456789';
const config: AuthConfig = {
  hmacKeys: { ci: SECRET, old: 'older-secret-0123456789' },
  bearerTokens: [TOKEN],
  maxSkewMs: 300_000,
};

function signed(
  overrides: {
    method?: string;
    url?: string;
    body?: string;
    keyId?: string;
    secret?: string;
    now?: number;
  } = {},
): AuthRequest {
  const method = overrides.method ?? 'POST';
  const url = new URL(overrides.url ?? '/backfills?dryRun=true', 'http://x');
  const body = overrides.body ?? '{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z"}';
  const headers = signRequest({
    keyId: overrides.keyId ?? 'ci',
    secret: overrides.secret ?? SECRET,
    method,
    path: url.pathname + url.search,
    body,
    now: overrides.now ?? NOW,
  });
  return {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: Buffer.from(body),
  };
}

function refusedWith(reason: AuthFailure, request: AuthRequest, pattern: RegExp, replay?: ReplayGuard) {
  assert.throws(
    () => verifyRequest(request, config, NOW, replay),
    (err: unknown) => {
      assert.ok(err instanceof AuthError, String(err));
      assert.equal(err.reason, reason);
      assert.equal(err.code, 'UNAUTHORIZED');
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes(SECRET) && !err.message.includes(TOKEN));
      assert.match(
        err.headers['WWW-Authenticate'] ?? '',
        /^HMAC-SHA256 realm="ots2oss", Bearer realm="ots2oss"$/,
      );
      return true;
    },
  );
}

test('a correctly signed request is accepted and names its key', () => {
  assert.deepEqual(verifyRequest(signed(), config, NOW), { scheme: 'hmac', keyId: 'ci' });
  assert.deepEqual(verifyRequest(signed({ keyId: 'old', secret: 'older-secret-0123456789' }), config, NOW), {
    scheme: 'hmac',
    keyId: 'old',
  });
  assert.deepEqual(verifyRequest(signed({ method: 'GET', url: '/backfills/bf-1', body: '' }), config, NOW), {
    scheme: 'hmac',
    keyId: 'ci',
  });
});

test('a valid bearer token is accepted', () => {
  const request: AuthRequest = {
    method: 'GET',
    path: '/',
    query: {},
    headers: bearerHeaders(TOKEN),
    body: Buffer.alloc(0),
  };
  assert.deepEqual(verifyRequest(request, config, NOW), { scheme: 'bearer' });
});

test('anonymous → MISSING', () => {
  refusedWith('MISSING', { ...signed(), headers: {} }, /authentication required/);
  refusedWith('MISSING', { ...signed(), headers: { authorization: '  ' } }, /authentication required/);
});

test('a server with no credentials configured refuses everyone → NOT_CONFIGURED', () => {
  const empty: AuthConfig = { hmacKeys: {}, bearerTokens: [], maxSkewMs: 300_000 };
  for (const request of [
    signed(),
    { ...signed(), headers: bearerHeaders('') },
    { ...signed(), headers: {} },
  ]) {
    assert.throws(
      () => verifyRequest(request, empty, NOW),
      (err: unknown) => err instanceof AuthError && err.reason === 'NOT_CONFIGURED',
    );
  }
});

test('another scheme → UNSUPPORTED_SCHEME', () => {
  refusedWith(
    'UNSUPPORTED_SCHEME',
    { ...signed(), headers: { authorization: 'Basic dXNlcjpwYXNz' } },
    /"Basic" is not accepted/,
  );
});

test('a malformed HMAC header or timestamp → MALFORMED', () => {
  const good = signed();
  refusedWith(
    'MALFORMED',
    { ...good, headers: { ...good.headers, authorization: 'HMAC-SHA256 keyId=ci' } },
    /must look like/,
  );
  refusedWith(
    'MALFORMED',
    { ...good, headers: { ...good.headers, authorization: 'HMAC-SHA256 keyId=ci, signature=a, x=1' } },
    /must look like/,
  );
  refusedWith(
    'MALFORMED',
    { ...good, headers: { ...good.headers, 'x-ots2oss-timestamp': undefined } },
    /epoch milliseconds/,
  );
  refusedWith(
    'MALFORMED',
    { ...good, headers: { ...good.headers, 'x-ots2oss-timestamp': '2026-11-25T08:00:00Z' } },
    /epoch milliseconds/,
  );
  refusedWith('MALFORMED', { ...good, headers: { authorization: 'Bearer ' } }, /needs a token/);
});

test('an unknown key id → UNKNOWN_KEY (prototype names too)', () => {
  refusedWith('UNKNOWN_KEY', signed({ keyId: 'nobody' }), /"nobody" is not known/);
  refusedWith('UNKNOWN_KEY', signed({ keyId: 'constructor' }), /not known/);
});

test('a wrong secret or any changed signed part → BAD_SIGNATURE', () => {
  refusedWith('BAD_SIGNATURE', signed({ secret: 'a-different-secret-0000' }), /does not match/);
  const good = signed();
  refusedWith('BAD_SIGNATURE', { ...good, method: 'DELETE' }, /does not match/);
  refusedWith('BAD_SIGNATURE', { ...good, path: '/backfills/other' }, /does not match/);
  refusedWith('BAD_SIGNATURE', { ...good, query: { dryRun: 'false' } }, /does not match/);
  const noHashHeader = { ...good.headers, 'x-ots2oss-content-sha256': undefined };
  refusedWith(
    'BAD_SIGNATURE',
    { ...good, headers: noHashHeader, body: Buffer.from('{"from":"1970"}') },
    /does not match/,
  );
});

test('a body changed on the way while its hash header stayed → BODY_MISMATCH', () => {
  refusedWith(
    'BODY_MISMATCH',
    { ...signed(), body: Buffer.from('{"from":"1970"}') },
    /does not match the body/,
  );
});

test('a timestamp outside the skew window, either way → CLOCK_SKEW', () => {
  refusedWith('CLOCK_SKEW', signed({ now: NOW - 301_000 }), /301 s old; at most 300 s allowed/);
  refusedWith('CLOCK_SKEW', signed({ now: NOW + 400_000 }), /400 s in the future/);
  assert.doesNotThrow(() => verifyRequest(signed({ now: NOW - 299_000 }), config, NOW));
});

test('the same signed request twice → REPLAYED; a fresh signature passes', () => {
  const replay = new ReplayGuard();
  const request = signed();
  verifyRequest(request, config, NOW, replay);
  refusedWith('REPLAYED', request, /already used/, replay);
  assert.doesNotThrow(() => verifyRequest(signed({ now: NOW + 1 }), config, NOW, replay));
});

test('a wrong bearer token → BAD_TOKEN, and a token prefix does not pass', () => {
  const base = { method: 'GET', path: '/', query: {}, body: Buffer.alloc(0) };
  refusedWith('BAD_TOKEN', { ...base, headers: bearerHeaders('not-the-token-at-all') }, /not valid/);
  refusedWith('BAD_TOKEN', { ...base, headers: bearerHeaders(TOKEN.slice(0, -1)) }, /not valid/);
  refusedWith('BAD_TOKEN', { ...base, headers: bearerHeaders(TOKEN.toUpperCase()) }, /not valid/);
  assert.deepEqual(verifyRequest({ ...base, headers: { authorization: `bearer ${TOKEN}` } }, config, NOW), {
    scheme: 'bearer',
  });
});

test('helpers: parse, compare, canonical string', () => {
  assert.deepEqual(parseHmacAuthorization('HMAC-SHA256 keyId=a, signature=b+/c=='), {
    keyId: 'a',
    signature: 'b+/c==',
  });
  assert.equal(parseHmacAuthorization('HMAC-SHA256 nonsense'), undefined);
  assert.ok(secretsEqual('abc', 'abc'));
  assert.ok(!secretsEqual('abc', 'abcd'));
  assert.equal(
    stringToSign({
      method: 'post',
      path: '/b',
      query: { z: '1', a: 'x y' },
      timestamp: '5',
      bodySha256: 'h',
    }),
    'HMAC-SHA256\nPOST\n/b\na=x%20y&z=1\n5\nh',
  );
});
