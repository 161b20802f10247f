import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import {
  remainingTime,
  installRemainingTime,
  UNLIMITED_MS,
} from '../../../shared/middlewares/remaining-time.js';
import type { FcContext } from '../../../shared/middlewares/fc-types.js';
import { fcContext } from './helpers.js';

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

test('the handler sees the time left until context.function.timeout runs out', async () => {
  const clock = fakeClock();
  const seen: number[] = [];
  const handler = middy((_event: unknown, context: FcContext) => {
    seen.push(context.getRemainingTimeInMillis!());
    clock.advance(1500);
    seen.push(context.getRemainingTimeInMillis!());
    clock.advance(10_000);
    seen.push(context.getRemainingTimeInMillis!());
  }).use(remainingTime({ now: clock.now }));
  await handler({}, fcContext({ function: { name: 'shard', timeout: 3 } }));
  assert.deepEqual(seen, [3000, 1500, 0]);
});

test('an existing getRemainingTimeInMillis is kept', async () => {
  const handler = middy((_e: unknown, context: FcContext) => context.getRemainingTimeInMillis!()).use(
    remainingTime(),
  );
  assert.equal(await handler({}, fcContext({ getRemainingTimeInMillis: () => 42 })), 42);
});

test('without a declared timeout the fallback applies, else an unlimited budget', () => {
  const clock = fakeClock();
  const withFallback: FcContext = { requestId: 'r', function: {} };
  installRemainingTime(withFallback, { now: clock.now, fallbackTimeoutSeconds: 5 });
  assert.equal(withFallback.getRemainingTimeInMillis!(), 5000);
  const unlimited: FcContext = { requestId: 'r' };
  installRemainingTime(unlimited, { now: clock.now });
  assert.equal(unlimited.getRemainingTimeInMillis!(), UNLIMITED_MS);
});

test('as middy requestStart hook it arms middy own early timeout, which aborts a slow handler', async () => {
  let aborted = false;
  const handler = middy(
    (_e: unknown, _c: FcContext, { signal }: { signal: AbortSignal }) =>
      new Promise(() => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
      }),
    { requestStart: (request) => installRemainingTime(request.context as object), timeoutEarlyInMillis: 20 },
  );
  const started = Date.now();
  await assert.rejects(handler({}, fcContext({ function: { timeout: 0.1 } })), { name: 'TimeoutError' });
  assert.ok(aborted, 'the handler signal was aborted');
  assert.ok(Date.now() - started < 1000);
});

test('an invalid option is rejected', () => {
  assert.throws(() => remainingTime({ fallbackTimeoutSeconds: -1 }));
  assert.throws(() => remainingTime({ nowish: Date.now } as never), /nowish/);
});
