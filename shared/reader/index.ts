/**
 * Reading one shard of a table's stream for one window (DESIGN.md §2): start decisions, batch
 * decisions and lineage order as pure functions; `ShardReader` does the I/O with the stream client.
 */
export * from './decide.js';
export * from './lineage.js';
export * from './errors.js';
export {
  ShardReader,
  type ShardReaderOptions,
  type ReaderPosition,
  type ReadBatch,
  type ReaderCounts,
  type ShardReadResult,
} from './read-shard.js';
