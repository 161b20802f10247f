/** Naming rules OSS enforces on buckets and objects. */
import { OssError } from './errors.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export function checkBucketName(name: string): void {
  if (!BUCKET_NAME.test(name)) {
    throw new OssError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** 1–1023 bytes of UTF-8, not starting with `/` or `\`, no lone surrogates. */
export function checkObjectName(key: string): void {
  const bytes = Buffer.byteLength(key, 'utf8');
  const bad =
    bytes === 0 || bytes > 1023 || key.startsWith('/') || key.startsWith('\\') || LONE_SURROGATE.test(key);
  if (bad) throw new OssError(400, 'InvalidObjectName', 'The specified object is not valid.', { Key: key });
}
