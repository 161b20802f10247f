/**
 * Request authentication as the Tablestore front end does it (reference §1.3): the body MD5 in
 * `x-ots-contentmd5`, then HMAC-SHA1 over `/<Op>\nPOST\n\n` + every sorted `x-ots-*` header.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { LocalCredentials } from '../contract.js';
import { invalid, otsError } from './wire-error.js';

export const API_VERSION = '2015-12-31';
const REQUIRED_HEADERS = [
  'x-ots-date',
  'x-ots-apiversion',
  'x-ots-accesskeyid',
  'x-ots-contentmd5',
  'x-ots-signature',
  'x-ots-instancename',
];

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function stringToSign(path: string, headers: IncomingHttpHeaders): string {
  const canonical = Object.keys(headers)
    .filter((name) => name.startsWith('x-ots-') && name !== 'x-ots-signature')
    .sort()
    .map((name) => `${name}:${(header(headers, name) ?? '').trim()}\n`)
    .join('');
  return `${path}\nPOST\n\n${canonical}`;
}

export function sign(secret: string, text: string): string {
  return createHmac('sha1', secret).update(text).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AuthOptions {
  credentials: LocalCredentials;
  instance: string;
  /** Largest allowed |server clock − x-ots-date| in ms; undefined = not checked. */
  maxClockSkewMs?: number;
  nowMs: () => number;
}

/** Throws the OTS error the real service would answer; returns nothing when the request is authentic. */
export function authenticate(
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
  options: AuthOptions,
): void {
  for (const name of REQUIRED_HEADERS) {
    if (header(headers, name) === undefined) throw invalid(`Missing header: ${name}.`);
  }
  if (header(headers, 'x-ots-apiversion') !== API_VERSION) {
    throw invalid(`Unsupported API version: ${header(headers, 'x-ots-apiversion')}.`);
  }
  if (header(headers, 'x-ots-accesskeyid') !== options.credentials.accessKeyId) {
    throw otsError('OTSAuthFailed', 'The AccessKeyID does not exist.');
  }
  if (header(headers, 'x-ots-instancename') !== options.instance) {
    throw otsError('OTSAuthFailed', 'The instance is not found.');
  }
  const date = header(headers, 'x-ots-date') ?? '';
  const dateMs = Date.parse(date);
  if (Number.isNaN(dateMs)) throw invalid(`Invalid date format: ${date}.`);
  if (options.maxClockSkewMs !== undefined && Math.abs(options.nowMs() - dateMs) > options.maxClockSkewMs) {
    throw otsError('OTSAuthFailed', `Mismatch between system time and x-ots-date: ${date}.`);
  }
  const md5 = createHash('md5').update(body).digest('base64');
  if (!sameText(md5, header(headers, 'x-ots-contentmd5') ?? '')) {
    throw otsError(
      'OTSAuthFailed',
      'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.',
    );
  }
  const expected = sign(options.credentials.accessKeySecret, stringToSign(path, headers));
  if (!sameText(expected, header(headers, 'x-ots-signature') ?? '')) {
    throw otsError('OTSAuthFailed', 'Signature mismatch.');
  }
}

/** Response headers Java/Python SDKs require (§1.4): MD5, content type, date, request id, signature. */
export function responseHeaders(
  action: string,
  body: Buffer,
  requestId: string,
  credentials: LocalCredentials,
): Record<string, string> {
  const ots: Record<string, string> = {
    'x-ots-contentmd5': createHash('md5').update(body).digest('base64'),
    'x-ots-contenttype': 'protocol buffer',
    'x-ots-date': new Date().toISOString().replace('Z', '000Z'),
    'x-ots-requestid': requestId,
  };
  const canonical = Object.keys(ots)
    .sort()
    .map((k) => `${k}:${ots[k]}\n`)
    .join('');
  return {
    ...ots,
    authorization: `OTS ${credentials.accessKeyId}:${sign(credentials.accessKeySecret, `${canonical}/${action}`)}`,
  };
}
