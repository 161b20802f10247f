/**
 * An in-memory StreamClient (interface fake) with the server's semantics: iterators are positions,
 * a caught-up open shard returns no records and the same iterator, a closed shard read to its end
 * returns no next iterator, a trimmed position fails with TrimmedDataError, a record can be marked
 * corrupt (PlainBufferCorruptError at a byte offset), and timestamp seeks page with tokens.
 */
import {
  PlainBufferCorruptError,
  TrimmedDataError,
  type RecordBatch,
  type StreamClient,
  type StreamRecord,
} from '../../../shared/tablestore/index.js';

export interface FakeShard {
  shardId: string;
  parentId?: string;
  parentSiblingId?: string;
  open: boolean;
  firstIndex: number;
  records: StreamRecord[];
  corruptAt?: { index: number; offset: number };
}

export function record(ms: number, rowIndex = 0, key = 'k'): StreamRecord {
  return {
    action: 'PUT',
    primaryKey: [{ name: 'pk', value: key }],
    cells: [{ name: 'v', op: 'PUT', value: BigInt(ms), timestamp: ms }],
    sequence: { epoch: 1, timestamp: ms * 1000 + rowIndex, rowIndex },
  };
}

export class FakeStream implements StreamClient {
  readonly shards = new Map<string, FakeShard>();
  readonly stats = { requests: 0, retries: 0, retriesByCode: {} };
  readonly calls: { op: string; iterator?: string; limit?: number; timestampUs?: number }[] = [];
  defaultLimit = 3;
  seekPage = 2;

  add(shard: Partial<FakeShard> & { shardId: string }): FakeShard {
    const s: FakeShard = { open: true, firstIndex: 0, records: [], ...shard };
    this.shards.set(s.shardId, s);
    return s;
  }

  async listStream() {
    return [{ streamId: 'stream', tableName: 't', creationTimeUs: 0 }];
  }

  async describeStream() {
    const shards = [...this.shards.values()].map((s) => ({
      shardId: s.shardId,
      ...(s.parentId ? { parentId: s.parentId } : {}),
      ...(s.parentSiblingId ? { parentSiblingId: s.parentSiblingId } : {}),
    }));
    return {
      streamId: 'stream',
      tableName: 't',
      creationTimeUs: 0,
      expirationHours: 24,
      status: 'ACTIVE' as const,
      shards,
    };
  }

  async getShardIterator(_streamId: string, shardId: string, options: { timestampUs?: number } = {}) {
    this.calls.push({
      op: 'GetShardIterator',
      ...(options.timestampUs !== undefined ? { timestampUs: options.timestampUs } : {}),
    });
    const s = this.shards.get(shardId);
    if (!s)
      throw new TrimmedDataError('Requested stream data is already trimmed or does not exist.', {
        operation: 'GetShardIterator',
        retryable: false,
      });
    if (options.timestampUs === undefined) return `${shardId}:${s.firstIndex}`;
    let i = 0;
    while (i < s.records.length && s.records[i]!.sequence.timestamp < options.timestampUs) i++;
    return `${shardId}:${s.firstIndex + i}`;
  }

  async getStreamRecord(iterator: string, options: { limit?: number } = {}): Promise<RecordBatch> {
    this.calls.push({
      op: 'GetStreamRecord',
      iterator,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    const [shardId, at] = iterator.split(':') as [string, string];
    const s = this.shards.get(shardId);
    const index = Number(at);
    if (!s || index < s.firstIndex)
      throw new TrimmedDataError('Requested stream data is already trimmed or does not exist.', {
        operation: 'GetStreamRecord',
        retryable: false,
        shardIterator: iterator,
      });
    const limit = options.limit ?? this.defaultLimit;
    const from = index - s.firstIndex;
    const records = s.records.slice(from, from + limit);
    if (s.corruptAt && s.corruptAt.index >= index && s.corruptAt.index < index + records.length) {
      throw new PlainBufferCorruptError('checksum mismatch', s.corruptAt.offset);
    }
    const nextIndex = index + records.length;
    const atEnd = nextIndex === s.firstIndex + s.records.length;
    if (!s.open && atEnd) return { records, caughtUp: false };
    return {
      records,
      nextIterator: records.length === 0 ? iterator : `${shardId}:${nextIndex}`,
      caughtUp: records.length === 0,
    };
  }
}
