/** UploadPart: the part's bytes become a blob; the reply carries its ETag (MD5) and CRC-64. */
import type { OssContext } from '../context.js';
import { sendEmpty } from '../respond.js';
import { partNumberOf, requireUpload, savePart } from './multipartShared.js';
import { objectTarget, quoted, writeBodyBlob } from './shared.js';

export async function uploadPart(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const partNumber = partNumberOf(ctx);
  const upload = requireUpload(ctx, state);
  const blob = await writeBodyBlob(ctx);
  const etag = quoted(blob.md5Hex);
  await savePart(ctx, state, upload, {
    partNumber,
    blobId: blob.blobId,
    size: blob.size,
    etag,
    crc64: blob.crc64.toString(),
    lastModified: ctx.nowMs,
  });
  sendEmpty(ctx, 200, {
    ETag: etag,
    'Content-MD5': blob.md5.toString('base64'),
    'x-oss-hash-crc64ecma': blob.crc64.toString(),
  });
}
