/**
 * DataX's `writeMode`s with exactly-once meaning for one window's final objects:
 * - `truncate`: replace this window's objects — write them (overwriting same names), then delete
 *   any other object under the window's own name prefix (left by an earlier run with more parts);
 * - `nonConflict`: create-only (`x-oss-forbid-overwrite`); an existing object with the same size
 *   and CRC-64 is success (a re-run), different content is ObjectConflictError;
 * - `append`: AppendObject to one templated object at the position recorded before the first
 *   append; a retry that finds the object already at position + length does nothing.
 */
import { crc64, crc64Combine, CRC64_EMPTY } from './crc64.js';
import {
  AppendConflictError,
  AppendPositionError,
  ObjectConflictError,
  ObjectExistsError,
} from './errors.js';
import {
  groupIntoObjects,
  planObject,
  planSegments,
  segmentOf,
  type MergeSource,
  type PlanOptions,
} from './merge-plan.js';
import { segmentsCrc64, writePlannedObject, type MergedObject } from './merge.js';
import type { ObjectSink } from './sink.js';
import type { Throttle } from './token-bucket.js';

export type WriteMode = 'truncate' | 'nonConflict' | 'append';

export interface FinalObjectsOptions extends PlanOptions {
  mode: 'truncate' | 'nonConflict';
  maxFileSize: number;
  /** Name of the final object with this 1-based part number (shared/naming `finalObjectName`). */
  objectKey: (part: number) => string;
  /**
   * truncate: a prefix under which every object is one of THIS window's final objects — e.g. the
   * final name up to its part number (`<windowPrefix>/<job>_<start>_<end>_`), never the rendered
   * template alone, which other windows share. Objects under it not written now are removed.
   */
  stalePrefix?: string;
  throttle?: Throttle;
}

export interface FinalObject extends MergedObject {
  /** nonConflict: the object was already there with identical content (a re-run). */
  existed: boolean;
}

export async function writeFinalObjects(
  sink: ObjectSink,
  sources: readonly MergeSource[],
  options: FinalObjectsOptions,
): Promise<FinalObject[]> {
  const out: FinalObject[] = [];
  for (const [i, group] of groupIntoObjects(sources, options.maxFileSize).entries()) {
    const key = options.objectKey(i + 1);
    const plan = planObject(group.map(segmentOf), options);
    const meta = { rows: group.reduce((n, s) => n + (s.rows ?? 0), 0), sources: group.map((s) => s.key) };
    if (options.mode === 'nonConflict') {
      const expected = { size: plan.size, crc64: await segmentsCrc64(sink, planSegments(plan), group) };
      if (await sameContent(sink, key, expected)) {
        out.push({ key, ...expected, ...meta, existed: true });
        continue;
      }
      try {
        const written = await writePlannedObject(sink, key, plan, group, {
          put: { forbidOverwrite: true },
          crc64: expected.crc64,
          ...(options.throttle ? { throttle: options.throttle } : {}),
        });
        out.push({ ...written, ...meta, existed: false });
      } catch (err) {
        // Lost a race with another writer of the same window: fine if it wrote the same bytes.
        if (!(err instanceof ObjectExistsError) || !(await sameContent(sink, key, expected))) throw err;
        out.push({ key, ...expected, ...meta, existed: true });
      }
    } else {
      const written = await writePlannedObject(
        sink,
        key,
        plan,
        group,
        options.throttle ? { throttle: options.throttle } : {},
      );
      out.push({ ...written, ...meta, existed: false });
    }
  }
  if (options.mode === 'truncate' && options.stalePrefix !== undefined) {
    const keep = new Set(out.map((o) => o.key));
    const stale = (await sink.list(options.stalePrefix)).map((o) => o.key).filter((k) => !keep.has(k));
    if (stale.length) await sink.deleteMany(stale);
  }
  return out;
}

/** true if `key` holds exactly `expected`; false if absent; ObjectConflictError if different. */
async function sameContent(
  sink: ObjectSink,
  key: string,
  expected: { size: number; crc64: string },
): Promise<boolean> {
  const existing = await sink.head(key);
  if (!existing) return false;
  const actualCrc =
    existing.crc64 ?? (existing.size === expected.size ? crc64(await sink.get(key)) : undefined);
  if (existing.size === expected.size && actualCrc === expected.crc64) return true;
  throw new ObjectConflictError(key, expected, {
    size: existing.size,
    ...(actualCrc ? { crc64: actualCrc } : {}),
  });
}

export interface AppendOptions {
  /** Object length recorded (in the status table) before the first append of this window. */
  position: number;
  /** CRC-64 of the object at `position`, if recorded: lets the result be verified end to end. */
  crc64Before?: string;
  /** Largest single AppendObject body (default 8 MiB). */
  chunkSize?: number;
  throttle?: Throttle;
}

