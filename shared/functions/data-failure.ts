/**
 * Failures that re-running cannot fix (trimmed stream data, a corrupt record, too many dirty
 * rows): the window is marked `failed` with the reason — loudly, never skipped — and the
 * invocation ends without burning FC's retries. Everything else is rethrown so FC retries it.
 */
import { SyncError } from '../errors.js';
import { DirtyLimitError, type ExportContext } from '../export/index.js';
import { CorruptRecordError, LineageError, StreamDataLostError } from '../reader/index.js';
import { RecordShapeError } from '../records/index.js';
import { failWindow, type LostRange } from '../status/index.js';

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
  window: { start: number; end: number },
  epoch: number,
  err: SyncError,
  now: number,
): Promise<void> {
  const lost: LostRange | undefined =
    err instanceof StreamDataLostError
      ? { shardId: err.shardId, from: err.fromMillis, to: err.toMillis }
      : undefined;
  await failWindow(
    ctx.status,
    { job: ctx.config.name, run: ctx.run, start: window.start, end: window.end },
    {
      epoch,
      now,
      error: { code: err.code, message: err.message },
      ...(lost ? { lost } : {}),
    },
  );
}
