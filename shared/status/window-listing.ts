/** Listing a run's windows (for status, reconciling and planning). */
import { formatJavaTime } from './java-compat.js';
import { decodeWindow } from './job-codecs.js';
import { WINDOW_TYPE, jobScope, windowRunPrefix, type WindowRecord } from './job-rows.js';
import type { StatusStore } from './store.js';

/** Windows of a run in end order, optionally `[fromEnd, toEnd)` and newest first. */
export async function listWindows(
  store: StatusStore,
  job: string,
  run: string,
  options: { fromEnd?: number; toEnd?: number; limit?: number; reverse?: boolean } = {},
): Promise<WindowRecord[]> {
  const prefix = windowRunPrefix(run);
  const range =
    options.fromEnd === undefined && options.toEnd === undefined
      ? { prefix }
      : {
          start: prefix + (options.fromEnd === undefined ? '' : formatJavaTime(options.fromEnd)),
          end: options.toEnd === undefined ? prefix + '\u{10FFFF}' : prefix + formatJavaTime(options.toEnd),
        };
  const scanOptions: { limit?: number; reverse?: boolean } = {};
  if (options.limit !== undefined) scanOptions.limit = options.limit;
  if (options.reverse !== undefined) scanOptions.reverse = options.reverse;
  const rows = await store.scan(jobScope(job), WINDOW_TYPE, range, scanOptions);
  return rows.map((r) => decodeWindow(r.attrs));
}

/**
 * Windows a reconciler should re-drive: claimed with an expired lease (a lost shard or finalize
 * invocation), or planned and never claimed. Scans from `fromEnd` (e.g. the watermark) on.
 */
export async function listReclaimable(
  store: StatusStore,
  job: string,
  run: string,
  options: { now: number; fromEnd?: number; limit?: number },
): Promise<WindowRecord[]> {
  const scan: { fromEnd?: number } = {};
  if (options.fromEnd !== undefined) scan.fromEnd = options.fromEnd;
  const windows = await listWindows(store, job, run, scan);
  const due = windows.filter(
    (w) => w.state === 'planned' || (w.state === 'claimed' && (w.leaseExpiresAt ?? 0) <= options.now),
  );
  return options.limit === undefined ? due : due.slice(0, options.limit);
}
