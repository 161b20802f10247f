/** OSS side of the export: the ObjectSink primitives, partial writer, merge, write modes, the manifest's create-only write. */
export * from './errors.js';
export * from './sink.js';
export * from './crc64.js';
export * from './token-bucket.js';
export { MemoryObjectSink } from './memory-sink.js';
export { AliOssSink } from './ali-oss-sink.js';
export { createOssClient, type OssClientOptions } from './ali-oss-client.js';
export * from './multipart-writer.js';
export * from './merge-plan.js';
export * from './merge.js';
export * from './write-modes.js';
export * from './manifest-write.js';
