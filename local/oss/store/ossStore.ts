/**
 * The server's state: buckets, objects and multipart uploads indexed in memory, bytes in a
 * BlobStore, every index change mirrored by an optional Persistence. Commits replace a record in
 * one step and only then drop the old blob, so readers see the old object or the new one.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskBlobStore } from './diskBlobs.js';
import { DiskPersistence } from './diskPersistence.js';
import { compareKeys } from '../keyOrder.js';
import { MemoryBlobStore } from './memoryBlobs.js';
import type { BlobStore, BucketRecord, ObjectRecord, Persistence, UploadRecord } from './types.js';

export interface BucketState {
  record: BucketRecord;
  objects: Map<string, ObjectRecord>;
  uploads: Map<string, UploadRecord>;
  /** Object keys in listing order; rebuilt lazily after the key set changes. */
  sortedKeys?: string[];
}

/** The bucket's keys in listing order (cached until a key is added or removed). */
export function sortedKeys(state: BucketState): readonly string[] {
  state.sortedKeys ??= [...state.objects.keys()].sort(compareKeys);
  return state.sortedKeys;
}

function setObject(state: BucketState, object: ObjectRecord): void {
  if (!state.objects.has(object.key)) state.sortedKeys = undefined;
  state.objects.set(object.key, object);
}

export class OssStore {
  readonly buckets = new Map<string, BucketState>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    readonly blobs: BlobStore,
    private readonly persistence?: Persistence,
  ) {}

  /** Runs `job` alone for this name (append, complete and commits of one key never interleave). */
  async exclusive<T>(name: string, job: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(job);
    this.locks.set(name, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(name) === run) this.locks.delete(name);
    }
  }

  bucket(name: string): BucketState | undefined {
    return this.buckets.get(name);
  }

  async putBucket(record: BucketRecord): Promise<BucketState> {
    const existing = this.buckets.get(record.name);
    const state = existing ?? { record, objects: new Map(), uploads: new Map() };
    state.record = record;
    this.buckets.set(record.name, state);
    await this.persistence?.saveBucket(record);
    return state;
  }

  async deleteBucket(name: string): Promise<void> {
    this.buckets.delete(name);
    await this.persistence?.removeBucket(name);
  }

  /** Makes `object` the visible version of its key; the replaced blob is removed afterwards. */
  async commitObject(state: BucketState, object: ObjectRecord): Promise<void> {
    await this.persistence?.saveObject(state.record.name, object);
    const previous = state.objects.get(object.key);
    setObject(state, object);
    if (previous && previous.blobId !== object.blobId) await this.blobs.remove(previous.blobId);
  }

  /** Saves a changed record whose blob stays the same (ACL, append). */
  async saveObject(state: BucketState, object: ObjectRecord): Promise<void> {
    await this.persistence?.saveObject(state.record.name, object);
    setObject(state, object);
  }

  async deleteObject(state: BucketState, key: string): Promise<void> {
    const previous = state.objects.get(key);
    if (!previous) return;
    await this.persistence?.removeObject(state.record.name, key);
    state.objects.delete(key);
    state.sortedKeys = undefined;
    await this.blobs.remove(previous.blobId);
  }

  async saveUpload(state: BucketState, upload: UploadRecord): Promise<void> {
    state.uploads.set(upload.uploadId, upload);
    await this.persistence?.saveUpload(upload);
  }

  /** Forgets an upload; blobs of parts not in `keep` are removed. */
  async removeUpload(
    state: BucketState,
    upload: UploadRecord,
    keep: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    state.uploads.delete(upload.uploadId);
    await this.persistence?.removeUpload(upload);
    for (const part of Object.values(upload.parts)) {
      if (!keep.has(part.blobId)) await this.blobs.remove(part.blobId);
    }
  }

  /** Loads the persisted index and deletes blobs nothing refers to (left by a crash). */
  async load(): Promise<void> {
    if (!this.persistence) return;
    const { buckets, objects, uploads } = await this.persistence.load();
    for (const record of buckets)
      this.buckets.set(record.name, { record, objects: new Map(), uploads: new Map() });
    const live = new Set<string>();
    for (const [bucket, object] of objects) {
      const state = this.buckets.get(bucket);
      if (state) setObject(state, object);
      live.add(object.blobId);
    }
    for (const upload of uploads) {
      this.buckets.get(upload.bucket)?.uploads.set(upload.uploadId, upload);
      for (const part of Object.values(upload.parts)) live.add(part.blobId);
    }
    for (const id of await this.blobs.list()) if (!live.has(id)) await this.blobs.remove(id);
  }
}

export function memoryStore(): OssStore {
  return new OssStore(new MemoryBlobStore());
}

/** A store under `dataDir`; leftovers of an interrupted run (temp files, orphan blobs) are dropped. */
export async function diskStore(dataDir: string): Promise<OssStore> {
  const tmp = join(dataDir, 'tmp');
  await rm(tmp, { recursive: true, force: true });
  for (const sub of ['tmp', 'blobs', 'buckets', 'objects', 'uploads']) {
    await mkdir(join(dataDir, sub), { recursive: true });
  }
  const store = new OssStore(
    new DiskBlobStore(join(dataDir, 'blobs'), tmp),
    new DiskPersistence(dataDir, tmp),
  );
  await store.load();
  return store;
}
