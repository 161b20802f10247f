import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import { z } from 'zod';
import { SyncError } from '../../../shared/errors.js';
import { createLogger } from '../../../shared/middlewares/logger.js';
import { eventFunctionMiddlewares, httpFunctionMiddlewares } from '../../../shared/middlewares/chains.js';
import { jsonResponse } from '../../../shared/middlewares/http-response.js';
import type { FcContext, FcHttpEvent, FcHttpResponse } from '../../../shared/middlewares/fc-types.js';
import { fcContext, httpEventBuffer, memoryDestination } from './helpers.js';

const backfillBody = z.strictObject({ from: z.string(), to: z.string(), dryRun: z.boolean().default(false) });

function backfillHandler(seenRawBodies: unknown[] = []) {
  const dest = memoryDestination();
  const handler = middy(
    (event: FcHttpEvent<z.infer<typeof backfillBody>>, context: FcContext): FcHttpResponse => {
      if (event.body?.from === 'conflict') throw new SyncError('CONFLICT', 'overlaps active backfill bf-1');
      return {
        statusCode: 202,
        body: JSON.stringify({ body: event.body, left: context.getRemainingTimeInMillis?.() }),
      };
    },
  ).use(
    httpFunctionMiddlewares({
      logger: createLogger({ destination: dest }),
      bodySchema: backfillBody,
      authenticate: { before: (request) => void seenRawBodies.push((request.event as FcHttpEvent).body) },
    }),
  );
  return { handler, dest };
}

const json = { 'Content-Type': 'application/json', Authorization: 'Bearer tok-secret-1' };

test('an FC HTTP Buffer event reaches the handler with a parsed, validated body and a time budget', async () => {
  const raw: unknown[] = [];
  const { handler, dest } = backfillHandler(raw);
  const event = httpEventBuffer({ method: 'POST', headers: json, body: '{"from":"a","to":"b"}' });
  const response = (await handler(event, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 202);
  const body = JSON.parse(response.body ?? '') as { body: unknown; left: number };
  assert.deepEqual(body.body, { from: 'a', to: 'b', dryRun: false });
  assert.ok(body.left > 59_000 && body.left <= 60_000);
  assert.deepEqual(raw, ['{"from":"a","to":"b"}'], 'authentication saw the raw body, before parsing');
  assert.ok(!dest.text().includes('tok-secret-1'));
});

test('a body with a missing field answers 400 naming it', async () => {
  const { handler } = backfillHandler();
  const event = httpEventBuffer({ method: 'POST', headers: json, body: '{"from":"a"}' });
  const response = (await handler(event, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 400);
  assert.match(response.body ?? '', /body\.to/);
});

test('a body that is not JSON answers 400 INVALID_JSON', async () => {
  const { handler } = backfillHandler();
  const response = (await handler(
    httpEventBuffer({ method: 'POST', headers: json, body: '{from' }),
    fcContext(),
  )) as FcHttpResponse;
  assert.equal(response.statusCode, 400);
  assert.match(response.body ?? '', /INVALID_JSON/);
});

test('a base64 body is decoded by the body parser', async () => {
  const { handler } = backfillHandler();
  const body = Buffer.from('{"from":"x","to":"y"}').toString('base64');
  const event = httpEventBuffer({ method: 'POST', headers: json, body, isBase64Encoded: true });
  const response = (await handler(event, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 202);
});

test('a domain error answers with its status and the request is logged as refused', async () => {
  const { handler, dest } = backfillHandler();
  const event = httpEventBuffer({ method: 'POST', headers: json, body: '{"from":"conflict","to":"b"}' });
  const response = (await handler(event, fcContext())) as FcHttpResponse;
  assert.equal(response.statusCode, 409);
  assert.equal(dest.records().find((r) => r.msg === 'invocation refused')?.statusCode, 409);
});

test('an event function gets the parsed event and its failures are rethrown for FC to retry', async () => {
  const dest = memoryDestination();
  const schema = z.strictObject({ windowEnd: z.number() });
  const handler = middy((event: { windowEnd: number }) => {
    if (event.windowEnd === 0) throw new SyncError('OSS_UNAVAILABLE', 'down');
    return { done: event.windowEnd };
  }).use(eventFunctionMiddlewares({ logger: createLogger({ destination: dest }), schema }));
  assert.deepEqual(await handler(Buffer.from('{"windowEnd":5}'), fcContext()), { done: 5 });
  await assert.rejects(handler(Buffer.from('{"windowEnd":0}'), fcContext()), { code: 'OSS_UNAVAILABLE' });
  await assert.rejects(handler(Buffer.from('{"windowEnd":"x"}'), fcContext()), { code: 'INVALID_INPUT' });
  await assert.rejects(handler(Buffer.from('nope'), fcContext()), { code: 'INVALID_EVENT' });
  const failed = dest.records().filter((r) => r.msg === 'invocation failed');
  assert.equal(failed.length, 3);
  assert.ok(failed.every((r) => r.requestId === 'req-1f2e3d'));
});

test('an event function settles the codes it is told never to retry', async () => {
  const handler = middy(() => {
    throw new SyncError('LEASE_LOST', 'stale epoch');
  }).use(
    eventFunctionMiddlewares({
      logger: createLogger({ destination: memoryDestination() }),
      settleCodes: ['LEASE_LOST'],
    }),
  );
  assert.deepEqual(await handler(Buffer.from('{}'), fcContext()), {
    settled: true,
    code: 'LEASE_LOST',
    message: 'stale epoch',
  });
});

test('jsonResponse builds the FC HTTP response a handler returns', () => {
  assert.deepEqual(jsonResponse(202, { id: 'bf-1' }, { location: '/backfills/bf-1' }), {
    statusCode: 202,
    headers: { location: '/backfills/bf-1', 'content-type': 'application/json' },
    body: '{"id":"bf-1"}',
  });
});
