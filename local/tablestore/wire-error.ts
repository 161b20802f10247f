/**
 * The one place that knows how Tablestore reports a failure on the wire: an HTTP status plus a
 * protobuf `Error{code, message}` body. Actions throw `OtsError`; the HTTP entry renders it.
 */
import { SyncError } from '../../shared/errors.js';
import { encodeMessage, messageType } from './proto.js';

/** HTTP status for each OTS error code (Alibaba Cloud error-code page; trimmed access as the SDK mocks). */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  OTSParameterInvalid: 400,
  OTSInvalidPK: 400,
  OTSOutOfRowSizeLimit: 400,
  OTSOutOfColumnCountLimit: 400,
  OTSAuthFailed: 403,
  OTSConditionCheckFail: 403,
  OTSQuotaExhausted: 403,
  OTSNoPermissionAccess: 403,
  OTSObjectNotExist: 404,
  OTSTableNotReady: 404,
  OTSTrimmedDataAccess: 404,
  OTSMethodNotAllowed: 405,
  OTSRequestTimeout: 408,
  OTSObjectAlreadyExist: 409,
  OTSRowOperationConflict: 409,
  OTSRequestBodyTooLarge: 413,
  OTSFlowControl: 429,
  OTSInternalServerError: 500,
  OTSServerBusy: 503,
  OTSPartitionUnavailable: 503,
  OTSTimeout: 503,
  OTSServerUnavailable: 503,
};

/** A failure the server reports to the client with Tablestore's own code and status. */
export class OtsError extends SyncError {
  readonly status: number;

  constructor(code: string, message: string, options?: ErrorOptions & { status?: number }) {
    super(code, message, options);
    this.name = 'OtsError';
    this.status = options?.status ?? STATUS_BY_CODE[code] ?? 400;
  }
}

/** Shorthand used by actions: `throw otsError('OTSObjectNotExist', 'Requested table does not exist.')`. */
export function otsError(code: string, message: string, options?: ErrorOptions): OtsError {
  return new OtsError(code, message, options);
}

export const invalid = (message: string): OtsError => otsError('OTSParameterInvalid', message);
export const tableNotFound = (): OtsError => otsError('OTSObjectNotExist', 'Requested table does not exist.');
export const conditionFailed = (): OtsError => otsError('OTSConditionCheckFail', 'Condition check failed.');
export const pkMismatch = (): OtsError => otsError('OTSInvalidPK', 'Primary key schema mismatch.');

/** Status and protobuf body of the wire error for any failure; anything but an OtsError is a 500. */
export function renderError(err: unknown): { status: number; body: Buffer } {
  const e = err instanceof OtsError ? err : otsError('OTSInternalServerError', 'Internal server error.');
  return {
    status: e.status,
    body: encodeMessage(messageType('Error'), { code: e.code, message: e.message }),
  };
}
