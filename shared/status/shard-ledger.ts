/**
 * Shard results and saved progress of one window, written conditionally on the epoch: a stale
 * invocation (older epoch) can never overwrite a newer result, and a duplicate of the same epoch
 * keeps the first result (first writer wins, the duplicate learns `duplicate: true`).
 */
import { ConditionFailedError, EpochMismatchError, ProgressConflictError } from './errors.js';
import { decodeProgress, decodeShardResult, encodeProgress, encodeShardResult } from './job-codecs.js';
import {
  PROGRESS_TYPE,
  SHARD_RESULT_TYPE,
  describeWindow,
  jobScope,
  shardRowKey,
  shardRowPrefix,
  type ShardProgressRecord,
  type ShardResultRecord,
  type WindowRef,
} from './job-rows.js';
import type { StatusStore, WriteCondition } from './store.js';
import { assertEpoch } from './window-ledger.js';

/**
 * Writes a shard's result for the window's current epoch. Throws EpochMismatchError when the
 * window is no longer claimed at `result.epoch` or a newer epoch already reported this shard.
 */
export async function writeShardResult(
  store: StatusStore,
  ref: WindowRef,
  result: ShardResultRecord,
): Promise<{ stored: ShardResultRecord; duplicate: boolean }> {
  await assertEpoch(store, ref, result.epoch);
  const key = shardRowKey(SHARD_RESULT_TYPE, ref, result.shardId);
  try {
    await store.put(key, encodeShardResult(result), {
      check: { column: 'Epoch', op: '<', value: result.epoch, passIfMissing: true },
    });
    return { stored: result, duplicate: false };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await store.get(key);
    const stored = existing && decodeShardResult(existing);
    if (stored && stored.epoch === result.epoch) return { stored, duplicate: true };
    throw new EpochMismatchError(
      describeWindow(ref),
      result.epoch,
      stored?.epoch,
      `shard ${result.shardId} was reported by a newer epoch`,
    );
  }
}

/** Every shard result stored for the window; with `epoch`, only that epoch's. */
export async function readShardResults(
  store: StatusStore,
  ref: WindowRef,
  epoch?: number,
): Promise<ShardResultRecord[]> {
  const rows = await store.scan(jobScope(ref.job), SHARD_RESULT_TYPE, { prefix: shardRowPrefix(ref) });
  const results = rows.map((r) => decodeShardResult(r.attrs));
  return epoch === undefined ? results : results.filter((r) => r.epoch === epoch);
}

/**
 * Saves the progress of a budget-stopped shard export, compare-and-set on the slice counter:
 * slice 1 of an epoch needs no row (or an older epoch's), slice n + 1 needs the row of the same
 * epoch at slice n. A newer epoch's row → EpochMismatchError; the same epoch's row elsewhere (a
 * duplicate delivery of this slice saved first, or the shard finished and cleared it) →
 * ProgressConflictError.
 */
export async function saveProgress(
  store: StatusStore,
  ref: WindowRef,
  progress: ShardProgressRecord,
): Promise<void> {
  const { epoch, slices } = progress;
  if (!Number.isSafeInteger(slices) || slices < 1)
    throw new RangeError(`progress slice must be a positive integer, got ${slices}`);
  const key = shardRowKey(PROGRESS_TYPE, ref, progress.shardId);
  const condition: WriteCondition =
    slices === 1
      ? { check: { column: 'Epoch', op: '<', value: epoch, passIfMissing: true } }
      : {
          expect: 'exists',
          check: {
            and: [
              { column: 'Epoch', op: '==', value: epoch },
              { column: 'Slices', op: '==', value: slices - 1 },
            ],
          },
        };
  try {
    await store.put(key, encodeProgress(progress), condition);
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await store.get(key);
    const stored = existing && decodeProgress(existing);
    if (stored && stored.epoch > epoch)
      throw new EpochMismatchError(
        describeWindow(ref),
        epoch,
        stored.epoch,
        `shard ${progress.shardId} progress belongs to a newer epoch`,
      );
    throw new ProgressConflictError(
      describeWindow(ref),
      progress.shardId,
      slices,
      stored?.epoch === epoch ? stored.slices : undefined,
    );
  }
}

export async function loadProgress(
  store: StatusStore,
  ref: WindowRef,
  shardId: string,
): Promise<ShardProgressRecord | undefined> {
  const attrs = await store.get(shardRowKey(PROGRESS_TYPE, ref, shardId));
  return attrs && decodeProgress(attrs);
}

/** Removes saved progress once the shard result is written (only the same epoch's). */
export async function clearProgress(
  store: StatusStore,
  ref: WindowRef,
  shardId: string,
  epoch: number,
): Promise<void> {
  try {
    await store.delete(shardRowKey(PROGRESS_TYPE, ref, shardId), {
      check: { column: 'Epoch', op: '==', value: epoch, passIfMissing: true },
    });
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    // A newer epoch saved its own progress meanwhile: leave it.
  }
}
