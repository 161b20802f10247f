/**
 * The ends of a window's run: commit once (a repeat by the same epoch and manifest is
 * `alreadyCommitted`), fail with the lost range, and the per-window append position that every
 * retry of an `append` finalize must reuse.
 */
import { ConditionFailedError, EpochMismatchError } from './errors.js';
import { describeWindow, windowKey, type LostRange, type WindowRecord, type WindowRef } from './job-rows.js';
import type { StatusStore } from './store.js';
import { epochCondition, readWindow, windowEpochMismatch } from './window-ledger.js';

export interface CommitInfo {
  epoch: number;
  now: number;
  manifestKey: string;
  manifestHash: string;
  rows: number;
  bytes: number;
}

/**
 * Commits the window once. A repeat by the same epoch with the same manifest (finalize invoked
 * again) returns `alreadyCommitted: true`; anything else that lost the race is EpochMismatchError.
 */
export async function commitWindow(
  store: StatusStore,
  ref: WindowRef,
  info: CommitInfo,
): Promise<{ record: WindowRecord; alreadyCommitted: boolean }> {
  try {
    await store.update(
      windowKey(ref),
      {
        set: {
          State: 'committed',
          ManifestKey: info.manifestKey,
          ManifestHash: info.manifestHash,
          Rows: info.rows,
          Bytes: info.bytes,
          CommittedAt: info.now,
          UpdatedAt: info.now,
        },
      },
      epochCondition(info.epoch, 'claimed'),
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    if (
      current?.state === 'committed' &&
      current.epoch === info.epoch &&
      current.manifestHash === info.manifestHash
    ) {
      return { record: current, alreadyCommitted: true };
    }
    throw windowEpochMismatch(ref, info.epoch, current);
  }
  const record = await readWindow(store, ref);
  if (!record)
    throw new EpochMismatchError(describeWindow(ref), info.epoch, undefined, 'window row vanished');
  return { record, alreadyCommitted: false };
}

/** Marks the window failed under `epoch`, recording the error and the exact lost range if any. */
export async function failWindow(
  store: StatusStore,
  ref: WindowRef,
  options: { epoch: number; now: number; error: { code: string; message: string }; lost?: LostRange },
): Promise<void> {
  const set: Record<string, string | number> = {
    State: 'failed',
    ErrorCode: options.error.code,
    ErrorMessage: options.error.message.slice(0, 4000),
    UpdatedAt: options.now,
  };
  if (options.lost)
    Object.assign(set, {
      LostShard: options.lost.shardId,
      LostFrom: options.lost.from,
      LostTo: options.lost.to,
    });
  try {
    await store.update(windowKey(ref), { set }, epochCondition(options.epoch, 'claimed'));
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    throw windowEpochMismatch(ref, options.epoch, current);
  }
}

/**
 * `append` mode: records, once per window, the target object's length (and CRC-64) before the
 * window's first append. A later call — a retried finalize, or a newer epoch — gets the recorded
 * value back instead of its own, so every retry appends at the same position.
 */
export async function recordAppendPosition(
  store: StatusStore,
  ref: WindowRef,
  options: { epoch: number; position: number; crc64: string; now: number },
): Promise<{ position: number; crc64: string }> {
  try {
    await store.update(
      windowKey(ref),
      { set: { AppendPosition: options.position, AppendCrc64: options.crc64, UpdatedAt: options.now } },
      {
        expect: 'exists',
        check: {
          and: [
            { column: 'Epoch', op: '==', value: options.epoch },
            { column: 'State', op: '==', value: 'claimed' },
            { column: 'AppendPosition', op: '==', value: options.position, passIfMissing: true },
          ],
        },
      },
    );
    return { position: options.position, crc64: options.crc64 };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    if (
      current?.state === 'claimed' &&
      current.epoch === options.epoch &&
      current.appendPosition !== undefined
    ) {
      return { position: current.appendPosition, crc64: current.appendCrc64 ?? '' };
    }
    throw windowEpochMismatch(ref, options.epoch, current);
  }
}
