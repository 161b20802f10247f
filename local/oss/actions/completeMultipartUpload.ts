/**
 * CompleteMultipartUpload: checks the listed parts (ascending, present, ETags matching, every
 * part but the last ≥ 100 KB), then joins them into one blob. The ETag is OSS's multipart form
 * (MD5 of the parts' binary MD5s, "-", part count); the CRC-64 is combined from the parts'.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { OssContext } from '../context.js';
import { header, param } from '../context.js';
import { readSmallBody } from '../body.js';
import { crc64Combine } from '../crc64.js';
import { malformedXml, noSuchUpload, notImplemented, OssError } from '../errors.js';
import { sseHeaders } from '../objectHeaders.js';
import { sendXml } from '../respond.js';
import type { PartRecord, UploadRecord } from '../store/types.js';
import { parseXml, textOf, type XmlNode } from '../xml.js';
import { MIN_PART_SIZE, requireUpload } from './multipartShared.js';
import { checkOverwrite, objectTarget } from './shared.js';

const bare = (etag: string) => etag.trim().replace(/^"|"$/g, '').toUpperCase();

const invalidPart = () =>
  new OssError(
    400,
    'InvalidPart',
    "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
  );

function listedParts(body: Buffer, upload: UploadRecord): PartRecord[] {
  const root = parseXml(body).CompleteMultipartUpload;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw malformedXml();
  const entries = ((root as XmlNode).Part ?? []) as XmlNode[];
  if (!Array.isArray(entries) || entries.length === 0) throw malformedXml();
  let previous = 0;
  return entries.map((entry) => {
    const numberText = textOf(entry, 'PartNumber')?.trim() ?? '';
    const etag = textOf(entry, 'ETag');
    if (!/^\d{1,5}$/.test(numberText) || etag === undefined) throw malformedXml();
    const partNumber = Number(numberText);
    if (partNumber <= previous) {
      throw new OssError(
        400,
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts list must specified in order by part number.',
      );
    }
    previous = partNumber;
    const part = upload.parts[String(partNumber)];
    if (!part || bare(part.etag) !== bare(etag)) throw invalidPart();
    return part;
  });
}

function allParts(upload: UploadRecord): PartRecord[] {
  return Object.values(upload.parts).sort((a, b) => a.partNumber - b.partNumber);
}

export async function completeMultipartUpload(ctx: OssContext): Promise<void> {
  const state = objectTarget(ctx);
  const upload = requireUpload(ctx, state);
  if (header(ctx, 'x-oss-callback') !== undefined) throw notImplemented('Upload callbacks');
  const completeAll = header(ctx, 'x-oss-complete-all')?.toLowerCase() === 'yes';
  const body = await readSmallBody(ctx);
  const result = await ctx.store.exclusive(`upload/${upload.uploadId}`, async () => {
    if (state.uploads.get(upload.uploadId) !== upload) throw noSuchUpload(upload.uploadId);
    const parts = completeAll ? allParts(upload) : listedParts(body, upload);
    if (parts.length === 0) throw invalidPart();
    parts.slice(0, -1).forEach((part) => {
      if (part.size < MIN_PART_SIZE) {
        throw new OssError(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed size.',
          {
            PartNumber: String(part.partNumber),
            MinSizeAllowed: String(MIN_PART_SIZE),
            ProposedSize: String(part.size),
          },
        );
      }
    });
    checkOverwrite(ctx, state);
    const blobs = ctx.store.blobs;
    async function* joined() {
      for (const part of parts) yield* await blobs.read(part.blobId, 0, part.size);
    }
    const blob = await blobs.put(Readable.from(joined(), { objectMode: false }));
    const md5s = createHash('md5');
    let crc = BigInt(parts[0]!.crc64);
    parts.forEach((part, i) => {
      md5s.update(Buffer.from(bare(part.etag), 'hex'));
      if (i > 0) crc = crc64Combine(crc, BigInt(part.crc64), part.size);
    });
    const etag = `"${md5s.digest('hex').toUpperCase()}-${parts.length}"`;
    const object = {
      key: ctx.key,
      blobId: blob.id,
      size: blob.size,
      etag,
      crc64: crc.toString(),
      lastModified: ctx.nowMs,
      type: 'Multipart' as const,
      headers: upload.headers,
      acl: upload.acl,
      storageClass: upload.storageClass,
    };
    try {
      await ctx.store.exclusive(`${ctx.bucket}/${ctx.key}`, async () => {
        checkOverwrite(ctx, state);
        await ctx.store.commitObject(state, object);
      });
    } catch (err) {
      await blobs.remove(blob.id);
      throw err;
    }
    await ctx.store.removeUpload(state, upload);
    return object;
  });
  const encode = param(ctx, 'encoding-type') === 'url';
  const host = `${ctx.bucket}.${ctx.settings.region}.aliyuncs.com`;
  sendXml(
    ctx,
    'CompleteMultipartUploadResult',
    {
      EncodingType: encode ? 'url' : undefined,
      Location: `http://${host}/${encodeURIComponent(ctx.key).replace(/%2F/g, '/')}`,
      Bucket: ctx.bucket,
      Key: encode ? encodeURIComponent(ctx.key) : ctx.key,
      ETag: result.etag,
    },
    { ETag: result.etag, 'x-oss-hash-crc64ecma': result.crc64, ...sseHeaders(upload.headers) },
  );
}
