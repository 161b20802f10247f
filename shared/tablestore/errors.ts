/**
 * Errors of the Tablestore stream client. SDK and HTTP errors never leave the client: they are
 * turned into `TablestoreError` (code = the OTS error code when the server sent one).
 */
import { SyncError } from '../errors.js';

export interface TablestoreErrorDetails {
  /** Stream API, e.g. `GetStreamRecord`. */
  operation: string;
  /** OTS error code from the server's Error body, e.g. `OTSServerBusy`. */
  otsCode?: string;
  httpStatus?: number;
  requestId?: string;
  retryable: boolean;
  /** Requests made before giving up (1 = no retry). */
  attempts?: number;
}

/** A failed Tablestore call. `code` is the OTS code, or `TABLESTORE_NETWORK` / `TABLESTORE_HTTP` / `TABLESTORE_BAD_RESPONSE`. */
export class TablestoreError extends SyncError {
  readonly operation: string;
  readonly otsCode: string | undefined;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  attempts: number;

  constructor(code: string, message: string, details: TablestoreErrorDetails, options?: ErrorOptions) {
    super(code, message, options);
    this.name = 'TablestoreError';
    this.operation = details.operation;
    this.otsCode = details.otsCode;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
    this.attempts = details.attempts ?? 1;
  }
}

/**
 * The stream no longer holds the data an iterator points at (`OTSTrimmedDataAccess`). Never
 * retried; the caller records the lost range and re-seeks by timestamp or fails the window.
 */
export class TrimmedDataError extends TablestoreError {
  /** The iterator that pointed at trimmed data, when the failing call had one. */
  readonly shardIterator: string | undefined;

  constructor(
    message: string,
    details: TablestoreErrorDetails & { shardIterator?: string },
    options?: ErrorOptions,
  ) {
    super('OTSTrimmedDataAccess', message, details, options);
    this.name = 'TrimmedDataError';
    this.shardIterator = details.shardIterator;
  }
}
