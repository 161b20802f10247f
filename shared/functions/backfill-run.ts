/**
 * A backfill run on the engine: its own context (run id = backfill id, own prefix, own watermark
 * and manifests, windows read by timestamp seek), its next window, and its progress record
 * recomputed from the committed windows (so a repeated finalize never counts a window twice).
 */
import type { ExportContext } from '../export/index.js';
import {
  listBackfills,
  listWindows,
  readWatermark,
  updateBackfill,
  type BackfillRecord,
} from '../status/index.js';
import type { Window } from '../window/index.js';
import { backfillTemplate, nextBackfillWindow } from './backfill-plan.js';
import type { FunctionDeps } from './deps.js';

/** The live context turned into the backfill's (same clients). */
function backfillContext(live: ExportContext, record: BackfillRecord): ExportContext {
  const output = {
    ...live.config.output,
    objectTemplate: backfillTemplate(record.prefix, live.config.output.objectTemplate),
  };
  return { ...live, run: record.id, config: { ...live.config, output } };
}

export function withBackfill(deps: FunctionDeps, record: BackfillRecord): FunctionDeps {
  return { ...deps, ctx: backfillContext(deps.ctx, record) };
}

export async function nextWindowOf(ctx: ExportContext, record: BackfillRecord): Promise<Window | undefined> {
  const watermark = await readWatermark(ctx.status, ctx.config.name, record.id);
  return nextBackfillWindow(record, watermark?.watermark);
}

/** Recounts a backfill's windows, rows and bytes from its window rows; marks it done or failed. */
export async function refreshBackfillProgress(
  ctx: ExportContext,
  id: string,
  now: number,
): Promise<BackfillRecord | undefined> {
  const job = ctx.config.name;
  const windows = await listWindows(ctx.status, job, id);
  const done = windows.filter((w) => w.state === 'committed');
  const failed = windows.filter((w) => w.state === 'failed').length;
  const rows = done.reduce((n, w) => n + (w.rows ?? 0), 0);
  const bytes = done.reduce((n, w) => n + (w.bytes ?? 0), 0);
  return updateBackfill(
    ctx.status,
    job,
    id,
    (current) => ({
      ...current,
      windowsDone: done.length,
      windowsFailed: failed,
      rows,
      bytes,
      state:
        current.state !== 'active'
          ? current.state
          : failed > 0
            ? 'failed'
            : done.length >= current.windowsPlanned
              ? 'done'
              : 'active',
    }),
    now,
  );
}

export async function activeBackfills(ctx: ExportContext): Promise<BackfillRecord[]> {
  return (await listBackfills(ctx.status, ctx.config.name)).filter((b) => b.state === 'active');
}
