/** Pieces several actions share: looking up buckets/objects, writing a body into a blob, the owner. */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { announcedLength, checkBodyLength, checkContentMd5, Digest, MAX_OBJECT_SIZE } from '../body.js';
import type { OssContext } from '../context.js';
import { header } from '../context.js';
import { fileAlreadyExists, noSuchBucket, noSuchKey } from '../errors.js';
import { checkObjectName } from '../names.js';
import type { BucketState } from '../store/ossStore.js';
import type { ObjectRecord } from '../store/types.js';

export const OWNER = { ID: '1000000000000000', DisplayName: '1000000000000000' };

export function requireBucket(ctx: OssContext, name = ctx.bucket): BucketState {
  const state = ctx.store.bucket(name);
  if (!state) throw noSuchBucket(name);
  return state;
}

export function requireObject(state: BucketState, key: string): ObjectRecord {
  const object = state.objects.get(key);
  if (!object) throw noSuchKey(key);
  return object;
}

/** Bucket of the request and a valid object name. */
export function objectTarget(ctx: OssContext): BucketState {
  const state = requireBucket(ctx);
  checkObjectName(ctx.key);
  return state;
}

export const forbidOverwrite = (ctx: OssContext) =>
  header(ctx, 'x-oss-forbid-overwrite')?.toLowerCase() === 'true';

export function checkOverwrite(ctx: OssContext, state: BucketState, key = ctx.key): void {
  if (forbidOverwrite(ctx) && state.objects.has(key)) throw fileAlreadyExists(key);
}

export interface WrittenBlob {
  blobId: string;
  size: number;
  md5Hex: string;
  md5: Buffer;
  crc64: bigint;
}

/** Streams the request body into a new blob, checking length and Content-MD5 (blob removed on failure). */
export async function writeBodyBlob(ctx: OssContext): Promise<WrittenBlob> {
  checkBodyLength(ctx);
  ctx.bodyUsed = true;
  const digest = new Digest(MAX_OBJECT_SIZE, announcedLength(ctx));
  const blob = await ctx.store.blobs.put(pipelineSource(ctx.req, digest));
  const result = digest.result();
  try {
    checkContentMd5(ctx, result.md5Base64);
  } catch (err) {
    await ctx.store.blobs.remove(blob.id);
    throw err;
  }
  return { blobId: blob.id, size: result.size, md5Hex: result.md5Hex, md5: result.md5, crc64: result.crc64 };
}

/** `source` piped through `transform`, errors of either surfacing on the returned stream. */
export function pipelineSource(source: Readable, transform: Digest): Readable {
  pipeline(source, transform).catch(() => undefined);
  return transform;
}

export const quoted = (hex: string) => `"${hex}"`;
