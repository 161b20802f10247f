/**
 * The per-window manifest: pure build / serialise / parse / hash / chain check, plus the
 * create-only write. Written last, it lists every final object with rows, bytes and CRC-64, the
 * window, a checkpoint summary, counts, and the SHA-256 of the previous window's manifest, so a
 * reader can prove no window is missing, overlapping or partial. Serialisation is deterministic
 * (fixed key order, no clock) so a re-run produces the same bytes and the create-only write of an
 * identical manifest is a no-op.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SyncError } from '../errors.js';
import { ObjectConflictError, ObjectExistsError } from './errors.js';
import type { ObjectSink } from './sink.js';

export const MANIFEST_FORMAT = 'ots2oss-manifest';

const objectEntry = z.strictObject({
  key: z.string(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  crc64: z.string().regex(/^\d+$/),
});
const checkpointEntry = z.strictObject({
  shardId: z.string(),
  position: z.enum(['iterator', 'TRIM_HORIZON', 'SHARD_END']),
  iteratorSha256: z.string().optional(),
  rows: z.number().int().nonnegative(),
  late: z.number().int().nonnegative(),
  dirty: z.number().int().nonnegative(),
});
const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  job: z.string(),
  run: z.string(),
  window: z.strictObject({
    start: z.number().int(),
    end: z.number().int(),
    startIso: z.string(),
    endIso: z.string(),
  }),
  epoch: z.number().int(),
  writeMode: z.enum(['truncate', 'nonConflict', 'append']),
  objects: z.array(objectEntry),
  dirtyObjects: z.array(objectEntry),
  checkpoints: z.array(checkpointEntry),
  counts: z.strictObject({
    rows: z.number().int(),
    late: z.number().int(),
    dirty: z.number().int(),
    bytes: z.number().int(),
    objects: z.number().int(),
  }),
  previous: z.strictObject({ key: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestObject = z.infer<typeof objectEntry>;

/** The manifest is not valid JSON of our format. */
export class ManifestInvalidError extends SyncError {
  constructor(key: string, message: string, options?: ErrorOptions) {
    super('MANIFEST_INVALID', `manifest "${key}" is invalid: ${message}`, options);
    this.name = 'ManifestInvalidError';
  }
}

export interface ShardSummaryInput {
  shardId: string;
  checkpoint: string;
  rows: number;
  late: number;
  dirty: number;
}

