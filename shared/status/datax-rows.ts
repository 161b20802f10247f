/**
 * Pure encode/decode of the rows DataX's otsstreamreader keeps in the status table, byte-compatible
 * so a DataWorks job can hand over to this tool and back (reference datax-otsstream.md §2.5–2.7):
 *
 * | StatusType                          | StatusValue             | columns                                   |
 * | `CheckpointForDataxReader`          | `%16d(end) \t shardId`  | Version, Checkpoint, SkipCount, [SendRecordCount] |
 * | `CheckpointForDataxReader` (legacy) | `%16d(end)`             | ShardCount                                |
 * | `DataxJobDesc`                      | `%16d(end)`             | ShardIds_0..k (zlib JSON), Version, TableName, JobStreamId, StartTime, EndTime |
 * | `ShardTimeCheckpointForDataxReader` | `shardId \t %16d(time)` | Checkpoint                                |
 */
import { inflateSync } from 'node:zlib';
// pako is a port of vanilla zlib: its output equals java.util.zip.Deflater's byte for byte, where
// Node's built-in zlib (Chromium's fork) finds different matches. Inflating works with either.
import { deflate } from 'pako';
import { Reader } from './columns.js';
import { StatusRowCorruptError } from './errors.js';
import { formatJavaTime, gsonStringArray, javaHashSetOrder } from './java-compat.js';
import type { Attrs, StatusKey } from './store.js';

export const DATAX_CHECKPOINT = 'CheckpointForDataxReader';
export const DATAX_JOB_DESC = 'DataxJobDesc';
export const DATAX_SHARD_TIME = 'ShardTimeCheckpointForDataxReader';
export const TRIM_HORIZON = 'TRIM_HORIZON';
export const SHARD_END = 'SHARD_END';
/** DataX's `LARGEST_SHARD_ID`, the end bound of "all checkpoints at time T". */
export const DATAX_LARGEST_SHARD_ID = '\u007f';
/** Each ShardIds_N column holds at most 64 KiB of the compressed list. */
export const DATAX_COLUMN_MAX_SIZE = 64 * 1024;

export interface DataxCheckpoint {
  shardId: string;
  /** The job version that wrote it; `''` for rows of old readers without the column. */
  version: string;
  /** An opaque shard iterator, or `TRIM_HORIZON` / `SHARD_END`. */
  checkpoint: string;
  skipCount: number;
  /** Records sent for this shard (written only when > 0). */
  sendRecordCount?: number;
}

export interface DataxJobDesc {
  tableName: string;
  streamId: string;
  version: string;
  shardIds: string[];
  startTime: number;
  endTime: number;
}

export function dataxCheckpointKey(streamId: string, endMs: number, shardId: string): StatusKey {
  return { streamId, type: DATAX_CHECKPOINT, value: `${formatJavaTime(endMs)}\t${shardId}` };
}

/** The `[start, end)` StatusValue range DataX scans for every checkpoint at `endMs`. */
export function dataxCheckpointRange(endMs: number): { start: string; end: string } {
  const time = formatJavaTime(endMs);
  return { start: `${time}\t`, end: `${time}\t${DATAX_LARGEST_SHARD_ID}` };
}

/** Shard id from a checkpoint row's StatusValue (the part after the tab), as DataX splits it. */
export function shardIdOfCheckpointValue(value: string): string {
  const tab = value.indexOf('\t');
  if (tab < 0) throw new StatusRowCorruptError(JSON.stringify(value), 'no tab between time and shard id');
  return value.slice(tab + 1);
}

export function encodeDataxCheckpoint(cp: DataxCheckpoint): Attrs {
  const attrs: Attrs = { Version: cp.version, Checkpoint: cp.checkpoint, SkipCount: cp.skipCount };
  if (cp.sendRecordCount !== undefined && cp.sendRecordCount > 0) attrs.SendRecordCount = cp.sendRecordCount;
  return attrs;
}

