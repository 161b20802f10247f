/**
 * Typed async client for the Tablestore Stream API on top of the SDK's transport and signing.
 * Every call retries transient failures (see `retry-policy.ts`) and throws only `SyncError`s:
 * `TablestoreError`, `TrimmedDataError`, `PlainBufferCorruptError`.
 *
 * @example
 * const streams = createStreamClient({ sdk: new TableStore.Client({ endpoint, accessKeyId, secretAccessKey, instancename }) });
 * const [{ streamId }] = await streams.listStream('orders');
 * const { shards } = await streams.describeStream(streamId);
 * let iterator = await streams.getShardIterator(streamId, shards[0].shardId, { timestampUs: startMs * 1000 });
 * while (iterator) {
 *   const batch = await streams.getStreamRecord(iterator, { limit: 1000 });
 *   // batch.records: action, primaryKey, cells, sequence
 *   if (batch.caughtUp) break; // open shard, nothing new yet
 *   iterator = batch.nextIterator; // undefined = SHARD_END
 * }
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { TablestoreError } from './errors.js';
import { StreamStatus } from './proto/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { withRetries, type RetryEvent, type RetryRuntime, type RetryStats } from './retrying.js';
import { sendStreamRequest, type SdkClient } from './sdk-transport.js';
import { decodeStreamRecord, type StreamRecord } from './stream-record.js';

export interface StreamClientOptions {
  /** A `TableStore.Client` (npm `tablestore`): transport, signing, endpoint and credentials. */
  sdk: SdkClient;
  /** Overrides of the retry policy (default: 30 retries, 100 ms doubling up to 10 s, jittered). */
  retry?: Partial<RetryPolicy>;
  /** Called before each retry's wait, e.g. to log or count. */
  onRetry?: (event: RetryEvent) => void;
  /** Stops retrying (the last failure is thrown) once aborted, e.g. near the function's deadline. */
  signal?: AbortSignal;
  /** For tests: randomness of the jitter and the wait itself. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface StreamSummary {
  streamId: string;
  tableName: string;
  creationTimeUs: number;
}

export interface ShardInfo {
  shardId: string;
  /** Set on children of a split or merge. */
  parentId?: string;
  /** Set on the child of a merge: the other parent. */
  parentSiblingId?: string;
}

export interface StreamDescription {
  streamId: string;
  tableName: string;
  creationTimeUs: number;
  expirationHours: number;
  status: 'ENABLING' | 'ACTIVE';
  /** Every shard (all DescribeStream pages), in the server's order (by shard id). */
  shards: ShardInfo[];
}

export interface ShardIteratorOptions {
  /** Seek to the first record with sequence timestamp >= this (µs); absent = TRIM_HORIZON. */
  timestampUs?: number;
}

export interface GetStreamRecordOptions {
  /** Records per call (the server's default when absent). */
  limit?: number;
  /** Table-group mode (`GetStreamRecordRequest.table_name`). */
  tableName?: string;
}

export interface RecordBatch {
  records: StreamRecord[];
  /**
   * Where to continue. Absent = SHARD_END (closed shard, fully read). On an open shard that is
   * caught up the server returns 0 records and the same iterator.
   */
  nextIterator?: string;
  /** An open shard with nothing new: no records and the same iterator back. */
  caughtUp: boolean;
  mayMoreRecord?: boolean;
}

export interface StreamClient {
  /** Streams of one table, or of the whole instance without a name. */
  listStream(tableName?: string): Promise<StreamSummary[]>;
  /** The stream and all of its shards (follows `next_shard_id` paging). */
  describeStream(streamId: string, options?: { shardLimit?: number }): Promise<StreamDescription>;
  /** An iterator at TRIM_HORIZON or at a timestamp (follows `next_token` paging); undefined = SHARD_END. */
  getShardIterator(
    streamId: string,
    shardId: string,
    options?: ShardIteratorOptions,
  ): Promise<string | undefined>;
  /** One batch of decoded records. Trimmed data → `TrimmedDataError`; corrupt data → `PlainBufferCorruptError`. */
  getStreamRecord(shardIterator: string, options?: GetStreamRecordOptions): Promise<RecordBatch>;
  /** Requests and retries made so far by this client. */
  readonly stats: RetryStats;
}

