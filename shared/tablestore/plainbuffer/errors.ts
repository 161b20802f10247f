import { SyncError } from '../../errors.js';

/** A PlainBuffer that does not parse or whose checksum does not match; `offset` is the byte where it went wrong. */
export class PlainBufferCorruptError extends SyncError {
  readonly offset: number;

  constructor(message: string, offset: number, options?: ErrorOptions) {
    super('PLAINBUFFER_CORRUPT', `PlainBuffer corrupt at byte offset ${offset}: ${message}`, options);
    this.name = 'PlainBufferCorruptError';
    this.offset = offset;
  }
}

/** A row that cannot be written as PlainBuffer (wrong value type, int64 out of range, ...). */
export class PlainBufferEncodeError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('PLAINBUFFER_INVALID_ROW', message, options);
    this.name = 'PlainBufferEncodeError';
  }
}
