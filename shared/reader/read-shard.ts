/**
 * Reads one shard for one window (DESIGN.md §2): start from the previous window's checkpoint or a
 * timestamp seek, yield the records to export batch by batch, and stop at the first record at or
 * after the window end (checkpoint = an iterator positioned at that record, obtained as DataX
 * does by re-reading the batch with `limit = i`), when caught up, or at the shard's end.
 *
 * The caller may stop between batches (time budget): `position` is then where a later reader
 * resumes (`resume` option) without re-reading anything already yielded.
 *
 * @example
 *   const reader = new ShardReader({ streams, streamId, shardId, window, checkpoint });
 *   for await (const batch of reader.batches()) await write(batch.records);
 *   reader.result; // { checkpoint, stoppedBy, ... }
 */
import {
  PlainBufferCorruptError,
  TrimmedDataError,
  type RecordBatch,
  type StreamClient,
  type StreamRecord,
} from '../tablestore/index.js';
import { SHARD_END, decideBatch, decideStart, recordMillis, type WindowBounds } from './decide.js';
import { CorruptRecordError, StreamDataLostError } from './errors.js';

export interface ShardReaderOptions {
  readonly streams: StreamClient;
  readonly streamId: string;
  readonly shardId: string;
  readonly window: WindowBounds;
  /** The previous window's checkpoint for this shard (iterator, TRIM_HORIZON, SHARD_END); absent = seek. */
  readonly checkpoint?: string;
  /** Continue a read stopped between batches (its `position`); overrides `checkpoint`. */
  readonly resume?: ReaderPosition;
  /** Records per GetStreamRecord (server default when absent). */
  readonly batchLimit?: number;
  /** How far before the window start a seek lands (default DataX's 10 min). */
  readonly seekMarginMillis?: number;
  /** Read the next batch while the current one is being written (default true). */
  readonly prefetch?: boolean;
}

/** Where a stopped read continues: the iterator after the last yielded batch, and the skip flag. */
export interface ReaderPosition {
  readonly iterator: string;
  readonly skipping: boolean;
}

export interface ReadBatch {
  /** Records to export, in stream order. */
  readonly records: StreamRecord[];
  /** How many of them have commit time before the window start. */
  readonly late: number;
}

export interface ReaderCounts {
  /** Records returned by the stream (before skipping, up to the boundary). */
  read: number;
  /** Records yielded for export. */
  emitted: number;
  late: number;
  skipped: number;
  /** GetStreamRecord calls (including the boundary re-read). */
  requests: number;
}

export interface ShardReadResult {
  /** Where the next window starts: an iterator, or SHARD_END. */
  readonly checkpoint: string;
  readonly stoppedBy: 'boundary' | 'caughtUp' | 'shardEnd';
}

export class ShardReader {
  readonly counts: ReaderCounts = { read: 0, emitted: 0, late: 0, skipped: 0, requests: 0 };
  #position: ReaderPosition | undefined;
  #result: ShardReadResult | undefined;
  #lastMillis: number | undefined;
  readonly #o: ShardReaderOptions;

  constructor(options: ShardReaderOptions) {
    this.#o = options;
  }

  /** Set once the shard is done for this window. */
  get result(): ShardReadResult | undefined {
    return this.#result;
  }

  /** Where to resume after the last yielded batch (undefined before the first batch or when done). */
  get position(): ReaderPosition | undefined {
    return this.#result ? undefined : this.#position;
  }

