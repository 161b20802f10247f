/** Which request headers an object keeps, and the headers GET/HEAD send back for it. */
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectRecord } from './store/types.js';

const CONTENT_HEADERS = [
  'content-type',
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
];
const ECHOED_OSS_HEADERS = ['x-oss-server-side-encryption', 'x-oss-server-side-data-encryption'];

/** Content headers, SSE and x-oss-meta-* of a write request (names lower-case, values verbatim). */
export function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (
      CONTENT_HEADERS.includes(name) ||
      ECHOED_OSS_HEADERS.includes(name) ||
      name.startsWith('x-oss-meta-')
    ) {
      out[name] = text;
    }
  }
  out['content-type'] ??= 'application/octet-stream';
  return out;
}

export function storageClassOf(headers: IncomingHttpHeaders, fallback = 'Standard'): string {
  const v = headers['x-oss-storage-class'];
  return typeof v === 'string' && v !== '' ? v : fallback;
}

export function sseHeaders(stored: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ECHOED_OSS_HEADERS) if (stored[name] !== undefined) out[name] = stored[name];
  return out;
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** Everything GET and HEAD return about an object, besides length and range. */
export function objectResponseHeaders(object: ObjectRecord): Record<string, string> {
  const headers: Record<string, string> = {
    ...object.headers,
    ETag: object.etag,
    'Last-Modified': httpDate(object.lastModified),
    'Accept-Ranges': 'bytes',
    'x-oss-object-type': object.type,
    'x-oss-storage-class': object.storageClass,
    'x-oss-hash-crc64ecma': object.crc64,
  };
  if (object.type === 'Appendable') headers['x-oss-next-append-position'] = String(object.size);
  return headers;
}
