import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  isRetryable,
  parseErrorBody,
  readSdkError,
} from '../../../shared/tablestore/index.js';
import { encodeMessage } from '../../../shared/tablestore/proto/index.js';

/** What the SDK's extractError builds for an HTTP error: status in `code`, body text + requestId in `message`. */
function sdkHttpError(status: number, code: string, message: string, requestId = 'req-1'): Error {
  const body = Buffer.from(encodeMessage('Error', { code, message })).toString();
  return Object.assign(new Error(`${body} requestId:${requestId}`), {
    code: status,
    headers: { 'x-ots-requestid': requestId },
  });
}

test('retryable: busy, throttled, internal and timeout codes, 5xx / 408 / 429 and socket failures', () => {
  for (const otsCode of [
    'OTSServerBusy',
    'OTSTimeout',
    'OTSInternalServerError',
    'OTSPartitionUnavailable',
    'OTSServerUnavailable',
    'OTSRowOperationConflict',
    'OTSTableNotReady',
    'OTSNotEnoughCapacityUnit',
  ]) {
    assert.equal(isRetryable({ kind: 'http', httpStatus: 503, otsCode }), true, otsCode);
  }
  for (const httpStatus of [500, 502, 503, 504, 408, 429])
    assert.equal(isRetryable({ kind: 'http', httpStatus }), true, `HTTP ${httpStatus}`);
  assert.equal(isRetryable({ kind: 'network' }), true);
  assert.equal(
    isRetryable({
      kind: 'http',
      httpStatus: 403,
      otsCode: 'OTSQuotaExhausted',
      otsMessage: 'Too frequent table operations.',
    }),
    true,
  );
});

test('never retried: auth, parameter, condition, missing object, trimmed data, other 4xx, unknown failures', () => {
  for (const otsCode of [
    'OTSAuthFailed',
    'OTSParameterInvalid',
    'OTSConditionCheckFail',
    'OTSObjectNotExist',
    'OTSTrimmedDataAccess',
    'OTSInvalidPK',
    'OTSRequestBodyTooLarge',
  ]) {
    // even if a server put them on a 5xx status, the code decides
    assert.equal(isRetryable({ kind: 'http', httpStatus: 500, otsCode }), false, otsCode);
  }
  assert.equal(
    isRetryable({
      kind: 'http',
      httpStatus: 403,
      otsCode: 'OTSQuotaExhausted',
      otsMessage: 'Quota exhausted.',
    }),
    false,
  );
  for (const httpStatus of [400, 401, 403, 404, 409, 413])
    assert.equal(isRetryable({ kind: 'http', httpStatus }), false);
  assert.equal(isRetryable({ kind: 'other' }), false);
});

test('backoff doubles from the base, is capped, and jitter keeps it within [cap/2, cap]', () => {
  const policy = DEFAULT_RETRY_POLICY;
  const low = Array.from({ length: 10 }, (_, i) => backoffDelayMs(i, policy, () => 0));
  const high = Array.from({ length: 10 }, (_, i) => backoffDelayMs(i, policy, () => 1));
  assert.deepEqual(high, [100, 200, 400, 800, 1600, 3200, 6400, 10000, 10000, 10000]);
  assert.deepEqual(low, [50, 100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  assert.equal(
    backoffDelayMs(3, policy, () => 0.5),
    600,
  );
  assert.equal(
    backoffDelayMs(10_000, policy, () => 1),
    10_000,
    'huge retry numbers do not overflow',
  );
  assert.equal(policy.maxRetries, 30);
});

test('the OTS code and message come out of the SDK error text; the request id from the headers', () => {
  const facts = readSdkError(sdkHttpError(503, 'OTSServerBusy', 'Server is busy.', 'abc-123'));
  assert.deepEqual(facts, {
    kind: 'http',
    httpStatus: 503,
    otsCode: 'OTSServerBusy',
    otsMessage: 'Server is busy.',
    requestId: 'abc-123',
    detail: 'OTSServerBusy: Server is busy.',
  });
});

test('a long, non-ASCII message (lossy body text) still yields the code', () => {
  const message =
    'Requested stream data is already trimmed or does not exist. \u6570\u636e\u5df2\u88ab\u6e05\u7406 '.repeat(
      3,
    );
  const err = sdkHttpError(404, 'OTSTrimmedDataAccess', message);
  const facts = readSdkError(err);
  assert.equal(facts.otsCode, 'OTSTrimmedDataAccess');
  assert.equal(facts.httpStatus, 404);
  assert.match(facts.otsMessage ?? '', /already trimmed/);
});

test('the example body from the reference parses', () => {
  const text = '\n\u0011OTSObjectNotExist\u0012\u001fRequested table does not exist.';
  assert.deepEqual(parseErrorBody(text), {
    otsCode: 'OTSObjectNotExist',
    otsMessage: 'Requested table does not exist.',
  });
});

test('empty-body errors, socket failures and timeouts are told apart', () => {
  assert.deepEqual(readSdkError(Object.assign(new Error('req-9'), { code: 'Forbidden' })).httpStatus, 403);
  assert.equal(
    readSdkError(Object.assign(new Error('socket hang up'), { code: 'NetworkingError' })).kind,
    'network',
  );
  assert.equal(
    readSdkError(Object.assign(new Error('Connection timed out after 5ms'), { code: 'NetworkingError' }))
      .kind,
    'network',
  );
  assert.equal(readSdkError(new TypeError('boom')).kind, 'other');
  assert.equal(readSdkError('not an error').kind, 'other');
});
