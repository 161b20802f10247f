/** Resolving `x-oss-copy-source: /<bucket>/<url-encoded key>[?versionId=…]` to a stored object. */
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { checkConditions } from '../conditions.js';
import { invalidArgument } from '../errors.js';
import type { ObjectRecord } from '../store/types.js';
import { requireBucket, requireObject } from './shared.js';

export interface CopySource {
  bucket: string;
  key: string;
  object: ObjectRecord;
  /** True when an x-oss-copy-source-if-* condition asks for a 304. */
  notModified: boolean;
}

export function resolveCopySource(ctx: OssContext): CopySource {
  const raw = header(ctx, 'x-oss-copy-source') ?? '';
  const path = raw.split('?')[0]!;
  const match = /^\/?([^/]+)\/(.+)$/.exec(path);
  if (!match)
    throw invalidArgument(
      'Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.',
      'x-oss-copy-source',
      raw,
    );
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(match[1]!);
    key = decodeURIComponent(match[2]!);
  } catch {
    throw invalidArgument('Copy Source is not valid URL encoding.', 'x-oss-copy-source', raw);
  }
  const object = requireObject(requireBucket(ctx, bucket), key);
  const notModified = checkConditions(ctx.req.headers, object, 'x-oss-copy-source-') === 'not-modified';
  return { bucket, key, object, notModified };
}
