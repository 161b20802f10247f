/**
 * Blobs as lists of Buffers: the default store, and what tests use unless they need a disk.
 * Bodies keep the chunks as they arrived (socket reads, up to 64 KiB, already hashed): copying
 * them into 1 MiB blocks cost 0.3–0.6 ms of CPU per MiB, mostly faulting in fresh pages
 * (docs/BENCHMARKS.md, oss). Only small chunks are gathered, so a trickled body doesn't become
 * thousands of tiny Buffers. Chunks are never written to after they are stored, so blobs may
 * share them (a copy or completed upload holds views of its source's chunks).
 * Reads push many chunks per turn, so the socket writes them in batches.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore, BlobWriteResult } from './types.js';

/** How much a read stream buffers ahead of its consumer. */
const READ_AHEAD = 1024 * 1024;
/** Chunks below this are copied into a gathering buffer of GATHER bytes. */
const SMALL = 16 * 1024;
const GATHER = 64 * 1024;

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

/** Bytes [start, end) of `chunks` (a snapshot: later appends don't show). */
function slices(chunks: readonly Buffer[], start: number, end: number): Readable {
  let index = 0;
  let offset = 0; // of chunks[index] in the blob
  return new Readable({
    highWaterMark: READ_AHEAD,
    read() {
      for (;;) {
        if (index >= chunks.length || offset >= end) return void this.push(null);
        const chunk = chunks[index]!;
        const chunkEnd = offset + chunk.length;
        const from = Math.max(0, start - offset);
        const to = Math.min(chunk.length, end - offset);
        index++;
        offset = chunkEnd;
        if (chunkEnd > start && from < to && !this.push(chunk.subarray(from, to))) return;
      }
    },
  });
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, MemoryBlob>();

  async put(source: Readable): Promise<BlobWriteResult> {
    const blob: MemoryBlob = { chunks: [], size: 0 };
    let gather: Buffer | undefined;
    let used = 0;
    const flush = () => {
      if (gather && used > 0) blob.chunks.push(gather.subarray(0, used));
      gather = undefined;
      used = 0;
    };
    for await (const chunk of source) {
      const data = chunk as Buffer;
      blob.size += data.length;
      if (data.length >= SMALL) {
        flush();
        blob.chunks.push(data);
        continue;
      }
      if (gather && used + data.length > GATHER) flush();
      gather ??= Buffer.allocUnsafeSlow(GATHER);
      data.copy(gather, used);
      used += data.length;
    }
    flush();
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
    return slices([...blob.chunks], start, end);
  }

  async remove(id: string): Promise<void> {
    this.blobs.delete(id);
  }

  async list(): Promise<string[]> {
    return [...this.blobs.keys()];
  }
}
