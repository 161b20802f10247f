/**
 * Request bodies. Object data streams through `Digest` (MD5, CRC-64, size) into the blob store,
 * never held whole; small XML bodies are read with a cap. Content-MD5 and size limits are checked
 * here so every writing action applies them the same way.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { OssContext } from './context.js';
import { header } from './context.js';
import { Crc64 } from './crc64.js';
import { OssError } from './errors.js';
import { OffloadedMd5, startMd5, type RunningMd5 } from './md5Offload.js';

export const MAX_OBJECT_SIZE = 5 * 1024 ** 3;
const MAX_XML_BODY = 2 * 1024 * 1024;

/**
 * Passes bytes through while hashing them, each byte once, as it arrives. CRC-64 runs inline;
 * MD5 runs on a worker lane for bodies announced large (`expectedSize`), overlapping with the
 * receiving thread, else inline (docs/BENCHMARKS.md, oss).
 */
export class Digest extends Transform {
  private readonly crc = new Crc64();
  private readonly md5: RunningMd5;
  private md5Digest: Buffer | undefined;
  size = 0;

  constructor(
    private readonly limit = MAX_OBJECT_SIZE,
    expectedSize = 0,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.md5 = startMd5(expectedSize);
  }

  /** Whether MD5 runs on a worker lane (else inline). */
  get md5OnWorker(): boolean {
    return this.md5 instanceof OffloadedMd5;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      done(
        new OssError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.'),
      );
      return;
    }
    this.crc.update(chunk);
    const full = this.md5.update(chunk);
    if (!full) return done(null, chunk);
    full.then(() => done(null, chunk), done);
  }

  override _flush(done: TransformCallback): void {
    this.md5.digest().then((digest) => {
      this.md5Digest = digest;
      done();
    }, done);
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    if (!this.md5Digest) this.md5.abort();
    done(err);
  }

  /** Upper-case hex MD5 (and base64, for Content-MD5) and CRC-64; valid once the stream has ended. */
  result(): { md5Hex: string; md5Base64: string; md5: Buffer; crc64: bigint; size: number } {
    const md5 = this.md5Digest;
    if (!md5) throw new Error('Digest.result() before the stream ended');
    return {
      md5,
      md5Hex: md5.toString('hex').toUpperCase(),
      md5Base64: md5.toString('base64'),
      crc64: this.crc.digest(),
      size: this.size,
    };
  }
}

/** The body length the request announces (0 when chunked or absent). */
export function announcedLength(ctx: OssContext): number {
  const length = Number(header(ctx, 'content-length') ?? 0);
  return Number.isSafeInteger(length) && length > 0 ? length : 0;
}

/** 411 when the request announces no body length at all (neither Content-Length nor chunked). */
export function checkBodyLength(ctx: OssContext): void {
  const length = header(ctx, 'content-length');
  if (length === undefined && header(ctx, 'transfer-encoding') === undefined) {
    throw new OssError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  if (length !== undefined && Number(length) > MAX_OBJECT_SIZE) {
    throw new OssError(
      400,
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed object size.',
    );
  }
}

/** Throws InvalidDigest when a Content-MD5 was sent and does not match the bytes received. */
export function checkContentMd5(ctx: OssContext, md5Base64: string): void {
  const sent = header(ctx, 'content-md5');
  if (sent !== undefined && sent.trim() !== md5Base64) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', {
      'Content-MD5': sent,
    });
  }
}

/** Reads a small (XML) body whole, checking Content-MD5. */
export async function readSmallBody(ctx: OssContext): Promise<Buffer> {
  ctx.bodyUsed = true;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_XML_BODY) {
      ctx.bodyUsed = false;
      throw new OssError(400, 'EntityTooLarge', 'The request body is too large for this operation.');
    }
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  checkContentMd5(ctx, createHash('md5').update(body).digest('base64'));
  return body;
}

/** Consumes whatever is left of the body (before an error reply on a keep-alive socket). */
export async function drainBody(ctx: OssContext): Promise<void> {
  const req = ctx.req;
  if (req.readableEnded || req.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}
