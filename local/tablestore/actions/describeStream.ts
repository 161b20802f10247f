import type { ActionContext } from '../context.js';
import { findStream } from './streamLookup.js';

interface DescribeStreamRequest {
  streamId: string;
  inclusiveStartShardId?: string;
  shardLimit?: number;
}

/** Shards sorted by id (= creation order), paged by `inclusive_start_shard_id` / `next_shard_id`. */
export function describeStream(ctx: ActionContext, req: DescribeStreamRequest): Record<string, unknown> {
  const { table, stream } = findStream(ctx, req.streamId);
  const sorted = [...stream.shards].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const from =
    req.inclusiveStartShardId === undefined
      ? sorted
      : sorted.filter((s) => s.id >= req.inclusiveStartShardId!);
  const page = req.shardLimit === undefined ? from : from.slice(0, req.shardLimit);
  const next = from[page.length];
  return {
    streamId: stream.id,
    expirationTime: stream.expirationHours,
    tableName: table.def.name,
    creationTime: stream.creationUs,
    streamStatus: 2,
    shards: page.map((s) => ({
      shardId: s.id,
      ...(s.parentId ? { parentId: s.parentId } : {}),
      ...(s.parentSiblingId ? { parentSiblingId: s.parentSiblingId } : {}),
    })),
    ...(next ? { nextShardId: next.id } : {}),
  };
}
