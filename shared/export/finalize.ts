/**
 * `finalize` of one window, idempotent: checks every shard result of the epoch, applies
 * errorLimit, merges partials into final objects, copies dirty rows to `_dirty/`, writes the
 * manifest (create-only, chained), writes DataX's checkpoint and job rows for the window end
 * (live run), commits the window and advances the watermark (conditional writes), removes the
 * partials. Invoked again — concurrently or after a crash — it commits once and rewrites nothing.
 */
import { extensionFor } from '../formats/index.js';
import { dirtyObjectName, manifestObjectName } from '../naming/index.js';
import { outputColumns } from '../records/index.js';
import {
  LIVE_RUN,
  SHARD_END,
  TRIM_HORIZON,
  WatermarkConflictError,
  clearDataxCheckpoints,
  commitWindow,
  isClaimedAt,
  readShardResults,
  readWatermark,
  readWindow,
  windowEpochMismatch,
  writeDataxCheckpoint,
  writeDataxJobDesc,
  type ShardResultRecord,
  type WindowRef,
} from '../status/index.js';
import { afterCommit, alreadyCommitted, settleLostRace } from './after-commit.js';
import { DirtyLimitError } from './errors.js';
import { MANIFEST_FORMAT, writeManifest, type Manifest } from './manifest.js';
import { appendWindow } from './append.js';
import { headerBytes, planObjects, writeFinalObjects } from './merge.js';
import { namingJob, namingWindow, windowRef } from './naming.js';
import { DIRTY_SUFFIX } from './shard-export.js';
import type { ExportContext, FinalObject, FinalizeResult, WindowSpan } from './types.js';

export interface FinalizeOptions {
  readonly window: WindowSpan;
  readonly epoch: number;
  readonly now: number;
}

/** DataX's `Version` for the rows this tool writes: stable per job, window and epoch. */
export function dataxVersion(job: string, end: number, epoch: number): string {
  return `ots2oss-${job}-${end}-${epoch}`;
}

function checkErrorLimit(ctx: ExportContext, rows: number, dirty: number): void {
  const { record, percentage } = ctx.config.errorLimit;
  const total = rows + dirty;
  const over =
    record === undefined && percentage === undefined
      ? dirty > 0
      : (record !== undefined && dirty > record) ||
        (percentage !== undefined && total > 0 && dirty / total > percentage);
  if (over) throw new DirtyLimitError(dirty, total, ctx.config.errorLimit);
}

export async function finalizeWindow(ctx: ExportContext, options: FinalizeOptions): Promise<FinalizeResult> {
  const { window, epoch, now } = options;
  const ref = windowRef(ctx, window);
  const record = await readWindow(ctx.status, ref);
  if (record?.state === 'committed') return alreadyCommitted(ctx, window, record, now);
  if (!record || !isClaimedAt(record, epoch)) throw windowEpochMismatch(ref, epoch, record);
  try {
    return await finalizeClaimed(ctx, ref, record.shards ?? [], options);
  } catch (err) {
    // A twin finalize of this epoch may have committed (and advanced the watermark, removed the
    // partials) after our read above: then ours failing is the race lost, not a conflict.
    return settleLostRace(ctx, ref, window, epoch, now, err);
  }
}

