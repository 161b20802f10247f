/**
 * The window manifest: written last, create-only, a pure function of the window's content (no
 * clock, no epoch), so a finalize repeated after a crash writes the very same bytes. It chains to
 * the previous window's manifest by SHA-256, so a reader can prove no window is missing.
 */
import { createHash } from 'node:crypto';
import { ObjectExistsError } from '../oss/errors.js';
import type { ObjectSink } from '../oss/sink.js';
import { FinalizeError } from './errors.js';
import type { FinalObject } from './types.js';

export const MANIFEST_FORMAT = 'ots2oss-manifest/1';

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly job: string;
  readonly run: string;
  readonly instance: string;
  readonly table: string;
  readonly window: { readonly start: number; readonly end: number };
  readonly fileFormat: string;
  readonly writeMode: string;
  readonly objects: readonly FinalObject[];
  readonly dirtyObjects: readonly FinalObject[];
  readonly counts: {
    readonly rows: number;
    readonly late: number;
    readonly dirty: number;
    readonly bytes: number;
    readonly shards: number;
  };
  /** How the shards ended this window: iterator (boundary / caught up), SHARD_END, TRIM_HORIZON. */
  readonly checkpoints: {
    readonly iterator: number;
    readonly shardEnd: number;
    readonly trimHorizon: number;
  };
  /** `append` mode: the object appended to, its length before this window and the bytes added. */
  readonly append: { readonly key: string; readonly position: number; readonly bytes: number } | null;
  readonly previous: { readonly key: string; readonly sha256: string } | null;
}

export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Creates the manifest; an existing identical one is success. A different one is an error unless
 * `replaceIf()` says it is garbage (written by a finalize of a window that never committed, checked
 * by the caller still holding the current epoch): then it is removed and the create retried once.
 */
export async function writeManifest(
  sink: ObjectSink,
  key: string,
  m: Manifest,
  options: { replaceIf?: () => Promise<boolean> } = {},
): Promise<{ hash: string; replaced: boolean }> {
  const body = manifestBytes(m);
  const hash = sha256(body);
  for (let attempt = 0; ; attempt++) {
    try {
      await sink.put(key, body, { forbidOverwrite: true, contentType: 'application/json' });
      return { hash, replaced: attempt > 0 };
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      const existing = await sink.get(key);
      if (sha256(existing) === hash) return { hash, replaced: false };
      if (attempt === 0 && (await options.replaceIf?.())) {
        await sink.delete(key);
        continue;
      }
      throw new FinalizeError(
        `manifest ${key} already exists with different content (sha256 ${sha256(existing)}, this window ${hash}); the window's output changed between runs`,
      );
    }
  }
}
