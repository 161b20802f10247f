/**
 * The committed watermark of a run (end of the last committed window) and the hash of its
 * manifest, advanced by one conditional write from exactly the previous value: a second finalize
 * of the same window sees it already advanced (`advanced: false`), an out-of-order one conflicts.
 */
import { ConditionFailedError, WatermarkConflictError } from './errors.js';
import { decodeWatermark, encodeWatermark } from './job-codecs.js';
import { watermarkKey, type WatermarkRecord } from './job-rows.js';
import type { StatusStore, WriteCondition } from './store.js';

export async function readWatermark(
  store: StatusStore,
  job: string,
  run: string,
): Promise<WatermarkRecord | undefined> {
  const attrs = await store.get(watermarkKey(job, run));
  return attrs && decodeWatermark(attrs);
}

export interface AdvanceOptions {
  /** The watermark the caller saw (its window's start), or null for the first window of the run. */
  from: number | null;
  to: number;
  manifestKey: string;
  manifestHash: string;
  now: number;
}

export async function advanceWatermark(
  store: StatusStore,
  job: string,
  run: string,
  options: AdvanceOptions,
): Promise<{ record: WatermarkRecord; advanced: boolean }> {
  const key = watermarkKey(job, run);
  const current = await readWatermark(store, job, run);
  const already = (w: WatermarkRecord | undefined) =>
    w?.watermark === options.to && w.manifestHash === options.manifestHash;
  if (already(current)) return { record: current as WatermarkRecord, advanced: false };
  if ((current?.watermark ?? null) !== options.from) {
    throw new WatermarkConflictError(run, options.from, current?.watermark ?? null);
  }
  const record: WatermarkRecord = {
    run,
    watermark: options.to,
    manifestKey: options.manifestKey,
    manifestHash: options.manifestHash,
    seq: (current?.seq ?? 0) + 1,
    updatedAt: options.now,
  };
  const condition: WriteCondition = current
    ? {
        expect: 'exists',
        check: {
          and: [
            { column: 'Watermark', op: '==', value: current.watermark },
            { column: 'Seq', op: '==', value: current.seq },
          ],
        },
      }
    : { expect: 'notExists' };
  try {
    await store.put(key, encodeWatermark(record), condition);
    return { record, advanced: true };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const now = await readWatermark(store, job, run);
    if (already(now)) return { record: now as WatermarkRecord, advanced: false };
    throw new WatermarkConflictError(run, options.from, now?.watermark ?? null);
  }
}
