/**
 * The one job config every part of the engine uses, whichever form it was written in (native or
 * a pasted DataWorks/DataX script). Deeply frozen; times in epoch milliseconds, sizes in bytes.
 */
export type LayoutMode = 'multi_version' | 'single_version_and_update_only';
export type FileFormat = 'csv' | 'text' | 'parquet';
export type OutputEncoding = 'UTF-8' | 'GBK' | 'GB18030';
export type WriteMode = 'truncate' | 'append' | 'nonConflict';
export type ParquetCodec = 'snappy' | 'zstd' | 'gzip' | 'none';
/** Parquet column types a configured (row-mode) column may be given. */
export type ParquetColumnType =
  'INT64' | 'DOUBLE' | 'BOOLEAN' | 'UTF8' | 'BINARY' | 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS';

/** Where a connection's credentials come from: given in the config, or the runtime (FC role). */
export interface Credentials {
  readonly accessId: string;
  readonly accessKey: string;
}

export interface TablestoreSource {
  readonly endpoint: string;
  readonly instanceName: string;
  /** Absent: use the runtime's credentials (e.g. the Function Compute role). */
  readonly credentials?: Credentials;
  readonly dataTable: string;
  readonly statusTable: string;
  readonly maxRetries: number;
}

export interface OssTarget {
  readonly endpoint: string;
  readonly bucket: string;
  readonly credentials?: Credentials;
}

export interface RowLayout {
  readonly mode: LayoutMode;
  /** Row mode: the exported columns in order (PK or attribute). Multi-version: empty. */
  readonly columns: readonly string[];
  readonly isExportSequenceInfo: boolean;
}

export interface OutputOptions {
  /** Object-name template (tokens from shared/naming), no leading `/`. */
  readonly objectTemplate: string;
  readonly writeMode: WriteMode;
  readonly fileFormat: FileFormat;
  readonly encoding: OutputEncoding;
  readonly nullFormat: string;
  /** Kept for DataX compatibility; the stream yields no date columns, so it changes nothing. */
  readonly dateFormat?: string;
  readonly fieldDelimiter: string;
  readonly lineDelimiter: '\n' | '\r\n';
  /** `true`: the layout's column names; a list: written verbatim; `false`: no header. */
  readonly header: boolean | readonly string[];
  /** csv/text only. */
  readonly compression: 'none' | 'gzip';
  /** Binary values in csv/text: base64 (default, lossless) or UTF-8 decoded (DataX's default). */
  readonly byteEncoding: 'base64' | 'utf8';
  /** Final objects are split at this size. */
  readonly maxFileSizeBytes: number;
  readonly parquet: {
    readonly codec: ParquetCodec;
    /** Row mode: declared types of attribute columns (PK types come from the table). */
    readonly columnTypes: Readonly<Record<string, ParquetColumnType>>;
    readonly rowGroupRows: number;
  };
}

export interface Schedule {
  /** Window length and alignment; divides one hour. */
  readonly intervalMillis: number;
  /** Windows end at or before now − lag. */
  readonly lagMillis: number;
  /** IANA zone for date parts in object names. */
  readonly timeZone: string;
  /** Upper bound of windows planned per call (catch-up is done in bounded steps). */
  readonly maxWindowsPerRun: number;
  /** Set for a one-off job (DataX script with explicit times): exactly this `[start, end)`. */
  readonly oneOff?: { readonly startMillis: number; readonly endMillis: number };
}

export interface JobConfig {
  readonly name: string;
  /** Which form the text was in. */
  readonly form: 'native' | 'datax';
  readonly tablestore: TablestoreSource;
  readonly oss: OssTarget;
  readonly layout: RowLayout;
  readonly output: OutputOptions;
  readonly schedule: Schedule;
  /** Dirty records allowed per window; both absent = none allowed. */
  readonly errorLimit: { readonly record?: number; readonly percentage?: number };
  readonly speed: { readonly mbps?: number; readonly concurrent: number };
}

/** A parsed config and the non-fatal remarks about it (ignored DataX fields and the like). */
export interface ParsedJobConfig {
  readonly config: JobConfig;
  readonly warnings: readonly string[];
}

/** A DataWorks data source as the deployment defines it (DataWorks keeps these outside the script). */
export interface DataSource {
  readonly endpoint: string;
  readonly accessId?: string;
  readonly accessKey?: string;
  /** Tablestore data sources. */
  readonly instanceName?: string;
  /** OSS data sources. */
  readonly bucket?: string;
}

export interface ParseOptions {
  /** Scheduler variables for `${name}` placeholders, e.g. `{start_time, end_time}`. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Named DataWorks data sources that `datasource` fields may refer to. */
  readonly datasources?: Readonly<Record<string, DataSource>>;
  /** When given, a one-off window is checked against `now − lag`. */
  readonly now?: number;
}
