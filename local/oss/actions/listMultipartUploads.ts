/**
 * ListMultipartUploads: ordered by key then upload id; key-marker alone → keys after it, with
 * upload-id-marker → also later ids of that key; upload-id-marker alone is ignored.
 */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { isoDate } from '../objectHeaders.js';
import { sendXml } from '../respond.js';
import type { UploadRecord } from '../store/types.js';
import { compareKeys } from '../keyOrder.js';
import { encoderFor, listPage, maxOf } from './listing.js';
import { requireBucket } from './shared.js';

export async function listMultipartUploads(ctx: OssContext): Promise<void> {
  const state = requireBucket(ctx);
  const encode = encoderFor(ctx);
  const prefix = param(ctx, 'prefix') ?? '';
  const delimiter = param(ctx, 'delimiter') ?? '';
  const keyMarker = param(ctx, 'key-marker') ?? '';
  const idMarker = keyMarker === '' ? '' : (param(ctx, 'upload-id-marker') ?? '');
  const maxUploads = maxOf(ctx, 'max-uploads', 1000);
  const uploads = [...state.uploads.values()].sort(
    (a, b) => compareKeys(a.key, b.key) || (a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : 0),
  );
  const after = (u: UploadRecord) => {
    const c = compareKeys(u.key, keyMarker);
    return c > 0 || (c === 0 && idMarker !== '' && u.uploadId > idMarker);
  };
  const page = listPage(uploads, (u) => u.key, {
    prefix,
    delimiter,
    marker: keyMarker,
    maxKeys: maxUploads,
    after,
  });
  const lastUpload = page.items[page.items.length - 1];
  const lastIsPrefix = page.last !== undefined && page.last !== lastUpload?.key;
  sendXml(ctx, 'ListMultipartUploadsResult', {
    Bucket: ctx.bucket,
    EncodingType: param(ctx, 'encoding-type') === 'url' ? 'url' : undefined,
    KeyMarker: encode(keyMarker),
    UploadIdMarker: idMarker,
    NextKeyMarker: page.truncated && page.last !== undefined ? encode(page.last) : '',
    NextUploadIdMarker: page.truncated && lastUpload && !lastIsPrefix ? lastUpload.uploadId : '',
    Delimiter: encode(delimiter),
    Prefix: encode(prefix),
    MaxUploads: maxUploads,
    IsTruncated: page.truncated,
    Upload: page.items.map((u) => ({
      Key: encode(u.key),
      UploadId: u.uploadId,
      StorageClass: u.storageClass,
      Initiated: isoDate(u.initiated),
    })),
    CommonPrefixes: page.prefixes.map((p) => ({ Prefix: encode(p) })),
  });
}
