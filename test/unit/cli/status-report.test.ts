import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStatusReport, formatDuration } from '../../../shared/cli/status-report.js';
import type { WindowRecord } from '../../../shared/status/index.js';

const H = 3_600_000;
const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function committed(start: number, end: number, committedAt: number): WindowRecord {
  return {
    run: 'live',
    start,
    end,
    state: 'committed',
    epoch: 1,
    rows: 10,
    bytes: 100,
    committedAt,
    updatedAt: committedAt,
  };
}

const watermark = (w: number) => ({
  run: 'live',
  watermark: w,
  manifestKey: 'm',
  manifestHash: 'h',
  seq: 1,
  updatedAt: w,
});

test('freshness is commit time minus window end; the budget counts from the watermark', () => {
  const r = buildStatusReport({
    job: 'j',
    now: NOW,
    intervalMillis: 5 * MIN,
    windows: [
      committed(NOW - 10 * MIN, NOW - 5 * MIN, NOW - 4 * MIN),
      committed(NOW - 15 * MIN, NOW - 10 * MIN, NOW - 8 * MIN),
    ],
    watermark: watermark(NOW - 5 * MIN),
    expirationHours: 24,
  });
  assert.deepEqual(
    r.windows.map((w) => [w.start, w.freshnessMs]),
    [
      [NOW - 15 * MIN, 2 * MIN],
      [NOW - 10 * MIN, MIN],
    ],
  );
  assert.equal(r.oldestNeeded, NOW - 5 * MIN);
  assert.equal(r.retentionBudgetMs, 24 * H - 5 * MIN);
  assert.deepEqual(r.warnings, []);
});

test('an uncommitted window holds the oldest needed time back; below two intervals warns', () => {
  const failed: WindowRecord = {
    run: 'live',
    start: NOW - 23 * H - 55 * MIN,
    end: NOW - 23 * H - 50 * MIN,
    state: 'failed',
    epoch: 2,
    error: { code: 'STREAM_DATA_LOST', message: 'lost shard-1' },
    updatedAt: NOW,
  };
  const r = buildStatusReport({
    job: 'j',
    now: NOW,
    intervalMillis: 5 * MIN,
    windows: [failed],
    watermark: watermark(failed.start),
    expirationHours: 24,
  });
  assert.equal(r.retentionBudgetMs, 5 * MIN);
  assert.equal(r.warnings.length, 2);
  assert.match(r.warnings[0]!, /retention budget 5m 0s is below two intervals \(10m 0s\)/);
  assert.match(r.warnings[1]!, /failed: STREAM_DATA_LOST: lost shard-1/);
});

test('data already past retention is a warning with how long ago it expired', () => {
  const r = buildStatusReport({
    job: 'j',
    now: NOW,
    intervalMillis: MIN,
    windows: [],
    watermark: watermark(NOW - 25 * H),
    expirationHours: 24,
  });
  assert.equal(r.retentionBudgetMs, -H);
  assert.match(r.warnings[0]!, /has already expired \(1h 0m ago\)/);
});

test('no stream, or nothing exported yet', () => {
  const none = buildStatusReport({ job: 'j', now: NOW, intervalMillis: MIN, windows: [] });
  assert.match(none.warnings[0]!, /no stream/);
  const fresh = buildStatusReport({
    job: 'j',
    now: NOW,
    intervalMillis: MIN,
    windows: [],
    expirationHours: 24,
  });
  assert.equal(fresh.retentionBudgetMs, undefined);
  assert.deepEqual(fresh.warnings, []);
});

test('durations read as a person would say them', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(61_000), '1m 1s');
  assert.equal(formatDuration(2 * H + 5 * MIN), '2h 5m');
  assert.equal(formatDuration(26 * H), '1d 2h');
  assert.equal(formatDuration(-90_000), '-1m 30s');
});
