import type { OutputEncoding, ParquetCodec, ParquetColumnType } from '../config/types.js';
import type { OutputColumn, OutputRow } from '../records/types.js';

/** Where a formatter's bytes go (a multipart upload, a file, a buffer). Awaited: backpressure. */
export interface ByteSink {
  write(chunk: Uint8Array): void | Promise<void>;
}

/** A row the format or encoding cannot hold, with why; the caller writes it to `_dirty/`. */
export interface DirtyRow {
  readonly row: OutputRow;
  /** Output column whose value could not be written. */
  readonly column: string;
  readonly reason: string;
}

export interface FormatStats {
  /** Data rows written (header excluded). */
  rows: number;
  /** Bytes handed to the sink so far. */
  bytes: number;
  dirty: number;
}

/**
 * A Connect-style record writer: knows only its encoding and extension, writes to the sink it is
 * handed, never touches OSS. `write` returns the rows it refused (dirty); `finish` flushes the
 * rest (gzip trailer, Parquet footer) and must be called once.
 */
export interface Formatter {
  readonly extension: string;
  readonly contentType: string;
  readonly stats: Readonly<FormatStats>;
  write(rows: readonly OutputRow[]): Promise<DirtyRow[]>;
  finish(): Promise<FormatStats>;
}

export interface TextOptions {
  readonly encoding: OutputEncoding;
  readonly nullFormat: string;
  readonly fieldDelimiter: string;
  readonly lineDelimiter: '\n' | '\r\n';
  /** `true`: column names; a list: verbatim; `false`: none. */
  readonly header: boolean | readonly string[];
  readonly compression: 'none' | 'gzip';
  readonly byteEncoding: 'base64' | 'utf8';
}

export interface ParquetOptions {
  readonly codec: ParquetCodec;
  /** Row mode: declared types of attribute columns; others are UTF8 (values as DataX text). */
  readonly columnTypes: Readonly<Record<string, ParquetColumnType>>;
  readonly rowGroupRows: number;
  readonly byteEncoding: 'base64' | 'utf8';
}

export type FormatOptions =
  | ({ readonly format: 'csv' | 'text'; readonly columns: readonly OutputColumn[] } & TextOptions)
  | ({ readonly format: 'parquet'; readonly columns: readonly OutputColumn[] } & ParquetOptions);
