/**
 * Pure encode/decode of this tool's own status rows. They live under StreamId `ots2oss:<job>` so
 * several jobs (and DataX, whose StreamId is the stream id) share one status table without
 * collisions; every StatusValue starts with the run (`live` or a backfill id) so backfills never
 * touch the live chain. Times in keys use DataX's `%16d` so keys sort by time.
 *
 * | StatusType           | StatusValue                   | row                 |
 * | `Ots2OssWindow`      | `run \t %16d(end)`            | WindowRecord        |
 * | `Ots2OssShardResult` | `run \t %16d(end) \t shardId` | ShardResultRecord   |
 * | `Ots2OssProgress`    | `run \t %16d(end) \t shardId` | ShardProgressRecord |
 * | `Ots2OssWatermark`   | `run`                         | WatermarkRecord     |
 * | `Ots2OssBackfill`    | `backfillId`                  | BackfillRecord      |
 */
import { formatJavaTime } from './java-compat.js';
import type { StatusKey } from './store.js';

export const WINDOW_TYPE = 'Ots2OssWindow';
export const SHARD_RESULT_TYPE = 'Ots2OssShardResult';
export const PROGRESS_TYPE = 'Ots2OssProgress';
export const WATERMARK_TYPE = 'Ots2OssWatermark';
export const BACKFILL_TYPE = 'Ots2OssBackfill';
/** The run of the scheduled (timer-driven) chain of windows. */
export const LIVE_RUN = 'live';

/** Identifies one window of one run of one job. */
export interface WindowRef {
  job: string;
  run: string;
  start: number;
  end: number;
}

export type WindowState = 'planned' | 'claimed' | 'committed' | 'failed';

export interface LostRange {
  shardId: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

export interface WindowRecord {
  run: string;
  start: number;
  end: number;
  state: WindowState;
  /** Incremented by every claim; shard results and commits must carry the current one. */
  epoch: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  /** Shards recorded at claim time (the ones whose results finalize waits for). */
  shards?: string[];
  error?: { code: string; message: string };
  lost?: LostRange;
  manifestKey?: string;
  manifestHash?: string;
  rows?: number;
  bytes?: number;
  committedAt?: number;
  /** `append` mode: target length and CRC-64 recorded before this window's first append. */
  appendPosition?: number;
  appendCrc64?: string;
  updatedAt: number;
}

/** One partial object a shard wrote for a window. */
export interface PartialRef {
  key: string;
  rows: number;
  bytes: number;
  crc64: string;
}

export interface ShardResultRecord {
  shardId: string;
  epoch: number;
  /** Where the next window starts: an iterator, `TRIM_HORIZON` or `SHARD_END`. */
  checkpoint: string;
  rows: number;
  late: number;
  dirty: number;
  bytes: number;
  partials: PartialRef[];
  updatedAt: number;
}

/** Saved progress of a shard export stopped by its time budget, resumed by a later call. */
export interface ShardProgressRecord {
  shardId: string;
  epoch: number;
  /** Iterator positioned after the last record already written into `upload`. */
  iterator: string;
  /** Resumable multipart state (shared/oss `UploadState`), opaque here. */
  upload: unknown;
  rows: number;
  late: number;
  dirty: number;
  /** Budget slices saved so far in this epoch (1, 2, …): `saveProgress` compares-and-sets on it. */
  slices: number;
  updatedAt: number;
}

export interface WatermarkRecord {
  run: string;
  /** End of the last committed window (epoch ms). */
  watermark: number;
  manifestKey: string;
  manifestHash: string;
  /** Count of advances, for audit. */
  seq: number;
  updatedAt: number;
}

export type BackfillState = 'active' | 'done' | 'failed' | 'cancelled';

export interface BackfillRecord {
  id: string;
  from: number;
  to: number;
  windowMs: number;
  prefix: string;
  dryRun: boolean;
  state: BackfillState;
  windowsPlanned: number;
  windowsDone: number;
  windowsFailed: number;
  rows: number;
  bytes: number;
  /** Bumped by every update (optimistic concurrency). */
  seq: number;
  createdAt: number;
  updatedAt: number;
}

export function jobScope(job: string): string {
  if (job === '') throw new RangeError('job name must not be empty');
  return `ots2oss:${job}`;
}

function checkRun(run: string): string {
  if (run === '' || run.includes('\t'))
    throw new RangeError(`run ${JSON.stringify(run)} must be non-empty, without tabs`);
  return run;
}

export function windowKey(ref: Pick<WindowRef, 'job' | 'run' | 'end'>): StatusKey {
  return {
    streamId: jobScope(ref.job),
    type: WINDOW_TYPE,
    value: `${checkRun(ref.run)}\t${formatJavaTime(ref.end)}`,
  };
}

/** StatusValue prefix of every window row of a run. */
export function windowRunPrefix(run: string): string {
  return `${checkRun(run)}\t`;
}

export function shardRowKey(
  type: string,
  ref: Pick<WindowRef, 'job' | 'run' | 'end'>,
  shardId: string,
): StatusKey {
  return {
    streamId: jobScope(ref.job),
    type,
    value: `${checkRun(ref.run)}\t${formatJavaTime(ref.end)}\t${shardId}`,
  };
}

/** StatusValue prefix of every shard row (result or progress) of one window. */
export function shardRowPrefix(ref: Pick<WindowRef, 'run' | 'end'>): string {
  return `${checkRun(ref.run)}\t${formatJavaTime(ref.end)}\t`;
}

export function watermarkKey(job: string, run: string): StatusKey {
  return { streamId: jobScope(job), type: WATERMARK_TYPE, value: checkRun(run) };
}

export function backfillKey(job: string, id: string): StatusKey {
  return { streamId: jobScope(job), type: BACKFILL_TYPE, value: checkRun(id) };
}

export function describeWindow(ref: Pick<WindowRef, 'job' | 'run' | 'end'> & { start?: number }): string {
  const range = ref.start === undefined ? `end ${ref.end}` : `[${ref.start}, ${ref.end})`;
  return `${ref.job}/${ref.run} ${range}`;
}
