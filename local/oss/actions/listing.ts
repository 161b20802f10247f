/** S3/OSS listing semantics shared by ListObjects v1/v2, ListMultipartUploads and ListBuckets. */
import type { OssContext } from '../context.js';
import { param } from '../context.js';
import { invalidArgument } from '../errors.js';
import { compareKeys } from '../keyOrder.js';

export interface ListPage<T> {
  items: T[];
  prefixes: string[];
  truncated: boolean;
  /** Last key or common prefix returned (the next marker when truncated). */
  last: string | undefined;
}

/** First index in [from, n) where `pred` holds; `pred` must be false then true along the array. */
function firstWhere<T>(entries: readonly T[], from: number, pred: (entry: T) => boolean): number {
  let lo = from;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(entries[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * One page over `entries` (sorted by key): keys under `prefix`, after `marker`, rolled up at
 * `delimiter` into common prefixes, `maxKeys` entries (keys + prefixes) at most. Binary searches
 * find the start and jump over each rolled-up prefix, so a page costs O(page · log n).
 */
export function listPage<T>(
  entries: readonly T[],
  keyOf: (entry: T) => string,
  options: {
    prefix: string;
    delimiter: string;
    marker: string;
    maxKeys: number;
    after?: (entry: T) => boolean;
  },
): ListPage<T> {
  const { prefix, delimiter, marker, maxKeys } = options;
  const page: ListPage<T> = { items: [], prefixes: [], truncated: false, last: undefined };
  let count = 0;
  let i = firstWhere(
    entries,
    0,
    (e) => compareKeys(keyOf(e), marker) >= 0 && compareKeys(keyOf(e), prefix) >= 0,
  );
  while (i < entries.length) {
    const entry = entries[i]!;
    const key = keyOf(entry);
    if (!key.startsWith(prefix)) break; // sorted: past the prefix range
    const afterMarker = options.after ? options.after(entry) : compareKeys(key, marker) > 0;
    if (!afterMarker) {
      i += 1;
      continue;
    }
    let common: string | undefined;
    if (delimiter !== '') {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) common = key.slice(0, at + delimiter.length);
    }
    if (common !== undefined && compareKeys(common, marker) <= 0) {
      i = firstWhere(entries, i, (e) => !keyOf(e).startsWith(common));
      continue;
    }
    if (count === maxKeys) {
      page.truncated = true;
      break;
    }
    count += 1;
    if (common !== undefined) {
      page.prefixes.push(common);
      page.last = common;
      i = firstWhere(entries, i, (e) => !keyOf(e).startsWith(common));
    } else {
      page.items.push(entry);
      page.last = key;
      i += 1;
    }
  }
  return page;
}

export function maxOf(ctx: OssContext, name: string, fallback: number, limit = 1000): number {
  const text = param(ctx, name);
  if (text === undefined || text === '') return fallback;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= limit))
    throw invalidArgument(`${name} must be an integer from 1 to ${limit}.`, name, text);
  return n;
}

/** Encodes a listing's names when `encoding-type=url` was asked for. */
export function encoderFor(ctx: OssContext): (text: string) => string {
  const encoding = param(ctx, 'encoding-type');
  if (encoding !== undefined && encoding !== '' && encoding !== 'url') {
    throw invalidArgument('The encoding-type must be url.', 'encoding-type', encoding);
  }
  return encoding === 'url' ? (t) => encodeURIComponent(t) : (t) => t;
}

export function sortedBy<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}