export function decodeDataxCheckpoint(shardId: string, attrs: Attrs): DataxCheckpoint {
  const what = `${DATAX_CHECKPOINT} of shard ${shardId}`;
  const checkpoint = attrs.Checkpoint;
  if (typeof checkpoint !== 'string') throw new StatusRowCorruptError(what, 'Checkpoint is not a string');
  const r = new Reader(attrs, what);
  const cp: DataxCheckpoint = {
    shardId,
    version: r.optStr('Version') ?? '',
    checkpoint,
    skipCount: r.optInt('SkipCount') ?? 0,
  };
  const sent = r.optInt('SendRecordCount');
  if (sent !== undefined) cp.sendRecordCount = sent;
  return cp;
}

export function dataxShardCountKey(streamId: string, endMs: number): StatusKey {
  return { streamId, type: DATAX_CHECKPOINT, value: formatJavaTime(endMs) };
}

export function dataxJobDescKey(streamId: string, endMs: number): StatusKey {
  return { streamId, type: DATAX_JOB_DESC, value: formatJavaTime(endMs) };
}

/** Shard ids as DataX stores them: HashSet order, Gson JSON, zlib (java.util.zip.Deflater), 64 KiB chunks. */
export function encodeDataxShardIds(shardIds: readonly string[]): Buffer[] {
  const json = gsonStringArray(javaHashSetOrder(shardIds));
  const content = Buffer.from(deflate(Buffer.from(json, 'utf8')));
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += DATAX_COLUMN_MAX_SIZE) {
    chunks.push(content.subarray(i, i + DATAX_COLUMN_MAX_SIZE));
  }
  return chunks;
}

export function decodeDataxShardIds(attrs: Attrs): string[] {
  const parts: Buffer[] = [];
  for (let i = 0; ; i++) {
    const part = attrs[`ShardIds_${i}`];
    if (part === undefined) break;
    if (!Buffer.isBuffer(part))
      throw new StatusRowCorruptError(DATAX_JOB_DESC, `ShardIds_${i} is not binary`);
    parts.push(part);
  }
  try {
    const list: unknown = JSON.parse(inflateSync(Buffer.concat(parts)).toString('utf8'));
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))
      throw new Error('not a list of strings');
    return list as string[];
  } catch (err) {
    throw new StatusRowCorruptError(DATAX_JOB_DESC, 'ShardIds_* do not inflate to a JSON list of strings', {
      cause: err,
    });
  }
}

export function encodeDataxJobDesc(job: DataxJobDesc): Attrs {
  const attrs: Attrs = {};
  encodeDataxShardIds(job.shardIds).forEach((chunk, i) => (attrs[`ShardIds_${i}`] = chunk));
  attrs.Version = job.version;
  attrs.TableName = job.tableName;
  attrs.JobStreamId = job.streamId;
  attrs.StartTime = job.startTime;
  attrs.EndTime = job.endTime;
  return attrs;
}

export function decodeDataxJobDesc(attrs: Attrs): DataxJobDesc {
  const r = new Reader(attrs, DATAX_JOB_DESC);
  return {
    shardIds: decodeDataxShardIds(attrs),
    version: r.str('Version'),
    tableName: r.str('TableName'),
    streamId: r.str('JobStreamId'),
    startTime: r.int('StartTime'),
    endTime: r.int('EndTime'),
  };
}

/** DataX's job version: `"" + currentTimeMillis + "-" + UUID`. */
export function dataxJobVersion(nowMs: number, uuid: string): string {
  return `${nowMs}-${uuid}`;
}

export function dataxShardTimeKey(streamId: string, shardId: string, timeMs: number): StatusKey {
  return { streamId, type: DATAX_SHARD_TIME, value: `${shardId}\t${formatJavaTime(timeMs)}` };
}

export function encodeDataxShardTime(checkpoint: string): Attrs {
  return { Checkpoint: checkpoint };
}

export function decodeDataxShardTime(attrs: Attrs): string {
  return new Reader(attrs, DATAX_SHARD_TIME).str('Checkpoint');
}
