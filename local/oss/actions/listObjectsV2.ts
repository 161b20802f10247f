/**
 * ListObjectsV2: opaque continuation tokens (base64url of the last key or prefix returned),
 * KeyCount = keys + prefixes, Owner only with fetch-owner=true.
 */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { invalidArgument } from '../errors.js';
import { sendXml } from '../respond.js';
import { encoderFor, listPage, maxOf } from './listing.js';
import { sortedKeys } from '../store/ossStore.js';
import { contentsOf } from './listObjects.js';
import { requireBucket } from './shared.js';

export async function listObjectsV2(ctx: OssContext): Promise<void> {
  const state = requireBucket(ctx);
  const encode = encoderFor(ctx);
  const prefix = param(ctx, 'prefix') ?? '';
  const delimiter = param(ctx, 'delimiter') ?? '';
  const startAfter = param(ctx, 'start-after');
  const token = param(ctx, 'continuation-token');
  const maxKeys = maxOf(ctx, 'max-keys', 100);
  let marker = startAfter ?? '';
  if (token !== undefined && token !== '') {
    marker = Buffer.from(token, 'base64url').toString('utf8');
    if (Buffer.from(marker, 'utf8').toString('base64url') !== token) {
      throw invalidArgument('The continuation token provided is incorrect.', 'continuation-token', token);
    }
  }
  const keys = listPage(sortedKeys(state), (k) => k, { prefix, delimiter, marker, maxKeys });
  const page = { ...keys, items: keys.items.map((k) => state.objects.get(k)!) };
  const withOwner = param(ctx, 'fetch-owner') === 'true';
  sendXml(ctx, 'ListBucketResult', {
    Name: ctx.bucket,
    Prefix: encode(prefix),
    StartAfter: startAfter === undefined ? undefined : encode(startAfter),
    ContinuationToken: token,
    MaxKeys: maxKeys,
    Delimiter: encode(delimiter),
    EncodingType: param(ctx, 'encoding-type') === 'url' ? 'url' : undefined,
    IsTruncated: page.truncated,
    NextContinuationToken:
      page.truncated && page.last !== undefined
        ? Buffer.from(page.last, 'utf8').toString('base64url')
        : undefined,
    KeyCount: page.items.length + page.prefixes.length,
    Contents: page.items.map((o) => contentsOf(o, encode, withOwner)),
    CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })),
  });
}
