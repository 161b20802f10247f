/**
 * Exports one shard for one window under an epoch: read (shared/reader), lay out (shared/records),
 * format (shared/formats), and stream the rows into the shard's partial objects in staging; then
 * write the shard result (checkpoint, counts, partials) conditionally on the epoch.
 *
 * Time budget: between batches, past the deadline, the current partial part is finished and the
 * progress (iterator, skip flag, parts written) saved; a later call resumes from there with the
 * next part number, re-reading nothing already uploaded.
 */
import { randomBytes } from 'node:crypto';
import {
  createFormatter,
  extensionFor,
  formatOptions,
  type DirtyRow,
  type Formatter,
} from '../formats/index.js';
import { partialObjectName } from '../naming/index.js';
import { crc64 } from '../oss/crc64.js';
import { MultipartWriter } from '../oss/multipart-writer.js';
import { ShardReader, type ReaderPosition } from '../reader/index.js';
import { RowBuilder, valueToText, type OutputRow } from '../records/index.js';
import {
  ProgressConflictError,
  SHARD_RESULT_TYPE,
  clearProgress,
  decodeShardResult,
  loadProgress,
  saveProgress,
  shardRowKey,
  writeShardResult,
  type PartialRef,
} from '../status/index.js';
import { DirtyLimitError } from './errors.js';
import { namingJob, namingWindow, windowRef } from './naming.js';
import type { ExportContext, ShardOutcome, WindowSpan } from './types.js';

/** Suffix of staged dirty-row objects among a shard's partials. */
export const DIRTY_SUFFIX = '.dirty.jsonl';

interface SavedProgress {
  position: ReaderPosition;
  parts: PartialRef[];
  bytes: number;
}

export interface ShardExportInput {
  readonly window: WindowSpan;
  readonly epoch: number;
  readonly shardId: string;
  /** Start checkpoint (undefined = timestamp seek). */
  readonly checkpoint: string | undefined;
  readonly deadline?: number;
  readonly clock?: () => number;
}

function outcomeOf(r: {
  shardId: string;
  checkpoint: string;
  rows: number;
  late: number;
  dirty: number;
  bytes: number;
}): ShardOutcome {
  return {
    shardId: r.shardId,
    state: 'done',
    checkpoint: r.checkpoint,
    rows: r.rows,
    late: r.late,
    dirty: r.dirty,
    bytes: r.bytes,
  };
}

/** The stored result of this shard at `epoch`, if it already reported (duplicate invocation). */
export async function existingResult(
  ctx: ExportContext,
  window: WindowSpan,
  shardId: string,
  epoch: number,
): Promise<ShardOutcome | undefined> {
  const attrs = await ctx.status.get(shardRowKey(SHARD_RESULT_TYPE, windowRef(ctx, window), shardId));
  const r = attrs && decodeShardResult(attrs);
  return r && r.epoch === epoch ? outcomeOf(r) : undefined;
}

function dirtyLine(d: DirtyRow, shardId: string): string {
  const row = d.row.map((v) => {
    if (v === null) return null;
    try {
      return valueToText(v, 'base64');
    } catch {
      return String(v);
    }
  });
  return JSON.stringify({ shard: shardId, column: d.column, reason: d.reason, row }) + '\n';
}

function overLimit(ctx: ExportContext, dirty: number): boolean {
  const { record, percentage } = ctx.config.errorLimit;
  if (record === undefined && percentage === undefined) return dirty > 0;
  return record !== undefined && dirty > record;
}

