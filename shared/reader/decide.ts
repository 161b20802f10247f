/**
 * The pure decisions of reading one shard for one window (DESIGN.md §2, DataX RecordProcessor,
 * reference datax-otsstream.md §2.2/§2.4): where a shard starts, and what one batch of records
 * means for the window `[start, end)` on commit time (sequence timestamp µs / 1000).
 */
import { SHARD_END, TRIM_HORIZON } from '../status/index.js';

export { SHARD_END, TRIM_HORIZON };

export interface WindowBounds {
  readonly startMillis: number;
  readonly endMillis: number;
}

/** DataX's seek margin (`enableSeekIterator`): seek this far before the window start, then skip. */
export const SEEK_MARGIN_MILLIS = 10 * 60_000;

export type StartPoint =
  | { readonly kind: 'iterator'; readonly iterator: string }
  | { readonly kind: 'trimHorizon' }
  | { readonly kind: 'shardEnd' }
  | { readonly kind: 'seek'; readonly timestampUs: number };

export interface StartDecision {
  readonly point: StartPoint;
  /**
   * Skip records before the window start until the first one at or after it. Only without a
   * previous checkpoint (seek): after a checkpoint nothing is skipped, so records that became
   * visible late are exported in this window (and counted late) instead of lost.
   */
  readonly skipping: boolean;
}

/** Where a shard starts: the previous window's checkpoint, or (none) a timestamp seek. */
export function decideStart(
  checkpoint: string | undefined,
  window: WindowBounds,
  seekMarginMillis = SEEK_MARGIN_MILLIS,
): StartDecision {
  if (checkpoint === undefined) {
    const at = Math.max(0, window.startMillis - seekMarginMillis);
    return { point: { kind: 'seek', timestampUs: at * 1000 }, skipping: true };
  }
  if (checkpoint === SHARD_END) return { point: { kind: 'shardEnd' }, skipping: false };
  if (checkpoint === TRIM_HORIZON) return { point: { kind: 'trimHorizon' }, skipping: false };
  if (checkpoint === '') throw new RangeError('a checkpoint must not be empty');
  return { point: { kind: 'iterator', iterator: checkpoint }, skipping: false };
}

/** Commit time of a record in epoch ms (DataX: sequence timestamp / 1000). */
export function recordMillis(record: { readonly sequence: { readonly timestamp: number } }): number {
  return Math.floor(record.sequence.timestamp / 1000);
}

export type BatchOutcome = 'continue' | 'boundary' | 'caughtUp' | 'shardEnd';

export interface BatchDecision {
  /** Indexes of the records to export, in stream order. */
  readonly emit: number[];
  /** Emitted records with commit time before the window start. */
  readonly late: number;
  /** Records before the window start skipped while seeking. */
  readonly skipped: number;
  /** Index of the first record at or after the window end (the shard stops there). */
  readonly boundaryIndex?: number;
  /** The skip flag after this batch. */
  readonly skipping: boolean;
  readonly outcome: BatchOutcome;
}

/**
 * One GetStreamRecord batch against the window. Empty with a next iterator = caught up; no next
 * iterator after the last record = shard closed (SHARD_END); a record at or after the end stops
 * the shard there (its checkpoint must point at that record).
 */
export function decideBatch(
  records: readonly { readonly sequence: { readonly timestamp: number } }[],
  hasNext: boolean,
  window: WindowBounds,
  skipping: boolean,
): BatchDecision {
  if (records.length === 0)
    return { emit: [], late: 0, skipped: 0, skipping, outcome: hasNext ? 'caughtUp' : 'shardEnd' };
  const emit: number[] = [];
  let late = 0;
  let skipped = 0;
  for (let i = 0; i < records.length; i++) {
    const ms = recordMillis(records[i]!);
    if (ms >= window.endMillis)
      return { emit, late, skipped, boundaryIndex: i, skipping, outcome: 'boundary' };
    if (ms < window.startMillis) {
      if (skipping) {
        skipped++;
        continue;
      }
      late++;
    } else {
      skipping = false;
    }
    emit.push(i);
  }
  return { emit, late, skipped, skipping, outcome: hasNext ? 'continue' : 'shardEnd' };
}
