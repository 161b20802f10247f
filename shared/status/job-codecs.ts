/**
 * Pure encode/decode of this tool's own status rows (layout in job-rows.ts): one column per field,
 * integers as INTEGER, lists and upload state as JSON strings.
 */
import { Reader, builder, oneOf } from './columns.js';
import {
  BACKFILL_TYPE,
  PROGRESS_TYPE,
  SHARD_RESULT_TYPE,
  WATERMARK_TYPE,
  WINDOW_TYPE,
  type BackfillRecord,
  type BackfillState,
  type PartialRef,
  type ShardProgressRecord,
  type ShardResultRecord,
  type WatermarkRecord,
  type WindowRecord,
  type WindowState,
} from './job-rows.js';
import type { Attrs } from './store.js';

const WINDOW_STATES: readonly WindowState[] = ['planned', 'claimed', 'committed', 'failed'];
const BACKFILL_STATES: readonly BackfillState[] = ['active', 'done', 'failed', 'cancelled'];

// ---- window ---------------------------------------------------------------------------------

export function encodeWindow(w: WindowRecord): Attrs {
  const { attrs, put } = builder();
  put('Run', w.run);
  put('Start', w.start);
  put('End', w.end);
  put('State', w.state);
  put('Epoch', w.epoch);
  put('LeaseOwner', w.leaseOwner);
  put('LeaseExpiresAt', w.leaseExpiresAt);
  put('Shards', w.shards && JSON.stringify(w.shards));
  put('ErrorCode', w.error?.code);
  put('ErrorMessage', w.error?.message);
  put('LostShard', w.lost?.shardId);
  put('LostFrom', w.lost?.from);
  put('LostTo', w.lost?.to);
  put('ManifestKey', w.manifestKey);
  put('ManifestHash', w.manifestHash);
  put('Rows', w.rows);
  put('Bytes', w.bytes);
  put('CommittedAt', w.committedAt);
  put('AppendPosition', w.appendPosition);
  put('AppendCrc64', w.appendCrc64);
  put('UpdatedAt', w.updatedAt);
  return attrs;
}

export function decodeWindow(attrs: Attrs): WindowRecord {
  const r = new Reader(attrs, WINDOW_TYPE);
  const w: WindowRecord = {
    run: r.str('Run'),
    start: r.int('Start'),
    end: r.int('End'),
    state: oneOf(r.str('State'), WINDOW_STATES, WINDOW_TYPE, 'State'),
    epoch: r.int('Epoch'),
    updatedAt: r.int('UpdatedAt'),
  };
  const opt = {
    leaseOwner: r.optStr('LeaseOwner'),
    leaseExpiresAt: r.optInt('LeaseExpiresAt'),
    shards: r.optJson<string[]>('Shards'),
    manifestKey: r.optStr('ManifestKey'),
    manifestHash: r.optStr('ManifestHash'),
    rows: r.optInt('Rows'),
    bytes: r.optInt('Bytes'),
    committedAt: r.optInt('CommittedAt'),
    appendPosition: r.optInt('AppendPosition'),
    appendCrc64: r.optStr('AppendCrc64'),
  };
  for (const [k, v] of Object.entries(opt))
    if (v !== undefined) (w as unknown as Record<string, unknown>)[k] = v;
  const code = r.optStr('ErrorCode');
  if (code !== undefined) w.error = { code, message: r.optStr('ErrorMessage') ?? '' };
  const lostShard = r.optStr('LostShard');
  if (lostShard !== undefined) w.lost = { shardId: lostShard, from: r.int('LostFrom'), to: r.int('LostTo') };
  return w;
}

// ---- shard result / progress ----------------------------------------------------------------

export function encodeShardResult(s: ShardResultRecord): Attrs {
  const { attrs, put } = builder();
  put('ShardId', s.shardId);
  put('Epoch', s.epoch);
  put('Checkpoint', s.checkpoint);
  put('Rows', s.rows);
  put('Late', s.late);
  put('Dirty', s.dirty);
  put('Bytes', s.bytes);
  put('Partials', JSON.stringify(s.partials));
  put('UpdatedAt', s.updatedAt);
  return attrs;
}

