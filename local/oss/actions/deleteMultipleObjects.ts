/** DeleteMultipleObjects: one <Deleted> per requested key, in request order, existing or not. */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { readSmallBody } from '../body.js';
import { malformedXml, OssError } from '../errors.js';
import { checkObjectName } from '../names.js';
import { sendXml } from '../respond.js';
import { parseXml, textOf, type XmlNode } from '../xml.js';
import { requireBucket } from './shared.js';

export async function deleteMultipleObjects(ctx: OssContext): Promise<void> {
  const state = requireBucket(ctx);
  const doc = parseXml(await readSmallBody(ctx));
  const root = doc.Delete;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw malformedXml();
  const entries = ((root as XmlNode).Object ?? []) as XmlNode[];
  if (!Array.isArray(entries) || entries.length === 0) throw malformedXml();
  if (entries.length > 1000)
    throw new OssError(400, 'MalformedXML', 'The number of objects to delete is more than 1000.');
  const keys = entries.map((entry) => {
    const key = textOf(entry, 'Key');
    if (key === undefined) throw malformedXml();
    checkObjectName(key);
    return key;
  });
  for (const key of keys) {
    await ctx.store.exclusive(`${ctx.bucket}/${key}`, () => ctx.store.deleteObject(state, key));
  }
  const quiet = textOf(root, 'Quiet')?.trim().toLowerCase() === 'true';
  const encode = param(ctx, 'encoding-type') === 'url';
  sendXml(ctx, 'DeleteResult', {
    EncodingType: encode ? 'url' : undefined,
    Deleted: quiet ? undefined : keys.map((key) => ({ Key: encode ? encodeURIComponent(key) : key })),
  });
}
