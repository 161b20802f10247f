/** ListObjects (v1): Owner on every entry, NextMarker only when truncated. */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { isoDate } from '../objectHeaders.js';
import { sendXml } from '../respond.js';
import type { ObjectRecord } from '../store/types.js';
import { encoderFor, listPage, maxOf } from './listing.js';
import { sortedKeys } from '../store/ossStore.js';
import { OWNER, requireBucket } from './shared.js';

export function contentsOf(object: ObjectRecord, encode: (t: string) => string, withOwner: boolean) {
  return {
    Key: encode(object.key),
    LastModified: isoDate(object.lastModified),
    ETag: object.etag,
    Type: object.type,
    Size: object.size,
    StorageClass: object.storageClass,
    Owner: withOwner ? OWNER : undefined,
  };
}

export async function listObjects(ctx: OssContext): Promise<void> {
  const state = requireBucket(ctx);
  const encode = encoderFor(ctx);
  const prefix = param(ctx, 'prefix') ?? '';
  const delimiter = param(ctx, 'delimiter') ?? '';
  const marker = param(ctx, 'marker') ?? '';
  const maxKeys = maxOf(ctx, 'max-keys', 100);
  const keys = listPage(sortedKeys(state), (k) => k, { prefix, delimiter, marker, maxKeys });
  const page = { ...keys, items: keys.items.map((k) => state.objects.get(k)!) };
  sendXml(ctx, 'ListBucketResult', {
    Name: ctx.bucket,
    Prefix: encode(prefix),
    Marker: encode(marker),
    MaxKeys: maxKeys,
    Delimiter: encode(delimiter),
    EncodingType: param(ctx, 'encoding-type') === 'url' ? 'url' : undefined,
    IsTruncated: page.truncated,
    NextMarker: page.truncated && page.last !== undefined ? encode(page.last) : undefined,
    Contents: page.items.map((o) => contentsOf(o, encode, true)),
    CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })),
  });
}
