/**
 * Stream engine: shards own ranges of the partition-key hash space; every committed row change is
 * appended to the open shard owning its partition key. Split/merge close parents and open children
 * (lineage in parent_id / parent_sibling_id); trimming drops records older than the expiration.
 */
import { createHash } from 'node:crypto';
import type { PrimaryKeyValue } from '../../../shared/tablestore/plainbuffer/types.js';
import type { Shard, StreamState } from './types.js';

export const HASH_SPACE = 2 ** 32;

export function partitionHash(value: PrimaryKeyValue): number {
  const bytes =
    typeof value === 'bigint'
      ? Buffer.from(`i${value}`)
      : typeof value === 'string'
        ? Buffer.concat([Buffer.from('s'), Buffer.from(value)])
        : value instanceof Uint8Array
          ? Buffer.concat([Buffer.from('b'), value])
          : Buffer.from('x');
  return createHash('md5').update(bytes).digest().readUInt32BE(0);
}

function shardId(no: number): string {
  return `shard-${String(no).padStart(6, '0')}`;
}

function newShard(stream: StreamState, hashLo: number, hashHi: number, lineage: Partial<Shard> = {}): Shard {
  return {
    id: shardId(stream.nextShardNo++),
    hashLo,
    hashHi,
    open: true,
    firstIndex: 0,
    records: [],
    ...lineage,
  };
}

/** A new, empty stream with `shardCount` shards splitting the hash space evenly. */
export function newStream(
  tableName: string,
  nowMs: number,
  expirationHours: number,
  shardCount: number,
): StreamState {
  const creationUs = nowMs * 1000;
  const stream: StreamState = {
    id: `${tableName}_${creationUs}`,
    creationUs,
    expirationHours,
    nextShardNo: 1,
    shards: [],
  };
  for (let i = 0; i < shardCount; i++) {
    stream.shards.push(
      newShard(
        stream,
        Math.floor((i * HASH_SPACE) / shardCount),
        Math.floor(((i + 1) * HASH_SPACE) / shardCount),
      ),
    );
  }
  return stream;
}

export function findShard(stream: StreamState, id: string): Shard | undefined {
  return stream.shards.find((s) => s.id === id);
}

/** The open shard that takes writes for this partition key. */
export function routeShard(stream: StreamState, partitionKey: PrimaryKeyValue): Shard {
  const h = partitionHash(partitionKey);
  const shard = stream.shards.find((s) => s.open && h >= s.hashLo && h < s.hashHi);
  if (!shard) throw new Error(`no open shard covers hash ${h} in stream ${stream.id}`);
  return shard;
}

export function closeShard(shard: Shard, nowMs: number): void {
  shard.open = false;
  shard.closedMs = nowMs;
}

/** Splits an open shard at the middle of its hash range (or at `at`); returns the two children. */
export function splitShard(stream: StreamState, parent: Shard, nowMs: number, at?: number): [Shard, Shard] {
  const mid = at ?? Math.floor((parent.hashLo + parent.hashHi) / 2);
  closeShard(parent, nowMs);
  const a = newShard(stream, parent.hashLo, mid, { parentId: parent.id });
  const b = newShard(stream, mid, parent.hashHi, { parentId: parent.id });
  stream.shards.push(a, b);
  return [a, b];
}

/** Merges two open shards with adjacent hash ranges; the child names `first` as parent. */
export function mergeShards(stream: StreamState, first: Shard, second: Shard, nowMs: number): Shard {
  closeShard(first, nowMs);
  closeShard(second, nowMs);
  const child = newShard(
    stream,
    Math.min(first.hashLo, second.hashLo),
    Math.max(first.hashHi, second.hashHi),
    {
      parentId: first.id,
      parentSiblingId: second.id,
    },
  );
  stream.shards.push(child);
  return child;
}

export function adjacent(a: Shard, b: Shard): boolean {
  return a.hashHi === b.hashLo || b.hashHi === a.hashLo;
}

/**
 * Drops records older than the expiration, and closed shards that hold nothing and were closed
 * before the cut-off (DataX counts a vanished parent as finished). Returns how many records went.
 */
export function trimStream(stream: StreamState, nowMs: number): number {
  const cutoffMs = nowMs - stream.expirationHours * 3_600_000;
  const cutoffUs = cutoffMs * 1000;
  let trimmed = 0;
  for (const shard of stream.shards) {
    let n = 0;
    while (n < shard.records.length && shard.records[n]!.tsUs < cutoffUs) n++;
    if (n > 0) {
      shard.records.splice(0, n);
      shard.firstIndex += n;
      trimmed += n;
    }
  }
  stream.shards = stream.shards.filter((s) => s.open || s.records.length > 0 || (s.closedMs ?? 0) > cutoffMs);
  return trimmed;
}

export function endIndex(shard: Shard): number {
  return shard.firstIndex + shard.records.length;
}
