/**
 * The accepted fields, as data. Field names and meanings follow DataX's otsstream reader and oss
 * writer; values may be strings where DataWorks templates quote them (`"1"`, `"false"`), and `""`
 * (an unfilled template slot) counts as absent. Every object rejects unknown keys.
 */
import { z } from 'zod';

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const numeric = (v: unknown): unknown => {
  const b = blank(v);
  return typeof b === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(b) ? Number(b) : b;
};
const boolish = (v: unknown): unknown => {
  const b = blank(v);
  if (typeof b === 'string' && /^(true|false)$/i.test(b.trim())) return b.trim().toLowerCase() === 'true';
  return b;
};

/** Optional string; `""` counts as absent. Values are kept exactly (credentials are not trimmed). */
export const optText = z.preprocess(blank, z.string().optional());
export const optInt = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(numeric, z.number().int().min(min).max(max).optional());
export const optNumber = (min: number, max = Number.MAX_VALUE) =>
  z.preprocess(numeric, z.number().min(min).max(max).optional());
export const optBool = z.preprocess(boolish, z.boolean().optional());
/** Accepted anywhere we keep a DataX field only to warn that it has no effect here. */
const anything = z.unknown().optional();

const columnItem = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), is_timeseries_tag: anything, type: optText }),
]);

export const readerShape = {
  datasource: optText,
  endpoint: optText,
  accessId: optText,
  accessKey: optText,
  instanceName: optText,
  dataTable: z.string().min(1),
  statusTable: optText,
  startTimestampMillis: optInt(0),
  endTimestampMillis: optInt(0),
  startTimeString: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{14}$/)
      .optional(),
  ),
  endTimeString: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{14}$/)
      .optional(),
  ),
  date: optText,
  mode: optText,
  column: z.array(columnItem).optional(),
  isExportSequenceInfo: optBool,
  maxRetries: optInt(0, 1000),
  isTimeseriesTable: optBool,
  enableSeekIterator: anything,
  enableTableGroupSupport: anything,
  threadNum: anything,
  confSimplifyEnable: anything,
};

export const writerShape = {
  datasource: optText,
  endpoint: optText,
  accessId: optText,
  accessKey: optText,
  bucket: optText,
  object: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  writeMode: z.enum(['truncate', 'append', 'nonConflict']),
  fileFormat: optText,
  encoding: optText,
  nullFormat: z.string().optional(),
  dateFormat: optText,
  fieldDelimiter: z.string().min(1).optional(),
  lineDelimiter: z.enum(['\n', '\r\n']).optional(),
  header: z.union([z.array(z.string()), z.preprocess(boolish, z.boolean())]).optional(),
  compress: optText,
  compression: optText,
  byteEncoding: optText,
  maxFileSize: optNumber(1, 48_000_000),
  column: z.array(z.strictObject({ name: z.string().min(1), type: z.string().min(1) })).optional(),
  parquet: z
    .strictObject({
      codec: optText,
      columnTypes: z.record(z.string(), z.string()).optional(),
      rowGroupRows: optInt(1000, 10_000_000),
    })
    .optional(),
  writeSingleObject: optBool,
  partition: z.array(z.unknown()).optional(),
  csvWriterConfig: anything,
  parquetSchema: anything,
  suffix: anything,
  blockSizeInMB: anything,
  encrypt: anything,
  generateEmptyFile: anything,
  cname: anything,
  path: anything,
  fileName: anything,
};

export const settingShape = {
  errorLimit: z.strictObject({ record: optInt(0), percentage: optNumber(0, 1) }).optional(),
  speed: z
    .strictObject({
      mbps: optNumber(0.001, 100_000),
      concurrent: optInt(1, 1024),
      channel: optInt(1, 1024),
      throttle: optBool,
      dmu: anything,
    })
    .optional(),
  jvmOption: anything,
  executeMode: anything,
  failoverEnable: anything,
};

/** Ours: the schedule and identity a DataX script has no place for. */
export const jobShape = {
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  intervalMinutes: optInt(1, 60),
  lagSeconds: optInt(0, 86_400),
  timeZone: optText,
  maxWindowsPerRun: optInt(1, 10_000),
};

export const nativeSchema = z.strictObject({
  job: z.strictObject(jobShape).optional(),
  reader: z.strictObject(readerShape),
  writer: z.strictObject(writerShape),
  setting: z.strictObject(settingShape).optional(),
});

export const dataxSchema = z.strictObject({
  type: z.literal('job').optional(),
  version: optText,
  /** DataWorks' plugin wiring (`{"hops": [{"from": "Reader", "to": "Writer"}]}`); there is one path here. */
  order: anything,
  configuration: z.strictObject({
    job: z.strictObject(jobShape).optional(),
    setting: z.strictObject(settingShape).optional(),
    reader: z.strictObject({ plugin: z.literal('otsstream'), parameter: z.strictObject(readerShape) }),
    writer: z.strictObject({ plugin: z.literal('oss'), parameter: z.strictObject(writerShape) }),
  }),
});

