/**
 * `run`: export due windows in this process with the engine's runner (`exportWindows`). This module
 * only turns the command's options into the runner's and counts the windows due, so the progress
 * display knows its total; printing is the reporter's job.
 */
import type { JobConfig } from '../config/index.js';
import {
  createExportContext,
  exportWindows,
  type ExportContext,
  type ExportEvent,
  type ExportWindowsResult,
  type WindowSummary,
} from '../export/index.js';
import { LIVE_RUN, readWatermark } from '../status/index.js';
import { planWindows } from '../window/index.js';
import { CliUsageError } from './errors.js';

export interface RunOptions {
  readonly config: JobConfig;
  readonly now: number;
  readonly windows?: number;
  readonly until?: number;
  readonly from?: number;
  readonly retryFailed?: boolean;
}

export interface RunHooks {
  /** Called once the number of due windows is known (before the first window). */
  readonly onPlan?: (total: number) => void;
  readonly onEvent?: (event: ExportEvent) => void;
  readonly onWindow?: (summary: WindowSummary) => void;
}

/** `--until` / `--from`: ISO-8601 (with a zone) or epoch milliseconds. */
export function parseTime(option: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d{10,16}$/.test(trimmed)) return Number(trimmed);
  const ms = /\d{4}-\d\d-\d\d/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(ms))
    throw new CliUsageError(
      `${option} ${text}: expected ISO-8601 or epoch milliseconds; e.g. ${option} 2026-11-25T08:00:00Z or ${option} 1764057600000`,
    );
  return ms;
}

export function parseWindowCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 100_000)
    throw new CliUsageError(`--windows ${text}: expected a whole number from 1 to 100000; e.g. --windows 3`);
  return n;
}

/** How many windows this run will export if nothing fails (for the progress total). */
async function dueCount(ctx: ExportContext, options: RunOptions): Promise<number> {
  const { schedule } = options.config;
  if (schedule.oneOff) return 1;
  const watermark = await readWatermark(ctx.status, options.config.name, LIVE_RUN);
  const cap = options.windows ?? (options.until !== undefined ? 100_000 : schedule.maxWindowsPerRun);
  const now =
    options.until !== undefined ? Math.min(options.now, options.until + schedule.lagMillis) : options.now;
  const plan = planWindows({
    ...(watermark ? { watermarkMillis: watermark.watermark } : {}),
    ...(options.from !== undefined ? { firstStartMillis: options.from } : {}),
    nowMillis: now,
    intervalMillis: schedule.intervalMillis,
    lagMillis: schedule.lagMillis,
    maxWindows: cap,
  });
  return plan.windows.length;
}

export async function runExport(options: RunOptions, hooks: RunHooks = {}): Promise<ExportWindowsResult> {
  if (options.windows !== undefined && options.until !== undefined)
    throw new CliUsageError('--windows and --until exclude each other; give one, e.g. --windows 3');
  const context = await createExportContext(options.config, hooks.onEvent ? { log: hooks.onEvent } : {});
  hooks.onPlan?.(await dueCount(context, options));
  return exportWindows({
    config: options.config,
    now: options.now,
    context,
    ...(options.windows !== undefined ? { windows: options.windows } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.retryFailed ? { retryFailed: true } : {}),
    ...(hooks.onWindow ? { onWindow: hooks.onWindow } : {}),
  });
}