async function finalizeClaimed(
  ctx: ExportContext,
  ref: WindowRef,
  expected: readonly string[],
  options: FinalizeOptions,
): Promise<FinalizeResult> {
  const { window, epoch, now } = options;
  const results = new Map((await readShardResults(ctx.status, ref, epoch)).map((r) => [r.shardId, r]));
  const missing = expected.filter((id) => !results.has(id));
  if (missing.length > 0) return { state: 'waiting', window, missing };
  const ordered: ShardResultRecord[] = expected
    .slice()
    .sort()
    .map((id) => results.get(id)!);

  const totals = { rows: 0, late: 0, dirty: 0 };
  for (const r of ordered) {
    totals.rows += r.rows;
    totals.late += r.late;
    totals.dirty += r.dirty;
  }
  checkErrorLimit(ctx, totals.rows, totals.dirty);

  const job = namingJob(ctx);
  const nw = namingWindow(window);
  const extension = extensionFor(ctx.config.output);
  const data = ordered.flatMap((r) => r.partials.filter((p) => !p.key.endsWith(DIRTY_SUFFIX)));
  const columns = outputColumns({ ...ctx.config.layout, primaryKey: ctx.primaryKey });
  const header = await headerBytes(ctx, columns);
  let objects: FinalObject[] = [];
  let append: Manifest['append'] = null;
  if (ctx.config.output.writeMode === 'append') {
    const done = await appendWindow(ctx, { window, epoch, now }, data, extension, header);
    objects = done.objects;
    append = done.append;
  } else if (data.length > 0) {
    objects = await writeFinalObjects(ctx, window, data, extension, header);
  }

  const dirtyObjects: FinalObject[] = [];
  for (const r of ordered) {
    const parts = r.partials.filter((p) => p.key.endsWith(DIRTY_SUFFIX));
    if (parts.length === 0) continue;
    const [o] = planObjects(parts, {
      header: undefined,
      maxBytes: Infinity,
      keyOf: (n) => dirtyObjectName(job, nw, r.shardId, n),
    });
    const body = Buffer.concat(await Promise.all(parts.map((p) => ctx.sink.get(p.key))));
    const existing = await ctx.sink.head(o!.key);
    if (!existing || existing.crc64 !== o!.crc64 || existing.size !== o!.bytes)
      await ctx.sink.put(o!.key, body);
    dirtyObjects.push({ key: o!.key, rows: o!.rows, bytes: o!.bytes, crc64: o!.crc64 });
  }

  const watermark = await readWatermark(ctx.status, ctx.config.name, ctx.run);
  if (watermark && watermark.watermark !== window.startMillis) {
    throw new WatermarkConflictError(ctx.run, window.startMillis, watermark.watermark);
  }
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    job: ctx.config.name,
    run: ctx.run,
    instance: ctx.config.tablestore.instanceName,
    table: ctx.config.tablestore.dataTable,
    window: { start: window.startMillis, end: window.endMillis },
    fileFormat: ctx.config.output.fileFormat,
    writeMode: ctx.config.output.writeMode,
    objects,
    dirtyObjects,
    counts: { ...totals, bytes: objects.reduce((n, o) => n + o.bytes, 0), shards: ordered.length },
    checkpoints: {
      iterator: ordered.filter((r) => r.checkpoint !== SHARD_END && r.checkpoint !== TRIM_HORIZON).length,
      shardEnd: ordered.filter((r) => r.checkpoint === SHARD_END).length,
      trimHorizon: ordered.filter((r) => r.checkpoint === TRIM_HORIZON).length,
    },
    append,
    previous: watermark ? { key: watermark.manifestKey, sha256: watermark.manifestHash } : null,
  };
  const manifestKey = manifestObjectName(job, nw);
  // A manifest left by an uncommitted finalize (e.g. an epoch that lost its lease after writing
  // it, over a different shard list) describes nothing: replaced while we still hold the window.
  const { hash } = await writeManifest(ctx.sink, manifestKey, manifest, {
    replaceIf: async () => isClaimedAt(await readWindow(ctx.status, ref), epoch),
  });

  if (ctx.run === LIVE_RUN) {
    // DataX's rows for this end, so a DataWorks job can take over from here (reference §2.5).
    const version = dataxVersion(ctx.config.name, window.endMillis, epoch);
    await clearDataxCheckpoints(ctx.status, ctx.streamId, window.endMillis);
    await writeDataxJobDesc(ctx.status, {
      tableName: ctx.config.tablestore.dataTable,
      streamId: ctx.streamId,
      version,
      shardIds: ordered.map((r) => r.shardId),
      startTime: window.startMillis,
      endTime: window.endMillis,
    });
    for (const r of ordered) {
      await writeDataxCheckpoint(ctx.status, ctx.streamId, window.endMillis, {
        shardId: r.shardId,
        version,
        checkpoint: r.checkpoint,
        skipCount: 0,
        ...(r.rows > 0 ? { sendRecordCount: r.rows } : {}),
      });
    }
  }

  const bytes = manifest.counts.bytes;
  const { alreadyCommitted: repeated } = await commitWindow(ctx.status, ref, {
    epoch,
    now,
    manifestKey,
    manifestHash: hash,
    rows: totals.rows,
    bytes,
  });
  await afterCommit(ctx, window, manifestKey, hash, now);
  ctx.log?.({
    event: 'window.committed',
    window: { start: window.startMillis, end: window.endMillis },
    epoch,
    rows: totals.rows,
    objects: objects.length,
  });
  return {
    state: repeated ? 'alreadyCommitted' : 'committed',
    window,
    manifestKey,
    manifestHash: hash,
    objects,
    ...totals,
    bytes,
  };
}
