/**
 * The object store as a few primitives (the OSS operations the export needs). Logic — multipart
 * partials, merging, write modes, manifests — is written once against this interface; the ali-oss
 * implementation talks to OSS, the in-memory one keeps unit tests fast and follows the same rules.
 */

export type ObjectType = 'Normal' | 'Appendable' | 'Multipart';

export interface ObjectInfo {
  key: string;
  size: number;
  /** `x-oss-hash-crc64ecma` when OSS sent it (not in listings). */
  crc64?: string;
  etag?: string;
  type?: ObjectType;
  /** For Appendable objects. */
  nextAppendPosition?: number;
}

export interface WriteResult {
  etag?: string;
  /** What OSS reported for the whole object, when it did. */
  crc64?: string;
}

export interface PutOptions {
  /** `x-oss-forbid-overwrite: true`: fail with ObjectExistsError instead of replacing. */
  forbidOverwrite?: boolean;
  contentType?: string;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/** Byte range `[start, end)` of a source object, for UploadPartCopy and ranged GET. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectSink {
  readonly bucket: string;
  put(key: string, body: Buffer, options?: PutOptions): Promise<WriteResult>;
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Whole object or a byte range; ObjectNotFoundError when missing. */
  get(key: string, range?: ByteRange): Promise<Buffer>;
  delete(key: string): Promise<void>;
  deleteMany(keys: string[]): Promise<void>;
  list(prefix: string): Promise<ObjectInfo[]>;
  /** AppendObject; AppendPositionError when `position` is not the current length. */
  append(
    key: string,
    position: number,
    body: Buffer,
    options?: { contentType?: string },
  ): Promise<{ nextPosition: number; crc64?: string }>;
  initMultipart(key: string, options?: PutOptions): Promise<string>;
  uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
  ): Promise<{ etag: string; crc64?: string }>;
  uploadPartCopy(
    key: string,
    uploadId: string,
    partNumber: number,
    source: { key: string } & ByteRange,
  ): Promise<{ etag: string }>;
  /** ObjectExistsError when `forbidOverwrite` and the key exists; UploadGoneError for unknown uploads. */
  completeMultipart(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
    options?: PutOptions,
  ): Promise<WriteResult>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /** Parts uploaded so far; UploadGoneError for unknown uploads. */
  listParts(key: string, uploadId: string): Promise<(CompletedPart & { size: number })[]>;
}

/** OSS's minimum size of every part but the last (CompleteMultipartUpload answers EntityTooSmall). */
export const MIN_PART_SIZE = 100 * 1024;
/** OSS's maximum part number. */
export const MAX_PARTS = 10_000;
