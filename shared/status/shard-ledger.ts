/**
 * Shard results and saved progress of one window, written conditionally on the epoch: a stale
 * invocation (older epoch) can never overwrite a newer result, and a duplicate of the same epoch
 * keeps the first result (first writer wins, the duplicate learns `duplicate: true`).
 */
import { ConditionFailedError, EpochMismatchError } from './errors.js';
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
import type { StatusStore } from './store.js';
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

/** Saves (or replaces) the progress of a budget-stopped shard export; older epochs cannot overwrite newer. */
export async function saveProgress(
  store: StatusStore,
  ref: WindowRef,
  progress: ShardProgressRecord,
): Promise<void> {
  const key = shardRowKey(PROGRESS_TYPE, ref, progress.shardId);
  try {
    await store.put(key, encodeProgress(progress), {
      check: { column: 'Epoch', op: '<=', value: progress.epoch, passIfMissing: true },
    });
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await store.get(key);
    const stored = existing && decodeProgress(existing);
    throw new EpochMismatchError(
      describeWindow(ref),
      progress.epoch,
      stored?.epoch,
      `shard ${progress.shardId} progress belongs to a newer epoch`,
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
