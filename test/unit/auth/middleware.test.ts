import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import { z } from 'zod';
import { authenticate, authRequestOf } from '../../../shared/auth/middleware.js';
import { signRequest, bearerHeaders } from '../../../shared/auth/signer.js';
import { ReplayGuard } from '../../../shared/auth/replay-guard.js';
import type { Principal } from '../../../shared/auth/verify.js';
import { createLogger } from '../../../shared/middlewares/logger.js';
import { httpFunctionMiddlewares } from '../../../shared/middlewares/chains.js';
import type { FcContext, FcHttpResponse } from '../../../shared/middlewares/fc-types.js';
import { fcContext, httpEventBuffer, memoryDestination } from '../middlewares/helpers.js';

const NOW = 1_764_057_600_000;
const SECRET = 'hmac-secret-0123456789';
const TOKEN = 'bearer-token-0123456789';
const config = { hmacKeys: { ci: SECRET }, bearerTokens: [TOKEN], maxSkewMs: 300_000 };
const body = '{"from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z"}';

function backfill() {
  const dest = memoryDestination();
  const handler = middy(
    (event: { body: unknown }, context: FcContext & { principal?: Principal }): FcHttpResponse => ({
      statusCode: 202,
      body: JSON.stringify({ principal: context.principal, body: event.body }),
    }),
  ).use(
    httpFunctionMiddlewares({
      logger: createLogger({ destination: dest }),
      authenticate: authenticate({ config, now: () => NOW }),
      bodySchema: z.strictObject({ from: z.string(), to: z.string() }),
    }),
  );
  return { handler, dest };
}

const post = (headers: Record<string, string>, payload = body, isBase64Encoded = false) =>
  httpEventBuffer({
    method: 'POST',
    path: '/backfills',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: payload,
    isBase64Encoded,
  });

test('a signed FC HTTP request reaches the handler with its principal and parsed body', async () => {
  const { handler } = backfill();
  const headers = signRequest({
    keyId: 'ci',
    secret: SECRET,
    method: 'POST',
    path: '/backfills',
    body,
    now: NOW,
  });
  const response = (await handler(post(headers), fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 202);
  assert.deepEqual(JSON.parse(response.body ?? ''), {
    principal: { scheme: 'hmac', keyId: 'ci' },
    body: JSON.parse(body),
  });
});

test('a base64-encoded body is verified on its decoded bytes', async () => {
  const { handler } = backfill();
  const headers = signRequest({
    keyId: 'ci',
    secret: SECRET,
    method: 'POST',
    path: '/backfills',
    body,
    now: NOW,
  });
  const response = (await handler(
    post(headers, Buffer.from(body).toString('base64'), true),
    fcContext(),
  )) as FcHttpResponse;
  assert.equal(response.statusCode, 202);
});

test('a bearer token is accepted too', async () => {
  const { handler } = backfill();
  const response = (await handler(post(bearerHeaders(TOKEN)), fcContext())) as FcHttpResponse;
  assert.equal(JSON.parse(response.body ?? '').principal.scheme, 'bearer');
});

test('anonymous gets 401 with a WWW-Authenticate hint, the handler never runs, nothing secret is logged', async () => {
  const { handler, dest } = backfill();
  const response = (await handler(post({}), fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 401);
  assert.equal(response.headers?.['WWW-Authenticate'], 'HMAC-SHA256 realm="ots2oss", Bearer realm="ots2oss"');
  const error = JSON.parse(response.body ?? '').error as { code: string; message: string };
  assert.equal(error.code, 'UNAUTHORIZED');
  assert.match(error.message, /authentication required/);
  const bad = (await handler(post(bearerHeaders('wrong-token-0123456789')), fcContext())) as FcHttpResponse;
  assert.equal(bad.statusCode, 401);
  assert.ok(!dest.text().includes('wrong-token-0123456789'));
  assert.ok(!dest.text().includes(TOKEN));
});

test('an unauthenticated request is refused before its body is parsed or validated', async () => {
  const { handler } = backfill();
  const response = (await handler(post({}, '{not json'), fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 401);
});

test('a replay through the middleware is refused', async () => {
  const guard = new ReplayGuard();
  const handler = middy(() => ({ statusCode: 204 })).use(
    authenticate({ config, now: () => NOW, replayGuard: guard }),
  );
  const headers = signRequest({
    keyId: 'ci',
    secret: SECRET,
    method: 'POST',
    path: '/backfills',
    body,
    now: NOW,
  });
  const event = JSON.parse(post(headers).toString()) as unknown;
  assert.deepEqual(await handler(structuredClone(event), fcContext()), { statusCode: 204 });
  await assert.rejects(handler(structuredClone(event), fcContext()), { reason: 'REPLAYED' });
});

test('authRequestOf reads method, raw path, query and lower-cased headers of an FC event', () => {
  const event = {
    rawPath: '/backfills/bf%201',
    headers: { 'X-Ots2oss-Timestamp': '1' },
    queryParameters: { a: '1,2' },
    requestContext: { http: { method: 'GET', path: '/backfills/bf 1' } },
  };
  const request = authRequestOf(event);
  assert.equal(request.method, 'GET');
  assert.equal(request.path, '/backfills/bf%201');
  assert.deepEqual(request.query, { a: '1,2' });
  assert.equal(request.headers['x-ots2oss-timestamp'], '1');
  assert.equal(request.body.length, 0);
});

test('with no credentials configured every request gets 401', async () => {
  const empty = { hmacKeys: {}, bearerTokens: [], maxSkewMs: 300_000 };
  const handler = middy(() => ({ statusCode: 204 })).use(
    httpFunctionMiddlewares({
      logger: createLogger({ destination: memoryDestination() }),
      authenticate: authenticate({ config: empty }),
    }),
  );
  const response = (await handler(post(bearerHeaders(TOKEN)), fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 401);
  assert.match(response.body ?? '', /no credentials configured/);
});

test('options are checked', () => {
  assert.throws(() => authenticate({ config: { ...config, extra: 1 } } as never));
  assert.throws(() => authenticate({ config, clock: Date.now } as never), /clock/);
});
