/**
 * The create-only write of a manifest object (`x-oss-forbid-overwrite`): a manifest is written
 * once and never rewritten. An identical one already there (a re-run) is success; a different
 * one is a conflict, unless the caller says it is a leftover it may replace (e.g. written by a
 * stale epoch's finalize of a window that never committed, checked by the caller holding the
 * current epoch): then it is removed and the create retried once. The format itself is
 * `shared/export/manifest.ts`; this layer only sees bytes.
 */
import { createHash } from 'node:crypto';
import { SyncError } from '../errors.js';
import { ObjectExistsError } from './errors.js';
import type { ObjectSink } from './sink.js';

/** The manifest is already there with other bytes, and may not be replaced. */
export class ManifestConflictError extends SyncError {
  readonly key: string;
  /** SHA-256 (hex) of the bytes found, and of the bytes this write would have written. */
  readonly existingSha256: string;
  readonly sha256: string;
  constructor(key: string, existingSha256: string, sha256: string) {
    super(
      'MANIFEST_CONFLICT',
      `manifest "${key}" already exists with different content (sha256 ${existingSha256}, this write ${sha256})`,
    );
    this.name = 'ManifestConflictError';
    this.key = key;
    this.existingSha256 = existingSha256;
    this.sha256 = sha256;
  }
}

export interface ManifestWriteOptions {
  /** Asked once, with the bytes found, when they differ: true removes them and retries the create. */
  readonly replaceIf?: (existing: Buffer) => boolean | Promise<boolean>;
}

export interface ManifestWriteResult {
  /** SHA-256 (hex) of `body`: what the next manifest links to. */
  readonly sha256: string;
  /** An identical manifest was already there. */
  readonly existed: boolean;
  /** A different one was there and `replaceIf` let this write replace it. */
  readonly replaced: boolean;
}

export async function writeManifestObject(
  sink: ObjectSink,
  key: string,
  body: Buffer,
  options: ManifestWriteOptions = {},
): Promise<ManifestWriteResult> {
  const sha = sha256(body);
  for (let attempt = 0; ; attempt++) {
    try {
      await sink.put(key, body, { forbidOverwrite: true, contentType: 'application/json' });
      return { sha256: sha, existed: false, replaced: attempt > 0 };
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      const existing = await sink.get(key);
      if (existing.equals(body)) return { sha256: sha, existed: true, replaced: false };
      if (attempt === 0 && (await options.replaceIf?.(existing)) === true) {
        await sink.delete(key);
        continue;
      }
      throw new ManifestConflictError(key, sha256(existing), sha);
    }
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
