/**
 * Pure window planning. A window is `[start, end)` in epoch ms of stream commit time. Windows are
 * aligned to the interval (multiples of it since the epoch; an interval dividing one hour gives
 * the same boundaries in every whole- or quarter-hour time zone), follow the committed
 * watermark without gaps, end at or before `now − lag`, and at most `maxWindows` are planned per
 * call so a long catch-up proceeds in bounded steps. `now` is always passed in.
 */
import { WindowError } from './errors.js';

export interface Window {
  readonly startMillis: number;
  readonly endMillis: number;
}

/** DataX: a window must start at least this long before the stream trims it. */
export const RETENTION_SAFETY_MILLIS = 10 * 60_000;

export interface PlanInput {
  /** End of the last committed window; absent on a job's first run. */
  readonly watermarkMillis?: number;
  /** First run only: where the job's first window starts (aligned down). Absent: only the latest due window. */
  readonly firstStartMillis?: number;
  readonly nowMillis: number;
  readonly intervalMillis: number;
  readonly lagMillis: number;
  readonly maxWindows: number;
  /** Stream retention (`expiration_time` hours × 3.6e6); when given, windows the stream has trimmed fail. */
  readonly retentionMillis?: number;
}

export interface Plan {
  /** Due windows, in order, contiguous, starting at the watermark. */
  readonly windows: readonly Window[];
  /** More windows are due than were planned (the bound was hit). */
  readonly more: boolean;
  /** How far the committed data trails `now − lag` before this plan runs. */
  readonly behindMillis: number;
}

export function alignDown(t: number, interval: number): number {
  return Math.floor(t / interval) * interval;
}

export function alignUp(t: number, interval: number): number {
  return Math.ceil(t / interval) * interval;
}

/** The latest instant a window may end at: `now − lag`. */
export function dueLimit(nowMillis: number, lagMillis: number): number {
  return nowMillis - lagMillis;
}

/** The earliest instant a window may start at, given the stream retention (DataX's rule). */
export function retentionLimit(nowMillis: number, retentionMillis: number): number {
  return nowMillis - retentionMillis + RETENTION_SAFETY_MILLIS;
}

function checkNumbers(input: PlanInput): void {
  const { intervalMillis, lagMillis, maxWindows, nowMillis } = input;
  if (!Number.isSafeInteger(intervalMillis) || intervalMillis <= 0)
    throw new RangeError(`intervalMillis must be a positive integer, got ${intervalMillis}`);
  if (!Number.isSafeInteger(lagMillis) || lagMillis < 0)
    throw new RangeError(`lagMillis must be a non-negative integer, got ${lagMillis}`);
  if (!Number.isSafeInteger(maxWindows) || maxWindows < 1)
    throw new RangeError(`maxWindows must be a positive integer, got ${maxWindows}`);
  if (!Number.isSafeInteger(nowMillis))
    throw new RangeError(`nowMillis must be an integer, got ${nowMillis}`);
}

/**
 * The windows due now. With a watermark that is not on a boundary (e.g. after a one-off DataX
 * window), the first window is shortened to reach the next boundary, so later ones are aligned.
 */
export function planWindows(input: PlanInput): Plan {
  checkNumbers(input);
  const { intervalMillis: iv, nowMillis, lagMillis, maxWindows } = input;
  const limit = dueLimit(nowMillis, lagMillis);
  let start: number;
  if (input.watermarkMillis !== undefined) start = input.watermarkMillis;
  else if (input.firstStartMillis !== undefined) start = alignDown(input.firstStartMillis, iv);
  else start = alignDown(limit, iv) - iv;
  const behindMillis = Math.max(0, limit - start);
  const windows: Window[] = [];
  while (windows.length < maxWindows) {
    const end = start % iv === 0 ? start + iv : alignUp(start, iv);
    if (end > limit) break;
    windows.push({ startMillis: start, endMillis: end });
    start = end;
  }
  const more = (start % iv === 0 ? start + iv : alignUp(start, iv)) <= limit;
  if (windows[0] && input.retentionMillis !== undefined)
    checkRetention(windows[0], nowMillis, input.retentionMillis);
  return { windows, more, behindMillis };
}

function checkRetention(w: Window, nowMillis: number, retentionMillis: number): void {
  const earliest = retentionLimit(nowMillis, retentionMillis);
  if (w.startMillis < earliest) {
    throw new WindowError(
      'WINDOW_BEYOND_RETENTION',
      `window [${w.startMillis}, ${w.endMillis}) starts at ${iso(w.startMillis)}, before the earliest exportable ` +
        `time ${iso(earliest)} (stream retention ${retentionMillis / 3_600_000} h minus a 10 min safety margin); ` +
        `data in [${w.startMillis}, ${Math.min(earliest, w.endMillis)}) may already be trimmed`,
      w,
      { lostRange: { startMillis: w.startMillis, endMillis: Math.min(earliest, w.endMillis) } },
    );
  }
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * Checks an explicit window (a one-off DataX job or a backfill) against DataX's limits:
 * `start < end`, `end <= now − lag`, and, with the retention known, start within it.
 */
export function checkWindow(
  w: Window,
  opts: { nowMillis: number; lagMillis: number; retentionMillis?: number },
): void {
  if (
    !Number.isSafeInteger(w.startMillis) ||
    !Number.isSafeInteger(w.endMillis) ||
    w.startMillis >= w.endMillis
  ) {
    throw new WindowError(
      'WINDOW_EMPTY',
      `window [${w.startMillis}, ${w.endMillis}) is empty or not integral: end must be larger than start`,
      w,
    );
  }
  const limit = dueLimit(opts.nowMillis, opts.lagMillis);
  if (w.endMillis > limit) {
    throw new WindowError(
      'WINDOW_NOT_DUE',
      `window [${w.startMillis}, ${w.endMillis}) ends at ${iso(w.endMillis)}, after now − lag = ${iso(limit)} ` +
        `(lag ${opts.lagMillis / 1000} s: stream records become visible with a delay); run it after ${iso(w.endMillis + opts.lagMillis)}`,
      w,
    );
  }
  if (opts.retentionMillis !== undefined) checkRetention(w, opts.nowMillis, opts.retentionMillis);
}
