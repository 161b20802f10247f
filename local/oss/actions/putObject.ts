/** PutObject: stream the body into a blob, then commit it (create-only with x-oss-forbid-overwrite). */
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { notImplemented } from '../errors.js';
import { sseHeaders, storageClassOf, storedHeaders } from '../objectHeaders.js';
import { sendEmpty } from '../respond.js';
import { checkOverwrite, objectTarget, quoted, writeBodyBlob } from './shared.js';

export async function putObject(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  if (header(ctx, 'x-oss-callback') !== undefined) throw notImplemented('Upload callbacks');
  checkOverwrite(ctx, state);
  const blob = await writeBodyBlob(ctx);
  const headers = storedHeaders(ctx.req.headers);
  const etag = quoted(blob.md5Hex);
  try {
    await ctx.store.exclusive(`${ctx.bucket}/${ctx.key}`, async () => {
      // Checked again at commit: another writer may have created the key meanwhile.
      checkOverwrite(ctx, state);
      await ctx.store.commitObject(state, {
        key: ctx.key,
        blobId: blob.blobId,
        size: blob.size,
        etag,
        crc64: blob.crc64.toString(),
        lastModified: ctx.nowMs,
        type: 'Normal',
        headers,
        acl: header(ctx, 'x-oss-object-acl') ?? 'default',
        storageClass: storageClassOf(ctx.req.headers),
      });
    });
  } catch (err) {
    await ctx.store.blobs.remove(blob.blobId);
    throw err;
  }
  sendEmpty(ctx, 200, {
    ETag: etag,
    'Content-MD5': blob.md5.toString('base64'),
    'x-oss-hash-crc64ecma': blob.crc64.toString(),
    ...sseHeaders(headers),
  });
}
