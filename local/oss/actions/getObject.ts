/** GetObject and HeadObject: conditionals, Range, response-* overrides, and the body streamed. */
import { pipeline } from 'node:stream/promises';
import type { OssContext } from '../context.js';
import { header, param } from '../context.js';
import { checkConditions } from '../conditions.js';
import { objectResponseHeaders } from '../objectHeaders.js';
import { parseRange } from '../range.js';
import { commonHeaders, sendEmpty } from '../respond.js';
import { objectTarget, requireObject } from './shared.js';

const OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

async function readObject(ctx: OssContext, withBody: boolean): Promise<void> {
  const state = objectTarget(ctx);
  const object = requireObject(state, ctx.key);
  const headers = objectResponseHeaders(object);
  if (checkConditions(ctx.req.headers, object) === 'not-modified') {
    sendEmpty(ctx, 304, { ETag: object.etag, 'Last-Modified': headers['Last-Modified']! });
    return;
  }
  for (const [name, target] of Object.entries(OVERRIDES)) {
    const value = param(ctx, name);
    if (value !== undefined) headers[target] = value;
  }
  const standard = header(ctx, 'x-oss-range-behavior')?.toLowerCase() === 'standard';
  const range = parseRange(header(ctx, 'range'), object.size, standard);
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size;
  if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${object.size}`;
  const status = range ? 206 : 200;
  const lengthHeaders = { 'Content-Length': String(end - start) };
  if (!withBody) {
    ctx.res.writeHead(status, { ...commonHeaders(ctx), ...headers, ...lengthHeaders });
    ctx.res.end();
    return;
  }
  const body = await ctx.store.blobs.read(object.blobId, start, end);
  ctx.res.writeHead(status, { ...commonHeaders(ctx), ...headers, ...lengthHeaders });
  await pipeline(body, ctx.res);
}

export const getObject = (ctx: OssContext) => readObject(ctx, true);
export const headObject = (ctx: OssContext) => readObject(ctx, false);

/** HEAD ?objectMeta: just ETag, size and times. */
export async function getObjectMeta(ctx: OssContext): Promise<void> {
  const object = requireObject(objectTarget(ctx), ctx.key);
  const lastModified = new Date(object.lastModified).toUTCString();
  ctx.res.writeHead(200, {
    ...commonHeaders(ctx),
    ETag: object.etag,
    'Content-Length': String(object.size),
    'Last-Modified': lastModified,
    'x-oss-last-access-time': lastModified,
    'x-oss-hash-crc64ecma': object.crc64,
  });
  ctx.res.end();
}
