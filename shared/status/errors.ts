/**
 * Typed failures of the status table. Only failures a caller handles differently get a class:
 * a lost lease or a stale epoch (stop, commit nothing), a committed window (skip it), a watermark
 * that moved (someone else advanced it). Everything the SDK throws is wrapped in StatusStoreError
 * so no SDK error leaks past the store.
 */
import { SyncError } from '../errors.js';

/** The Tablestore request failed for a reason other than a condition (network, auth, throttling). */
export class StatusStoreError extends SyncError {
  readonly operation: string;
  constructor(operation: string, message: string, options?: ErrorOptions) {
    super('STATUS_STORE_FAILED', `status table ${operation} failed: ${message}`, options);
    this.name = 'StatusStoreError';
    this.operation = operation;
  }
}

/** A conditional write did not apply (row existence or column check). Primitive-level; the ledger maps it. */
export class ConditionFailedError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('STATUS_CONDITION_FAILED', message, options);
    this.name = 'ConditionFailedError';
  }
}

/** The status table exists but its primary key is not `(StreamId, StatusType, StatusValue)` STRING. */
export class StatusTableSchemaError extends SyncError {
  constructor(table: string, found: string) {
    super(
      'STATUS_TABLE_SCHEMA',
      `status table "${table}" has primary key ${found}; expected (StreamId STRING, StatusType STRING, StatusValue STRING) as DataX creates it — use another statusTable name`,
    );
    this.name = 'StatusTableSchemaError';
  }
}

/** A stored row could not be decoded (wrong column type, bad JSON, missing column). */
export class StatusRowCorruptError extends SyncError {
  constructor(what: string, message: string, options?: ErrorOptions) {
    super('STATUS_ROW_CORRUPT', `status row ${what} is unreadable: ${message}`, options);
    this.name = 'StatusRowCorruptError';
  }
}

/** Another owner holds the window's lease (unexpired), or won the race to claim/renew it. */
export class LeaseLostError extends SyncError {
  readonly window: string;
  readonly heldBy: string | undefined;
  readonly expiresAt: number | undefined;
  constructor(window: string, detail: { heldBy?: string; expiresAt?: number; reason: string }) {
    super('LEASE_LOST', `lease on window ${window} lost: ${detail.reason}`);
    this.name = 'LeaseLostError';
    this.window = window;
    this.heldBy = detail.heldBy;
    this.expiresAt = detail.expiresAt;
  }
}

/** The window was re-claimed under a newer epoch (or its state moved on): this invocation is stale. */
export class EpochMismatchError extends SyncError {
  readonly window: string;
  readonly expected: number;
  readonly actual: number | undefined;
  constructor(
    window: string,
    expected: number,
    actual: number | undefined,
    reason = 'the window was re-claimed',
  ) {
    super(
      'EPOCH_MISMATCH',
      `window ${window}: epoch ${expected} is stale (current ${actual ?? 'none'}); ${reason}; nothing was committed`,
    );
    this.name = 'EpochMismatchError';
    this.window = window;
    this.expected = expected;
    this.actual = actual;
  }
}

/** The window is already committed; claiming it again would export it twice. */
export class WindowCommittedError extends SyncError {
  readonly window: string;
  constructor(window: string) {
    super('WINDOW_COMMITTED', `window ${window} is already committed`);
    this.name = 'WindowCommittedError';
    this.window = window;
  }
}

/** The watermark is not where the caller expected it (another window was committed, or a gap). */
export class WatermarkConflictError extends SyncError {
  readonly expected: number | null;
  readonly actual: number | null;
  constructor(run: string, expected: number | null, actual: number | null) {
    super(
      'WATERMARK_CONFLICT',
      `watermark of run "${run}" is ${actual ?? 'unset'}, expected ${expected ?? 'unset'}; windows must commit in order`,
    );
    this.name = 'WatermarkConflictError';
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Saving a shard's progress found the row no longer at the slice the saver resumed from: a
 * duplicate delivery of the same slice (same epoch) saved first, or finished the shard. The loser
 * stops without writing its state.
 */
export class ProgressConflictError extends SyncError {
  readonly shardId: string;
  readonly slice: number;
  readonly found: number | undefined;
  constructor(window: string, shardId: string, slice: number, found: number | undefined) {
    super(
      'PROGRESS_CONFLICT',
      `window ${window} shard ${shardId}: slice ${slice} expected the saved progress at slice ${slice - 1}, ` +
        `found ${found === undefined ? 'none' : `slice ${found}`}; a duplicate delivery already moved on`,
    );
    this.name = 'ProgressConflictError';
    this.shardId = shardId;
    this.slice = slice;
    this.found = found;
  }
}
