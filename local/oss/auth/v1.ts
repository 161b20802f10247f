/**
 * OSS V1 (HMAC-SHA1) string to sign, as bytes: header values exactly as received (latin1),
 * the canonical resource as UTF-8, so both of ali-oss's header encodings verify.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { QueryParam, Target } from '../request.js';
import { SIGNED_SUBRESOURCES } from './subresources.js';

export function canonicalResource(target: Target, query: readonly QueryParam[]): string {
  let resource = target.bucket === '' ? '/' : `/${target.bucket}/${target.key}`;
  const signed = query
    .filter((p) => SIGNED_SUBRESOURCES.has(p.key))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (signed.length > 0)
    resource += '?' + signed.map((p) => (p.value === '' ? p.key : `${p.key}=${p.value}`)).join('&');
  return resource;
}

const header = (headers: IncomingHttpHeaders, name: string): string => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
};

/** `dateSlot` is x-oss-date (or Date) for header auth and `Expires` for presigned URLs. */
export function stringToSignV1(
  method: string,
  headers: IncomingHttpHeaders,
  dateSlot: string,
  target: Target,
  query: readonly QueryParam[],
): Buffer {
  const ossHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${header(headers, name).trim()}\n`)
    .join('');
  const head = `${method}\n${header(headers, 'content-md5')}\n${header(headers, 'content-type')}\n${dateSlot}\n${ossHeaders}`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(canonicalResource(target, query), 'utf8')]);
}

export function signV1(secret: string, stringToSign: Buffer): string {
  return createHmac('sha1', secret).update(stringToSign).digest('base64');
}
