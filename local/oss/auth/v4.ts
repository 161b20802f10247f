/** OSS V4 (OSS4-HMAC-SHA256) canonical request, string to sign and signature, as ali-oss builds them. */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { QueryParam, Target } from '../request.js';
import { SIGNED_SUBRESOURCES } from './subresources.js';

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';

export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * ali-oss signs a sub-resource with an empty value as a bare `k` but an ordinary parameter with
 * an empty value as `k=`; OSS docs use `k` for both. Both spellings are tried.
 */
export type EmptyValueStyle = 'bare' | 'ali-oss';

export function canonicalQuery(query: readonly QueryParam[], style: EmptyValueStyle): string {
  const byKey = new Map<string, string | null>();
  for (const p of query) {
    const bare = p.value === '' && (style === 'bare' || SIGNED_SUBRESOURCES.has(p.key) || !p.hasValue);
    byKey.set(p.key, bare ? null : p.value);
  }
  return [...byKey.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((k) => {
      const v = byKey.get(k);
      return v === null || v === undefined ? encodeRfc3986(k) : `${encodeRfc3986(k)}=${encodeRfc3986(v)}`;
    })
    .join('&');
}

export function canonicalRequestV4(
  method: string,
  headers: IncomingHttpHeaders,
  target: Target,
  query: readonly QueryParam[],
  additionalHeaders: readonly string[],
  style: EmptyValueStyle,
): string {
  const path = target.bucket === '' ? '/' : `/${target.bucket}/${target.key}`;
  const names = new Set(additionalHeaders);
  for (const name of Object.keys(headers)) {
    if (name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-')) names.add(name);
  }
  const canonicalHeaders = [...names]
    .sort()
    .map((name) => {
      const raw = headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${Buffer.from(value, 'latin1').toString('utf8').trim()}\n`;
    })
    .join('');
  const payload = headers['x-oss-content-sha256'];
  return [
    method,
    encodeRfc3986(path).replace(/%2F/g, '/'),
    canonicalQuery(query, style),
    canonicalHeaders,
    additionalHeaders.join(';'),
    typeof payload === 'string' ? payload : 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

export interface V4Scope {
  day: string;
  region: string;
  product: string;
}

export function stringToSignV4(timestamp: string, scope: V4Scope, canonicalRequest: string): string {
  return [
    V4_ALGORITHM,
    timestamp,
    `${scope.day}/${scope.region}/${scope.product}/aliyun_v4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
}

export function signV4(secret: string, scope: V4Scope, stringToSign: string): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(
    hmac(hmac(hmac(`aliyun_v4${secret}`, scope.day), scope.region), scope.product),
    'aliyun_v4_request',
  );
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}
