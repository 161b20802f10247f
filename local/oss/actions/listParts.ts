/** ListParts: parts ascending after part-number-marker, max-parts (default/max 1000). */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { invalidArgument } from '../errors.js';
import { isoDate } from '../objectHeaders.js';
import { sendXml } from '../respond.js';
import { encoderFor, maxOf } from './listing.js';
import { requireUpload } from './multipartShared.js';
import { objectTarget } from './shared.js';

export async function listParts(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const upload = requireUpload(ctx, state);
  const encode = encoderFor(ctx);
  const maxParts = maxOf(ctx, 'max-parts', 1000);
  const markerText = param(ctx, 'part-number-marker') ?? '';
  if (markerText !== '' && !/^\d{1,9}$/.test(markerText)) {
    throw invalidArgument('part-number-marker must be an integer.', 'part-number-marker', markerText);
  }
  const marker = Number(markerText || '0');
  const all = Object.values(upload.parts)
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const parts = all.slice(0, maxParts);
  const truncated = all.length > parts.length;
  sendXml(ctx, 'ListPartsResult', {
    Bucket: ctx.bucket,
    EncodingType: param(ctx, 'encoding-type') === 'url' ? 'url' : undefined,
    Key: encode(ctx.key),
    UploadId: upload.uploadId,
    StorageClass: upload.storageClass,
    PartNumberMarker: marker,
    NextPartNumberMarker: parts.length > 0 ? parts[parts.length - 1]!.partNumber : marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: parts.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: isoDate(p.lastModified),
      ETag: p.etag,
      Size: p.size,
    })),
  });
}
