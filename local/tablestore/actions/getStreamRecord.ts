import type { ActionContext } from '../context.js';
import { decodeIterator, encodeIterator } from '../store/iterators.js';
import { endIndex, findShard } from '../store/streams.js';
import { invalid, otsError } from '../wire-error.js';
import { findStream } from './streamLookup.js';

export const DEFAULT_RECORD_LIMIT = 100;
export const MAX_RECORD_LIMIT = 1000;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const trimmed = () =>
  otsError('OTSTrimmedDataAccess', 'Requested stream data is already trimmed or does not exist.');

/**
 * Up to `limit` records in commit order. Caught up on an open shard: no records and the same
 * iterator back. A closed shard read to its end: no next iterator (SHARD_END).
 */
export function getStreamRecord(
  ctx: ActionContext,
  req: { shardIterator: string; limit?: number },
): Record<string, unknown> {
  const position = decodeIterator(req.shardIterator);
  const { stream } = findStream(ctx, position.streamId);
  const shard = findShard(stream, position.shardId);
  if (!shard) throw trimmed();
  if (position.index < shard.firstIndex) throw trimmed();
  if (position.index > endIndex(shard)) throw invalid('Invalid shard iterator.');
  const limit = Math.min(req.limit ?? DEFAULT_RECORD_LIMIT, MAX_RECORD_LIMIT);
  const records = [];
  let bytes = 0;
  let index = position.index;
  while (index < endIndex(shard) && records.length < limit) {
    const record = shard.records[index - shard.firstIndex]!;
    if (records.length > 0 && bytes + record.bytes.length > MAX_RESPONSE_BYTES) break;
    records.push({ actionType: record.action, record: record.bytes });
    bytes += record.bytes.length;
    index++;
  }
  const atEnd = index === endIndex(shard);
  const next =
    !shard.open && atEnd
      ? undefined
      : index === position.index
        ? req.shardIterator
        : encodeIterator({ ...position, index });
  return {
    streamRecords: records,
    ...(next !== undefined ? { nextShardIterator: next } : {}),
    mayMoreRecord: !atEnd,
  };
}
