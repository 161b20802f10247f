/**
 * Typed OSS failures a caller handles: a create-only write that found the object (identical or
 * not), an append that found another length, a checksum OSS disagrees with, a multipart upload
 * that no longer exists. Anything else ali-oss throws is wrapped in OssError (no SDK error leaks).
 */
import { SyncError } from '../errors.js';

/** An OSS request failed (network, auth, server); `ossCode` is OSS's own code when it sent one. */
export class OssError extends SyncError {
  readonly operation: string;
  readonly key: string;
  readonly status: number | undefined;
  readonly ossCode: string | undefined;
  constructor(
    operation: string,
    key: string,
    detail: { status?: number; ossCode?: string; message: string },
    options?: ErrorOptions,
  ) {
    super(
      'OSS_REQUEST_FAILED',
      `OSS ${operation} of "${key}" failed: ${detail.ossCode ?? detail.status ?? ''} ${detail.message}`.trim(),
      options,
    );
    this.name = 'OssError';
    this.operation = operation;
    this.key = key;
    this.status = detail.status;
    this.ossCode = detail.ossCode;
  }
}

/** A create-only write (`x-oss-forbid-overwrite`) found the object already there. */
export class ObjectExistsError extends SyncError {
  readonly key: string;
  constructor(key: string, options?: ErrorOptions) {
    super('OBJECT_EXISTS', `object "${key}" already exists and may not be overwritten`, options);
    this.name = 'ObjectExistsError';
    this.key = key;
  }
}

/** The object exists with different content (size or CRC-64) than this write would produce. */
export class ObjectConflictError extends SyncError {
  readonly key: string;
  constructor(
    key: string,
    expected: { size: number; crc64?: string },
    actual: { size: number; crc64?: string },
  ) {
    super(
      'OBJECT_CONFLICT',
      `object "${key}" exists with different content (size ${actual.size}, crc64 ${actual.crc64 ?? '?'}; this window writes size ${expected.size}, crc64 ${expected.crc64 ?? '?'}); nonConflict never overwrites — remove it or use writeMode truncate`,
    );
    this.name = 'ObjectConflictError';
    this.key = key;
  }
}

/** The object is missing. */
export class ObjectNotFoundError extends SyncError {
  readonly key: string;
  constructor(key: string, options?: ErrorOptions) {
    super('OBJECT_NOT_FOUND', `object "${key}" does not exist`, options);
    this.name = 'ObjectNotFoundError';
    this.key = key;
  }
}

/** AppendObject at a position that is not the object's length; carries the length OSS reported. */
export class AppendPositionError extends SyncError {
  readonly key: string;
  readonly nextPosition: number | undefined;
  constructor(key: string, position: number, nextPosition: number | undefined, options?: ErrorOptions) {
    super(
      'APPEND_POSITION',
      `append to "${key}" at ${position} refused: object length is ${nextPosition ?? 'unknown'}`,
      options,
    );
    this.name = 'AppendPositionError';
    this.key = key;
    this.nextPosition = nextPosition;
  }
}

/** The append target is in a state no retry of this window explains (shorter, or grown by others). */
export class AppendConflictError extends SyncError {
  readonly key: string;
  constructor(key: string, message: string) {
    super('APPEND_CONFLICT', `append to "${key}": ${message}`);
    this.name = 'AppendConflictError';
    this.key = key;
  }
}

/** OSS's `x-oss-hash-crc64ecma` differs from the CRC-64 computed client-side. */
export class ChecksumMismatchError extends SyncError {
  readonly key: string;
  constructor(key: string, expected: string, actual: string) {
    super(
      'CHECKSUM_MISMATCH',
      `object "${key}": OSS reports crc64 ${actual}, the bytes sent have ${expected}`,
    );
    this.name = 'ChecksumMismatchError';
    this.key = key;
  }
}

/** A saved multipart upload is gone (aborted, completed or expired): the partial must be rewritten. */
export class UploadGoneError extends SyncError {
  readonly key: string;
  constructor(key: string, uploadId: string, options?: ErrorOptions) {
    super(
      'UPLOAD_GONE',
      `multipart upload ${uploadId} of "${key}" no longer exists; restart this partial`,
      options,
    );
    this.name = 'UploadGoneError';
    this.key = key;
  }
}
