/**
 * ObjectSink over the `ali-oss` client (6.23). Create-only writes send `x-oss-forbid-overwrite`;
 * OSS's 409 FileAlreadyExists becomes ObjectExistsError, PositionNotEqualToLength becomes
 * AppendPositionError, NoSuchUpload becomes UploadGoneError, every other failure OssError.
 */
import {
  AppendPositionError,
  ObjectExistsError,
  ObjectNotFoundError,
  OssError,
  UploadGoneError,
} from './errors.js';
import type {
  ByteRange,
  CompletedPart,
  ObjectInfo,
  ObjectSink,
  ObjectType,
  PutOptions,
  WriteResult,
} from './sink.js';
import { createOssClient, headerOf, headers, sanitize, type OssClientOptions } from './ali-oss-client.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss responses are untyped */
export class AliOssSink implements ObjectSink {
  readonly bucket: string;

  /** @param listPageSize keys per ListObjectsV2 call (OSS allows up to 1000). */
  constructor(
    private readonly client: any,
    private readonly listPageSize = 1000,
  ) {
    this.bucket = client.options?.bucket ?? '';
  }

  static fromOptions(options: OssClientOptions): AliOssSink {
    return new AliOssSink(createOssClient(options));
  }

  async put(key: string, body: Buffer, options: PutOptions = {}): Promise<WriteResult> {
    const result = await this.call('put', key, () =>
      this.client.put(key, body, { headers: headers(options), mime: options.contentType }),
    );
    return this.written(result.res);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const result = await this.call('head', key, () => this.client.head(key));
      const res = result.res;
      const info: ObjectInfo = { key, size: Number(headerOf(res, 'content-length') ?? 0) };
      const crc = headerOf(res, 'x-oss-hash-crc64ecma');
      if (crc) info.crc64 = crc;
      const etag = headerOf(res, 'etag');
      if (etag) info.etag = etag;
      const type = headerOf(res, 'x-oss-object-type');
      if (type) info.type = type as ObjectType;
      const next = headerOf(res, 'x-oss-next-append-position');
      if (next !== undefined) info.nextAppendPosition = Number(next);
      return info;
    } catch (err) {
      if (err instanceof ObjectNotFoundError) return undefined;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Buffer> {
    if (range && range.end <= range.start) return Buffer.alloc(0);
    const options = range ? { headers: { Range: `bytes=${range.start}-${range.end - 1}` } } : {};
    const result = await this.call('get', key, () => this.client.get(key, undefined, options));
    const content = Buffer.from(result.content ?? Buffer.alloc(0));
    // OSS ignores an unsatisfiable Range and sends the whole object: never hand that back as the range.
    if (range && content.length !== range.end - range.start) {
      throw new OssError('get', key, {
        status: result.res?.status,
        message: `asked for bytes [${range.start}, ${range.end}), got ${content.length} bytes`,
      });
    }
    return content;
  }

  async delete(key: string): Promise<void> {
    await this.call('delete', key, () => this.client.delete(key));
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.call('deleteMulti', batch[0] ?? '', () => this.client.deleteMulti(batch, { quiet: true }));
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, unknown> = { prefix, 'max-keys': this.listPageSize };
      if (token) query['continuation-token'] = token;
      const result = await this.call('list', prefix, () => this.client.listV2(query));
      for (const o of result.objects ?? []) out.push({ key: o.name, size: Number(o.size), etag: o.etag });
      token = result.isTruncated ? result.nextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async append(
    key: string,
    position: number,
    body: Buffer,
    options: { contentType?: string } = {},
  ): Promise<{ nextPosition: number; crc64?: string }> {
    try {
      const result = await this.call('append', key, () =>
        this.client.append(key, body, { position: String(position), mime: options.contentType }),
      );
      const out: { nextPosition: number; crc64?: string } = {
        nextPosition: Number(result.nextAppendPosition),
      };
      const crc = headerOf(result.res, 'x-oss-hash-crc64ecma');
      if (crc) out.crc64 = crc;
      return out;
    } catch (err) {
      if (err instanceof OssError && err.ossCode === 'PositionNotEqualToLength') {
        const info = await this.head(key);
        throw new AppendPositionError(key, position, info?.size, { cause: err });
      }
      throw err;
    }
  }

  async initMultipart(key: string, options: PutOptions = {}): Promise<string> {
    const result = await this.call('initMultipartUpload', key, () =>
      this.client.initMultipartUpload(key, { headers: headers(options), mime: options.contentType }),
    );
    return String(result.uploadId);
  }

  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
  ): Promise<{ etag: string; crc64?: string }> {
    const result = await this.call(
      'uploadPart',
      key,
      () => this.client.uploadPart(key, uploadId, partNumber, body, 0, body.length),
      uploadId,
    );
    const out: { etag: string; crc64?: string } = { etag: String(result.etag) };
    const crc = headerOf(result.res, 'x-oss-hash-crc64ecma');
    if (crc) out.crc64 = crc;
    return out;
  }

  async uploadPartCopy(
    key: string,
    uploadId: string,
    partNumber: number,
    source: { key: string } & ByteRange,
  ): Promise<{ etag: string }> {
    const result = await this.call(
      'uploadPartCopy',
      key,
      () =>
        this.client.uploadPartCopy(key, uploadId, partNumber, `${source.start}-${source.end - 1}`, {
          sourceKey: source.key,
          sourceBucketName: this.bucket,
        }),
      uploadId,
    );
    return { etag: String(result.etag) };
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
    options: PutOptions = {},
  ): Promise<WriteResult> {
    const result = await this.call(
      'completeMultipartUpload',
      key,
      () =>
        this.client.completeMultipartUpload(
          key,
          uploadId,
          parts.map((p) => ({ number: p.partNumber, etag: p.etag })),
          { headers: headers(options) },
        ),
      uploadId,
    );
    return this.written(result.res);
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    await this.call(
      'abortMultipartUpload',
      key,
      () => this.client.abortMultipartUpload(key, uploadId),
      uploadId,
    );
  }

  async listParts(key: string, uploadId: string): Promise<(CompletedPart & { size: number })[]> {
    const out: (CompletedPart & { size: number })[] = [];
    let marker: string | undefined;
    for (;;) {
      const query: Record<string, unknown> = { 'max-parts': 1000 };
      if (marker) query['part-number-marker'] = marker;
      const result = await this.call(
        'listParts',
        key,
        () => this.client.listParts(key, uploadId, query),
        uploadId,
      );
      const parts =
        result.parts === undefined ? [] : Array.isArray(result.parts) ? result.parts : [result.parts];
      for (const p of parts)
        out.push({ partNumber: Number(p.PartNumber), etag: String(p.ETag), size: Number(p.Size) });
      const truncated = String(result.isTruncated) === 'true';
      if (!truncated || !result.nextPartNumberMarker) break;
      marker = String(result.nextPartNumberMarker);
    }
    return out;
  }

  private written(res: any): WriteResult {
    const out: WriteResult = {};
    const etag = headerOf(res, 'etag');
    if (etag) out.etag = etag;
    const crc = headerOf(res, 'x-oss-hash-crc64ecma');
    if (crc) out.crc64 = crc;
    return out;
  }

  /** Runs one SDK call and maps its failure to our errors. */
  private async call(
    operation: string,
    key: string,
    fn: () => Promise<any>,
    uploadId?: string,
  ): Promise<any> {
    try {
      return await fn();
    } catch (raw: any) {
      const err = sanitize(raw);
      const code: string | undefined = typeof err?.code === 'string' ? err.code : undefined;
      const status: number | undefined = typeof err?.status === 'number' ? err.status : undefined;
      if (code === 'FileAlreadyExists') throw new ObjectExistsError(key, { cause: err });
      if (code === 'NoSuchUpload' && uploadId) throw new UploadGoneError(key, uploadId, { cause: err });
      if (code === 'NoSuchKey' || (status === 404 && operation === 'head'))
        throw new ObjectNotFoundError(key, { cause: err });
      const detail: { status?: number; ossCode?: string; message: string } = {
        message:
          String(err?.message ?? err)
            .split('\n')[0]
            ?.slice(0, 300) ?? '',
      };
      if (status !== undefined) detail.status = status;
      if (code !== undefined) detail.ossCode = code;
      throw new OssError(operation, key, detail, { cause: err });
    }
  }
}
