/**
 * Client side: the headers that authenticate one request to the backfill endpoint. Used by the
 * CLI and the tests; the secret stays in the caller, only its signature goes on the wire.
 */
import { AUTH_SCHEME, CONTENT_SHA256_HEADER, TIMESTAMP_HEADER, sha256Hex, signature } from './canonical.js';

export interface SignInput {
  keyId: string;
  secret: string;
  method: string;
  /**
   * The path and query as the function sees them: the part after the HTTP trigger's base URL
   * (`/backfills/bf-1?verbose=1`), not a full URL, since proxies and the local server mount the
   * function under a prefix that is not part of what it verifies.
   */
  path: string;
  body?: Uint8Array | string;
  /** Epoch ms; the caller's clock. */
  now: number;
}

/** Query of a URL as FC hands it to the function: repeated keys joined by `,`. */
export function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  return query;
}

export function signRequest(input: SignInput): Record<string, string> {
  const url = new URL(input.path, 'http://placeholder');
  const bodySha256 = sha256Hex(input.body ?? '');
  const timestamp = String(Math.trunc(input.now));
  const sig = signature(input.secret, {
    method: input.method,
    path: url.pathname,
    query: queryOf(url),
    timestamp,
    bodySha256,
  });
  return {
    authorization: `${AUTH_SCHEME} keyId=${input.keyId}, signature=${sig}`,
    [TIMESTAMP_HEADER]: timestamp,
    [CONTENT_SHA256_HEADER]: bodySha256,
  };
}

/** `Authorization: Bearer <token>`. */
export function bearerHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
