import type { ActionContext } from '../context.js';
import { decodeSeekToken, encodeIterator, encodeSeekToken } from '../store/iterators.js';
import { endIndex, findShard } from '../store/streams.js';
import { invalid, otsError } from '../wire-error.js';
import { findStream } from './streamLookup.js';

interface GetShardIteratorRequest {
  streamId: string;
  shardId: string;
  /** µs; seek to the first record at or after it (newer protos only). */
  timestamp?: string | number;
  token?: string;
}

/**
 * Without `timestamp`: the oldest retained record (TRIM_HORIZON). With it: the first record whose
 * sequence timestamp is >= it, scanning at most `seekPageSize` records per call; an unfinished scan
 * answers `next_token`, which the client sends back as `token` to continue.
 */
export function getShardIterator(ctx: ActionContext, req: GetShardIteratorRequest): Record<string, unknown> {
  const { stream } = findStream(ctx, req.streamId);
  const shard = findShard(stream, req.shardId);
  if (!shard) throw otsError('OTSObjectNotExist', 'Requested shard does not exist.');
  const at = (index: number) => encodeIterator({ streamId: stream.id, shardId: shard.id, index });
  if (req.timestamp === undefined) {
    if (req.token !== undefined) throw invalid('A token is only valid with a timestamp.');
    return { shardIterator: at(shard.firstIndex) };
  }
  const timestampUs = Number(req.timestamp);
  if (!Number.isSafeInteger(timestampUs) || timestampUs < 0)
    throw invalid(`Invalid timestamp: ${String(req.timestamp)}.`);
  let index =
    req.token === undefined
      ? shard.firstIndex
      : Math.max(decodeSeekToken(req.token, shard.id), shard.firstIndex);
  const end = Math.min(endIndex(shard), index + ctx.settings.seekPageSize);
  if (index > endIndex(shard)) throw invalid('Invalid token.');
  for (; index < end; index++) {
    if (shard.records[index - shard.firstIndex]!.tsUs >= timestampUs) return { shardIterator: at(index) };
  }
  if (index < endIndex(shard))
    return { shardIterator: at(index), nextToken: encodeSeekToken(shard.id, index) };
  return { shardIterator: at(index) };
}
