import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import { SyncError } from '../../../shared/errors.js';
import { eventErrorHandler } from '../../../shared/middlewares/event-error-handler.js';
import { fcContext } from './helpers.js';

test('a failure is rethrown unchanged so FC retries the async event', async () => {
  const error = new SyncError('OSS_UNAVAILABLE', 'bucket unreachable');
  const handler = middy(() => {
    throw error;
  }).use(eventErrorHandler());
  await assert.rejects(handler({}, fcContext()), (err) => err === error);
});

test('a listed code ends the invocation with a settled result instead of a retry', async () => {
  const handler = middy(() => {
    throw new SyncError('LEASE_LOST', 'epoch 3 is stale (current 4) for token Bearer abc');
  }).use(eventErrorHandler({ settleCodes: ['LEASE_LOST'] }));
  assert.deepEqual(await handler({}, fcContext()), {
    settled: true,
    code: 'LEASE_LOST',
    message: 'epoch 3 is stale (current 4) for token Bearer [REDACTED]',
  });
});

test('an unlisted code and a foreign error are still rethrown', async () => {
  const options = { settleCodes: ['LEASE_LOST'] };
  const coded = middy(() => {
    throw new SyncError('CONFLICT', 'x');
  }).use(eventErrorHandler(options));
  await assert.rejects(coded({}, fcContext()), { code: 'CONFLICT' });
  const foreign = middy(() => {
    throw Object.assign(new Error('y'), { code: 'LEASE_LOST' });
  }).use(eventErrorHandler(options));
  await assert.rejects(foreign({}, fcContext()), { message: 'y' });
});

test('an unknown option is rejected', () => {
  assert.throws(() => eventErrorHandler({ settle: [] } as never), /settle/);
});
