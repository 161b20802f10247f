/**
 * Checks FC's request signature as `@alicloud/fc2` computes it (reference §2.2):
 * `authorization: FC <AccessKeyID>:base64(hmac-sha256(secret, stringToSign))` with
 * stringToSign = METHOD \n content-md5 \n content-type \n date \n x-fc-* headers (sorted) + path.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { fcError, type FcApiError } from './errors.js';

const MAX_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The path as sent, without query (e.g. `/2016-08-15/services/s/functions/f/invocations`). */
  path: string;
  headers: IncomingHttpHeaders;
  /** Only `/proxy/` paths sign their query (fc2 behaviour). */
  query?: URLSearchParams;
  body?: Buffer;
}

export function stringToSign(req: SignedRequest, path: string): string {
  const h = (name: string) => headerValue(req.headers[name]);
  const fcHeaders = Object.keys(req.headers)
    .filter((k) => k.startsWith('x-fc-'))
    .sort()
    .map((k) => `${k}:${headerValue(req.headers[k])}\n`)
    .join('');
  let out = `${req.method}\n${h('content-md5')}\n${h('content-type')}\n${h('date')}\n${fcHeaders}${path}`;
  if (req.query && path.includes('/proxy/')) {
    const params = [...req.query.entries()].map(([k, v]) => `${k}=${v}`).sort();
    out += `\n${params.join('\n')}`;
  }
  return out;
}

/** Returns the caller's AccessKeyID, or the FC error FC would answer with. */
export function verifySignature(
  req: SignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  now = Date.now(),
): string | FcApiError {
  const auth = headerValue(req.headers.authorization);
  const match = /^FC ([^:]+):(.+)$/.exec(auth);
  if (!match?.[1] || !match[2]) {
    return fcError(
      401,
      'InvalidAccessKeyID',
      auth
        ? 'unsupported authorization scheme: expected "FC <AccessKeyID>:<signature>"'
        : 'missing authorization header',
    );
  }
  const [, accessKeyId, given] = match;
  const secret = secretOf(accessKeyId);
  if (secret === undefined)
    return fcError(403, 'InvalidAccessKeyID', `the AccessKeyID ${accessKeyId} does not exist`);
  if (accessKeyId.startsWith('STS') && !req.headers['x-fc-security-token']) {
    return fcError(403, 'InvalidSecurityToken', 'an STS AccessKeyID needs the x-fc-security-token header');
  }
  const date = Date.parse(headerValue(req.headers.date));
  if (!Number.isFinite(date))
    return fcError(400, 'MissingRequiredHeader', 'missing or unreadable date header');
  if (Math.abs(now - date) > MAX_SKEW_MS) {
    return fcError(
      403,
      'RequestTimeTooSkewed',
      'the difference between the request time and the server time is more than 15 minutes',
    );
  }
  // Try the path as sent, then decoded: clients differ on whether the signed path is encoded.
  const candidates = new Set([req.path, safeDecode(req.path)]);
  const ok = [...candidates].some((p) => equal(sign(stringToSign(req, p), secret), given));
  if (!ok) {
    return fcError(
      403,
      'SignatureNotMatch',
      'the request signature we calculated does not match the signature you provided; check your AccessKeySecret and signing method',
    );
  }
  const md5 = headerValue(req.headers['content-md5']);
  if (md5 && req.body) {
    const expected = Buffer.from(createHash('md5').update(req.body).digest('hex')).toString('base64');
    if (md5 !== expected) return fcError(400, 'InvalidArgument', 'content-md5 does not match the body');
  }
  return accessKeyId;
}

export const sign = (text: string, secret: string) =>
  createHmac('sha256', secret).update(text, 'utf8').digest('base64');

const headerValue = (v: string | string[] | undefined): string =>
  Array.isArray(v) ? v.join(',') : (v ?? '');

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
