/**
 * A partial object written as a stream with bounded memory, in the manner of Kafka Connect's
 * S3OutputStream: bytes fill one part buffer; a full buffer is uploaded as the next part (the
 * multipart upload is started lazily, so a small partial is one PUT); `commit()` completes,
 * `close()` without commit aborts. `suspend()` turns the writer into a saveable UploadState
 * (uploaded parts + the unfinished tail parked in a side object) that `MultipartWriter.open`
 * resumes later without re-uploading any part. Every byte is CRC-64'd and checked against OSS.
 *
 * @example
 *   const w = await MultipartWriter.open(sink, key, { partSize: 8 << 20 });
 *   for (const chunk of chunks) await w.write(chunk);
 *   const done = await w.commit(); // { key, size, crc64 }
 */
import { CRC64_EMPTY, crc64, crc64Combine } from './crc64.js';
import { ChecksumMismatchError, UploadGoneError } from './errors.js';
import { MAX_PARTS, MIN_PART_SIZE, type ObjectSink, type PutOptions } from './sink.js';
import type { Throttle } from './token-bucket.js';

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
  crc64: string;
}

/** JSON-safe state of a suspended partial (stored in the status table's progress row). */
export interface UploadState {
  version: 1;
  key: string;
  partSize: number;
  uploadId?: string;
  parts: UploadedPart[];
  /** Bytes and CRC-64 of everything written so far (parts + tail). */
  size: number;
  crc64: string;
  /** The buffered bytes not yet a part, parked in a side object while suspended. */
  tail?: { key: string; size: number; crc64: string };
}

export interface WriterOptions {
  /** Part size in bytes (≥ 100 KB, OSS's minimum for every part but the last). */
  partSize: number;
  throttle?: Throttle;
  /** Create-only completion (`x-oss-forbid-overwrite`). Partials are overwritable by default. */
  put?: PutOptions;
  resume?: UploadState;
}

export interface CommittedObject {
  key: string;
  size: number;
  crc64: string;
}

const RESOLVED = Promise.resolve();

/** Name of the side object that holds a suspended writer's tail. */
export function tailKeyOf(key: string): string {
  return `${key}.resume-tail`;
}

export class MultipartWriter {
  private buffer: Buffer;
  private filled = 0;
  private uploadId: string | undefined;
  private readonly parts: UploadedPart[];
  /** CRC-64 and size of the uploaded parts (the buffer's bytes are hashed once, as a part). */
  private partsCrc: string;
  private partsSize: number;
  private done = false;
  /** A side object from a previous suspend exists and must go once this writer ends. */
  private hadTail = false;
  private broken = false;

  private constructor(
    private readonly sink: ObjectSink,
    readonly key: string,
    private readonly options: WriterOptions,
    state?: UploadState,
  ) {
    if (options.partSize < MIN_PART_SIZE) {
      throw new RangeError(`partSize ${options.partSize} is below OSS's minimum part size ${MIN_PART_SIZE}`);
    }
    this.buffer = Buffer.allocUnsafe(options.partSize);
    this.uploadId = state?.uploadId;
    this.parts = state ? [...state.parts] : [];
    this.partsCrc = this.parts.reduce((crc, p) => crc64Combine(crc, p.crc64, p.size), CRC64_EMPTY);
    this.partsSize = this.parts.reduce((n, p) => n + p.size, 0);
  }

  /** Starts a new partial, or resumes a suspended one from its saved state. */
  static async open(sink: ObjectSink, key: string, options: WriterOptions): Promise<MultipartWriter> {
    const state = options.resume;
    if (!state) return new MultipartWriter(sink, key, options);
    if (state.key !== key || state.partSize !== options.partSize) {
      throw new RangeError(
        `saved upload state is for "${state.key}" (part size ${state.partSize}), not "${key}" (${options.partSize})`,
      );
    }
    if (state.uploadId) {
      // The upload must still exist with the parts we recorded; otherwise the partial restarts.
      const live = new Map((await sink.listParts(key, state.uploadId)).map((p) => [p.partNumber, p]));
      for (const p of state.parts) {
        const found = live.get(p.partNumber);
        if (!found || found.size !== p.size) throw new UploadGoneError(key, state.uploadId);
      }
    }
    const writer = new MultipartWriter(sink, key, options, state);
    if (state.tail) {
      const tail = await sink.get(state.tail.key);
      if (tail.length !== state.tail.size || crc64(tail) !== state.tail.crc64) {
        throw new ChecksumMismatchError(state.tail.key, state.tail.crc64, crc64(tail));
      }
      tail.copy(writer.buffer, 0);
      writer.filled = tail.length;
      writer.hadTail = true;
    }
    return writer;
  }

