/** AbortMultipartUpload: 204, parts dropped; unknown id → 404 NoSuchUpload. */
import type { OssContext } from '../context.js';
import { sendEmpty } from '../respond.js';
import { requireUpload } from './multipartShared.js';
import { objectTarget } from './shared.js';

export async function abortMultipartUpload(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const upload = requireUpload(ctx, state);
  await ctx.store.exclusive(`upload/${upload.uploadId}`, () => ctx.store.removeUpload(state, upload));
  sendEmpty(ctx, 204);
}
