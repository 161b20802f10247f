/** Failures of exporting a window. Reader failures (lost data, corrupt records) come from shared/reader. */
import { SyncError } from '../errors.js';

/** The engine cannot start: credentials, table, stream or bucket missing. */
export class ExportSetupError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('EXPORT_SETUP', message, options);
    this.name = 'ExportSetupError';
  }
}

/** More dirty records than `errorLimit` allows: the window fails, nothing is committed. */
export class DirtyLimitError extends SyncError {
  readonly dirty: number;
  readonly rows: number;
  constructor(dirty: number, rows: number, limit: { record?: number; percentage?: number }, sample?: string) {
    const bound = [
      limit.record !== undefined ? `record ≤ ${limit.record}` : undefined,
      limit.percentage !== undefined ? `percentage ≤ ${limit.percentage}` : undefined,
    ].filter(Boolean);
    super(
      'DIRTY_LIMIT',
      `${dirty} dirty record(s) of ${rows} exceed errorLimit (${bound.length ? bound.join(', ') : 'none allowed'})` +
        `${sample ? `; first: ${sample}` : ''}; the rows are in the window's _dirty/ objects; nothing was committed`,
    );
    this.name = 'DirtyLimitError';
    this.dirty = dirty;
    this.rows = rows;
  }
}

/** Finalize found an inconsistency it must not paper over (a result of another epoch, a missing partial). */
export class FinalizeError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('FINALIZE_FAILED', message, options);
    this.name = 'FinalizeError';
  }
}
