/**
 * What the OSS server keeps. The index (buckets, objects, uploads) always lives in memory; a
 * `Persistence` mirrors every change to disk when `--data-dir` is set. Object bytes live in a
 * `BlobStore`: immutable blobs, except that an Appendable object's blob grows in place (the
 * record's `size` says how much of it is visible, so a crash mid-append exposes nothing).
 */
import type { Readable } from 'node:stream';

export type ObjectType = 'Normal' | 'Appendable' | 'Multipart';

export interface BucketRecord {
  name: string;
  created: number;
  acl: string;
  storageClass: string;
  redundancy: string;
}

export interface ObjectRecord {
  key: string;
  blobId: string;
  size: number;
  /** Quoted upper-case hex, as sent in headers and XML. */
  etag: string;
  /** Unsigned decimal CRC-64/XZ of the whole object. */
  crc64: string;
  /** Milliseconds, truncated to the second (Last-Modified has second precision). */
  lastModified: number;
  type: ObjectType;
  /** Stored content headers and x-oss-meta-*, lower-case names, values as received (latin1). */
  headers: Record<string, string>;
  acl: string;
  storageClass: string;
}

export interface PartRecord {
  partNumber: number;
  blobId: string;
  size: number;
  etag: string;
  crc64: string;
  lastModified: number;
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  headers: Record<string, string>;
  acl: string;
  storageClass: string;
  parts: Record<string, PartRecord>;
}

export interface BlobWriteResult {
  id: string;
  size: number;
}

export interface BlobStore {
  /** Writes the whole source as a new blob; durable (fsynced) when it resolves. */
  put(source: Readable): Promise<BlobWriteResult>;
  /** Writes `source` at `offset` of an existing blob (dropping anything past offset); returns new size. */
  append(id: string, offset: number, source: Readable): Promise<number>;
  /** Bytes [start, end) of a blob. Opens the blob before resolving, so a later remove is harmless. */
  read(id: string, start: number, end: number): Promise<Readable>;
  remove(id: string): Promise<void>;
  /** Ids of every stored blob (to collect orphans after a crash). */
  list(): Promise<string[]>;
}

export interface Persistence {
  load(): Promise<{
    buckets: BucketRecord[];
    objects: Array<[string, ObjectRecord]>;
    uploads: UploadRecord[];
  }>;
  saveBucket(bucket: BucketRecord): Promise<void>;
  removeBucket(name: string): Promise<void>;
  saveObject(bucket: string, object: ObjectRecord): Promise<void>;
  removeObject(bucket: string, key: string): Promise<void>;
  saveUpload(upload: UploadRecord): Promise<void>;
  removeUpload(upload: UploadRecord): Promise<void>;
}
