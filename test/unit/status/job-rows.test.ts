import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  StatusRowCorruptError,
  decodeBackfill,
  decodeShardResult,
  decodeWatermark,
  decodeWindow,
  encodeBackfill,
  encodeShardResult,
  encodeWatermark,
  encodeWindow,
  evaluateCheck,
  shardRowKey,
  shardRowPrefix,
  windowKey,
  SHARD_RESULT_TYPE,
  type WindowRecord,
} from '../../../shared/status/index.js';

test('our rows live under ots2oss:<job> with run-scoped, time-sorted StatusValues', () => {
  const ref = { job: 'orders', run: 'live', start: 0, end: 1764000300000 };
  assert.deepEqual(windowKey(ref), {
    streamId: 'ots2oss:orders',
    type: 'Ots2OssWindow',
    value: 'live\t   1764000300000',
  });
  const key = shardRowKey(SHARD_RESULT_TYPE, ref, 'shard-1');
  assert.equal(key.value, 'live\t   1764000300000\tshard-1');
  assert.ok(key.value.startsWith(shardRowPrefix(ref)));
  assert.throws(() => windowKey({ ...ref, run: 'a\tb' }), RangeError);
});

test('a window record round-trips through its columns, optional parts included', () => {
  const full: WindowRecord = {
    run: 'live',
    start: 1,
    end: 2,
    state: 'failed',
    epoch: 3,
    leaseOwner: 'req-1',
    leaseExpiresAt: 9,
    shards: ['a', 'b'],
    error: { code: 'STREAM_TRIMMED', message: 'gone' },
    lost: { shardId: 'a', from: 1, to: 2 },
    manifestKey: 'm',
    manifestHash: 'h',
    rows: 4,
    bytes: 5,
    committedAt: 6,
    appendPosition: 8,
    appendCrc64: '9',
    updatedAt: 7,
  };
  assert.deepEqual(decodeWindow(encodeWindow(full)), full);
  const bare: WindowRecord = { run: 'live', start: 1, end: 2, state: 'planned', epoch: 0, updatedAt: 7 };
  assert.deepEqual(decodeWindow(encodeWindow(bare)), bare);
  assert.throws(() => decodeWindow({ ...encodeWindow(bare), State: 'weird' }), StatusRowCorruptError);
  assert.throws(() => decodeWindow({ ...encodeWindow(bare), Epoch: 'x' }), StatusRowCorruptError);
});

test('shard results, watermarks and backfills round-trip', () => {
  const r = {
    shardId: 's',
    epoch: 2,
    checkpoint: 'SHARD_END',
    rows: 1,
    late: 2,
    dirty: 3,
    bytes: 4,
    partials: [{ key: 'k', rows: 1, bytes: 4, crc64: '18446744073709551615' }],
    updatedAt: 5,
  };
  assert.deepEqual(decodeShardResult(encodeShardResult(r)), r);
  const w = { run: 'live', watermark: 10, manifestKey: 'm', manifestHash: 'h', seq: 2, updatedAt: 3 };
  assert.deepEqual(decodeWatermark(encodeWatermark(w)), w);
  const b = {
    id: 'b',
    from: 1,
    to: 2,
    windowMs: 3,
    prefix: 'p/',
    dryRun: true,
    state: 'cancelled' as const,
    windowsPlanned: 1,
    windowsDone: 0,
    windowsFailed: 1,
    rows: 0,
    bytes: 0,
    seq: 4,
    createdAt: 5,
    updatedAt: 6,
  };
  assert.deepEqual(decodeBackfill(encodeBackfill(b)), b);
  assert.throws(() => decodeShardResult({ ...encodeShardResult(r), Partials: '{' }), StatusRowCorruptError);
});

test('column checks follow Tablestore: missing columns use passIfMissing, types never mix', () => {
  const attrs = { Epoch: 3, State: 'claimed' };
  assert.equal(evaluateCheck({ column: 'Epoch', op: '==', value: 3 }, attrs), true);
  assert.equal(evaluateCheck({ column: 'Epoch', op: '==', value: '3' }, attrs), false);
  assert.equal(evaluateCheck({ column: 'Nope', op: '==', value: 1 }, attrs), false);
  assert.equal(evaluateCheck({ column: 'Nope', op: '==', value: 1, passIfMissing: true }, attrs), true);
  assert.equal(
    evaluateCheck(
      {
        and: [
          { column: 'Epoch', op: '<', value: 4 },
          {
            or: [
              { column: 'State', op: '==', value: 'x' },
              { column: 'State', op: '!=', value: 'y' },
            ],
          },
        ],
      },
      attrs,
    ),
    true,
  );
});
