import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SyncError } from '../../shared/errors.js';

test('SyncError carries a stable code, the message and the cause', () => {
  const cause = new Error('socket hang up');
  const err = new SyncError('OSS_UNAVAILABLE', 'OSS did not answer; check the endpoint', { cause });
  assert.equal(err.code, 'OSS_UNAVAILABLE');
  assert.equal(err.message, 'OSS did not answer; check the endpoint');
  assert.equal(err.cause, cause);
  assert.ok(err instanceof Error);
});
