/**
 * `status`, the pure part: from the recent window rows, the watermark, the stream's retention and
 * `now` → per window its state, rows, bytes and freshness (commit time − window end), and the
 * retention budget: how long until the oldest stream data the job still needs expires. The job
 * still needs everything from the earliest uncommitted window start, or else from the watermark
 * (the next window's start); that data expires `expirationHours` after its timestamp.
 */
import type { WindowRecord, WindowState, WatermarkRecord } from '../status/index.js';

export interface WindowLine {
  readonly start: number;
  readonly end: number;
  readonly state: WindowState;
  readonly epoch: number;
  readonly rows?: number;
  readonly bytes?: number;
  readonly committedAt?: number;
  /** commit time − window end, ms (committed windows only). */
  readonly freshnessMs?: number;
  readonly error?: string;
}

export interface StatusReport {
  readonly job: string;
  readonly now: number;
  readonly intervalMillis: number;
  readonly watermark?: number;
  /** Oldest stream time still needed (absent: nothing exported or planned yet). */
  readonly oldestNeeded?: number;
  readonly expirationHours?: number;
  /** ms until `oldestNeeded` leaves the stream; negative = already lost. */
  readonly retentionBudgetMs?: number;
  readonly windows: readonly WindowLine[];
  readonly warnings: readonly string[];
}

export interface StatusInput {
  readonly job: string;
  readonly now: number;
  readonly intervalMillis: number;
  /** Recent windows, any order. */
  readonly windows: readonly WindowRecord[];
  readonly watermark?: WatermarkRecord;
  /** The stream's retention (DescribeStream); absent when the table has no stream. */
  readonly expirationHours?: number;
}

function line(w: WindowRecord): WindowLine {
  const committed = w.state === 'committed' && w.committedAt !== undefined;
  return {
    start: w.start,
    end: w.end,
    state: w.state,
    epoch: w.epoch,
    ...(w.rows !== undefined ? { rows: w.rows } : {}),
    ...(w.bytes !== undefined ? { bytes: w.bytes } : {}),
    ...(committed ? { committedAt: w.committedAt!, freshnessMs: w.committedAt! - w.end } : {}),
    ...(w.error ? { error: `${w.error.code}: ${w.error.message}` } : {}),
  };
}

export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = d ? [`${d}d`, `${h}h`] : h ? [`${h}h`, `${m}m`] : m ? [`${m}m`, `${s}s`] : [`${s}s`];
  return sign + parts.join(' ');
}

export function buildStatusReport(input: StatusInput): StatusReport {
  const windows = [...input.windows].sort((a, b) => a.end - b.end).map(line);
  const uncommitted = windows.filter((w) => w.state !== 'committed').map((w) => w.start);
  const candidates = [...uncommitted, ...(input.watermark ? [input.watermark.watermark] : [])];
  const oldestNeeded = candidates.length ? Math.min(...candidates) : undefined;
  const warnings: string[] = [];
  let retentionBudgetMs: number | undefined;
  if (input.expirationHours === undefined) {
    warnings.push('the table has no stream: enable the Stream on the table');
  } else if (oldestNeeded !== undefined) {
    retentionBudgetMs = oldestNeeded + input.expirationHours * 3_600_000 - input.now;
    if (retentionBudgetMs < 0)
      warnings.push(
        `stream data from ${new Date(oldestNeeded).toISOString()} has already expired (${formatDuration(-retentionBudgetMs)} ago): the next window will fail with the lost range`,
      );
    else if (retentionBudgetMs < 2 * input.intervalMillis)
      warnings.push(
        `retention budget ${formatDuration(retentionBudgetMs)} is below two intervals (${formatDuration(2 * input.intervalMillis)}): data the job still needs expires soon; run the export or fix the failing window`,
      );
  }
  for (const w of windows)
    if (w.state === 'failed')
      warnings.push(
        `window [${new Date(w.start).toISOString()}, ${new Date(w.end).toISOString()}) failed: ${w.error ?? 'unknown'}`,
      );
  return {
    job: input.job,
    now: input.now,
    intervalMillis: input.intervalMillis,
    ...(input.watermark ? { watermark: input.watermark.watermark } : {}),
    ...(oldestNeeded !== undefined ? { oldestNeeded } : {}),
    ...(input.expirationHours !== undefined ? { expirationHours: input.expirationHours } : {}),
    ...(retentionBudgetMs !== undefined ? { retentionBudgetMs } : {}),
    windows,
    warnings,
  };
}
