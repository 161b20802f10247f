/** InitiateMultipartUpload: the upload keeps content type, meta, storage class and SSE for the object. */
import { randomBytes } from 'node:crypto';
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { sseHeaders, storageClassOf, storedHeaders } from '../objectHeaders.js';
import { sendXml } from '../respond.js';
import { checkOverwrite, objectTarget } from './shared.js';

export async function initiateMultipartUpload(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  checkOverwrite(ctx, state);
  const headers = storedHeaders(ctx.req.headers);
  const uploadId = randomBytes(16).toString('hex').toUpperCase();
  await ctx.store.saveUpload(state, {
    uploadId,
    bucket: ctx.bucket,
    key: ctx.key,
    initiated: Date.now(),
    headers,
    acl: header(ctx, 'x-oss-object-acl') ?? 'default',
    storageClass: storageClassOf(ctx.req.headers),
    parts: {},
  });
  sendXml(
    ctx,
    'InitiateMultipartUploadResult',
    { Bucket: ctx.bucket, Key: ctx.key, UploadId: uploadId },
    sseHeaders(headers),
  );
}
