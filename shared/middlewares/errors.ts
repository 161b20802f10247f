/** Errors the middlewares raise; each maps to a fixed HTTP status in `http-error-handler.ts`. */
import { SyncError } from '../errors.js';

/** One problem with an input, located by its path (`body.from`). */
export interface InputIssue {
  path: string;
  message: string;
}

/** The FC event bytes are not JSON. */
export class InvalidEventError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_EVENT', message, options);
    this.name = 'InvalidEventError';
  }
}

/** The event (or HTTP body) is JSON but breaks the function's schema; `issues` names each field. */
export class InvalidInputError extends SyncError {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[], options?: ErrorOptions) {
    super('INVALID_INPUT', describeIssues(issues), options);
    this.name = 'InvalidInputError';
    this.issues = issues;
  }
}

const MAX_LISTED = 5;

function describeIssues(issues: readonly InputIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > MAX_LISTED ? `; and ${issues.length - MAX_LISTED} more` : '';
  return `invalid input: ${listed.join('; ')}${more}`;
}
