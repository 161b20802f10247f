/**
 * CopyObject (and putMeta, a self-copy with REPLACE): conditionals on the source, metadata from
 * the source (COPY, default) or from this request (REPLACE), forbid-overwrite on the destination.
 */
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { invalidArgument } from '../errors.js';
import { isoDate, sseHeaders, storageClassOf, storedHeaders } from '../objectHeaders.js';
import { sendEmpty, sendXml } from '../respond.js';
import { resolveCopySource } from './copySource.js';
import { checkOverwrite, objectTarget } from './shared.js';

export async function copyObject(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const source = resolveCopySource(ctx);
  if (source.notModified) {
    sendEmpty(ctx, 304, { ETag: source.object.etag });
    return;
  }
  const directive = (header(ctx, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw invalidArgument(
      'x-oss-metadata-directive must be COPY or REPLACE.',
      'x-oss-metadata-directive',
      directive,
    );
  }
  checkOverwrite(ctx, state);
  const { object } = source;
  const headers = directive === 'REPLACE' ? storedHeaders(ctx.req.headers) : { ...object.headers };
  const samePlace = source.bucket === ctx.bucket && source.key === ctx.key;
  let blobId = object.blobId;
  if (!samePlace) {
    const body = await ctx.store.blobs.read(object.blobId, 0, object.size);
    blobId = (await ctx.store.blobs.put(body)).id;
  }
  try {
    await ctx.store.exclusive(`${ctx.bucket}/${ctx.key}`, async () => {
      checkOverwrite(ctx, state);
      await ctx.store.commitObject(state, {
        ...object,
        key: ctx.key,
        blobId,
        lastModified: ctx.nowMs,
        // A copy of an appendable object is a normal one (OSS copies it as Normal).
        type: object.type === 'Multipart' ? 'Multipart' : 'Normal',
        headers,
        acl: header(ctx, 'x-oss-object-acl') ?? (samePlace ? object.acl : 'default'),
        storageClass: storageClassOf(ctx.req.headers, object.storageClass),
      });
    });
  } catch (err) {
    if (!samePlace) await ctx.store.blobs.remove(blobId);
    throw err;
  }
  sendXml(
    ctx,
    'CopyObjectResult',
    { ETag: object.etag, LastModified: isoDate(ctx.nowMs) },
    {
      ETag: object.etag,
      'x-oss-hash-crc64ecma': object.crc64,
      ...sseHeaders(headers),
    },
  );
}
