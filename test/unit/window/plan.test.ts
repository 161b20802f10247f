import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignDown, checkWindow, planWindows, WindowError } from '../../../shared/window/index.js';

const MIN = 60_000;
const base = Date.UTC(2026, 10, 25, 10, 0); // aligned to 5 min

test('after a committed watermark, every due window is planned in order, aligned and contiguous', () => {
  const plan = planWindows({
    watermarkMillis: base,
    nowMillis: base + 17 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 10,
  });
  assert.deepEqual(plan.windows, [
    { startMillis: base, endMillis: base + 5 * MIN },
    { startMillis: base + 5 * MIN, endMillis: base + 10 * MIN },
    { startMillis: base + 10 * MIN, endMillis: base + 15 * MIN },
  ]);
  assert.equal(plan.more, false);
  assert.equal(plan.behindMillis, 16 * MIN);
});

test('a window ending exactly at now − lag is due; one ending a millisecond later is not', () => {
  const at = planWindows({
    watermarkMillis: base,
    nowMillis: base + 6 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 5,
  });
  assert.equal(at.windows.length, 1);
  const before = planWindows({
    watermarkMillis: base,
    nowMillis: base + 6 * MIN - 1,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 5,
  });
  assert.equal(before.windows.length, 0);
  assert.equal(before.more, false);
});

test('catch-up is bounded per call and says more is due', () => {
  const plan = planWindows({
    watermarkMillis: base,
    nowMillis: base + 24 * 60 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 12,
  });
  assert.equal(plan.windows.length, 12);
  assert.equal(plan.more, true);
  assert.equal(plan.windows.at(-1)!.endMillis, base + 60 * MIN);
  const next = planWindows({
    watermarkMillis: plan.windows.at(-1)!.endMillis,
    nowMillis: base + 24 * 60 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 12,
  });
  assert.equal(next.windows[0]!.startMillis, base + 60 * MIN);
});

test('a watermark off the grid (after a one-off window) is followed by a short window to the next boundary', () => {
  const wm = base + 2 * MIN + 123;
  const plan = planWindows({
    watermarkMillis: wm,
    nowMillis: base + 20 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 3,
  });
  assert.deepEqual(
    plan.windows.map((w) => [w.startMillis - base, w.endMillis - base]),
    [
      [2 * MIN + 123, 5 * MIN],
      [5 * MIN, 10 * MIN],
      [10 * MIN, 15 * MIN],
    ],
  );
});

test('a first run without a watermark exports the latest due window only, or starts at firstStartMillis', () => {
  const latest = planWindows({
    nowMillis: base + 13 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 5,
  });
  assert.deepEqual(latest.windows, [{ startMillis: base + 5 * MIN, endMillis: base + 10 * MIN }]);
  const from = planWindows({
    firstStartMillis: base + 1,
    nowMillis: base + 13 * MIN,
    intervalMillis: 5 * MIN,
    lagMillis: MIN,
    maxWindows: 5,
  });
  assert.equal(from.windows[0]!.startMillis, base);
  assert.equal(from.windows.length, 2);
});

test('a due window that starts before the stream retention fails with the lost range named', () => {
  const retention = 24 * 60 * MIN;
  const now = base + 30 * 60 * MIN;
  assert.throws(
    () =>
      planWindows({
        watermarkMillis: base,
        nowMillis: now,
        intervalMillis: 5 * MIN,
        lagMillis: MIN,
        maxWindows: 3,
        retentionMillis: retention,
      }),
    (e: unknown) =>
      e instanceof WindowError &&
      e.code === 'WINDOW_BEYOND_RETENTION' &&
      /before the earliest exportable time 2026-11-25T16:10:00\.000Z \(stream retention 24 h minus a 10 min safety margin\)/.test(
        e.message,
      ) &&
      e.lostRange?.startMillis === base &&
      e.lostRange.endMillis === base + 5 * MIN,
  );
  assert.doesNotThrow(() =>
    planWindows({
      watermarkMillis: now - retention + 10 * MIN,
      nowMillis: now,
      intervalMillis: 5 * MIN,
      lagMillis: MIN,
      maxWindows: 3,
      retentionMillis: retention,
    }),
  );
});

test('an explicit window must end by now − lag, with the time to retry named', () => {
  assert.throws(
    () =>
      checkWindow(
        { startMillis: base, endMillis: base + 5 * MIN },
        { nowMillis: base + 5 * MIN, lagMillis: 5 * MIN },
      ),
    (e: unknown) =>
      e instanceof WindowError &&
      e.code === 'WINDOW_NOT_DUE' &&
      /ends at 2026-11-25T10:05:00\.000Z, after now − lag = 2026-11-25T10:00:00\.000Z \(lag 300 s.*run it after 2026-11-25T10:10:00\.000Z/.test(
        e.message,
      ),
  );
  assert.doesNotThrow(() =>
    checkWindow(
      { startMillis: base, endMillis: base + 5 * MIN },
      { nowMillis: base + 10 * MIN, lagMillis: 5 * MIN },
    ),
  );
});

test('an explicit window must not be empty', () => {
  assert.throws(
    () => checkWindow({ startMillis: base, endMillis: base }, { nowMillis: base + 60 * MIN, lagMillis: 0 }),
    (e: unknown) => e instanceof WindowError && e.code === 'WINDOW_EMPTY',
  );
});

test('nonsense planning inputs are rejected', () => {
  assert.throws(
    () => planWindows({ nowMillis: base, intervalMillis: 0, lagMillis: 0, maxWindows: 1 }),
    RangeError,
  );
  assert.throws(
    () => planWindows({ nowMillis: base, intervalMillis: MIN, lagMillis: 0, maxWindows: 0 }),
    RangeError,
  );
});

test('alignment is to multiples of the interval since the epoch', () => {
  assert.equal(alignDown(base + 4 * MIN, 5 * MIN), base);
  assert.equal(alignDown(-1, 5 * MIN), -5 * MIN);
});
