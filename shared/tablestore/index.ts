/**
 * Tablestore access for the export: the Stream API client (`createStreamClient`), its errors and
 * retry policy, the stream-record decoder, and the PlainBuffer codec and stream protobuf
 * messages it is built on (also used by the local server).
 */
export {
  createStreamClient,
  type StreamClient,
  type StreamClientOptions,
  type StreamSummary,
  type StreamDescription,
  type ShardInfo,
  type ShardIteratorOptions,
  type GetStreamRecordOptions,
  type RecordBatch,
} from './stream-client.js';
export {
  decodeStreamRecord,
  compareSequence,
  type StreamRecord,
  type RecordAction,
} from './stream-record.js';
export { TablestoreError, TrimmedDataError, type TablestoreErrorDetails } from './errors.js';
export {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  backoffDelayMs,
  type RetryPolicy,
  type FailureFacts,
} from './retry-policy.js';
export type { RetryEvent, RetryStats } from './retrying.js';
export { readSdkError, parseErrorBody, type SdkErrorFacts } from './sdk-error.js';
export type { SdkClient } from './sdk-transport.js';
export {
  PlainBufferCorruptError,
  type Cell,
  type CellOp,
  type CellValue,
  type PrimaryKeyColumn,
  type PrimaryKeyValue,
  type SequenceInfo,
} from './plainbuffer/index.js';