  async *batches(): AsyncGenerator<ReadBatch, ShardReadResult, void> {
    const start = await this.#start();
    if (start === undefined) return this.#finish(SHARD_END, 'shardEnd');
    let { iterator, skipping } = start;
    let prefetched: Promise<RecordBatch> | undefined;
    for (;;) {
      const batch = await (prefetched ?? this.#get(iterator, this.#o.batchLimit));
      prefetched = undefined;
      const decision = decideBatch(batch.records, batch.nextIterator !== undefined, this.#o.window, skipping);
      skipping = decision.skipping;
      const seen = decision.boundaryIndex ?? batch.records.length;
      this.counts.read += seen;
      this.counts.skipped += decision.skipped;
      if (seen > 0) this.#lastMillis = recordMillis(batch.records[seen - 1]!);
      let result: ShardReadResult | undefined;
      if (decision.outcome === 'boundary') {
        const at = decision.boundaryIndex!;
        const checkpoint = at === 0 ? iterator : await this.#iteratorAt(iterator, at, batch.records[at - 1]!);
        result = this.#finish(checkpoint, 'boundary');
      } else if (decision.outcome === 'caughtUp') {
        result = this.#finish(batch.nextIterator!, 'caughtUp');
      } else if (decision.outcome === 'shardEnd') {
        result = this.#finish(SHARD_END, 'shardEnd');
      } else {
        iterator = batch.nextIterator!;
        this.#position = { iterator, skipping };
        // Read the next batch while the caller writes this one; if the caller stops here (time
        // budget), the read is simply dropped: nothing of it was handed out.
        if (this.#o.prefetch !== false) {
          prefetched = this.#get(iterator, this.#o.batchLimit);
          prefetched.catch(() => undefined);
        }
      }
      if (decision.emit.length > 0) {
        this.counts.emitted += decision.emit.length;
        this.counts.late += decision.late;
        yield { records: decision.emit.map((i) => batch.records[i]!), late: decision.late };
      }
      if (result) return result;
    }
  }

  #finish(checkpoint: string, stoppedBy: ShardReadResult['stoppedBy']): ShardReadResult {
    this.#result = { checkpoint, stoppedBy };
    return this.#result;
  }

  async #start(): Promise<ReaderPosition | undefined> {
    if (this.#o.resume) return this.#o.resume;
    const { point, skipping } = decideStart(this.#o.checkpoint, this.#o.window, this.#o.seekMarginMillis);
    if (point.kind === 'shardEnd') return undefined;
    if (point.kind === 'iterator') return { iterator: point.iterator, skipping };
    const options = point.kind === 'seek' ? { timestampUs: point.timestampUs } : {};
    const iterator = await this.#guard(undefined, () =>
      this.#o.streams.getShardIterator(this.#o.streamId, this.#o.shardId, options),
    );
    return iterator === undefined ? undefined : { iterator, skipping };
  }

  /** An iterator positioned at record `at` of the batch read from `iterator` (DataX's `limit = i`). */
  async #iteratorAt(iterator: string, at: number, last: StreamRecord): Promise<string> {
    let it = iterator;
    let need = at;
    let tail: StreamRecord | undefined;
    while (need > 0) {
      const batch = await this.#get(it, need);
      if (batch.records.length === 0 || batch.nextIterator === undefined || batch.records.length > need) {
        throw new Error(
          `shard ${this.#o.shardId}: re-reading ${at} records for the boundary checkpoint returned ${batch.records.length}`,
        );
      }
      need -= batch.records.length;
      tail = batch.records[batch.records.length - 1];
      it = batch.nextIterator;
    }
    const s = tail!.sequence;
    if (
      s.epoch !== last.sequence.epoch ||
      s.timestamp !== last.sequence.timestamp ||
      s.rowIndex !== last.sequence.rowIndex
    ) {
      throw new Error(`shard ${this.#o.shardId}: the boundary re-read did not return the same records`);
    }
    return it;
  }

  async #get(iterator: string, limit: number | undefined) {
    this.counts.requests++;
    return this.#guard(iterator, () =>
      this.#o.streams.getStreamRecord(iterator, limit === undefined ? {} : { limit }),
    );
  }

  /** Turns trimmed data and corrupt records into the window-failing errors that name what was lost. */
  async #guard<T>(iterator: string | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof PlainBufferCorruptError) {
        throw new CorruptRecordError(this.#o.shardId, err.offset, iterator ?? '', { cause: err });
      }
      if (err instanceof TrimmedDataError) {
        const from = Math.min(this.#lastMillis ?? this.#o.window.startMillis, this.#o.window.startMillis);
        const to = (await this.#oldestRetainedMillis()) ?? this.#o.window.endMillis;
        throw new StreamDataLostError(this.#o.shardId, from, Math.max(from, to), { cause: err });
      }
      throw err;
    }
  }

  /** Commit time of the oldest record the shard still holds (the end of the lost range). */
  async #oldestRetainedMillis(): Promise<number | undefined> {
    try {
      const it = await this.#o.streams.getShardIterator(this.#o.streamId, this.#o.shardId);
      if (it === undefined) return undefined;
      const batch = await this.#o.streams.getStreamRecord(it, { limit: 1 });
      return batch.records[0] === undefined ? undefined : recordMillis(batch.records[0]);
    } catch {
      return undefined;
    }
  }
}
