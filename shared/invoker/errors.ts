/** Failures of an invocation, as the fan-out code needs to tell them apart. */
import { SyncError } from '../errors.js';

export interface InvokeErrorDetails {
  functionName: string;
  /** HTTP status FC answered with, when it answered. */
  status?: number;
  /** FC's `ErrorCode` (e.g. `FunctionNotFound`, `ResourceThrottled`). */
  fcErrorCode?: string;
  requestId?: string;
  /** True when the same call may succeed later (throttling, 5xx, network); false for a bad call. */
  retryable: boolean;
}

/**
 * FC did not accept the invocation (or could not be reached). Codes: `INVOKE_FAILED`,
 * `INVOKE_FUNCTION_NOT_FOUND`, `INVOKE_PAYLOAD_TOO_LARGE`, `INVOKE_BAD_REQUEST`.
 */
export class InvokeError extends SyncError {
  readonly details: InvokeErrorDetails;

  constructor(code: string, message: string, details: InvokeErrorDetails, options?: ErrorOptions) {
    super(code, message, options);
    this.name = 'InvokeError';
    this.details = details;
  }

  get retryable(): boolean {
    return this.details.retryable;
  }
}

/** A synchronous invocation ran and the function itself failed (`x-fc-error-type`). */
export class FunctionFailedError extends SyncError {
  readonly functionName: string;
  readonly errorType: string;
  readonly requestId?: string;

  constructor(functionName: string, errorType: string, message: string, requestId?: string) {
    super('FUNCTION_FAILED', `function ${functionName} failed (${errorType}): ${message}`);
    this.name = 'FunctionFailedError';
    this.functionName = functionName;
    this.errorType = errorType;
    this.requestId = requestId;
  }
}
