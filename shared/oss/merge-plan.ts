/**
 * Pure planning of how a window's partial objects become its final objects. Partials are grouped
 * in order into objects no larger than `maxFileSize` (split only between partials, so rows are
 * never cut); each object is either one PUT of the concatenated bytes (small) or a multipart
 * upload where large partials are joined server-side with UploadPartCopy and small ones are
 * concatenated client-side into uploaded parts. OSS needs every part but the last ≥ 100 KB: a
 * small run before a large partial borrows the large partial's first bytes to reach that size.
 */
import { MIN_PART_SIZE, MAX_PARTS } from './sink.js';

/** A partial as the merge sees it. `skip` leading bytes are left out (e.g. a repeated header). */
export interface MergeSource {
  key: string;
  size: number;
  /** CRC-64 of the whole source object, when known (lets the merged CRC be derived). */
  crc64?: string;
  rows?: number;
  skip?: number;
  /** CRC-64 of the `skip` bytes (e.g. the header's) when known: saves reading them back. */
  skipCrc64?: string;
}

/** Bytes `[start, end)` of one source object. */
export interface Segment {
  key: string;
  start: number;
  end: number;
}

export type PlannedPart =
  { kind: 'copy'; source: Segment } | { kind: 'upload'; pieces: Segment[]; size: number };

export type ObjectPlan =
  | { kind: 'put'; pieces: Segment[]; size: number }
  | { kind: 'multipart'; parts: PlannedPart[]; size: number };

export interface PlanOptions {
  /** Target size of client-side uploaded parts and the largest object written with one PUT. */
  partSize: number;
  /** Sources at least this large are copied server-side (default `partSize`). */
  copyThreshold?: number;
  /** OSS's minimum non-last part (default 100 KB; tests may lower it). */
  minPartSize?: number;
  /** Largest single UploadPartCopy (OSS allows 5 GB; default 1 GiB). */
  maxCopyPartSize?: number;
}

export function segmentOf(source: MergeSource): Segment {
  const start = source.skip ?? 0;
  if (start < 0 || start > source.size)
    throw new RangeError(`skip ${start} outside "${source.key}" (size ${source.size})`);
  return { key: source.key, start, end: source.size };
}

function lengthOf(s: Segment): number {
  return s.end - s.start;
}

/** Groups sources, in order, into final objects of at most `maxFileSize` bytes (a larger source stands alone). */
export function groupIntoObjects(sources: readonly MergeSource[], maxFileSize: number): MergeSource[][] {
  if (!(maxFileSize > 0)) throw new RangeError(`maxFileSize must be > 0, got ${maxFileSize}`);
  const groups: MergeSource[][] = [];
  let current: MergeSource[] = [];
  let size = 0;
  for (const source of sources) {
    const len = lengthOf(segmentOf(source));
    if (current.length > 0 && size + len > maxFileSize) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(source);
    size += len;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Plans one final object from its segments (in order). */
export function planObject(segments: readonly Segment[], options: PlanOptions): ObjectPlan {
  const minPart = options.minPartSize ?? MIN_PART_SIZE;
  const partSize = options.partSize;
  const copyThreshold = Math.max(options.copyThreshold ?? partSize, minPart);
  const maxCopy = Math.max(options.maxCopyPartSize ?? 1024 ** 3, 2 * minPart);
  if (partSize < minPart)
    throw new RangeError(`partSize ${partSize} is below the minimum part size ${minPart}`);
  const nonEmpty = segments.filter((s) => lengthOf(s) > 0);
  const size = nonEmpty.reduce((n, s) => n + lengthOf(s), 0);
  if (size <= partSize) return { kind: 'put', pieces: nonEmpty, size };

  const parts: PlannedPart[] = [];
  let pending: Segment[] = [];
  let pendingSize = 0;
  const flush = () => {
    if (pendingSize > 0) parts.push({ kind: 'upload', pieces: pending, size: pendingSize });
    pending = [];
    pendingSize = 0;
  };
  const addPending = (seg: Segment) => {
    // Fill uploaded parts to exactly partSize so memory stays bounded by one part.
    let start = seg.start;
    while (start < seg.end) {
      const take = Math.min(seg.end - start, partSize - pendingSize);
      pending.push({ key: seg.key, start, end: start + take });
      pendingSize += take;
      start += take;
      if (pendingSize === partSize) flush();
    }
  };
  for (const seg of nonEmpty) {
    if (lengthOf(seg) < copyThreshold) {
      addPending(seg);
      continue;
    }
    let start = seg.start;
    if (pendingSize > 0 && pendingSize < minPart) {
      const borrow = Math.min(minPart - pendingSize, seg.end - start);
      addPending({ key: seg.key, start, end: start + borrow });
      start += borrow;
    }
    const remaining = seg.end - start;
    if (remaining < minPart) {
      addPending({ key: seg.key, start, end: seg.end });
      continue;
    }
    flush();
    const pieces = Math.ceil(remaining / maxCopy);
    const each = Math.ceil(remaining / pieces);
    for (let s = start; s < seg.end; s += each) {
      parts.push({ kind: 'copy', source: { key: seg.key, start: s, end: Math.min(s + each, seg.end) } });
    }
  }
  flush();
  if (parts.length > MAX_PARTS)
    throw new RangeError(`object needs ${parts.length} parts (> ${MAX_PARTS}); raise partSize`);
  return { kind: 'multipart', parts, size };
}

/** The segments of a plan in byte order (what the object will contain). */
export function planSegments(plan: ObjectPlan): Segment[] {
  if (plan.kind === 'put') return plan.pieces;
  return plan.parts.flatMap((p) => (p.kind === 'copy' ? [p.source] : p.pieces));
}