const MAX_PAGES = 100_000;

function badResponse(operation: string, message: string): TablestoreError {
  return new TablestoreError('TABLESTORE_BAD_RESPONSE', `${operation}: ${message}`, {
    operation,
    retryable: false,
  });
}

export function createStreamClient(options: StreamClientOptions): StreamClient {
  const { sdk } = options;
  const runtime: RetryRuntime = {
    policy: {
      maxRetries: options.retry?.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.retry?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    },
    stats: { requests: 0, retries: 0, retriesByCode: {} },
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal })),
    onRetry: options.onRetry,
    signal: options.signal,
  };

  return {
    stats: runtime.stats,

    async listStream(tableName) {
      const res = await withRetries(runtime, 'ListStream', () =>
        sendStreamRequest(sdk, 'listStream', tableName === undefined ? {} : { tableName }),
      );
      return res.streams.map((s) => ({
        streamId: s.streamId,
        tableName: s.tableName,
        creationTimeUs: s.creationTime,
      }));
    },

    async describeStream(streamId, opts = {}) {
      const shards: ShardInfo[] = [];
      const seen = new Set<string>();
      let start: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await withRetries(runtime, 'DescribeStream', () =>
          sendStreamRequest(sdk, 'describeStream', {
            streamId,
            inclusiveStartShardId: start,
            shardLimit: opts.shardLimit,
          }),
        );
        for (const s of res.shards) {
          if (seen.has(s.shardId)) continue;
          seen.add(s.shardId);
          const shard: ShardInfo = { shardId: s.shardId };
          if (s.parentId) shard.parentId = s.parentId;
          if (s.parentSiblingId) shard.parentSiblingId = s.parentSiblingId;
          shards.push(shard);
        }
        if (!res.nextShardId) {
          return {
            streamId: res.streamId,
            tableName: res.tableName,
            creationTimeUs: res.creationTime,
            expirationHours: res.expirationTime,
            status: res.streamStatus === StreamStatus.STREAM_ACTIVE ? 'ACTIVE' : 'ENABLING',
            shards,
          };
        }
        if (res.nextShardId === start) throw badResponse('DescribeStream', `next_shard_id ${start} repeats`);
        start = res.nextShardId;
      }
      throw badResponse('DescribeStream', `more than ${MAX_PAGES} pages`);
    },

    async getShardIterator(streamId, shardId, opts = {}) {
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await withRetries(runtime, 'GetShardIterator', () =>
          sendStreamRequest(sdk, 'getShardIterator', {
            streamId,
            shardId,
            timestamp: opts.timestampUs,
            token,
          }),
        );
        if (!res.nextToken) return res.shardIterator || undefined;
        if (res.nextToken === token) throw badResponse('GetShardIterator', `next_token repeats`);
        token = res.nextToken;
      }
      throw badResponse('GetShardIterator', `more than ${MAX_PAGES} pages`);
    },

    async getStreamRecord(shardIterator, opts = {}) {
      const res = await withRetries(
        runtime,
        'GetStreamRecord',
        () =>
          sendStreamRequest(sdk, 'getStreamRecord', {
            shardIterator,
            limit: opts.limit,
            tableName: opts.tableName,
          }),
        shardIterator,
      );
      const messages = res.streamRecords;
      const records = new Array<StreamRecord>(messages.length);
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i]!;
        records[i] = decodeStreamRecord(m.actionType, m.record);
      }
      const batch: RecordBatch = {
        records,
        caughtUp: records.length === 0 && res.nextShardIterator === shardIterator,
      };
      if (res.nextShardIterator) batch.nextIterator = res.nextShardIterator;
      if (res.mayMoreRecord !== undefined) batch.mayMoreRecord = res.mayMoreRecord;
      return batch;
    },
  };
}
