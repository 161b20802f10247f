/**
 * HTTP conditionals in RFC 7232 order, as OSS applies them: If-Match, If-Unmodified-Since
 * (412 PreconditionFailed), If-None-Match, If-Modified-Since (304). CopyObject and UploadPartCopy
 * pass the `x-oss-copy-source-` prefix and evaluate against the source.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { preconditionFailed } from './errors.js';
import type { ObjectRecord } from './store/types.js';

const bareEtag = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toUpperCase();

function etagMatches(list: string, etag: string): boolean {
  const want = bareEtag(etag);
  return list.split(',').some((item) => item.trim() === '*' || bareEtag(item) === want);
}

function dateOf(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Returns 'not-modified' for a 304; throws 412 on a failed precondition. */
export function checkConditions(
  headers: IncomingHttpHeaders,
  object: ObjectRecord,
  prefix = '',
): 'ok' | 'not-modified' {
  const get = (name: string) => {
    const v = headers[`${prefix}${name}`];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const label = (name: string) => name.replace(/(^|-)(\w)/g, (m) => m.toUpperCase());
  const ifMatch = get('if-match');
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag))
    throw preconditionFailed(label('if-match'));
  const ifUnmodified = get('if-unmodified-since');
  const unmodifiedMs = ifUnmodified === undefined ? undefined : dateOf(ifUnmodified);
  if (ifMatch === undefined && unmodifiedMs !== undefined && object.lastModified > unmodifiedMs) {
    throw preconditionFailed(label('if-unmodified-since'));
  }
  const ifNoneMatch = get('if-none-match');
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, object.etag) ? 'not-modified' : 'ok';
  const ifModified = get('if-modified-since');
  const modifiedMs = ifModified === undefined ? undefined : dateOf(ifModified);
  if (modifiedMs !== undefined && object.lastModified <= modifiedMs) return 'not-modified';
  return 'ok';
}
