/**
 * `Range: bytes=…` as OSS reads it: a valid single range → 206; an invalid or unsatisfiable one is
 * ignored (whole object, 200) unless `x-oss-range-behavior: standard`, where an end past the size is
 * cut short and a start past it is 416 InvalidRange. Only the first of several ranges is used.
 */
import { OssError } from './errors.js';

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
}

export function parseRange(
  header: string | undefined,
  size: number,
  standard: boolean,
): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*(,.*)?$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return undefined;
    if (suffix > size) return standard && size > 0 ? { start: 0, end: size } : undefined;
    return { start: size - suffix, end: size };
  }
  const start = Number(first);
  const end = last === '' ? Math.max(size - 1, start) : Number(last);
  if (end < start) return undefined;
  if (start >= size) {
    if (standard) {
      throw new OssError(416, 'InvalidRange', 'The requested range cannot be satisfied', {
        RangeRequested: header,
        ActualObjectSize: String(size),
      });
    }
    return undefined;
  }
  if (end >= size) return standard || last === '' ? { start, end: size } : undefined;
  return { start, end: end + 1 };
}