export interface ManifestInput {
  job: string;
  run: string;
  start: number;
  end: number;
  epoch: number;
  writeMode: 'truncate' | 'nonConflict' | 'append';
  objects: ManifestObject[];
  dirtyObjects?: ManifestObject[];
  shards: ShardSummaryInput[];
  previous: { key: string; sha256: string } | null;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Builds the manifest (pure; shards and objects sorted so input order never changes the bytes). */
export function buildManifest(input: ManifestInput): Manifest {
  const objects = input.objects.map((o) => ({ key: o.key, rows: o.rows, bytes: o.bytes, crc64: o.crc64 }));
  const dirtyObjects = (input.dirtyObjects ?? []).map((o) => ({
    key: o.key,
    rows: o.rows,
    bytes: o.bytes,
    crc64: o.crc64,
  }));
  const checkpoints = [...input.shards]
    .sort((a, b) => (a.shardId < b.shardId ? -1 : a.shardId > b.shardId ? 1 : 0))
    .map((s) => {
      const position =
        s.checkpoint === 'TRIM_HORIZON' || s.checkpoint === 'SHARD_END' ? s.checkpoint : 'iterator';
      return {
        shardId: s.shardId,
        position,
        ...(position === 'iterator' ? { iteratorSha256: sha256(s.checkpoint) } : {}),
        rows: s.rows,
        late: s.late,
        dirty: s.dirty,
      } as Manifest['checkpoints'][number];
    });
  const sum = (f: (s: ShardSummaryInput) => number) => input.shards.reduce((n, s) => n + f(s), 0);
  return {
    format: MANIFEST_FORMAT,
    version: 1,
    job: input.job,
    run: input.run,
    window: {
      start: input.start,
      end: input.end,
      startIso: new Date(input.start).toISOString(),
      endIso: new Date(input.end).toISOString(),
    },
    epoch: input.epoch,
    writeMode: input.writeMode,
    objects,
    dirtyObjects,
    checkpoints,
    counts: {
      rows: sum((s) => s.rows),
      late: sum((s) => s.late),
      dirty: sum((s) => s.dirty),
      bytes: objects.reduce((n, o) => n + o.bytes, 0),
      objects: objects.length,
    },
    previous: input.previous,
  };
}

export function serializeManifest(manifest: Manifest): Buffer {
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

/** SHA-256 (hex) of the manifest's bytes: what the next manifest's `previous.sha256` holds. */
export function manifestHash(bytes: Buffer): string {
  return sha256(bytes);
}

export function parseManifest(key: string, bytes: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ManifestInvalidError(key, 'not JSON', { cause: err });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ManifestInvalidError(
      key,
      `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'does not match'}`,
    );
  }
  return parsed.data;
}

export type ChainProblem =
  | { kind: 'gap'; key: string; from: number; to: number }
  | { kind: 'overlap'; key: string; from: number; to: number }
  | {
      kind: 'broken-link';
      key: string;
      expected: { key: string; sha256: string } | null;
      found: { key: string; sha256: string } | null;
    };

/** Checks consecutive manifests (in window order): each links to the previous bytes, windows abut. */
export function verifyManifestChain(manifests: readonly { key: string; bytes: Buffer }[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev: { key: string; sha256: string; end: number } | undefined;
  for (const { key, bytes } of manifests) {
    const m = parseManifest(key, bytes);
    if (prev) {
      const expected = { key: prev.key, sha256: prev.sha256 };
      if (m.previous?.key !== expected.key || m.previous.sha256 !== expected.sha256) {
        problems.push({ kind: 'broken-link', key, expected, found: m.previous });
      }
      if (m.window.start > prev.end) problems.push({ kind: 'gap', key, from: prev.end, to: m.window.start });
      if (m.window.start < prev.end)
        problems.push({ kind: 'overlap', key, from: m.window.start, to: prev.end });
    }
    prev = { key, sha256: manifestHash(bytes), end: m.window.end };
  }
  return problems;
}

/**
 * Writes the manifest create-only. An identical manifest already there (a re-run) is success;
 * a different one is ObjectConflictError — a window is never described twice — unless
 * `replaceIf(existing)` says the existing one is garbage (e.g. written by a stale epoch of a window
 * that never committed, checked by the caller holding the current epoch): then it is removed and
 * the create-only write retried once.
 */
export async function writeManifest(
  sink: ObjectSink,
  key: string,
  manifest: Manifest,
  options: { replaceIf?: (existing: Manifest) => boolean } = {},
): Promise<{ key: string; sha256: string; bytes: number; existed: boolean; replaced: boolean }> {
  const bytes = serializeManifest(manifest);
  const sha = manifestHash(bytes);
  const result = { key, sha256: sha, bytes: bytes.length };
  for (let attempt = 0; ; attempt++) {
    try {
      await sink.put(key, bytes, { forbidOverwrite: true, contentType: 'application/json' });
      return { ...result, existed: false, replaced: attempt > 0 };
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      const existing = await sink.get(key);
      if (existing.equals(bytes)) return { ...result, existed: true, replaced: false };
      const replaceable = attempt === 0 && options.replaceIf?.(parseManifest(key, existing)) === true;
      if (!replaceable) throw new ObjectConflictError(key, { size: bytes.length }, { size: existing.length });
      await sink.delete(key);
    }
  }
}

export async function readManifest(
  sink: ObjectSink,
  key: string,
): Promise<{ manifest: Manifest; sha256: string }> {
  const bytes = await sink.get(key);
  return { manifest: parseManifest(key, bytes), sha256: manifestHash(bytes) };
}
