import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { SyncError } from '../../../shared/errors.js';
import {
  httpErrorHandler,
  httpErrorHandlerValidateOptions,
  viewOfError,
} from '../../../shared/middlewares/http-error-handler.js';
import { InvalidInputError } from '../../../shared/middlewares/errors.js';
import type { FcHttpResponse } from '../../../shared/middlewares/fc-types.js';
import { fcContext } from './helpers.js';

function failingWith(error: unknown, options = {}) {
  return middy((): FcHttpResponse => {
    throw error;
  }).use(httpErrorHandler(options));
}

function bodyOf(response: FcHttpResponse) {
  return JSON.parse(response.body ?? '') as { error: { code: string; message: string; requestId: string } };
}

test('each SyncError code answers with its status, code and message', async () => {
  const cases: [string, number][] = [
    ['INVALID_INPUT', 400],
    ['UNAUTHORIZED', 401],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['OUT_OF_RETENTION', 422],
  ];
  for (const [code, status] of cases) {
    const response = (await failingWith(new SyncError(code, `problem ${code}`))(
      {},
      fcContext(),
    )) as FcHttpResponse;
    assert.equal(response.statusCode, status, code);
    assert.equal(response.headers?.['content-type'], 'application/json');
    assert.deepEqual(bodyOf(response), {
      error: { code, message: `problem ${code}`, requestId: 'req-1f2e3d' },
    });
  }
});

test('an invalid input answers 400 with a message naming the field', async () => {
  const error = new InvalidInputError([
    { path: 'body.from', message: 'expected an ISO-8601 time or epoch ms' },
  ]);
  const response = (await failingWith(error)({}, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 400);
  assert.equal(
    bodyOf(response).error.message,
    'invalid input: body.from: expected an ISO-8601 time or epoch ms',
  );
});

test('an unexpected error answers 500 without its message, stack or secrets', async () => {
  const error = new Error('connect failed for accessKeySecret=sk-123 at /var/task/index.js:10');
  const response = (await failingWith(error)({}, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 500);
  assert.equal(bodyOf(response).error.code, 'INTERNAL');
  assert.ok(!response.body?.includes('sk-123'));
  assert.ok(!response.body?.includes('index.js'));
  assert.equal(bodyOf(response).error.requestId, 'req-1f2e3d');
});

test('a SyncError whose code has no client status is a 500 too', async () => {
  const response = (await failingWith(new SyncError('OSS_UNAVAILABLE', 'bucket b unreachable'))(
    {},
    fcContext(),
  )) as FcHttpResponse;
  assert.equal(response.statusCode, 500);
  assert.ok(!response.body?.includes('bucket b'));
});

test('extra codes can be mapped and an error can carry a challenge header', async () => {
  const error = Object.assign(new SyncError('BACKFILL_OVERLAP', 'overlaps backfill bf-1'), {
    headers: { 'WWW-Authenticate': 'Bearer realm="backfill"', bogus: 42 },
  });
  const response = (await failingWith(error, { statusByCode: { BACKFILL_OVERLAP: 409 } })(
    {},
    fcContext(),
  )) as FcHttpResponse;
  assert.equal(response.statusCode, 409);
  assert.equal(response.headers?.['WWW-Authenticate'], 'Bearer realm="backfill"');
  assert.equal(response.headers?.bogus, undefined);
});

test('a malformed JSON body from the official body parser answers 400 INVALID_JSON', async () => {
  const handler = middy(() => ({ statusCode: 200 }))
    .use(httpErrorHandler())
    .use(httpJsonBodyParser());
  const event = { headers: { 'content-type': 'application/json' }, body: '{"from": ' };
  const response = (await handler(event, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 400);
  assert.equal(bodyOf(response).error.code, 'INVALID_JSON');
  assert.match(bodyOf(response).error.message, /^body is not valid JSON: /);
});

test('a wrong content type from the official body parser answers 415', async () => {
  const handler = middy(() => ({ statusCode: 200 }))
    .use(httpErrorHandler())
    .use(httpJsonBodyParser());
  const response = (await handler(
    { headers: { 'content-type': 'text/plain' }, body: 'x' },
    fcContext(),
  )) as FcHttpResponse;
  assert.equal(response.statusCode, 415);
  assert.equal(bodyOf(response).error.code, 'UNSUPPORTED_MEDIA_TYPE');
});

test('a response already set by an earlier error handler is left alone', async () => {
  const handler = middy((): unknown => {
    throw new SyncError('NOT_FOUND', 'no backfill bf-9');
  })
    .use(httpErrorHandler())
    .use({ onError: (request) => void (request.response = { statusCode: 418 }) });
  assert.deepEqual(await handler({}, fcContext()), { statusCode: 418 });
});

test('viewOfError is pure and options are checked', () => {
  assert.equal(viewOfError(new SyncError('CONFLICT', 'c')).statusCode, 409);
  assert.equal(viewOfError('a string').statusCode, 500);
  assert.throws(() => httpErrorHandlerValidateOptions({ statusByCode: { X: 200 } }));
  assert.throws(() => httpErrorHandlerValidateOptions({ fallback: 'x' }), /fallback/);
});
