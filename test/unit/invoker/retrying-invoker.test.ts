import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetryingInvoker, backoffMs } from '../../../shared/invoker/retrying-invoker.js';
import { InvokeError, FunctionFailedError } from '../../../shared/invoker/errors.js';
import type { AsyncInvocation, Invoker } from '../../../shared/invoker/invoker.js';

/** An Invoker whose answers are scripted: each call takes the next outcome. */
function scripted(outcomes: (AsyncInvocation | Error)[]) {
  const calls: string[] = [];
  const next = async () => {
    const outcome = outcomes.shift();
    if (outcome === undefined) throw new Error('no more scripted outcomes');
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const invoker: Invoker = {
    invokeAsync: (fn) => (calls.push(`async ${fn}`), next()),
    invokeSync: (fn) => (calls.push(`sync ${fn}`), next()),
  };
  return { invoker, calls };
}

const throttled = () =>
  new InvokeError('INVOKE_FAILED', 'throttled', { functionName: 'shard', status: 429, retryable: true });
const notFound = () =>
  new InvokeError('INVOKE_FUNCTION_NOT_FOUND', 'nope', {
    functionName: 'shard',
    status: 404,
    retryable: false,
  });

test('a retryable failure is retried after a backoff and the later success returned', async () => {
  const { invoker, calls } = scripted([throttled(), throttled(), { requestId: 'r3' }]);
  const waits: number[] = [];
  const retrying = new RetryingInvoker(invoker, {
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
  });
  assert.deepEqual(await retrying.invokeAsync('shard', {}), { requestId: 'r3' });
  assert.equal(calls.length, 3);
  assert.deepEqual(waits, [100, 200]);
});

test('after maxRetries the last error is thrown', async () => {
  const { invoker, calls } = scripted([throttled(), throttled(), throttled()]);
  const retrying = new RetryingInvoker(invoker, { maxRetries: 2, sleep: async () => {}, random: () => 0 });
  await assert.rejects(retrying.invokeAsync('shard', {}), { message: 'throttled' });
  assert.equal(calls.length, 3);
});

test('a non-retryable or foreign error is thrown at once', async () => {
  for (const error of [
    notFound(),
    new FunctionFailedError('shard', 'UnhandledInvocationError', 'x'),
    new Error('bug'),
  ]) {
    const { invoker, calls } = scripted([error]);
    const retrying = new RetryingInvoker(invoker, { sleep: async () => assert.fail('must not wait') });
    await assert.rejects(retrying.invokeSync('shard', {}), (err) => err === error);
    assert.equal(calls.length, 1);
  }
});

test('backoff doubles per retry up to the cap, scaled by the jitter', () => {
  const options = { baseDelayMs: 200, maxDelayMs: 1000, random: () => 0.999 };
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((r) => backoffMs(r, options)),
    [199, 399, 799, 999, 999],
  );
  assert.equal(backoffMs(3, { ...options, random: () => 0 }), 0);
});
