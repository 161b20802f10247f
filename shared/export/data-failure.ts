/**
 * Failures that re-running cannot fix (trimmed stream data, a corrupt record, too many dirty
 * rows, a broken lineage): the window is marked `failed` with the reason — loudly, never
 * skipped. The runner then stops; an FC invocation ends without burning FC's retries.
 * Everything else is left to the caller to rethrow (and retry).
 */
import type { SyncError } from '../errors.js';
import { CorruptRecordError, LineageError, StreamDataLostError } from '../reader/index.js';
import { RecordShapeError } from '../records/index.js';
import { failWindow, type LostRange } from '../status/index.js';
import { DirtyLimitError } from './errors.js';
import { windowRef } from './naming.js';
import type { ExportContext, WindowSpan } from './types.js';

export function isDataFailure(err: unknown): err is SyncError {
  return (
    err instanceof StreamDataLostError ||
    err instanceof CorruptRecordError ||
    err instanceof DirtyLimitError ||
    err instanceof RecordShapeError ||
    err instanceof LineageError
  );
}

export async function recordDataFailure(
  ctx: ExportContext,
  window: WindowSpan,
  epoch: number,
  err: SyncError,
  now: number,
): Promise<void> {
  const lost: LostRange | undefined =
    err instanceof StreamDataLostError
      ? { shardId: err.shardId, from: err.fromMillis, to: err.toMillis }
      : undefined;
  await failWindow(ctx.status, windowRef(ctx, window), {
    epoch,
    now,
    error: { code: err.code, message: err.message },
    ...(lost ? { lost } : {}),
  });
}
