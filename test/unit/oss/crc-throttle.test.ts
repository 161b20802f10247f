import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  Crc64,
  Throttle,
  TokenBucket,
  crc64,
  crc64Combine,
  crc64Suffix,
  mbpsToBytesPerSecond,
} from '../../../shared/oss/index.js';

test('CRC-64 is the ECMA-182/XZ check value OSS uses, also across slices', () => {
  assert.equal(crc64(Buffer.from('123456789')), '11051210869376104954');
  assert.equal(crc64(Buffer.alloc(0)), '0');
  const big = randomBytes(3 * 1024 * 1024 + 17);
  const running = new Crc64();
  for (let i = 0; i < big.length; i += 700_001) running.update(big.subarray(i, i + 700_001));
  assert.equal(running.value, crc64(big));
  assert.equal(running.length, big.length);
});

test('combine and suffix agree with the CRC of concatenated bytes', () => {
  for (const [la, lb] of [
    [0, 9],
    [9, 0],
    [1, 1],
    [1000, 123_457],
    [65_536, 3],
  ] as const) {
    const a = randomBytes(la);
    const b = randomBytes(lb);
    const whole = crc64(Buffer.concat([a, b]));
    assert.equal(crc64Combine(crc64(a), crc64(b), lb), whole, `combine ${la}+${lb}`);
    assert.equal(crc64Suffix(whole, crc64(a), lb), crc64(b), `suffix ${la}+${lb}`);
  }
});

test('token bucket: burst passes, then waits rate-proportionally; big requests go into debt', () => {
  const bucket = new TokenBucket(1000, 1000, 0);
  assert.equal(bucket.take(1000, 0), 0);
  assert.equal(bucket.take(500, 0), 500, '500 bytes at 1000 B/s = 500 ms');
  assert.equal(bucket.take(0, 500), 0, 'the debt is repaid after 500 ms');
  assert.equal(bucket.take(3000, 500), 3000, 'a request 3x the burst waits 3 s');
  assert.equal(bucket.available(10_000), 1000, 'refill stops at the burst');
  assert.throws(() => new TokenBucket(0), RangeError);
  assert.equal(mbpsToBytesPerSecond(2), 2 * 1024 * 1024);
});

test('Throttle sleeps the time the bucket asks for', async () => {
  let now = 0;
  const sleeps: number[] = [];
  const clock = { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
  const throttle = new Throttle(100, clock);
  await throttle.consume(100);
  await throttle.consume(50);
  await throttle.consume(50);
  assert.deepEqual(sleeps, [500, 500]);
  assert.equal(now, 1000, '200 bytes beyond the burst at 100 B/s took 1 s');
});
