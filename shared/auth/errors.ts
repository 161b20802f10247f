/** Refusals of the backfill endpoint's authentication; all answer 401 with a challenge. */
import { SyncError } from '../errors.js';

/** Why a request was refused; stable, safe to show (never says which part of a secret differed). */
export type AuthFailure =
  | 'MISSING'
  | 'UNSUPPORTED_SCHEME'
  | 'MALFORMED'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'BODY_MISMATCH'
  | 'CLOCK_SKEW'
  | 'REPLAYED'
  | 'BAD_TOKEN'
  | 'NOT_CONFIGURED';

/** The `WWW-Authenticate` challenge sent with every 401: both accepted schemes. */
export const AUTH_CHALLENGE = 'HMAC-SHA256 realm="ots2oss", Bearer realm="ots2oss"';

/** The request is not authenticated; `reason` says which check refused it. */
export class AuthError extends SyncError {
  readonly reason: AuthFailure;
  readonly headers: Readonly<Record<string, string>> = Object.freeze({ 'WWW-Authenticate': AUTH_CHALLENGE });

  constructor(reason: AuthFailure, message: string) {
    super('UNAUTHORIZED', message);
    this.name = 'AuthError';
    this.reason = reason;
  }
}
