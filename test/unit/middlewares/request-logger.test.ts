import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import { SyncError } from '../../../shared/errors.js';
import { createLogger } from '../../../shared/middlewares/logger.js';
import { requestLogger, describeEvent } from '../../../shared/middlewares/request-logger.js';
import { httpErrorHandler } from '../../../shared/middlewares/http-error-handler.js';
import type { FcContext } from '../../../shared/middlewares/fc-types.js';
import { fcContext, memoryDestination } from './helpers.js';

function setup() {
  const dest = memoryDestination();
  let t = 0;
  const now = () => (t += 25);
  return { dest, logger: createLogger({ destination: dest }), now };
}

test('start and end lines carry the request id, function and duration; the handler logs through context.log', async () => {
  const { dest, logger, now } = setup();
  const handler = middy((_e: unknown, context: FcContext) => {
    context.log?.info({ rows: 7 }, 'exported');
    return { statusCode: 202 };
  }).use(requestLogger({ logger, now }));
  await handler(
    { triggerTime: '2026-11-25T08:00:00Z', triggerName: 'tick' },
    fcContext({ function: { name: 'dispatch' } }),
  );
  const records = dest.records();
  assert.deepEqual(
    records.map((r) => r.msg),
    ['invocation start', 'exported', 'invocation end'],
  );
  for (const r of records) {
    assert.equal(r.requestId, 'req-1f2e3d');
    assert.equal(r.fn, 'dispatch');
  }
  assert.equal(records[0]?.trigger, 'timer');
  assert.equal(records[1]?.rows, 7);
  assert.equal(records[2]?.statusCode, 202);
  assert.equal(records[2]?.durationMs, 25);
});

test('a failure is logged once at error level with its code, and is still thrown', async () => {
  const { dest, logger, now } = setup();
  const handler = middy(() => {
    throw new SyncError('OSS_UNAVAILABLE', 'bucket unreachable');
  }).use(requestLogger({ logger, now }));
  await assert.rejects(handler({}, fcContext()), { code: 'OSS_UNAVAILABLE' });
  const failed = dest.records().filter((r) => r.msg === 'invocation failed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]?.level, 'error');
  assert.equal((failed[0]?.err as { code: string }).code, 'OSS_UNAVAILABLE');
});

test('a client error answered by the HTTP error handler is a warning with its status', async () => {
  const { dest, logger, now } = setup();
  const handler = middy(() => {
    throw new SyncError('CONFLICT', 'overlaps bf-1');
  })
    .use(requestLogger({ logger, now }))
    .use(httpErrorHandler());
  const response = (await handler({}, fcContext())) as { statusCode: number };
  assert.equal(response.statusCode, 409);
  const refused = dest.records().find((r) => r.msg === 'invocation refused');
  assert.equal(refused?.level, 'warn');
  assert.equal(refused?.statusCode, 409);
});

test('the event itself is not logged unless asked, and then redacted', async () => {
  const secret = 'sk-should-not-appear';
  const event = { job: { sink: { accessKeySecret: secret } }, body: 'payload-text' };
  const quiet = setup();
  await middy(() => null).use(requestLogger({ logger: quiet.logger }))(event, fcContext());
  assert.ok(!quiet.dest.text().includes('payload-text'));
  const loud = setup();
  const debugLogger = createLogger({ destination: loud.dest, level: 'debug' });
  await middy(() => null).use(requestLogger({ logger: debugLogger, logEvent: true }))(event, fcContext());
  assert.ok(loud.dest.text().includes('payload-text'));
  assert.ok(!loud.dest.text().includes(secret));
});

test('describeEvent names the trigger kind', () => {
  assert.deepEqual(
    describeEvent({ requestContext: { http: { method: 'GET', path: '/b/1', sourceIp: '1.2.3.4' } } }),
    {
      trigger: 'http',
      method: 'GET',
      path: '/b/1',
      sourceIp: '1.2.3.4',
    },
  );
  assert.deepEqual(describeEvent({ windowEnd: 1 }), { trigger: 'event', keys: ['windowEnd'] });
  assert.deepEqual(describeEvent(Buffer.from('{"a":1}')), { trigger: 'raw', bytes: 7 });
});

test('a logger is required', () => {
  assert.throws(() => requestLogger({} as never));
});
