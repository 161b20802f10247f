/** Stream API calls for tests: the project's SDK transport (real signing) and PlainBuffer decoder. */
import { decodeRow, type Row } from '../../../shared/tablestore/plainbuffer/index.js';
import { sendStreamRequest, type SdkClient } from '../../../shared/tablestore/sdk-transport.js';

export interface DecodedRecord {
  action: number;
  row: Row;
}

export function streamApi(client: SdkClient) {
  const api = {
    listStream: (tableName?: string) =>
      sendStreamRequest(client, 'listStream', tableName === undefined ? {} : { tableName }),
    describe: (streamId: string, inclusiveStartShardId?: string, shardLimit?: number) =>
      sendStreamRequest(client, 'describeStream', { streamId, inclusiveStartShardId, shardLimit }),
    streamId: async (table: string) => {
      const { streams } = await api.listStream(table);
      if (streams.length !== 1) throw new Error(`expected one stream for ${table}, got ${streams.length}`);
      return streams[0]!.streamId;
    },
    iterator: async (streamId: string, shardId: string, timestamp?: number, token?: string) =>
      sendStreamRequest(client, 'getShardIterator', { streamId, shardId, timestamp, token }),
    read: async (shardIterator: string, limit?: number) => {
      const r = await sendStreamRequest(client, 'getStreamRecord', { shardIterator, limit });
      return {
        records: (r.streamRecords ?? []).map((s): DecodedRecord => ({
          action: s.actionType,
          row: decodeRow(s.record),
        })),
        next: r.nextShardIterator,
        raw: r,
      };
    },
    /** Every record of a shard from TRIM_HORIZON until caught up (open) or SHARD_END (closed). */
    drain: async (streamId: string, shardId: string, limit = 100) => {
      let iter: string | undefined = (await api.iterator(streamId, shardId)).shardIterator;
      const records: DecodedRecord[] = [];
      while (iter) {
        const r = await api.read(iter, limit);
        records.push(...r.records);
        if (r.records.length === 0 || r.next === undefined)
          return {
            records,
            end: r.next === undefined ? 'SHARD_END' : iter === r.next ? 'CAUGHT_UP' : 'MORE',
            next: r.next,
          };
        iter = r.next;
      }
      return { records, end: 'SHARD_END', next: undefined };
    },
    shardIds: async (streamId: string) => (await api.describe(streamId)).shards.map((s) => s.shardId),
  };
  return api;
}
