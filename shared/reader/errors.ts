/**
 * Failures of reading one shard for one window. Both fail the window loudly: the caller records
 * them on the window row (the lost range, or the shard and byte offset) and commits nothing.
 */
import { SyncError } from '../errors.js';

/** The stream no longer holds records this window needs (`OTSTrimmedDataAccess`). */
export class StreamDataLostError extends SyncError {
  readonly shardId: string;
  /** The lost time range `[fromMillis, toMillis)` on the stream's commit time. */
  readonly fromMillis: number;
  readonly toMillis: number;

  constructor(shardId: string, fromMillis: number, toMillis: number, options?: ErrorOptions) {
    super(
      'STREAM_DATA_LOST',
      `shard ${shardId}: the stream has trimmed records this window needs; changes in ` +
        `[${iso(fromMillis)}, ${iso(toMillis)}) (${fromMillis}..${toMillis} ms) are lost. ` +
        `Nothing was committed; export the range from another copy, or re-run with a retryFailed claim to skip it knowingly`,
      options,
    );
    this.name = 'StreamDataLostError';
    this.shardId = shardId;
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
  }
}

/** A stream record that does not decode (bad PlainBuffer, checksum, unknown action). */
export class CorruptRecordError extends SyncError {
  readonly shardId: string;
  /** Byte offset inside the record's PlainBuffer where decoding failed. */
  readonly offset: number;
  /** The iterator of the batch that held the record (re-reading it reproduces the failure). */
  readonly shardIterator: string;

  constructor(shardId: string, offset: number, shardIterator: string, options?: ErrorOptions) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      'STREAM_RECORD_CORRUPT',
      `shard ${shardId}: a stream record is corrupt at byte offset ${offset}${detail}; nothing was committed`,
      options,
    );
    this.name = 'CorruptRecordError';
    this.shardId = shardId;
    this.offset = offset;
    this.shardIterator = shardIterator;
  }
}

/** Lineage cannot be scheduled (a shard waits on parents that nothing will ever finish). */
export class LineageError extends SyncError {
  constructor(message: string) {
    super('SHARD_LINEAGE', message);
    this.name = 'LineageError';
  }
}

function iso(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString() : String(t);
}
