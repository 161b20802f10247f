/**
 * Executes a merge plan against an ObjectSink: uploaded parts are assembled from ranged GETs of
 * the partials (one part in memory at a time), copied parts use UploadPartCopy. The object's
 * CRC-64 is derived from the partials' CRCs (no re-read of copied bytes) and checked against
 * what OSS reports. A failed multipart merge aborts its upload.
 */
import { crc64, crc64Combine, crc64Suffix, CRC64_EMPTY } from './crc64.js';
import { ChecksumMismatchError } from './errors.js';
import {
  groupIntoObjects,
  planObject,
  planSegments,
  segmentOf,
  type MergeSource,
  type ObjectPlan,
  type PlanOptions,
  type Segment,
} from './merge-plan.js';
import type { CompletedPart, ObjectSink, PutOptions } from './sink.js';
import type { Throttle } from './token-bucket.js';

export interface MergedObject {
  key: string;
  size: number;
  crc64: string;
  rows: number;
  /** The partials it was made of. */
  sources: string[];
}

async function fetchPieces(sink: ObjectSink, pieces: readonly Segment[]): Promise<Buffer> {
  const buffers: Buffer[] = [];
  for (const p of pieces) buffers.push(await sink.get(p.key, { start: p.start, end: p.end }));
  return Buffer.concat(buffers);
}

/**
 * CRC-64 of the bytes the segments describe, from each source's known CRC: a whole source uses
 * it as is, a source minus its first `start` bytes undoes the prefix (fetching only the prefix);
 * anything else is read.
 */
export async function segmentsCrc64(
  sink: ObjectSink,
  segments: readonly Segment[],
  sources: readonly MergeSource[],
): Promise<string> {
  const byKey = new Map(sources.map((s) => [s.key, s]));
  let crc = CRC64_EMPTY;
  for (const seg of segments) {
    const len = seg.end - seg.start;
    if (len === 0) continue;
    const src = byKey.get(seg.key);
    let segCrc: string;
    if (src?.crc64 !== undefined && seg.end === src.size && seg.start === 0) {
      segCrc = src.crc64;
    } else if (src?.crc64 !== undefined && seg.end === src.size) {
      const prefixCrc =
        seg.start === src.skip && src.skipCrc64 !== undefined
          ? src.skipCrc64
          : crc64(await sink.get(seg.key, { start: 0, end: seg.start }));
      segCrc = crc64Suffix(src.crc64, prefixCrc, len);
    } else {
      segCrc = crc64(await sink.get(seg.key, { start: seg.start, end: seg.end }));
    }
    crc = crc64Combine(crc, segCrc, len);
  }
  return crc;
}

export interface WriteObjectOptions {
  put?: PutOptions;
  throttle?: Throttle;
  /** Expected CRC-64 when already known (skips deriving it). */
  crc64?: string;
}

/** Writes one final object from its plan; returns its size and (verified) CRC-64. */
export async function writePlannedObject(
  sink: ObjectSink,
  key: string,
  plan: ObjectPlan,
  sources: readonly MergeSource[],
  options: WriteObjectOptions = {},
): Promise<{ key: string; size: number; crc64: string }> {
  let reported: string | undefined;
  let expected = options.crc64;
  if (plan.kind === 'put') {
    const body = await fetchPieces(sink, plan.pieces);
    expected ??= crc64(body);
    await options.throttle?.consume(body.length);
    reported = (await sink.put(key, body, options.put)).crc64;
  } else {
    expected ??= await segmentsCrc64(sink, planSegments(plan), sources);
    const uploadId = await sink.initMultipart(key, options.put);
    try {
      const done: CompletedPart[] = [];
      for (const [i, part] of plan.parts.entries()) {
        const partNumber = i + 1;
        if (part.kind === 'copy') {
          const { etag } = await sink.uploadPartCopy(key, uploadId, partNumber, part.source);
          done.push({ partNumber, etag });
        } else {
          const body = await fetchPieces(sink, part.pieces);
          await options.throttle?.consume(body.length);
          const { etag } = await sink.uploadPart(key, uploadId, partNumber, body);
          done.push({ partNumber, etag });
        }
      }
      reported = (await sink.completeMultipart(key, uploadId, done, options.put)).crc64;
    } catch (err) {
      await sink.abortMultipart(key, uploadId).catch(() => undefined);
      throw err;
    }
  }
  if (reported !== undefined && reported !== expected)
    throw new ChecksumMismatchError(key, expected, reported);
  return { key, size: plan.size, crc64: expected };
}

export interface MergeOptions extends PlanOptions, Omit<WriteObjectOptions, 'crc64'> {
  maxFileSize: number;
  /** Name of the final object with this 1-based part number, e.g. shared/naming `finalObjectName(job, w, part, ext)`. */
  objectKey: (part: number) => string;
}

/** Plans and writes every final object of a window (overwriting same-named objects). */
export async function mergePartials(
  sink: ObjectSink,
  sources: readonly MergeSource[],
  options: MergeOptions,
): Promise<MergedObject[]> {
  const out: MergedObject[] = [];
  for (const [i, group] of groupIntoObjects(sources, options.maxFileSize).entries()) {
    const plan = planObject(group.map(segmentOf), options);
    const written = await writePlannedObject(sink, options.objectKey(i + 1), plan, group, options);
    out.push({
      ...written,
      rows: group.reduce((n, s) => n + (s.rows ?? 0), 0),
      sources: group.map((s) => s.key),
    });
  }
  return out;
}
