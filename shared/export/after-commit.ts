/**
 * What happens once a window is committed: the idempotent after-commit steps, the result a finalize
 * returns for a window found committed, and settling a finalize that lost a race to another
 * finalize of its own epoch (it read the window as claimed, the other one committed meanwhile).
 */
import { stagingRoot } from '../naming/index.js';
import {
  EpochMismatchError,
  advanceWatermark,
  isClaimedAt,
  readWatermark,
  readWindow,
  windowEpochMismatch,
  type WatermarkRecord,
  type WindowRecord,
  type WindowRef,
} from '../status/index.js';
import { namingJob } from './naming.js';
import type { ExportContext, FinalizeResult, WindowSpan } from './types.js';

/**
 * Idempotent steps after the commit: advance the watermark, remove the partials. Also run when a
 * committed window is met again, so a crash between the commit and these steps heals itself.
 */
export async function afterCommit(
  ctx: ExportContext,
  window: WindowSpan,
  manifestKey: string,
  manifestHash: string,
  now: number,
): Promise<void> {
  const current = await readWatermark(ctx.status, ctx.config.name, ctx.run);
  if (!current || current.watermark < window.endMillis) {
    await advanceWatermark(ctx.status, ctx.config.name, ctx.run, {
      from: current?.watermark ?? null,
      to: window.endMillis,
      manifestKey,
      manifestHash,
      now,
    });
  }
  // Every staged object of this window and of earlier ones (committed, since windows commit in
  // order): a crash after an earlier commit may have left its partials behind.
  const root = stagingRoot(namingJob(ctx));
  const staged = (await ctx.sink.list(root)).filter((o) => {
    const end = Number(o.key.slice(root.length, o.key.indexOf('/', root.length)));
    return Number.isSafeInteger(end) && end <= window.endMillis;
  });
  if (staged.length > 0) await ctx.sink.deleteMany(staged.map((o) => o.key));
}

/** A window found committed: run the after-commit steps again and report it `alreadyCommitted`. */
export async function alreadyCommitted(
  ctx: ExportContext,
  window: WindowSpan,
  record: WindowRecord,
  now: number,
): Promise<FinalizeResult> {
  await afterCommit(ctx, window, record.manifestKey!, record.manifestHash!, now);
  return {
    state: 'alreadyCommitted',
    window,
    manifestKey: record.manifestKey!,
    manifestHash: record.manifestHash!,
    rows: record.rows ?? 0,
    bytes: record.bytes ?? 0,
  };
}

/**
 * After a finalize of `epoch` failed past its first read of the window (its watermark check or
 * commit lost, its partials vanished in the winner's cleanup, …), re-reads the window and the
 * watermark. Committed by that same epoch, with the watermark where this window can advance it
 * (unset, at its start, or already past it): the race was lost to a twin finalize, and the outcome
 * is `alreadyCommitted`. Re-claimed or settled by another epoch: `EpochMismatchError` (this
 * finalize was stale). Still claimed by this epoch: `err` itself, the real failure.
 */
export async function settleLostRace(
  ctx: ExportContext,
  ref: WindowRef,
  window: WindowSpan,
  epoch: number,
  now: number,
  err: unknown,
): Promise<FinalizeResult> {
  let record: WindowRecord | undefined;
  let mark: WatermarkRecord | undefined;
  try {
    record = await readWindow(ctx.status, ref);
    mark = await readWatermark(ctx.status, ctx.config.name, ctx.run);
  } catch {
    throw err; // the original failure says more than the re-read's
  }
  if (isClaimedAt(record, epoch)) throw err;
  const inOrder = !mark || mark.watermark === window.startMillis || mark.watermark >= window.endMillis;
  if (record?.state === 'committed' && record.epoch === epoch && inOrder)
    return alreadyCommitted(ctx, window, record, now);
  if (err instanceof EpochMismatchError || (record?.state === 'committed' && record.epoch === epoch))
    throw err;
  throw windowEpochMismatch(ref, epoch, record);
}
