import { SyncError } from '../errors.js';

/** A window that cannot be exported as asked: not due yet, empty, or beyond the stream's retention. */
export class WindowError extends SyncError {
  readonly window: { readonly startMillis: number; readonly endMillis: number };
  /** For `WINDOW_BEYOND_RETENTION`: the part of the window whose data may be trimmed. */
  readonly lostRange?: { readonly startMillis: number; readonly endMillis: number };

  constructor(
    code: 'WINDOW_NOT_DUE' | 'WINDOW_EMPTY' | 'WINDOW_BEYOND_RETENTION',
    message: string,
    window: { startMillis: number; endMillis: number },
    extra: { lostRange?: { startMillis: number; endMillis: number } } & ErrorOptions = {},
  ) {
    super(code, message, extra);
    this.name = 'WindowError';
    this.window = { startMillis: window.startMillis, endMillis: window.endMillis };
    if (extra.lostRange) this.lostRange = extra.lostRange;
  }
}
