/**
 * Blobs as files under `<dataDir>/blobs`. A new blob streams into `<dataDir>/tmp`, is fsynced and
 * only then renamed into place, so no reader ever sees a partial blob; memory use stays at the
 * stream buffers whatever the object size.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fsyncDir } from './atomicFile.js';
import type { BlobStore, BlobWriteResult } from './types.js';

const CHUNK = 256 * 1024;
/** Bigger reads: fewer syscalls and stream turns per GET (one such buffer per open download). */
const READ_CHUNK = 1024 * 1024;

export class DiskBlobStore implements BlobStore {
  constructor(
    private readonly blobDir: string,
    private readonly tmpDir: string,
  ) {}

  private path(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`bad blob id ${id}`);
    return join(this.blobDir, id);
  }

  async put(source: Readable): Promise<BlobWriteResult> {
    const id = randomUUID();
    const tmp = join(this.tmpDir, `${id}.blob`);
    const out = createWriteStream(tmp, { flush: true, highWaterMark: CHUNK });
    try {
      await pipeline(source, out);
      await rename(tmp, this.path(id));
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await fsyncDir(this.blobDir);
    return { id, size: out.bytesWritten };
  }

  async append(id: string, offset: number, source: Readable): Promise<number> {
    const path = this.path(id);
    // Drop bytes a crashed append may have left past the visible size.
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(offset);
    } finally {
      await handle.close();
    }
    const out = createWriteStream(path, { flags: 'r+', start: offset, flush: true, highWaterMark: CHUNK });
    await pipeline(source, out);
    return offset + out.bytesWritten;
  }

  async read(id: string, start: number, end: number): Promise<Readable> {
    const handle = await open(this.path(id), 'r');
    if (end <= start) {
      await handle.close();
      return Readable.from([]);
    }
    return handle.createReadStream({ start, end: end - 1, highWaterMark: READ_CHUNK });
  }

  async remove(id: string): Promise<void> {
    await unlink(this.path(id)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async list(): Promise<string[]> {
    return readdir(this.blobDir);
  }
}
