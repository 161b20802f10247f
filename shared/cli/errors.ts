import { SyncError } from '../errors.js';

/** A command line that cannot be run as given (bad option value); exit code 2. */
export class CliUsageError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('CLI_USAGE', message, options);
    this.name = 'CliUsageError';
  }
}
