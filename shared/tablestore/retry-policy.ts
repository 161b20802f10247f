/**
 * Which failures are worth another request, and how long to wait before it. Pure: no clock, no
 * randomness of its own. Retryable: server busy / throttled / internal errors, timeouts, 5xx,
 * 408/429, socket failures. Never: auth, parameter, condition, missing object, trimmed data.
 */
export interface RetryPolicy {
  /** Retries after the first request (DataX `maxRetries`, default 30). */
  maxRetries: number;
  /** Delay cap of the first retry; doubles per retry (DataX: 100 ms). */
  baseDelayMs: number;
  /** Upper bound of any delay (DataX: 10 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 30,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
});

/** Codes the service uses for transient trouble (Go/Node SDK retry lists, reference §1.6). */
const RETRYABLE_CODES = new Set([
  'OTSServerBusy',
  'OTSStorageServerBusy',
  'OTSPartitionUnavailable',
  'OTSServerUnavailable',
  'OTSInternalServerError',
  'OTSTimeout',
  'OTSRequestTimeout',
  'OTSRowOperationConflict',
  'OTSNotEnoughCapacityUnit',
  'OTSTableNotReady',
  'OTSOperationThrottled',
  'OTSFlowControl',
]);

/** DataX `OTSRetryStrategyForStreamReader` never retries these, plus permission errors. */
const FATAL_CODES = new Set([
  'OTSAuthFailed',
  'OTSNoPermissionAccess',
  'OTSConditionCheckFail',
  'OTSParameterInvalid',
  'OTSInvalidPK',
  'OTSObjectAlreadyExist',
  'OTSObjectNotExist',
  'OTSOutOfColumnCountLimit',
  'OTSOutOfRowSizeLimit',
  'OTSRequestBodyTooLarge',
  'OTSMethodNotAllowed',
  'OTSTrimmedDataAccess',
]);

export interface FailureFacts {
  kind: 'http' | 'network' | 'other';
  httpStatus?: number;
  otsCode?: string;
  otsMessage?: string;
}

export function isRetryable(f: FailureFacts): boolean {
  if (f.kind === 'network') return true;
  if (f.kind !== 'http') return false;
  if (f.otsCode !== undefined) {
    if (FATAL_CODES.has(f.otsCode)) return false;
    if (RETRYABLE_CODES.has(f.otsCode)) return true;
    if (f.otsCode === 'OTSQuotaExhausted') return f.otsMessage === 'Too frequent table operations.';
  }
  const status = f.httpStatus ?? 0;
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Wait before retry number `retry` (0 = the first retry): an exponential cap
 * `min(base * 2^retry, max)`, scaled by `0.5 + 0.5 * random()` ("equal jitter": never below half
 * the cap, so retries spread out without collapsing to zero).
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.baseDelayMs * 2 ** Math.min(retry, 52), policy.maxDelayMs);
  return Math.round(cap * (0.5 + 0.5 * random()));
}