  /** Bytes written so far (uploaded and buffered). */
  get size(): number {
    return this.partsSize + this.filled;
  }

  /** CRC-64 of everything written so far (hashes the buffered tail on demand). */
  private currentCrc(): string {
    return this.filled === 0
      ? this.partsCrc
      : crc64Combine(this.partsCrc, crc64(this.buffer.subarray(0, this.filled)), this.filled);
  }

  write(chunk: Uint8Array): Promise<void> {
    this.assertOpen();
    // Fast path: the chunk fits in the part buffer (no upload, no new promise).
    if (this.filled + chunk.length < this.buffer.length) {
      this.buffer.set(chunk, this.filled);
      this.filled += chunk.length;
      return RESOLVED;
    }
    return this.fill(chunk);
  }

  private async fill(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, this.buffer.length - this.filled);
      this.buffer.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.buffer.length) await this.guard(() => this.uploadBuffer());
    }
  }

  /** The state to resume from, without the tail (only valid right after a part boundary). */
  state(): UploadState {
    const state: UploadState = {
      version: 1,
      key: this.key,
      partSize: this.options.partSize,
      parts: [...this.parts],
      size: this.size,
      crc64: this.currentCrc(),
    };
    if (this.uploadId) state.uploadId = this.uploadId;
    return state;
  }

  /** Parks the buffered tail in a side object and returns the state to save; the writer is done. */
  async suspend(): Promise<UploadState> {
    this.assertOpen();
    return this.guard(() => this.suspendNow());
  }

  private async suspendNow(): Promise<UploadState> {
    const state = this.state();
    if (this.filled > 0) {
      const tail = Buffer.from(this.buffer.subarray(0, this.filled));
      const tailKey = tailKeyOf(this.key);
      await this.options.throttle?.consume(tail.length);
      await this.sink.put(tailKey, tail);
      state.tail = { key: tailKey, size: tail.length, crc64: crc64(tail) };
    }
    this.done = true;
    return state;
  }

  /** Completes the object (one PUT if it never reached a full part) and checks OSS's CRC-64. */
  async commit(): Promise<CommittedObject> {
    this.assertOpen();
    return this.guard(() => this.commitNow());
  }

  private async commitNow(): Promise<CommittedObject> {
    const expected = this.currentCrc();
    const size = this.size;
    let reported: string | undefined;
    if (!this.uploadId) {
      const body = this.buffer.subarray(0, this.filled);
      await this.options.throttle?.consume(body.length);
      reported = (await this.sink.put(this.key, Buffer.from(body), this.options.put)).crc64;
    } else {
      if (this.filled > 0) await this.uploadBuffer();
      reported = (await this.sink.completeMultipart(this.key, this.uploadId, this.parts, this.options.put))
        .crc64;
    }
    this.done = true;
    if (this.hadTail) await this.sink.delete(tailKeyOf(this.key));
    if (reported !== undefined && reported !== expected)
      throw new ChecksumMismatchError(this.key, expected, reported);
    return { key: this.key, size, crc64: expected };
  }

  /** Aborts the upload unless committed or suspended (the S3OutputStream contract). */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.uploadId) await this.sink.abortMultipart(this.key, this.uploadId);
    if (this.hadTail) await this.sink.delete(tailKeyOf(this.key));
  }

  private async uploadBuffer(): Promise<void> {
    const partNumber = this.parts.length + 1;
    if (partNumber > MAX_PARTS)
      throw new RangeError(
        `"${this.key}" would need more than ${MAX_PARTS} parts; raise partSize or lower maxFileSize`,
      );
    const body = this.buffer.subarray(0, this.filled);
    this.uploadId ??= await this.sink.initMultipart(this.key, this.options.put);
    await this.options.throttle?.consume(body.length);
    const sent = await this.sink.uploadPart(this.key, this.uploadId, partNumber, body);
    const partCrc = crc64(body);
    if (sent.crc64 !== undefined && sent.crc64 !== partCrc) {
      throw new ChecksumMismatchError(`${this.key}#part${partNumber}`, partCrc, sent.crc64);
    }
    this.parts.push({ partNumber, etag: sent.etag, size: body.length, crc64: partCrc });
    this.partsCrc = crc64Combine(this.partsCrc, partCrc, body.length);
    this.partsSize += body.length;
    this.filled = 0;
  }

  private assertOpen(): void {
    if (this.broken)
      throw new Error(`writer for "${this.key}" failed earlier; close() it and rewrite the partial`);
    if (this.done) throw new Error(`writer for "${this.key}" is already committed or closed`);
  }

  /** A failed upload leaves buffer and CRC out of step: only close() is allowed afterwards. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.broken = true;
      throw err;
    }
  }
}
