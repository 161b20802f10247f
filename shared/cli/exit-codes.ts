/**
 * The CLI's exit codes, one meaning each, so schedulers and scripts can branch on them. Listed in
 * `--help` and docs/CLI.md from this one table.
 */
import { ConfigError } from '../config/index.js';
import { SyncError } from '../errors.js';
import { OssError } from '../oss/index.js';
import { TablestoreError } from '../tablestore/index.js';
import { CliUsageError } from './errors.js';

export const EXIT = {
  ok: 0,
  exportFailed: 1,
  badConfig: 2,
  verifyProblems: 3,
  unreachable: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_HELP: readonly (readonly [ExitCode, string])[] = [
  [EXIT.ok, 'success (verify: the chain and every object are intact)'],
  [EXIT.exportFailed, 'an export window failed (the reason is printed; nothing was committed for it)'],
  [EXIT.badConfig, 'bad config or usage (each problem names the field, what was wrong and an example)'],
  [EXIT.verifyProblems, 'verify found problems (missing/changed objects, gaps, overlaps, broken links)'],
  [EXIT.unreachable, 'cannot reach or authenticate to a service (Tablestore or OSS endpoint, credentials)'],
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TABLESTORE_NETWORK',
  'NetworkingError',
  'TimeoutError',
  'RequestError',
  'ConnectionTimeoutError',
]);
const AUTH_CODES = new Set([
  'OTSAuthFailed',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'NoSuchBucket',
]);
const NETWORK_TEXT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo|ETIMEDOUT|socket hang up|ECONNRESET/;

/** True when the error (or one of its causes) says a service could not be reached or refused our credentials. */
export function isUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || AUTH_CODES.has(code))) return true;
    if (e instanceof TablestoreError && e.otsCode !== undefined && AUTH_CODES.has(e.otsCode)) return true;
    if (e instanceof OssError && e.ossCode !== undefined && AUTH_CODES.has(e.ossCode)) return true;
    if (e instanceof OssError && (e.status === undefined || e.status === -1) && NETWORK_TEXT.test(e.message))
      return true;
    if (e instanceof Error && NETWORK_TEXT.test(e.message) && !(e instanceof SyncError && e.cause))
      return true;
  }
  return false;
}

/** The exit code for an error that ended a command. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof ConfigError || err instanceof CliUsageError) return EXIT.badConfig;
  if (isUnreachable(err)) return EXIT.unreachable;
  return EXIT.exportFailed;
}