/**
 * Appends the window's bytes (the sources' segments, in order) exactly once. Idempotent: the
 * current length tells how much of this window is already in, and only the rest is appended.
 */
export async function appendExactlyOnce(
  sink: ObjectSink,
  key: string,
  sources: readonly MergeSource[],
  options: AppendOptions,
): Promise<{ key: string; appended: number; alreadyPresent: number; size: number; crc64?: string }> {
  const segments = sources.map(segmentOf);
  const total = segments.reduce((n, s) => n + (s.end - s.start), 0);
  const end = options.position + total;
  const chunkSize = options.chunkSize ?? 8 << 20;
  for (let attempt = 0; ; attempt++) {
    const info = await sink.head(key);
    const length = info?.size ?? 0;
    if (info && info.type !== undefined && info.type !== 'Appendable') {
      throw new AppendConflictError(key, `object is ${info.type}, not Appendable`);
    }
    if (length < options.position) {
      throw new AppendConflictError(
        key,
        `object is ${length} bytes, shorter than the recorded position ${options.position}`,
      );
    }
    if (length > end) {
      throw new AppendConflictError(
        key,
        `object is ${length} bytes, past this window's end ${end}: another writer appended`,
      );
    }
    try {
      let offset = length - options.position; // bytes of this window already in the object
      let position = length;
      let crc: string | undefined;
      for await (const chunk of chunksFrom(sink, segments, offset, chunkSize)) {
        await options.throttle?.consume(chunk.length);
        const result = await sink.append(key, position, chunk);
        position = result.nextPosition;
        crc = result.crc64;
        offset += chunk.length;
      }
      const appended = end - length;
      const final = await verifyAppend(sink, key, segments, sources, options, total, crc, appended);
      return {
        key,
        appended,
        alreadyPresent: length - options.position,
        size: end,
        ...(final ? { crc64: final } : {}),
      };
    } catch (err) {
      // A concurrent retry of this same window moved the length: re-read it and continue from there.
      if (err instanceof AppendPositionError && attempt < 3) continue;
      throw err;
    }
  }
}

/** The window's bytes from `offset` on, read lazily in chunks of `chunkSize` (one in memory). */
async function* chunksFrom(
  sink: ObjectSink,
  segments: readonly { key: string; start: number; end: number }[],
  offset: number,
  chunkSize: number,
): AsyncGenerator<Buffer> {
  let skip = offset;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  for (const seg of segments) {
    const len = seg.end - seg.start;
    if (skip >= len) {
      skip -= len;
      continue;
    }
    let start = seg.start + skip;
    skip = 0;
    while (start < seg.end) {
      const take = Math.min(seg.end - start, chunkSize - pendingSize);
      pending.push(await sink.get(seg.key, { start, end: start + take }));
      pendingSize += take;
      start += take;
      if (pendingSize === chunkSize) {
        yield Buffer.concat(pending);
        pending = [];
        pendingSize = 0;
      }
    }
  }
  if (pendingSize > 0) yield Buffer.concat(pending);
}

async function verifyAppend(
  sink: ObjectSink,
  key: string,
  segments: readonly { key: string; start: number; end: number }[],
  sources: readonly MergeSource[],
  options: AppendOptions,
  total: number,
  reported: string | undefined,
  appended: number,
): Promise<string | undefined> {
  if (options.crc64Before === undefined) return reported;
  const windowCrc = total === 0 ? CRC64_EMPTY : await segmentsCrc64(sink, segments, sources);
  const expected = crc64Combine(options.crc64Before, windowCrc, total);
  const actual = appended > 0 && reported !== undefined ? reported : (await sink.head(key))?.crc64;
  if (actual !== undefined && actual !== expected) {
    throw new AppendConflictError(
      key,
      `object crc64 ${actual} is not the recorded prefix plus this window (${expected})`,
    );
  }
  return expected;
}

/**
 * The position (current length) and CRC-64 to record before a window's first append
 * (status `recordAppendPosition`); `{0, '0'}` when the object does not exist yet.
 */
export async function appendStart(
  sink: ObjectSink,
  key: string,
): Promise<{ position: number; crc64: string }> {
  const info = await sink.head(key);
  if (!info) return { position: 0, crc64: CRC64_EMPTY };
  if (info.type !== undefined && info.type !== 'Appendable') {
    throw new AppendConflictError(
      key,
      `object is ${info.type}, not Appendable; append mode needs its own object name`,
    );
  }
  return { position: info.size, crc64: info.crc64 ?? crc64(await sink.get(key)) };
}
