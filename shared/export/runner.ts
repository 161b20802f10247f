/**
 * The in-process runner the CLI uses: plan due windows from the committed watermark, then for
 * each in order dispatch → export every lineage group (in parallel, `speed.concurrent` shards at
 * a time) → finalize. Stops at the first failure: a data failure (lost stream data, corrupt
 * record, dirty limit) marks the window `failed` with the reason; nothing is committed for it.
 */
import { hostname } from 'node:os';
import pLimit from 'p-limit';
import { SyncError } from '../errors.js';
import { readWatermark, renewLease } from '../status/index.js';
import { planWindows, type Window } from '../window/index.js';
import { createExportContext } from './context.js';
import { dispatchWindow } from './dispatch.js';
import { isDataFailure, recordDataFailure } from './data-failure.js';
import { finalizeWindow } from './finalize.js';
import { windowRef } from './naming.js';
import { exportShardGroup } from './shard-group.js';
import type {
  ExportContext,
  ExportWindowsOptions,
  ExportWindowsResult,
  WindowSpan,
  WindowSummary,
} from './types.js';

function asSyncError(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  return new SyncError(
    'EXPORT_FAILED',
    `export failed: ${err instanceof Error ? err.message : String(err)}`,
    { cause: err },
  );
}

export function defaultOwner(): string {
  return `cli@${hostname()}`;
}

/** Exports one window end to end in this process. */
export async function exportWindow(
  ctx: ExportContext,
  window: WindowSpan,
  options: { now: number; owner: string; retryFailed?: boolean },
): Promise<WindowSummary> {
  const started = Date.now();
  const base = { window, rows: 0, bytes: 0, late: 0, dirty: 0, objects: [] as string[] };
  const dispatched = await dispatchWindow(ctx, window, options);
  if (dispatched.state === 'committed') return { ...base, state: 'noop', durationMs: Date.now() - started };
  const { epoch } = dispatched;
  // Keep the lease while this process works on the window (times on the caller's `now` base).
  const renew = setInterval(
    () => {
      const now = options.now + (Date.now() - started);
      renewLease(ctx.status, windowRef(ctx, window), {
        owner: options.owner,
        epoch,
        now,
        leaseMs: ctx.options.leaseMs,
      }).catch(
        () => undefined, // a lost lease surfaces as EpochMismatchError on the next conditional write
      );
    },
    Math.max(1_000, ctx.options.leaseMs / 3),
  );
  renew.unref();
  try {
    const limit = pLimit(ctx.config.speed.concurrent);
    const results = await Promise.all(
      dispatched.groups.map((g) => exportShardGroup(ctx, { window, epoch, shardIds: g }, { limit })),
    );
    if (!results.every((r) => r.done))
      throw new SyncError(
        'EXPORT_INCOMPLETE',
        `window ${describe(window)}: shard groups stopped before the end`,
      );
    const fin = await finalizeWindow(ctx, { window, epoch, now: options.now });
    if (fin.state === 'waiting')
      throw new SyncError(
        'EXPORT_INCOMPLETE',
        `window ${describe(window)}: shard results missing for ${fin.missing!.join(', ')}`,
      );
    return {
      window,
      state: fin.state === 'committed' ? 'committed' : 'noop',
      epoch,
      rows: fin.rows ?? 0,
      bytes: fin.bytes ?? 0,
      late: fin.late ?? 0,
      dirty: fin.dirty ?? 0,
      objects: (fin.objects ?? []).map((o) => o.key),
      ...(fin.manifestKey ? { manifestKey: fin.manifestKey } : {}),
      durationMs: Date.now() - started,
    };
  } catch (err) {
    if (isDataFailure(err))
      await recordDataFailure(ctx, window, epoch, err, options.now).catch(() => undefined);
    throw err;
  } finally {
    clearInterval(renew);
  }
}

function describe(w: WindowSpan): string {
  return `[${w.startMillis}, ${w.endMillis})`;
}

/**
 * Plans and exports due windows in order. `windows` bounds how many; `until` exports every due
 * window ending at or before it. Returns one summary per window; stops at the first failure.
 *
 * @example
 *   const { windows, error } = await exportWindows({ config, now: Date.now(), windows: 3 });
 *   for (const w of windows) console.log(JSON.stringify(w));
 */
export async function exportWindows(options: ExportWindowsOptions): Promise<ExportWindowsResult> {
  const ctx = options.context ?? (await createExportContext(options.config));
  const owner = options.owner ?? defaultOwner();
  const { schedule } = ctx.config;
  const summaries: WindowSummary[] = [];
  const maxTotal =
    options.windows ?? (options.until !== undefined ? Number.MAX_SAFE_INTEGER : schedule.maxWindowsPerRun);
  const nowForPlan =
    options.until !== undefined ? Math.min(options.now, options.until + schedule.lagMillis) : options.now;
  let more = false;
  while (summaries.length < maxTotal) {
    const watermark = await readWatermark(ctx.status, ctx.config.name, ctx.run);
    let planned: readonly Window[];
    if (schedule.oneOff) {
      const w = { startMillis: schedule.oneOff.startMillis, endMillis: schedule.oneOff.endMillis };
      planned = summaries.length > 0 ? [] : [w];
      more = false;
    } else {
      const plan = planWindows({
        ...(watermark ? { watermarkMillis: watermark.watermark } : {}),
        ...(options.from !== undefined ? { firstStartMillis: options.from } : {}),
        nowMillis: nowForPlan,
        intervalMillis: schedule.intervalMillis,
        lagMillis: schedule.lagMillis,
        maxWindows: Math.min(schedule.maxWindowsPerRun, maxTotal - summaries.length),
      });
      planned = plan.windows;
      more = plan.more;
    }
    if (planned.length === 0) break;
    for (const w of planned) {
      try {
        const summary = await exportWindow(ctx, w, {
          now: options.now,
          owner,
          ...(options.retryFailed ? { retryFailed: true } : {}),
        });
        summaries.push(summary);
        options.onWindow?.(summary);
      } catch (err) {
        const error = asSyncError(err);
        const summary: WindowSummary = {
          window: w,
          state: 'failed',
          rows: 0,
          bytes: 0,
          late: 0,
          dirty: 0,
          objects: [],
          durationMs: 0,
          error,
        };
        summaries.push(summary);
        options.onWindow?.(summary);
        return { windows: summaries, more: true, error };
      }
    }
    if (schedule.oneOff || !more) break;
  }
  return { windows: summaries, more: more && summaries.length >= maxTotal };
}
