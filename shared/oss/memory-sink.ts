/**
 * In-memory ObjectSink that enforces the OSS rules the export depends on: forbid-overwrite,
 * append positions and Appendable type, 100 KB minimum parts at completion, part-copy ranges,
 * CRC-64 on every write. Unit tests run the multipart/merge/append logic on it; integration
 * tests run the same logic on the local OSS server through ali-oss.
 */
import { crc64 } from './crc64.js';
import {
  AppendPositionError,
  ObjectExistsError,
  ObjectNotFoundError,
  OssError,
  UploadGoneError,
} from './errors.js';
import {
  MIN_PART_SIZE,
  type ByteRange,
  type CompletedPart,
  type ObjectInfo,
  type ObjectSink,
  type ObjectType,
  type PutOptions,
  type WriteResult,
} from './sink.js';

interface Stored {
  body: Buffer;
  type: ObjectType;
}

export class MemoryObjectSink implements ObjectSink {
  readonly objects = new Map<string, Stored>();
  readonly uploads = new Map<string, { key: string; options: PutOptions; parts: Map<number, Buffer> }>();
  /** Counts calls per operation, for tests that check what was (not) re-uploaded. */
  readonly calls: Record<string, number> = {};
  private nextId = 1;

  constructor(readonly bucket = 'memory-bucket') {}

  async put(key: string, body: Buffer, options: PutOptions = {}): Promise<WriteResult> {
    this.count('put');
    if (options.forbidOverwrite && this.objects.has(key)) throw new ObjectExistsError(key);
    this.objects.set(key, { body: Buffer.from(body), type: 'Normal' });
    return { etag: this.etag(body), crc64: crc64(body) };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    this.count('head');
    const o = this.objects.get(key);
    if (!o) return undefined;
    const info: ObjectInfo = {
      key,
      size: o.body.length,
      crc64: crc64(o.body),
      etag: this.etag(o.body),
      type: o.type,
    };
    if (o.type === 'Appendable') info.nextAppendPosition = o.body.length;
    return info;
  }

  async get(key: string, range?: ByteRange): Promise<Buffer> {
    this.count('get');
    const o = this.objects.get(key);
    if (!o) throw new ObjectNotFoundError(key);
    return Buffer.from(range ? o.body.subarray(range.start, range.end) : o.body);
  }

  async delete(key: string): Promise<void> {
    this.count('delete');
    this.objects.delete(key);
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (const key of keys) await this.delete(key);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    this.count('list');
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([key, o]) => ({ key, size: o.body.length, etag: this.etag(o.body) }));
  }

  async append(
    key: string,
    position: number,
    body: Buffer,
  ): Promise<{ nextPosition: number; crc64?: string }> {
    this.count('append');
    const o = this.objects.get(key);
    if (o && o.type !== 'Appendable')
      throw new OssError('append', key, {
        status: 409,
        ossCode: 'ObjectNotAppendable',
        message: 'not appendable',
      });
    const length = o?.body.length ?? 0;
    if (position !== length) throw new AppendPositionError(key, position, length);
    const next = Buffer.concat([o?.body ?? Buffer.alloc(0), body]);
    this.objects.set(key, { body: next, type: 'Appendable' });
    return { nextPosition: next.length, crc64: crc64(next) };
  }

  async initMultipart(key: string, options: PutOptions = {}): Promise<string> {
    this.count('initMultipart');
    const id = `U${this.nextId++}`;
    this.uploads.set(id, { key, options, parts: new Map() });
    return id;
  }

  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
  ): Promise<{ etag: string; crc64?: string }> {
    this.count('uploadPart');
    this.upload(key, uploadId).parts.set(partNumber, Buffer.from(body));
    return { etag: this.etag(body), crc64: crc64(body) };
  }

  async uploadPartCopy(
    key: string,
    uploadId: string,
    partNumber: number,
    source: { key: string } & ByteRange,
  ): Promise<{ etag: string }> {
    this.count('uploadPartCopy');
    const upload = this.upload(key, uploadId);
    const src = this.objects.get(source.key);
    if (!src) throw new ObjectNotFoundError(source.key);
    const body = src.body.subarray(source.start, source.end);
    upload.parts.set(partNumber, Buffer.from(body));
    return { etag: this.etag(body) };
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
    options: PutOptions = {},
  ): Promise<WriteResult> {
    this.count('completeMultipart');
    const upload = this.upload(key, uploadId);
    if ((options.forbidOverwrite || upload.options.forbidOverwrite) && this.objects.has(key))
      throw new ObjectExistsError(key);
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    const bodies = sorted.map((p) => {
      const body = upload.parts.get(p.partNumber);
      if (!body || this.etag(body) !== p.etag)
        throw new OssError('completeMultipart', key, {
          status: 400,
          ossCode: 'InvalidPart',
          message: `part ${p.partNumber}`,
        });
      return body;
    });
    bodies.slice(0, -1).forEach((b, i) => {
      if (b.length < MIN_PART_SIZE)
        throw new OssError('completeMultipart', key, {
          status: 400,
          ossCode: 'EntityTooSmall',
          message: `part ${sorted[i]?.partNumber} is ${b.length} bytes`,
        });
    });
    const body = Buffer.concat(bodies);
    this.objects.set(key, { body, type: 'Multipart' });
    this.uploads.delete(uploadId);
    return { etag: this.etag(body), crc64: crc64(body) };
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    this.count('abortMultipart');
    this.upload(key, uploadId);
    this.uploads.delete(uploadId);
  }

  async listParts(key: string, uploadId: string): Promise<(CompletedPart & { size: number })[]> {
    this.count('listParts');
    return [...this.upload(key, uploadId).parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([partNumber, body]) => ({ partNumber, etag: this.etag(body), size: body.length }));
  }

  private upload(key: string, uploadId: string) {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.key !== key) throw new UploadGoneError(key, uploadId);
    return upload;
  }

  private etag(body: Buffer): string {
    return `"${crc64(body)}-${body.length}"`;
  }

  private count(op: string): void {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
  }
}
