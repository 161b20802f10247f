import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invocationRequest } from '../../../shared/invoker/request.js';
import { InvokeError } from '../../../shared/invoker/errors.js';
import { ASYNC_PAYLOAD_LIMIT_BYTES } from '../../../shared/invoker/invoker.js';

test('an async invocation is a POST body of JSON on the FC 3.0 path with the Async header', () => {
  const request = invocationRequest('shard', { window: 1, shards: ['a'] }, 'Async', {
    qualifier: 'LATEST',
    taskId: 'w1_g0',
  });
  assert.equal(request.path, '/functions/shard/invocations');
  assert.deepEqual(request.queries, { qualifier: 'LATEST' });
  assert.deepEqual(request.headers, {
    'x-fc-invocation-type': 'Async',
    'x-fc-log-type': 'None',
    'x-fc-async-task-id': 'w1_g0',
  });
  assert.deepEqual(JSON.parse(request.body.toString('utf8')), { window: 1, shards: ['a'] });
});

test('a sync invocation has no task id or qualifier unless given', () => {
  const request = invocationRequest('finalize', null, 'Sync');
  assert.deepEqual(request.headers, { 'x-fc-invocation-type': 'Sync', 'x-fc-log-type': 'None' });
  assert.deepEqual(request.queries, {});
  assert.equal(request.body.toString(), 'null');
});

test('an async payload over 128 KB is refused before any request, not retryable', () => {
  const big = 'x'.repeat(ASYNC_PAYLOAD_LIMIT_BYTES);
  assert.throws(
    () => invocationRequest('shard', big, 'Async'),
    (err: unknown) =>
      err instanceof InvokeError &&
      err.code === 'INVOKE_PAYLOAD_TOO_LARGE' &&
      !err.retryable &&
      /at most 131072/.test(err.message),
  );
  assert.doesNotThrow(() => invocationRequest('shard', big, 'Sync'));
});

test('bad names, task ids and payloads are refused with INVOKE_BAD_REQUEST', () => {
  assert.throws(() => invocationRequest('a/b', {}, 'Async'), {
    code: 'INVOKE_BAD_REQUEST',
    message: /function name "a\/b"/,
  });
  assert.throws(() => invocationRequest('shard', {}, 'Async', { taskId: '1abc' }), /task id "1abc"/);
  assert.throws(() => invocationRequest('shard', undefined, 'Async'), /not JSON-serializable/);
});