export function decodeShardResult(attrs: Attrs): ShardResultRecord {
  const r = new Reader(attrs, SHARD_RESULT_TYPE);
  const s: ShardResultRecord = {
    shardId: r.str('ShardId'),
    epoch: r.int('Epoch'),
    checkpoint: r.str('Checkpoint'),
    rows: r.int('Rows'),
    late: r.int('Late'),
    dirty: r.int('Dirty'),
    bytes: r.int('Bytes'),
    partials: r.json<PartialRef[]>('Partials'),
    updatedAt: r.int('UpdatedAt'),
  };
  return s;
}

export function encodeProgress(p: ShardProgressRecord): Attrs {
  return {
    ShardId: p.shardId,
    Epoch: p.epoch,
    Iterator: p.iterator,
    Upload: JSON.stringify(p.upload ?? null),
    Rows: p.rows,
    Late: p.late,
    Dirty: p.dirty,
    Slices: p.slices,
    UpdatedAt: p.updatedAt,
  };
}

export function decodeProgress(attrs: Attrs): ShardProgressRecord {
  const r = new Reader(attrs, PROGRESS_TYPE);
  return {
    shardId: r.str('ShardId'),
    epoch: r.int('Epoch'),
    iterator: r.str('Iterator'),
    upload: r.json<unknown>('Upload'),
    rows: r.int('Rows'),
    late: r.int('Late'),
    dirty: r.int('Dirty'),
    slices: r.int('Slices'),
    updatedAt: r.int('UpdatedAt'),
  };
}

// ---- watermark / backfill -------------------------------------------------------------------

export function encodeWatermark(w: WatermarkRecord): Attrs {
  return {
    Run: w.run,
    Watermark: w.watermark,
    ManifestKey: w.manifestKey,
    ManifestHash: w.manifestHash,
    Seq: w.seq,
    UpdatedAt: w.updatedAt,
  };
}

export function decodeWatermark(attrs: Attrs): WatermarkRecord {
  const r = new Reader(attrs, WATERMARK_TYPE);
  return {
    run: r.str('Run'),
    watermark: r.int('Watermark'),
    manifestKey: r.str('ManifestKey'),
    manifestHash: r.str('ManifestHash'),
    seq: r.int('Seq'),
    updatedAt: r.int('UpdatedAt'),
  };
}

export function encodeBackfill(b: BackfillRecord): Attrs {
  return {
    Id: b.id,
    From: b.from,
    To: b.to,
    WindowMs: b.windowMs,
    Prefix: b.prefix,
    DryRun: b.dryRun,
    State: b.state,
    WindowsPlanned: b.windowsPlanned,
    WindowsDone: b.windowsDone,
    WindowsFailed: b.windowsFailed,
    Rows: b.rows,
    Bytes: b.bytes,
    Seq: b.seq,
    CreatedAt: b.createdAt,
    UpdatedAt: b.updatedAt,
  };
}

export function decodeBackfill(attrs: Attrs): BackfillRecord {
  const r = new Reader(attrs, BACKFILL_TYPE);
  return {
    id: r.str('Id'),
    from: r.int('From'),
    to: r.int('To'),
    windowMs: r.int('WindowMs'),
    prefix: r.str('Prefix'),
    dryRun: r.bool('DryRun'),
    state: oneOf(r.str('State'), BACKFILL_STATES, BACKFILL_TYPE, 'State'),
    windowsPlanned: r.int('WindowsPlanned'),
    windowsDone: r.int('WindowsDone'),
    windowsFailed: r.int('WindowsFailed'),
    rows: r.int('Rows'),
    bytes: r.int('Bytes'),
    seq: r.int('Seq'),
    createdAt: r.int('CreatedAt'),
    updatedAt: r.int('UpdatedAt'),
  };
}
