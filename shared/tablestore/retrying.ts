/**
 * Runs one request with retries: failures become `TablestoreError`s, retryable ones are retried
 * with exponential backoff and jitter (`retry-policy.ts`) until `maxRetries`, and every retry is
 * counted and reported.
 */
import { readSdkError } from './sdk-error.js';
import { TablestoreError, TrimmedDataError } from './errors.js';
import { backoffDelayMs, isRetryable, type RetryPolicy } from './retry-policy.js';
import { SyncError } from '../errors.js';

export interface RetryEvent {
  operation: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: TablestoreError;
}

export interface RetryStats {
  requests: number;
  retries: number;
  /** Retries by error code, e.g. `{ OTSServerBusy: 2, TABLESTORE_NETWORK: 1 }`. */
  retriesByCode: Record<string, number>;
}

export interface RetryRuntime {
  policy: RetryPolicy;
  stats: RetryStats;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (event: RetryEvent) => void;
  signal?: AbortSignal;
}

/** Turns whatever the SDK threw into our error; our own typed errors pass through. */
export function toTablestoreError(operation: string, err: unknown, shardIterator?: string): SyncError {
  if (err instanceof SyncError) return err;
  const facts = readSdkError(err);
  const details = {
    operation,
    otsCode: facts.otsCode,
    httpStatus: facts.httpStatus,
    requestId: facts.requestId,
    retryable: isRetryable(facts),
  };
  const where = `${operation} failed${facts.requestId ? ` (request ${facts.requestId})` : ''}`;
  if (facts.otsCode === 'OTSTrimmedDataAccess') {
    return new TrimmedDataError(`${where}: ${facts.detail}`, { ...details, shardIterator }, { cause: err });
  }
  const code =
    facts.otsCode ??
    (facts.kind === 'network'
      ? 'TABLESTORE_NETWORK'
      : facts.kind === 'http'
        ? 'TABLESTORE_HTTP'
        : 'TABLESTORE_BAD_RESPONSE');
  return new TablestoreError(code, `${where}: ${facts.detail}`, details, { cause: err });
}

export async function withRetries<T>(
  runtime: RetryRuntime,
  operation: string,
  send: () => Promise<T>,
  shardIterator?: string,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    runtime.stats.requests++;
    try {
      return await send();
    } catch (raw) {
      const err = toTablestoreError(operation, raw, shardIterator);
      if (!(err instanceof TablestoreError)) throw err;
      err.attempts = retry + 1;
      if (!err.retryable || retry >= runtime.policy.maxRetries || runtime.signal?.aborted) throw err;
      const delayMs = backoffDelayMs(retry, runtime.policy, runtime.random);
      runtime.stats.retries++;
      runtime.stats.retriesByCode[err.code] = (runtime.stats.retriesByCode[err.code] ?? 0) + 1;
      runtime.onRetry?.({ operation, retry: retry + 1, delayMs, error: err });
      try {
        await runtime.sleep(delayMs, runtime.signal);
      } catch {
        throw err; // aborted while waiting: the last failure is the answer
      }
    }
  }
}