export type NativeInput = z.infer<typeof nativeSchema>;
export type DataxInput = z.infer<typeof dataxSchema>;
export type ReaderInput = NativeInput['reader'];
export type WriterInput = NativeInput['writer'];
export type SettingInput = NonNullable<NativeInput['setting']>;
export type JobInput = NonNullable<NativeInput['job']>;

/** Field names accepted in each kind of object, for "unknown field" messages. */
export const ACCEPTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  reader: Object.keys(readerShape),
  writer: Object.keys(writerShape),
  setting: Object.keys(settingShape),
  job: Object.keys(jobShape),
  errorLimit: ['record', 'percentage'],
  speed: ['mbps', 'concurrent', 'channel', 'throttle'],
  parquet: ['codec', 'columnTypes', 'rowGroupRows'],
  native: ['job', 'reader', 'writer', 'setting'],
  datax: ['type', 'version', 'configuration', 'order'],
  configuration: ['job', 'setting', 'reader', 'writer'],
  plugin: ['plugin', 'parameter'],
  column: ['name', 'type', 'is_timeseries_tag'],
};

/** An accepted example per field name, shown with every error about that field. */
export const EXAMPLES: Readonly<Record<string, string>> = {
  datasource:
    '"datasource": "my_ots_source" (defined in the deployment), or leave "" and give endpoint/accessId/accessKey',
  endpoint: '"endpoint": "https://my-instance.cn-hangzhou.ots.aliyuncs.com"',
  accessId: '"accessId": "LTAI5t..."',
  accessKey: '"accessKey": "<secret>"',
  instanceName: '"instanceName": "my-instance"',
  dataTable: '"dataTable": "orders"',
  statusTable: '"statusTable": "TablestoreStreamReaderStatusTable"',
  startTimestampMillis: '"startTimestampMillis": "${start_time}" or "1700000000000"',
  endTimestampMillis: '"endTimestampMillis": "${end_time}" or "1700000300000"',
  startTimeString: '"startTimeString": "20261125100000" (yyyyMMddHHmmss)',
  endTimeString: '"endTimeString": "20261125100500" (yyyyMMddHHmmss)',
  date: 'remove "date", or "date": "20261125" alone (no start/end) for that whole day',
  mode: '"mode": "single_version_and_update_only" (or leave it out for the multi-version layout)',
  column: '"column": [{"name": "uid"}, {"name": "name"}]',
  isExportSequenceInfo: '"isExportSequenceInfo": false',
  maxRetries: '"maxRetries": 30',
  isTimeseriesTable: '"isTimeseriesTable": false',
  bucket: '"bucket": "my-bucket"',
  object: '"object": "instance/table/{yyyy}{MM}{dd}/{HH}{mm}"',
  writeMode: '"writeMode": "truncate" (or "append", "nonConflict")',
  fileFormat: '"fileFormat": "csv" (or "text", "parquet")',
  encoding: '"encoding": "UTF-8" (or "GBK", "GB18030")',
  nullFormat: '"nullFormat": "null" (or "" or "\\\\N")',
  dateFormat: '"dateFormat": "yyyy-MM-dd HH:mm:ss"',
  fieldDelimiter: '"fieldDelimiter": ","',
  lineDelimiter: '"lineDelimiter": "\\n" (or "\\r\\n")',
  header: '"header": ["uid", "name"] or "header": true',
  compress: '"compress": "gzip" for csv/text, "snappy" | "zstd" | "gzip" | "none" for parquet',
  compression: '"compression": "gzip" for csv/text, "snappy" | "zstd" | "gzip" | "none" for parquet',
  codec: '"codec": "snappy" (or "zstd", "gzip", "none")',
  columnTypes: '"columnTypes": {"amount": "DOUBLE", "count": "INT64"}',
  rowGroupRows: '"rowGroupRows": 100000',
  byteEncoding: '"byteEncoding": "base64" (or "utf8")',
  maxFileSize: '"maxFileSize": 1024 (MB)',
  writeSingleObject: 'remove "writeSingleObject" (objects are named per window here)',
  partition: 'remove "partition" (use the object template tokens instead)',
  csvWriterConfig: 'remove "csvWriterConfig" (csv output is RFC 4180)',
  parquetSchema: 'remove "parquetSchema" and give "parquet": {"columnTypes": {"amount": "DOUBLE"}}',
  record: '"record": "0"',
  percentage: '"percentage": 0.02',
  mbps: '"mbps": "1"',
  concurrent: '"concurrent": "1"',
  channel: '"channel": 1',
  throttle: '"throttle": false',
  name: '"name": "orders-to-oss"',
  intervalMinutes: '"intervalMinutes": 5 (one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)',
  lagSeconds: '"lagSeconds": 60',
  timeZone: '"timeZone": "Asia/Shanghai"',
  maxWindowsPerRun: '"maxWindowsPerRun": 12',
  plugin: '"plugin": "otsstream" for the reader, "plugin": "oss" for the writer',
  type: '"type": "job"',
  version: '"version": "1.0"',
};
