/** Multipart helpers: upload lookup, part-number rules, saving a part. */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { invalidArgument, noSuchUpload } from '../errors.js';
import type { BucketState } from '../store/ossStore.js';
import type { PartRecord, UploadRecord } from '../store/types.js';

export const MIN_PART_SIZE = 100 * 1024;
export const MAX_PART_NUMBER = 10000;

export function requireUpload(ctx: OssContext, state: BucketState): UploadRecord {
  const uploadId = param(ctx, 'uploadId') ?? '';
  const upload = state.uploads.get(uploadId);
  if (!upload || upload.key !== ctx.key) throw noSuchUpload(uploadId);
  return upload;
}

export function partNumberOf(ctx: OssContext): number {
  const text = param(ctx, 'partNumber') ?? '';
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_PART_NUMBER)) {
    throw invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive.',
      'partNumber',
      text,
    );
  }
  return n;
}

/** Records a part (replacing an earlier upload of the same number) unless the upload went away meanwhile. */
export async function savePart(
  ctx: OssContext,
  state: BucketState,
  upload: UploadRecord,
  part: PartRecord,
): Promise<void> {
  await ctx.store.exclusive(`upload/${upload.uploadId}`, async () => {
    if (state.uploads.get(upload.uploadId) !== upload) {
      await ctx.store.blobs.remove(part.blobId);
      throw noSuchUpload(upload.uploadId);
    }
    const previous = upload.parts[String(part.partNumber)];
    upload.parts[String(part.partNumber)] = part;
    await ctx.store.saveUpload(state, upload);
    if (previous) await ctx.store.blobs.remove(previous.blobId);
  });
}
