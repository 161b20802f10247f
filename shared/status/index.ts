/** The status table: storage primitives, DataX-compatible rows and this tool's window ledger. */
export * from './errors.js';
export * from './store.js';
export { MemoryStatusStore, evaluateCheck } from './memory-store.js';
export { TablestoreStatusStore, STATUS_TABLE_TTL_SECONDS } from './tablestore-store.js';
export {
  createTablestoreClient,
  type TablestoreClientLike,
  type TablestoreClientOptions,
} from './tablestore-sdk.js';
export * from './java-compat.js';
export * from './datax-rows.js';
export * from './datax-status.js';
export * from './job-rows.js';
export * from './job-codecs.js';
export * from './window-ledger.js';
export * from './window-commit.js';
export * from './window-listing.js';
export * from './shard-ledger.js';
export * from './watermark.js';
export * from './backfills.js';
