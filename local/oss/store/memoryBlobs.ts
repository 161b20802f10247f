/** Blobs as lists of Buffers: the default store, and what tests use unless they need a disk. */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore, BlobWriteResult } from './types.js';

const BLOCK = 1024 * 1024;

interface MemoryBlob {
  chunks: Buffer[];
  size: number;
}

function truncate(blob: MemoryBlob, size: number): void {
  if (blob.size <= size) return;
  const kept: Buffer[] = [];
  let total = 0;
  for (const chunk of blob.chunks) {
    if (total + chunk.length <= size) {
      kept.push(chunk);
      total += chunk.length;
    } else {
      if (size > total) kept.push(chunk.subarray(0, size - total));
      total = size;
      break;
    }
  }
  blob.chunks = kept;
  blob.size = total;
}

async function* slices(chunks: readonly Buffer[], start: number, end: number): AsyncGenerator<Buffer> {
  let offset = 0;
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.length;
    if (chunkEnd > start && offset < end) {
      yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset));
    }
    offset = chunkEnd;
    if (offset >= end) break;
  }
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, MemoryBlob>();

  async put(source: Readable): Promise<BlobWriteResult> {
    const blob: MemoryBlob = { chunks: [], size: 0 };
    // Socket-sized chunks are gathered into 1 MiB blocks: fewer objects to keep, bigger GET writes.
    let block = Buffer.allocUnsafe(BLOCK);
    let used = 0;
    for await (const chunk of source) {
      let data = chunk as Buffer;
      while (data.length > 0) {
        const n = Math.min(data.length, BLOCK - used);
        data.copy(block, used, 0, n);
        used += n;
        data = data.subarray(n);
        if (used === BLOCK) {
          blob.chunks.push(block);
          block = Buffer.allocUnsafe(BLOCK);
          used = 0;
        }
      }
    }
    if (used > 0) blob.chunks.push(Buffer.from(block.subarray(0, used)));
    blob.size = blob.chunks.reduce((n, c) => n + c.length, 0);
    const id = randomUUID();
    this.blobs.set(id, blob);
    return { id, size: blob.size };
  }

  async append(id: string, offset: number, source: Readable): Promise<number> {
    const blob = this.blobs.get(id);
    if (!blob) throw new Error(`blob ${id} is missing`);
    // Collect first: a failed body must leave the blob as it was.
    const added: Buffer[] = [];
    for await (const chunk of source) added.push(chunk as Buffer);
    truncate(blob, offset);
    for (const chunk of added) {
      blob.chunks.push(chunk);
      blob.size += chunk.length;
    }
    return blob.size;
  }

  async read(id: string, start: number, end: number): Promise<Readable> {
    const blob = this.blobs.get(id);
    if (!blob) throw new Error(`blob ${id} is missing`);
    return Readable.from(slices([...blob.chunks], start, end), { objectMode: false });
  }

  async remove(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async list(): Promise<string[]> {
    return [...this.blobs.keys()];
  }
}
