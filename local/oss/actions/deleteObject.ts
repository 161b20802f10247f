/** DeleteObject: 204 whether or not the key existed. */
import type { OssContext } from '../context.js';
import { sendEmpty } from '../respond.js';
import { objectTarget } from './shared.js';

export async function deleteObject(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  await ctx.store.exclusive(`${ctx.bucket}/${ctx.key}`, () => ctx.store.deleteObject(state, ctx.key));
  sendEmpty(ctx, 204);
}