export async function exportShard(ctx: ExportContext, input: ShardExportInput): Promise<ShardOutcome> {
  const { window, epoch, shardId } = input;
  const done = await existingResult(ctx, window, shardId, epoch);
  if (done) return done;
  const ref = windowRef(ctx, window);
  const job = namingJob(ctx);
  const nw = namingWindow(window);
  const output = ctx.config.output;
  const extension = extensionFor(output);
  // Staging names carry the epoch and a token of this attempt: a stale invocation (older epoch) or
  // a duplicate delivery of the same one, slicing the shard at other points, can never overwrite a
  // part another attempt recorded. Final names stay deterministic; their bytes come from the parts
  // the stored result lists.
  const staged = `${shardId}.e${epoch}.${randomBytes(4).toString('hex')}`;

  const progress = await loadProgress(ctx.status, ref, shardId);
  const saved = progress && progress.epoch === epoch ? (progress.upload as SavedProgress) : undefined;
  const counts = {
    rows: progress && saved ? progress.rows : 0,
    late: saved ? progress!.late : 0,
    dirty: saved ? progress!.dirty : 0,
  };
  const parts: PartialRef[] = saved ? [...saved.parts] : [];
  const resumed = parts.length; // parts after these are this call's own
  let bytes = saved ? saved.bytes : 0;
  const slices = saved ? progress!.slices + 1 : 1;

  const reader = new ShardReader({
    streams: ctx.streams,
    streamId: ctx.streamId,
    shardId,
    window,
    ...(saved
      ? { resume: saved.position }
      : input.checkpoint !== undefined
        ? { checkpoint: input.checkpoint }
        : {}),
    batchLimit: ctx.options.batchLimit,
    seekMarginMillis: ctx.options.seekMarginMillis,
  });
  const builder = new RowBuilder(
    {
      mode: ctx.config.layout.mode,
      columns: ctx.config.layout.columns,
      isExportSequenceInfo: ctx.config.layout.isExportSequenceInfo,
      primaryKey: ctx.primaryKey,
    },
    shardId,
  );
  // Partials never carry the header: finalize writes it once at the top of each final object.
  const fmtOptions = formatOptions({ ...output, header: false }, builder.columns);

  let writer: MultipartWriter | undefined;
  let formatter: Formatter | undefined;
  let dirtyText = '';
  const nextPart = () => parts.length + 1;

  const open = async (): Promise<Formatter> => {
    if (formatter) return formatter;
    const key = partialObjectName(job, nw, staged, nextPart(), extension);
    writer = await MultipartWriter.open(ctx.sink, key, {
      partSize: ctx.options.partSize,
      ...(ctx.throttle ? { throttle: ctx.throttle } : {}),
    });
    formatter = createFormatter(fmtOptions, writer);
    return formatter;
  };

  /** Finishes the open part (data and dirty rows) and records it. */
  const closePart = async (): Promise<void> => {
    const partNo = nextPart();
    if (formatter && writer) {
      const stats = await formatter.finish();
      const committed = await writer.commit();
      parts.push({ key: committed.key, rows: stats.rows, bytes: committed.size, crc64: committed.crc64 });
      bytes += committed.size;
    }
    if (dirtyText !== '') {
      const key = partialObjectName(job, nw, staged, partNo, DIRTY_SUFFIX);
      const body = Buffer.from(dirtyText, 'utf8');
      await ctx.sink.put(key, body);
      parts.push({ key, rows: dirtyText.split('\n').length - 1, bytes: body.length, crc64: crc64(body) });
    }
    formatter = undefined;
    writer = undefined;
    dirtyText = '';
  };

  try {
    for await (const batch of reader.batches()) {
      const rows: OutputRow[] = [];
      for (const record of batch.records) for (const row of builder.rows(record)) rows.push(row);
      counts.late += batch.late;
      if (rows.length > 0) {
        const f = await open();
        const before = f.stats.rows;
        const dirty = await f.write(rows);
        counts.rows += f.stats.rows - before;
        if (dirty.length > 0) {
          counts.dirty += dirty.length;
          for (const d of dirty) dirtyText += dirtyLine(d, shardId);
          if (overLimit(ctx, counts.dirty)) {
            await closePart();
            throw new DirtyLimitError(
              counts.dirty,
              counts.rows + counts.dirty,
              ctx.config.errorLimit,
              `${dirty[0]!.column}: ${dirty[0]!.reason}`,
            );
          }
        }
      }
      const position = reader.position;
      if (position && input.deadline !== undefined && (input.clock ?? Date.now)() >= input.deadline) {
        await closePart();
        await saveProgress(ctx.status, ref, {
          shardId,
          epoch,
          iterator: position.iterator,
          upload: { position, parts, bytes } satisfies SavedProgress,
          rows: counts.rows,
          late: counts.late,
          dirty: counts.dirty,
          slices,
          updatedAt: input.clock?.() ?? Date.now(),
        });
        ctx.log?.({
          event: 'shard.suspended',
          window: { start: window.startMillis, end: window.endMillis },
          shardId,
          parts: parts.length,
        });
        return {
          shardId,
          state: 'suspended',
          rows: counts.rows,
          late: counts.late,
          dirty: counts.dirty,
          bytes,
        };
      }
    }
    if (formatter || dirtyText !== '') await closePart();
  } catch (err) {
    // Abort an unfinished multipart upload; the error itself fails the window.
    await writer?.close().catch(() => undefined);
    if (err instanceof ProgressConflictError) {
      // A duplicate delivery of this slice saved first: the parts this attempt staged are nobody's.
      const own = parts.slice(resumed).map((p) => p.key);
      if (own.length > 0) await ctx.sink.deleteMany(own).catch(() => undefined);
    }
    throw err;
  }
  const result = reader.result!;
  const { stored } = await writeShardResult(ctx.status, ref, {
    shardId,
    epoch,
    checkpoint: result.checkpoint,
    rows: counts.rows,
    late: counts.late,
    dirty: counts.dirty,
    bytes,
    partials: parts,
    updatedAt: Date.now(),
  });
  await clearProgress(ctx.status, ref, shardId, epoch);
  ctx.log?.({
    event: 'shard.done',
    window: { start: window.startMillis, end: window.endMillis },
    shardId,
    rows: stored.rows,
    stoppedBy: result.stoppedBy,
    requests: reader.counts.requests,
  });
  return outcomeOf(stored);
}

/** Result for a shard that is not read this window (SHARD_END carried over, or SKIP → TRIM_HORIZON). */
export async function writeUnreadResult(
  ctx: ExportContext,
  window: WindowSpan,
  epoch: number,
  shardId: string,
  checkpoint: string,
): Promise<ShardOutcome> {
  const { stored } = await writeShardResult(ctx.status, windowRef(ctx, window), {
    shardId,
    epoch,
    checkpoint,
    rows: 0,
    late: 0,
    dirty: 0,
    bytes: 0,
    partials: [],
    updatedAt: Date.now(),
  });
  return { ...outcomeOf(stored), state: checkpoint === 'SHARD_END' ? 'shardEnd' : 'skipped' };
}
