/**
 * Reading and writing DataX's own status rows (keyed by the stream id), so a DataWorks
 * otsstreamreader job can hand over to this tool and back. Same rules as DataX's
 * CheckpointTimeTracker: all checkpoints at T are one range scan, a window is "complete" when a
 * job-desc row at T exists and every listed shard has a checkpoint carrying that job's version.
 */
import {
  DATAX_CHECKPOINT,
  DATAX_SHARD_TIME,
  dataxCheckpointKey,
  dataxCheckpointRange,
  dataxJobDescKey,
  dataxShardCountKey,
  dataxShardTimeKey,
  decodeDataxCheckpoint,
  decodeDataxJobDesc,
  decodeDataxShardTime,
  encodeDataxCheckpoint,
  encodeDataxJobDesc,
  encodeDataxShardTime,
  shardIdOfCheckpointValue,
  type DataxCheckpoint,
  type DataxJobDesc,
} from './datax-rows.js';
import type { StatusStore } from './store.js';

export async function writeDataxCheckpoint(
  store: StatusStore,
  streamId: string,
  endMs: number,
  checkpoint: DataxCheckpoint,
): Promise<void> {
  await store.put(dataxCheckpointKey(streamId, endMs, checkpoint.shardId), encodeDataxCheckpoint(checkpoint));
}

export async function readDataxCheckpoints(
  store: StatusStore,
  streamId: string,
  endMs: number,
): Promise<Map<string, DataxCheckpoint>> {
  const rows = await store.scan(streamId, DATAX_CHECKPOINT, dataxCheckpointRange(endMs));
  const map = new Map<string, DataxCheckpoint>();
  for (const row of rows) {
    const shardId = shardIdOfCheckpointValue(row.key.value);
    map.set(shardId, decodeDataxCheckpoint(shardId, row.attrs));
  }
  return map;
}

/** Deletes every checkpoint at `endMs` (DataX does this before re-running a window). */
export async function clearDataxCheckpoints(
  store: StatusStore,
  streamId: string,
  endMs: number,
): Promise<void> {
  const rows = await store.scan(streamId, DATAX_CHECKPOINT, dataxCheckpointRange(endMs));
  for (const row of rows) await store.delete(row.key);
}

export async function writeDataxJobDesc(store: StatusStore, job: DataxJobDesc): Promise<void> {
  await store.put(dataxJobDescKey(job.streamId, job.endTime), encodeDataxJobDesc(job));
}

export async function readDataxJobDesc(
  store: StatusStore,
  streamId: string,
  endMs: number,
): Promise<DataxJobDesc | undefined> {
  const attrs = await store.get(dataxJobDescKey(streamId, endMs));
  return attrs && decodeDataxJobDesc(attrs);
}

/**
 * The checkpoints a window ending at `endMs` left for the next one, or undefined when that window
 * is incomplete (DataX's getAndCheckAllCheckpoints: job desc present, same stream, one checkpoint
 * per listed shard, every version equal; legacy jobs: a ShardCount row equal to the count).
 */
export async function readCompleteDataxCheckpoints(
  store: StatusStore,
  streamId: string,
  endMs: number,
): Promise<Map<string, DataxCheckpoint> | undefined> {
  const checkpoints = await readDataxCheckpoints(store, streamId, endMs);
  const job = await readDataxJobDesc(store, streamId, endMs);
  if (!job) {
    const legacy = await store.get(dataxShardCountKey(streamId, endMs));
    const count = legacy?.ShardCount;
    return typeof count === 'number' && count === checkpoints.size ? checkpoints : undefined;
  }
  if (job.streamId !== streamId || job.shardIds.length !== checkpoints.size) return undefined;
  for (const shardId of job.shardIds) {
    const cp = checkpoints.get(shardId);
    if (!cp || cp.version !== job.version) return undefined;
  }
  return checkpoints;
}

export async function writeDataxShardTime(
  store: StatusStore,
  streamId: string,
  shardId: string,
  timeMs: number,
  checkpoint: string,
): Promise<void> {
  await store.put(dataxShardTimeKey(streamId, shardId, timeMs), encodeDataxShardTime(checkpoint));
}

/** Newest ShardTime checkpoint of a shard with time in `(fromMs, toMs]` (DataX's nearest-checkpoint fallback). */
export async function findDataxShardTime(
  store: StatusStore,
  streamId: string,
  shardId: string,
  fromMs: number,
  toMs: number,
): Promise<{ timeMs: number; checkpoint: string } | undefined> {
  const low = dataxShardTimeKey(streamId, shardId, fromMs).value + '\u0000';
  const high = dataxShardTimeKey(streamId, shardId, toMs).value + '\u0000';
  const [row] = await store.scan(
    streamId,
    DATAX_SHARD_TIME,
    { start: low, end: high },
    { reverse: true, limit: 1 },
  );
  if (!row) return undefined;
  const time = Number(row.key.value.slice(row.key.value.lastIndexOf('\t') + 1).trim());
  return { timeMs: time, checkpoint: decodeDataxShardTime(row.attrs) };
}
