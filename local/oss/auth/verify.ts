/**
 * Checks a request's credentials (V1 or V4, header or presigned URL) and picks the bucket/key
 * reading whose signature verifies. Failures are the errors OSS sends: InvalidAccessKeyId,
 * SignatureDoesNotMatch, AccessDenied (anonymous or expired), InvalidArgument (malformed).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { LocalCredentials } from '../../contract.js';
import { OssError, invalidArgument } from '../errors.js';
import type { QueryParam, Target } from '../request.js';
import { signV1, stringToSignV1 } from './v1.js';
import { V4_ALGORITHM, canonicalRequestV4, signV4, stringToSignV4, type V4Scope } from './v4.js';

export interface AuthInput {
  method: string;
  headers: IncomingHttpHeaders;
  query: readonly QueryParam[];
  targets: readonly Target[];
  nowMs: number;
}

interface Attempt {
  signature: string;
  stringToSign: string | Buffer;
  canonicalRequest?: string;
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));

const headerText = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function mismatch(accessKeyId: string, provided: string, attempt: Attempt): OssError {
  const text = Buffer.isBuffer(attempt.stringToSign)
    ? attempt.stringToSign.toString('latin1')
    : attempt.stringToSign;
  const bytes = Buffer.isBuffer(attempt.stringToSign)
    ? attempt.stringToSign
    : Buffer.from(attempt.stringToSign, 'utf8');
  const fields: Record<string, string> = {
    OSSAccessKeyId: accessKeyId,
    SignatureProvided: provided,
    StringToSign: text,
    StringToSignBytes: [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' '),
  };
  if (attempt.canonicalRequest !== undefined) fields.CanonicalRequest = attempt.canonicalRequest;
  return new OssError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    fields,
  );
}

function checkKey(given: string, credentials: LocalCredentials): void {
  if (given !== credentials.accessKeyId) {
    throw new OssError(
      403,
      'InvalidAccessKeyId',
      'The OSS Access Key Id you provided does not exist in our records.',
      {
        OSSAccessKeyId: given,
      },
    );
  }
}

function expired(expiresMs: number, nowMs: number): void {
  if (!Number.isFinite(expiresMs)) throw invalidArgument('The expiration time of the URL is not valid.');
  if (expiresMs < nowMs) {
    throw new OssError(403, 'AccessDenied', 'Request has expired.', {
      Expires: new Date(expiresMs).toISOString(),
      ServerTime: new Date(nowMs).toISOString(),
    });
  }
}

function pick(
  targets: readonly Target[],
  provided: string,
  accessKeyId: string,
  attempts: (t: Target) => Attempt[],
): Target {
  let first: Attempt | undefined;
  for (const target of targets) {
    for (const attempt of attempts(target)) {
      first ??= attempt;
      if (same(attempt.signature, provided)) return target;
    }
  }
  throw mismatch(accessKeyId, provided, first!);
}

function parseV4Authorization(value: string) {
  const fields = new Map<string, string>();
  for (const part of value.slice(V4_ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return {
    credential: fields.get('Credential'),
    signature: fields.get('Signature'),
    additional: fields.get('AdditionalHeaders'),
  };
}

function parseCredential(credential: string | undefined): { accessKeyId: string; scope: V4Scope } {
  const parts = (credential ?? '').split('/');
  if (parts.length !== 5 || parts[4] !== 'aliyun_v4_request' || !/^\d{8}$/.test(parts[1]!)) {
    throw invalidArgument('The credential in the V4 signature is malformed.', 'Credential', credential ?? '');
  }
  return { accessKeyId: parts[0]!, scope: { day: parts[1]!, region: parts[2]!, product: parts[3]! } };
}

function verifyV4(input: AuthInput, credentials: LocalCredentials, presigned: boolean): Target {
  const q = (k: string) => input.query.find((p) => p.key === k)?.value;
  const parsed = presigned
    ? {
        credential: q('x-oss-credential'),
        signature: q('x-oss-signature'),
        additional: q('x-oss-additional-headers'),
      }
    : parseV4Authorization(headerText(input.headers, 'authorization') ?? '');
  const { accessKeyId, scope } = parseCredential(parsed.credential);
  const provided = parsed.signature;
  if (!provided) throw invalidArgument('The V4 signature is missing.', 'Signature', '');
  checkKey(accessKeyId, credentials);
  const timestamp = presigned ? q('x-oss-date') : headerText(input.headers, 'x-oss-date');
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(timestamp ?? '');
  if (!match)
    throw invalidArgument('x-oss-date must be an ISO 8601 basic timestamp.', 'x-oss-date', timestamp ?? '');
  const additional = (parsed.additional ?? '')
    .split(';')
    .filter(Boolean)
    .map((h) => h.toLowerCase());
  for (const name of additional) {
    if (input.headers[name] === undefined)
      throw invalidArgument(`Additional header ${name} is missing.`, name, '');
  }
  const query = presigned ? input.query.filter((p) => p.key !== 'x-oss-signature') : input.query;
  const target = pick(input.targets, provided, accessKeyId, (t) =>
    (['ali-oss', 'bare'] as const).map((style) => {
      const canonicalRequest = canonicalRequestV4(input.method, input.headers, t, query, additional, style);
      const stringToSign = stringToSignV4(timestamp!, scope, canonicalRequest);
      return {
        signature: signV4(credentials.accessKeySecret, scope, stringToSign),
        stringToSign,
        canonicalRequest,
      };
    }),
  );
  if (presigned) {
    const [, y, mo, d, h, mi, s] = match.map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    expired(Date.UTC(y, mo - 1, d, h, mi, s) + Number(q('x-oss-expires')) * 1000, input.nowMs);
  }
  return target;
}

function verifyV1(input: AuthInput, credentials: LocalCredentials, presigned: boolean): Target {
  const q = (k: string) => input.query.find((p) => p.key === k)?.value;
  let accessKeyId: string;
  let provided: string;
  let dateSlot: string;
  if (presigned) {
    accessKeyId = q('OSSAccessKeyId') ?? '';
    provided = q('Signature') ?? '';
    dateSlot = q('Expires') ?? '';
  } else {
    const match = /^OSS ([^:]+):(.+)$/.exec(headerText(input.headers, 'authorization') ?? '');
    if (!match) throw invalidArgument('Authorization header is invalid.', 'Authorization', '');
    accessKeyId = match[1]!;
    provided = match[2]!;
    dateSlot = headerText(input.headers, 'x-oss-date') ?? headerText(input.headers, 'date') ?? '';
  }
  checkKey(accessKeyId, credentials);
  const target = pick(input.targets, provided, accessKeyId, (t) => {
    const stringToSign = stringToSignV1(input.method, input.headers, dateSlot, t, input.query);
    return [{ signature: signV1(credentials.accessKeySecret, stringToSign), stringToSign }];
  });
  if (presigned) expired(Number(dateSlot) * 1000, input.nowMs);
  return target;
}

/** Returns the verified target, or throws the OssError the service would answer with. */
export function authenticate(input: AuthInput, credentials: LocalCredentials): Target {
  const authorization = headerText(input.headers, 'authorization');
  const has = (k: string) => input.query.some((p) => p.key === k);
  if (authorization?.startsWith(`${V4_ALGORITHM} `)) return verifyV4(input, credentials, false);
  if (authorization?.startsWith('OSS ')) return verifyV1(input, credentials, false);
  if (authorization) throw invalidArgument('Authorization header is invalid.', 'Authorization', '');
  if (has('x-oss-signature-version')) return verifyV4(input, credentials, true);
  if (has('OSSAccessKeyId') && has('Signature')) return verifyV1(input, credentials, true);
  throw new OssError(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');
}
