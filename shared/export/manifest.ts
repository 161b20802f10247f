/**
 * The window manifest, the project's one definition: written last, create-only, a pure function
 * of the window's content (no clock, no epoch), so a finalize repeated after a crash writes the
 * very same bytes. It chains to the previous window's manifest by SHA-256, so a reader can prove
 * no window is missing, overlapping or partial. Here: the format, its bytes, hash, parse and the
 * chain check (pure); the create-only write itself is the sink layer's (`shared/oss`).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SyncError } from '../errors.js';
import { ManifestConflictError, writeManifestObject } from '../oss/manifest-write.js';
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

const count = z.number().int().nonnegative();
const object = z.object({ key: z.string(), rows: count, bytes: count, crc64: z.string().regex(/^\d+$/) });
const schema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  job: z.string(),
  run: z.string(),
  instance: z.string(),
  table: z.string(),
  window: z.object({ start: z.number().int(), end: z.number().int() }),
  fileFormat: z.string(),
  writeMode: z.string(),
  objects: z.array(object),
  dirtyObjects: z.array(object),
  counts: z.object({ rows: count, late: count, dirty: count, bytes: count, shards: count }),
  checkpoints: z.object({ iterator: count, shardEnd: count, trimHorizon: count }),
  append: z.object({ key: z.string(), position: count, bytes: count }).nullable(),
  previous: z.object({ key: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
});
// Keeps the schema honest: this fails to compile if it misses or mistypes a field of `Manifest`.
const sameShape: (m: z.infer<typeof schema>) => Manifest = (m) => m;
void sameShape;

/** The manifest is not JSON of this format. */
export class ManifestInvalidError extends SyncError {
  readonly key: string;
  /** What is wrong, without the key: `not JSON`, or the first bad field. */
  readonly reason: string;
  constructor(key: string, reason: string, options?: ErrorOptions) {
    super('MANIFEST_INVALID', `manifest "${key}" is invalid: ${reason}`, options);
    this.name = 'ManifestInvalidError';
    this.key = key;
    this.reason = reason;
  }
}

export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8');
}

/** SHA-256 (hex): of a manifest's bytes, what the next manifest's `previous.sha256` holds. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Parses and validates a manifest's bytes; the error names the first bad field. */
export function parseManifest(key: string, bytes: Uint8Array): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new ManifestInvalidError(key, 'not JSON', { cause: err });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ManifestInvalidError(
      key,
      `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'does not match'}`,
    );
  }
  return parsed.data;
}

export interface ChainProblem {
  readonly kind: 'broken-link' | 'gap' | 'overlap';
  /** The manifest the problem is about. */
  readonly key: string;
  readonly detail: string;
}

/** The manifest before, as the next one must link to it. */
export interface ChainLink {
  readonly key: string;
  readonly sha256: string;
  readonly end: number;
}

/**
 * Checks one manifest against the one before it in window order (`undefined`: it is the first of
 * the chain, so it must link to nothing): it links to that one's bytes, and the windows abut.
 */
export function linkProblems(prev: ChainLink | undefined, key: string, m: Manifest): ChainProblem[] {
  const found: ChainProblem[] = [];
  const { start } = m.window;
  if (!prev) {
    if (m.previous)
      found.push({
        kind: 'broken-link',
        key,
        detail: `first manifest listed, but it links to ${m.previous.key}, which is not in the bucket`,
      });
    return found;
  }
  if (m.previous?.key !== prev.key || m.previous.sha256 !== prev.sha256)
    found.push({
      kind: 'broken-link',
      key,
      detail: `previous should be ${prev.key} (sha256 ${prev.sha256}), found ${m.previous ? `${m.previous.key} (sha256 ${m.previous.sha256})` : 'none'}`,
    });
  if (start > prev.end)
    found.push({ kind: 'gap', key, detail: `nothing covers [${iso(prev.end)}, ${iso(start)})` });
  if (start < prev.end)
    found.push({ kind: 'overlap', key, detail: `[${iso(start)}, ${iso(prev.end)}) is in two windows` });
  return found;
}

/** Checks a whole chain given in window order, from its first manifest; throws on an invalid one. */
export function verifyManifestChain(
  manifests: readonly { key: string; bytes: Uint8Array }[],
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev: ChainLink | undefined;
  for (const { key, bytes } of manifests) {
    const m = parseManifest(key, bytes);
    problems.push(...linkProblems(prev, key, m));
    prev = { key, sha256: sha256(bytes), end: m.window.end };
  }
  return problems;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Creates the manifest (the sink layer's create-only write); an existing identical one is
 * success. A different one is an error unless `replaceIf()` says it is garbage (written by a
 * finalize of a window that never committed, checked by the caller still holding the current
 * epoch): then it is replaced, once.
 */
export async function writeManifest(
  sink: ObjectSink,
  key: string,
  m: Manifest,
  options: { replaceIf?: () => Promise<boolean> } = {},
): Promise<{ hash: string; replaced: boolean }> {
  const body = manifestBytes(m);
  try {
    const { sha256: hash, replaced } = await writeManifestObject(sink, key, body, options);
    return { hash, replaced };
  } catch (err) {
    if (!(err instanceof ManifestConflictError)) throw err;
    throw new FinalizeError(
      `manifest ${key} already exists with different content (sha256 ${err.existingSha256}, this window ${err.sha256}); the window's output changed between runs`,
      { cause: err },
    );
  }
}
