/** UploadPartCopy: a part copied from (a byte range of) another object; ETag in header and body. */
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { Digest, MAX_OBJECT_SIZE } from '../body.js';
import { invalidArgument } from '../errors.js';
import { isoDate } from '../objectHeaders.js';
import { sendEmpty, sendXml } from '../respond.js';
import { resolveCopySource } from './copySource.js';
import { partNumberOf, requireUpload, savePart } from './multipartShared.js';
import { objectTarget, pipelineSource, quoted } from './shared.js';

function copyRange(text: string | undefined, size: number): { start: number; end: number } {
  if (text === undefined) return { start: 0, end: size };
  const match = /^bytes=(\d+)-(\d*)$/.exec(text.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match && match[2] !== '' ? Number(match[2]) + 1 : size;
  if (!match || start >= end || end > size) {
    throw invalidArgument(
      'The x-oss-copy-source-range is not valid for the source object.',
      'x-oss-copy-source-range',
      text,
    );
  }
  return { start, end };
}

export async function uploadPartCopy(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const partNumber = partNumberOf(ctx);
  const upload = requireUpload(ctx, state);
  const source = resolveCopySource(ctx);
  if (source.notModified) {
    sendEmpty(ctx, 304, { ETag: source.object.etag });
    return;
  }
  const { start, end } = copyRange(header(ctx, 'x-oss-copy-source-range'), source.object.size);
  const digest = new Digest(MAX_OBJECT_SIZE, end - start);
  const bytes = await ctx.store.blobs.read(source.object.blobId, start, end);
  const blob = await ctx.store.blobs.put(pipelineSource(bytes, digest));
  const result = digest.result();
  const etag = quoted(result.md5Hex);
  await savePart(ctx, state, upload, {
    partNumber,
    blobId: blob.id,
    size: result.size,
    etag,
    crc64: result.crc64.toString(),
    lastModified: ctx.nowMs,
  });
  sendXml(
    ctx,
    'CopyPartResult',
    { LastModified: isoDate(ctx.nowMs), ETag: etag },
    {
      ETag: etag,
      'x-oss-hash-crc64ecma': result.crc64.toString(),
    },
  );
}
