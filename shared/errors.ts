/**
 * One base error for the whole project: a stable machine-readable `code`, a human message that
 * names what was wrong and how to fix it, and an optional `cause`. Subclasses exist only for
 * failures a caller handles differently (e.g. trimmed stream data carries the lost range).
 */
export class SyncError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SyncError';
    this.code = code;
  }
}
