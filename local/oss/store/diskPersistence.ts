/**
 * The index mirrored as small JSON files: `buckets/<name>.json`, `objects/<bucket>/<sha1(key)>.json`,
 * `uploads/<uploadId>.json`. Each is replaced atomically; writes to one file are queued so a
 * slower earlier write can never land after a later one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile.js';
import type { BucketRecord, ObjectRecord, Persistence, UploadRecord } from './types.js';

const keyFile = (key: string) => `${createHash('sha1').update(key, 'utf8').digest('hex')}.json`;

async function readJsonDir<T>(dir: string): Promise<T[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: T[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    out.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as T);
  }
  return out;
}

export class DiskPersistence implements Persistence {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly root: string,
    private readonly tmpDir: string,
  ) {}

  private queued(path: string, job: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(path) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(job);
    this.queues.set(path, next);
    void next
      .finally(() => {
        if (this.queues.get(path) === next) this.queues.delete(path);
      })
      .catch(() => undefined);
    return next;
  }

  private write(path: string, value: unknown): Promise<void> {
    return this.queued(path, () => writeFileAtomic(path, JSON.stringify(value), this.tmpDir));
  }

  private remove(path: string): Promise<void> {
    return this.queued(path, () =>
      unlink(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      }),
    );
  }

  async load() {
    const buckets = await readJsonDir<BucketRecord>(join(this.root, 'buckets'));
    const objects: Array<[string, ObjectRecord]> = [];
    for (const bucket of buckets) {
      for (const object of await readJsonDir<ObjectRecord>(join(this.root, 'objects', bucket.name))) {
        objects.push([bucket.name, object]);
      }
    }
    const uploads = await readJsonDir<UploadRecord>(join(this.root, 'uploads'));
    return { buckets, objects, uploads };
  }

  async saveBucket(bucket: BucketRecord): Promise<void> {
    await mkdir(join(this.root, 'objects', bucket.name), { recursive: true });
    await this.write(join(this.root, 'buckets', `${bucket.name}.json`), bucket);
  }

  async removeBucket(name: string): Promise<void> {
    await this.remove(join(this.root, 'buckets', `${name}.json`));
    await rm(join(this.root, 'objects', name), { recursive: true, force: true });
  }

  saveObject(bucket: string, object: ObjectRecord): Promise<void> {
    return this.write(join(this.root, 'objects', bucket, keyFile(object.key)), object);
  }

  removeObject(bucket: string, key: string): Promise<void> {
    return this.remove(join(this.root, 'objects', bucket, keyFile(key)));
  }

  saveUpload(upload: UploadRecord): Promise<void> {
    return this.write(join(this.root, 'uploads', `${upload.uploadId}.json`), upload);
  }

  removeUpload(upload: UploadRecord): Promise<void> {
    return this.remove(join(this.root, 'uploads', `${upload.uploadId}.json`));
  }
}
