/**
 * Formatters: `createFormatter(options, sink)` for csv, text or parquet; `formatOptions(output,
 * columns)` derives the options from a job config's `output` and the layout's columns.
 */
import type { OutputOptions } from '../config/types.js';
import type { OutputColumn } from '../records/types.js';
import { DelimitedFormatter } from './delimited.js';
import { ParquetFormatter } from './parquet.js';
import type { ByteSink, FormatOptions, Formatter } from './types.js';

export type * from './types.js';
export { DelimitedFormatter } from './delimited.js';
export { ParquetFormatter } from './parquet.js';
export { parquetLeaves, schemaElements, VALUE_LEAVES, type Leaf } from './parquet-schema.js';
export { charsetFor, type Charset } from './charset.js';
export { GzipSink } from './gzip.js';

export function createFormatter(options: FormatOptions, sink: ByteSink): Formatter {
  return options.format === 'parquet'
    ? new ParquetFormatter(options.columns, options, sink)
    : new DelimitedFormatter(options.format, options.columns, options, sink);
}

export function formatOptions(output: OutputOptions, columns: readonly OutputColumn[]): FormatOptions {
  if (output.fileFormat === 'parquet') {
    return { format: 'parquet', columns, ...output.parquet, byteEncoding: output.byteEncoding };
  }
  return {
    format: output.fileFormat,
    columns,
    encoding: output.encoding,
    nullFormat: output.nullFormat,
    fieldDelimiter: output.fieldDelimiter,
    lineDelimiter: output.lineDelimiter,
    header: output.header,
    compression: output.compression,
    byteEncoding: output.byteEncoding,
  };
}

/** The object extension a config produces (`.csv`, `.csv.gz`, `.txt`, `.txt.gz`, `.parquet`). */
export function extensionFor(output: Pick<OutputOptions, 'fileFormat' | 'compression'>): string {
  if (output.fileFormat === 'parquet') return '.parquet';
  const base = output.fileFormat === 'csv' ? '.csv' : '.txt';
  return output.compression === 'gzip' ? `${base}.gz` : base;
}
export {
  mergeParquet,
  planParquetMerge,
  readFooter,
  footerLength,
  ParquetMergeError,
  type ParquetPart,
  type CopyRange,
  type MergePlan,
} from './parquet-merge.js';
