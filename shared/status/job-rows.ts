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
import { StatusRowCorruptError } from './errors.js';
import { formatJavaTime } from './java-compat.js';
import type { AttrValue, Attrs, StatusKey } from './store.js';

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
  /** How many budget slices ran so far. */
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

// ---- column helpers -------------------------------------------------------------------------

type Put = (name: string, value: AttrValue | undefined) => void;

function builder(): { attrs: Attrs; put: Put } {
  const attrs: Attrs = {};
  return { attrs, put: (name, value) => void (value !== undefined && (attrs[name] = value)) };
}

class Reader {
  constructor(
    private readonly attrs: Attrs,
    private readonly what: string,
  ) {}
  str(name: string): string {
    const v = this.attrs[name];
    if (typeof v !== 'string')
      throw new StatusRowCorruptError(this.what, `${name} is missing or not a string`);
    return v;
  }
  optStr(name: string): string | undefined {
    return this.attrs[name] === undefined ? undefined : this.str(name);
  }
  int(name: string): number {
    const v = this.attrs[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new StatusRowCorruptError(this.what, `${name} is missing or not an integer`);
    }
    return v;
  }
  optInt(name: string): number | undefined {
    return this.attrs[name] === undefined ? undefined : this.int(name);
  }
  bool(name: string): boolean {
    const v = this.attrs[name];
    if (typeof v !== 'boolean')
      throw new StatusRowCorruptError(this.what, `${name} is missing or not a boolean`);
    return v;
  }
  json<T>(name: string): T {
    try {
      return JSON.parse(this.str(name)) as T;
    } catch (err) {
      if (err instanceof StatusRowCorruptError) throw err;
      throw new StatusRowCorruptError(this.what, `${name} is not JSON`, { cause: err });
    }
  }
  optJson<T>(name: string): T | undefined {
    return this.attrs[name] === undefined ? undefined : this.json<T>(name);
  }
}

const WINDOW_STATES: readonly WindowState[] = ['planned', 'claimed', 'committed', 'failed'];
const BACKFILL_STATES: readonly BackfillState[] = ['active', 'done', 'failed', 'cancelled'];

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string, column: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new StatusRowCorruptError(what, `${column} "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

// ---- window ---------------------------------------------------------------------------------

/** Every column a window row may hold, so an update can remove the ones a new state lacks. */
export const WINDOW_COLUMNS = [
  'Run',
  'Start',
  'End',
  'State',
  'Epoch',
  'LeaseOwner',
  'LeaseExpiresAt',
  'Shards',
  'ErrorCode',
  'ErrorMessage',
  'LostShard',
  'LostFrom',
  'LostTo',
  'ManifestKey',
  'ManifestHash',
  'Rows',
  'Bytes',
  'CommittedAt',
  'AppendPosition',
  'AppendCrc64',
  'UpdatedAt',
] as const;

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
