/** Errors of the local FC server: s.yaml problems (with the YAML path) and FC's own wire errors. */
import type { ServerResponse } from 'node:http';
import { SyncError } from '../../shared/errors.js';

/** The s.yaml is not one the local server (or `s deploy`) would accept; `yamlPath` names the key. */
export class SYamlError extends SyncError {
  readonly yamlPath: string;
  readonly line: number | undefined;

  constructor(file: string, yamlPath: string, problem: string, line?: number, options?: ErrorOptions) {
    super(
      'FC_SYAML_INVALID',
      `${file}${line ? `:${line}` : ''}: ${yamlPath || '(document)'}: ${problem}`,
      options,
    );
    this.name = 'SYamlError';
    this.yamlPath = yamlPath;
    this.line = line;
  }
}

/** A request FC itself would refuse; rendered as FC's JSON error body by `sendFcError`. */
export class FcApiError extends SyncError {
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(code, message);
    this.name = 'FcApiError';
    this.status = status;
  }
}

export const fcError = (status: number, code: string, message: string) =>
  new FcApiError(status, code, message);

/**
 * FC's error shape. `ErrorCode`/`ErrorMessage` are what `@alicloud/fc2` reads (it names the thrown
 * error `FC<ErrorCode>Error`); `Code`/`Message`/`RequestId` are what the FC 3.0 SDKs read.
 */
export function sendFcError(res: ServerResponse, err: FcApiError, requestId: string): void {
  const body = JSON.stringify({
    ErrorCode: err.code,
    ErrorMessage: err.message,
    Code: err.code,
    Message: err.message,
    RequestId: requestId,
  });
  res.writeHead(err.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-fc-request-id': requestId,
  });
  res.end(body);
}
