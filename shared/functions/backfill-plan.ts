/**
 * Pure planning of a backfill: `[from, to)` cut at multiples of the window size, so the first and
 * last windows may be shorter and the union is exactly the requested range.
 */
import type { BackfillRecord } from '../status/index.js';
import type { Window } from '../window/index.js';

/** A backfill never plans more windows than this in one request. */
export const MAX_BACKFILL_WINDOWS = 10_000;

/** The window starting at `start` (< `to`): up to the next multiple of the window size. */
function windowFrom(start: number, to: number, windowMs: number): Window {
  return { startMillis: start, endMillis: Math.min(to, (Math.floor(start / windowMs) + 1) * windowMs) };
}

export function backfillWindows(from: number, to: number, windowMs: number): Window[] {
  const windows: Window[] = [];
  for (let start = from; start < to && windows.length < MAX_BACKFILL_WINDOWS;) {
    const window = windowFrom(start, to, windowMs);
    windows.push(window);
    start = window.endMillis;
  }
  return windows;
}

/** How many windows `[from, to)` takes (without building them). */
export function backfillWindowCount(from: number, to: number, windowMs: number): number {
  if (to <= from) return 0;
  return Math.ceil(to / windowMs) - Math.floor(from / windowMs);
}

/** The window after the run's watermark, or undefined once the range is exported. */
export function nextBackfillWindow(
  record: Pick<BackfillRecord, 'from' | 'to' | 'windowMs'>,
  watermark: number | undefined,
): Window | undefined {
  const start = watermark ?? record.from;
  if (start >= record.to) return undefined;
  return windowFrom(start, record.to, record.windowMs);
}

/** The object template of a backfill: its own prefix in front of the job's template. */
export function backfillTemplate(prefix: string, template: string): string {
  return `${prefix.replace(/\/*$/, '/')}${template.replace(/^\/+/, '')}`;
}

/** Default prefix of a backfill's final objects. */
export function defaultBackfillPrefix(id: string): string {
  return `backfill/${id}/`;
}

/** Two half-open ranges share at least one instant. */
export function overlaps(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return a.from < b.to && b.from < a.to;
}
