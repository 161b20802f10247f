/**
 * The exact bytes an HMAC-SHA256 request signature covers, shared by the signer (CLI, tests) and
 * the verifier (the backfill function) so the two can never drift apart:
 *
 *   HMAC-SHA256 \n METHOD \n path \n sorted-query \n timestamp-ms \n hex(sha256(body))
 */
import { createHash, createHmac } from 'node:crypto';

export const AUTH_SCHEME = 'HMAC-SHA256';
/** Epoch milliseconds when the client signed. */
export const TIMESTAMP_HEADER = 'x-ots2oss-timestamp';
/** hex SHA-256 of the exact body bytes sent. */
export const CONTENT_SHA256_HEADER = 'x-ots2oss-content-sha256';

export interface SignedParts {
  method: string;
  /** The path as sent on the wire (URL-encoded), without the query. */
  path: string;
  /** Query parameters; repeated values joined by `,` (as FC's HTTP trigger hands them over). */
  query: Readonly<Record<string, string>>;
  timestamp: string;
  bodySha256: string;
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(query[key] ?? '')}`)
    .join('&');
}

export function stringToSign(parts: SignedParts): string {
  return [
    AUTH_SCHEME,
    parts.method.toUpperCase(),
    parts.path,
    canonicalQuery(parts.query),
    parts.timestamp,
    parts.bodySha256,
  ].join('\n');
}

export function signature(secret: string, parts: SignedParts): string {
  return createHmac('sha256', secret).update(stringToSign(parts), 'utf8').digest('base64');
}
