/** Object ACL: PUT ?acl with x-oss-object-acl, GET ?acl (`default` until set). */
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { invalidArgument } from '../errors.js';
import { sendEmpty, sendXml } from '../respond.js';
import { OWNER, objectTarget, requireObject } from './shared.js';

const ACLS = ['default', 'private', 'public-read', 'public-read-write'];

export async function putObjectAcl(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const acl = header(ctx, 'x-oss-object-acl') ?? '';
  if (!ACLS.includes(acl))
    throw invalidArgument('no such object access control exists', 'x-oss-object-acl', acl);
  await ctx.store.exclusive(`${ctx.bucket}/${ctx.key}`, async () => {
    const object = requireObject(state, ctx.key);
    await ctx.store.saveObject(state, { ...object, acl });
  });
  sendEmpty(ctx, 200);
}

export async function getObjectAcl(ctx: OssContext): Promise<void> {
  const object = requireObject(objectTarget(ctx), ctx.key);
  sendXml(ctx, 'AccessControlPolicy', { Owner: OWNER, AccessControlList: { Grant: object.acl } });
}
