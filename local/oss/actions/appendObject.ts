/**
 * AppendObject: create at position 0, or append exactly at the current length; anything else is
 * 409 PositionNotEqualToLength carrying the length to retry at. The blob grows in place and the
 * new size is committed last, so a failed or crashed append leaves the object as it was.
 */
import type { OssContext } from '../context.js';
import { header, param } from '../context.js';
import { announcedLength, checkBodyLength, checkContentMd5, Digest, MAX_OBJECT_SIZE } from '../body.js';
import { crc64Combine } from '../crc64.js';
import { invalidArgument, OssError } from '../errors.js';
import { storageClassOf, storedHeaders } from '../objectHeaders.js';
import { sendEmpty } from '../respond.js';
import { createHash } from 'node:crypto';
import { objectTarget, pipelineSource, writeBodyBlob } from './shared.js';

const positionError = (length: number) =>
  new OssError(
    409,
    'PositionNotEqualToLength',
    'Position is not equal to file length',
    {},
    {
      'x-oss-next-append-position': String(length),
    },
  );

/** Chained ETag: changes with every append, stable for equal histories. */
const nextEtag = (previous: string, added: Buffer) =>
  `"${createHash('md5').update(previous).update(added).digest('hex').toUpperCase()}"`;

export async function appendObject(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const positionText = param(ctx, 'position') ?? '0';
  if (!/^\d{1,16}$/.test(positionText))
    throw invalidArgument('Position must be a non-negative integer.', 'position', positionText);
  const position = Number(positionText);
  const key = `${ctx.bucket}/${ctx.key}`;
  const result = await ctx.store.exclusive(key, async () => {
    const existing = state.objects.get(ctx.key);
    if (existing && existing.type !== 'Appendable') {
      throw new OssError(409, 'ObjectNotAppendable', 'The object is not appendable');
    }
    const length = existing?.size ?? 0;
    if (position !== length) throw positionError(length);
    if (!existing) {
      const blob = await writeBodyBlob(ctx);
      const object = {
        key: ctx.key,
        blobId: blob.blobId,
        size: blob.size,
        etag: nextEtag('', blob.md5),
        crc64: blob.crc64.toString(),
        lastModified: ctx.nowMs,
        type: 'Appendable' as const,
        headers: storedHeaders(ctx.req.headers),
        acl: header(ctx, 'x-oss-object-acl') ?? 'default',
        storageClass: storageClassOf(ctx.req.headers),
      };
      await ctx.store.commitObject(state, object);
      return object;
    }
    checkBodyLength(ctx);
    ctx.bodyUsed = true;
    const digest = new Digest(MAX_OBJECT_SIZE - length, announcedLength(ctx));
    const size = await ctx.store.blobs.append(existing.blobId, length, pipelineSource(ctx.req, digest));
    const added = digest.result();
    checkContentMd5(ctx, added.md5Base64);
    const object = {
      ...existing,
      size,
      etag: nextEtag(existing.etag, added.md5),
      crc64: crc64Combine(BigInt(existing.crc64), added.crc64, added.size).toString(),
      lastModified: ctx.nowMs,
    };
    await ctx.store.saveObject(state, object);
    return object;
  });
  sendEmpty(ctx, 200, {
    ETag: result.etag,
    'x-oss-next-append-position': String(result.size),
    'x-oss-hash-crc64ecma': result.crc64,
  });
}
