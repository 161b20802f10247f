import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SEEK_MARGIN_MILLIS,
  SHARD_END,
  TRIM_HORIZON,
  decideBatch,
  decideStart,
} from '../../../shared/reader/index.js';

const W = { startMillis: 10_000, endMillis: 20_000 };
const at = (...ms: number[]) => ms.map((m) => ({ sequence: { timestamp: m * 1000 + 7 } }));

describe('decideStart', () => {
  it('seeks by timestamp (DataX margin before the start) and skips when there is no checkpoint', () => {
    assert.deepEqual(decideStart(undefined, { startMillis: 3_600_000, endMillis: 3_660_000 }), {
      point: { kind: 'seek', timestampUs: (3_600_000 - SEEK_MARGIN_MILLIS) * 1000 },
      skipping: true,
    });
    assert.deepEqual(decideStart(undefined, W, 0).point, { kind: 'seek', timestampUs: 10_000_000 });
  });

  it('resumes from a checkpoint without skipping anything', () => {
    assert.deepEqual(decideStart('it-1', W), {
      point: { kind: 'iterator', iterator: 'it-1' },
      skipping: false,
    });
    assert.deepEqual(decideStart(TRIM_HORIZON, W), { point: { kind: 'trimHorizon' }, skipping: false });
    assert.deepEqual(decideStart(SHARD_END, W), { point: { kind: 'shardEnd' }, skipping: false });
  });

  it('rejects an empty checkpoint', () => {
    assert.throws(() => decideStart('', W), RangeError);
  });
});

describe('decideBatch', () => {
  it('an empty batch with a next iterator is caught up; without one the shard ended', () => {
    assert.equal(decideBatch([], true, W, false).outcome, 'caughtUp');
    assert.equal(decideBatch([], false, W, false).outcome, 'shardEnd');
  });

  it('stops at the first record at or after the end, emitting only those before it', () => {
    const d = decideBatch(at(11_000, 19_999, 20_000, 15_000), true, W, false);
    assert.equal(d.outcome, 'boundary');
    assert.equal(d.boundaryIndex, 2);
    assert.deepEqual(d.emit, [0, 1]);
  });

  it('a boundary at the first record emits nothing', () => {
    const d = decideBatch(at(25_000), true, W, false);
    assert.deepEqual([d.outcome, d.boundaryIndex, d.emit], ['boundary', 0, []]);
  });

  it('while seeking, skips records before the start until the first one inside; later early ones are late', () => {
    const d = decideBatch(at(9_000, 9_999, 10_000, 9_500, 12_000), true, W, true);
    assert.deepEqual(d.emit, [2, 3, 4]);
    assert.equal(d.skipped, 2);
    assert.equal(d.late, 1);
    assert.equal(d.skipping, false);
    assert.equal(d.outcome, 'continue');
  });

  it('after a checkpoint, records before the start are exported and counted late', () => {
    const d = decideBatch(at(9_000, 11_000), false, W, false);
    assert.deepEqual([d.emit, d.late, d.skipped, d.outcome], [[0, 1], 1, 0, 'shardEnd']);
  });

  it('keeps skipping across a batch that holds only early records', () => {
    const d = decideBatch(at(1_000, 2_000), true, W, true);
    assert.deepEqual([d.emit, d.skipped, d.skipping], [[], 2, true]);
  });

  it('uses commit time in ms (sequence µs / 1000, floored)', () => {
    const d = decideBatch(
      [{ sequence: { timestamp: 19_999_999 } }, { sequence: { timestamp: 20_000_000 } }],
      true,
      W,
      false,
    );
    assert.deepEqual([d.emit, d.boundaryIndex], [[0], 1]);
  });
});
