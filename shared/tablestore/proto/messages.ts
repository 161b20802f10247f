/** Plain TS shapes of the stream messages (camelCase, int64 as number: µs times fit in 2^53). */
export const StreamStatus = { STREAM_ENABLING: 1, STREAM_ACTIVE: 2 } as const;
export type StreamStatus = (typeof StreamStatus)[keyof typeof StreamStatus];

export const ActionType = { PUT_ROW: 1, UPDATE_ROW: 2, DELETE_ROW: 3 } as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

export interface ErrorMessage {
  code: string;
  message?: string;
}

export interface ConsumedCapacity {
  capacityUnit: { read?: number; write?: number };
}

export interface ListStreamRequest {
  tableName?: string;
}

export interface StreamMessage {
  streamId: string;
  tableName: string;
  /** µs */
  creationTime: number;
}

export interface ListStreamResponse {
  streams: StreamMessage[];
}

export interface StreamShardMessage {
  shardId: string;
  parentId?: string;
  parentSiblingId?: string;
}

export interface DescribeStreamRequest {
  streamId: string;
  inclusiveStartShardId?: string;
  shardLimit?: number;
  supportTimeseriesDataTable?: boolean;
}

export interface DescribeStreamResponse {
  streamId: string;
  /** hours */
  expirationTime: number;
  tableName: string;
  /** µs */
  creationTime: number;
  streamStatus: StreamStatus;
  shards: StreamShardMessage[];
  nextShardId?: string;
  isTimeseriesDataTable?: boolean;
}

export interface GetShardIteratorRequest {
  streamId: string;
  shardId: string;
  /** µs; seek to the first record with sequence timestamp >= this. */
  timestamp?: number;
  /** Continue a seek the server paged (`nextToken` of the previous answer). */
  token?: string;
}

export interface GetShardIteratorResponse {
  shardIterator: string;
  nextToken?: string;
}

export interface GetStreamRecordRequest {
  shardIterator: string;
  limit?: number;
  tableName?: string;
}

export interface StreamRecordMessage {
  actionType: ActionType;
  /** PlainBuffer: header + one row with the sequence extension. */
  record: Uint8Array;
  originRecord?: Uint8Array;
}

export interface GetStreamRecordResponse {
  streamRecords: StreamRecordMessage[];
  /** Absent when the shard is closed and fully read (SHARD_END). */
  nextShardIterator?: string;
  consumed?: ConsumedCapacity;
  mayMoreRecord?: boolean;
}

/** Message name → TS shape, for the typed `encodeMessage` / `decodeMessage`. */
export interface StreamMessages {
  Error: ErrorMessage;
  ListStreamRequest: ListStreamRequest;
  ListStreamResponse: ListStreamResponse;
  DescribeStreamRequest: DescribeStreamRequest;
  DescribeStreamResponse: DescribeStreamResponse;
  GetShardIteratorRequest: GetShardIteratorRequest;
  GetShardIteratorResponse: GetShardIteratorResponse;
  GetStreamRecordRequest: GetStreamRecordRequest;
  GetStreamRecordResponse: GetStreamRecordResponse;
}
