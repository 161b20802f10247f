/**
 * From schema-checked input (either form) to the one frozen JobConfig: defaults, cross-field
 * rules, DataWorks data sources, and the DataX fields that have no meaning here (warned about,
 * or rejected when honouring them silently would change the output).
 */
import { isTimeZone, localToEpochMillis, templateProblem } from '../naming/template.js';
import { pathText, withExample } from './issues.js';
import type { JobInput, ReaderInput, SettingInput, WriterInput } from './schema.js';
import type {
  Credentials,
  DataSource,
  FileFormat,
  JobConfig,
  OutputEncoding,
  ParquetCodec,
  ParquetColumnType,
  ParseOptions,
} from './types.js';

export const DEFAULT_OBJECT_TEMPLATE = '{instance}/{table}/{yyyy}{MM}{dd}/{HH}{mm}';
export const DEFAULT_STATUS_TABLE = 'TablestoreStreamReaderStatusTable';
const INTERVALS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];
const PARQUET_TYPES: readonly ParquetColumnType[] = [
  'INT64',
  'DOUBLE',
  'BOOLEAN',
  'UTF8',
  'BINARY',
  'TIMESTAMP_MILLIS',
  'TIMESTAMP_MICROS',
];
/** hdfswriter-style column types (DataX parquet path) and what they become here. */
const DATAX_TYPES: Readonly<Record<string, ParquetColumnType>> = {
  tinyint: 'INT64',
  smallint: 'INT64',
  int: 'INT64',
  integer: 'INT64',
  bigint: 'INT64',
  long: 'INT64',
  float: 'DOUBLE',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  bool: 'BOOLEAN',
  string: 'UTF8',
  varchar: 'UTF8',
  char: 'UTF8',
  binary: 'BINARY',
  timestamp: 'TIMESTAMP_MILLIS',
};
const IGNORED_READER = [
  'enableSeekIterator',
  'enableTableGroupSupport',
  'threadNum',
  'confSimplifyEnable',
] as const;
const IGNORED_WRITER = [
  'suffix',
  'blockSizeInMB',
  'encrypt',
  'generateEmptyFile',
  'cname',
  'path',
  'fileName',
] as const;

interface Ctx {
  problems: string[];
  warnings: string[];
  at: readonly PropertyKey[];
}

function problem(ctx: Ctx, field: string, what: string): void {
  ctx.problems.push(withExample([...ctx.at, field], what));
}
function warn(ctx: Ctx, field: string, what: string): void {
  ctx.warnings.push(`${pathText([...ctx.at, field])}: ${what}`);
}

function dataSource(ctx: Ctx, name: string | undefined, opts: ParseOptions): DataSource | undefined {
  if (name === undefined) return undefined;
  const ds = opts.datasources?.[name];
  if (!ds) {
    const known = Object.keys(opts.datasources ?? {});
    problem(
      ctx,
      'datasource',
      `data source "${name}" is not defined here (defined: ${known.join(', ') || 'none'})`,
    );
  }
  return ds;
}

function credentials(ctx: Ctx, id: string | undefined, key: string | undefined): Credentials | undefined {
  if (id === undefined && key === undefined) return undefined;
  if (id === undefined || key === undefined) {
    problem(
      ctx,
      id === undefined ? 'accessId' : 'accessKey',
      'is required when the other credential is given',
    );
    return undefined;
  }
  return { accessId: id.trim(), accessKey: key.trim() };
}

function endpoint(ctx: Ctx, value: string | undefined): string {
  const v = value?.trim() ?? '';
  if (!v) problem(ctx, 'endpoint', 'is required (or a datasource that defines it)');
  else if (!/^https?:\/\/[^\s/]+/.test(v))
    problem(ctx, 'endpoint', `must be an http(s) URL, got ${JSON.stringify(v)}`);
  return v;
}

/** `[start, end)` of a one-off job, from whichever DataX time form was given. */
function oneOffWindow(
  ctx: Ctx,
  r: ReaderInput,
  timeZone: string,
): { startMillis: number; endMillis: number } | undefined {
  const millis = r.startTimestampMillis !== undefined || r.endTimestampMillis !== undefined;
  const strings = r.startTimeString !== undefined || r.endTimeString !== undefined;
  if (millis && strings) {
    problem(
      ctx,
      'startTimeString',
      'cannot be mixed with startTimestampMillis/endTimestampMillis; give one pair',
    );
    return undefined;
  }
  let win: { startMillis: number; endMillis: number } | undefined;
  if (millis || strings) {
    const [sKey, eKey] = millis
      ? ['startTimestampMillis', 'endTimestampMillis']
      : ['startTimeString', 'endTimeString'];
    const parse = (s: string): number =>
      localToEpochMillis(
        {
          year: +s.slice(0, 4),
          month: +s.slice(4, 6),
          day: +s.slice(6, 8),
          hour: +s.slice(8, 10),
          minute: +s.slice(10, 12),
          second: +s.slice(12, 14),
        },
        timeZone,
      );
    const start = millis
      ? r.startTimestampMillis
      : r.startTimeString === undefined
        ? undefined
        : parse(r.startTimeString);
    const end = millis
      ? r.endTimestampMillis
      : r.endTimeString === undefined
        ? undefined
        : parse(r.endTimeString);
    if (start === undefined) problem(ctx, sKey, `is required when ${eKey} is given`);
    else if (end === undefined) problem(ctx, eKey, `is required when ${sKey} is given`);
    else if (start >= end) problem(ctx, eKey, `must be larger than ${sKey} (${start} >= ${end})`);
    else win = { startMillis: start, endMillis: end };
    if (r.date !== undefined) {
      warn(
        ctx,
        'date',
        `ignored: the window comes from ${sKey}/${eKey} (the DataWorks template says to remove "date")`,
      );
    }
    return win;
  }
  if (r.date === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(r.date.trim());
  if (!m) {
    problem(
      ctx,
      'date',
      `is DataX's one-day form and must be a real date yyyyMMdd, got ${JSON.stringify(r.date)}; ` +
        'when the scheduler drives windows, remove it',
    );
    return undefined;
  }
  const start = localToEpochMillis({ year: +m[1]!, month: +m[2]!, day: +m[3]! }, timeZone);
  const next = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + 1));
  const end = localToEpochMillis(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
    timeZone,
  );
  return { startMillis: start, endMillis: end };
}

function layout(ctx: Ctx, r: ReaderInput): JobConfig['layout'] {
  const raw = r.mode?.trim().toLowerCase();
  const mode =
    raw === undefined || raw === 'multi_version'
      ? 'multi_version'
      : raw === 'single_version_and_update_only'
        ? raw
        : undefined;
  if (!mode) problem(ctx, 'mode', `is not a supported mode, got ${JSON.stringify(r.mode)}`);
  const columns = (r.column ?? []).map((c) => (typeof c === 'string' ? c : c.name));
  if (mode === 'single_version_and_update_only') {
    if (columns.length === 0)
      problem(
        ctx,
        'column',
        'must list at least one column in single_version_and_update_only mode (an empty list would export nothing)',
      );
    const dup = columns.find((c, i) => columns.indexOf(c) !== i);
    if (dup !== undefined) problem(ctx, 'column', `names "${dup}" twice`);
  } else if (columns.length > 0) {
    warn(
      ctx,
      'column',
      'ignored in the multi-version layout (every changed column is exported), as in DataX',
    );
  }
  if (r.isTimeseriesTable) problem(ctx, 'isTimeseriesTable', 'timeseries tables are not supported');
  for (const k of IGNORED_READER) if (r[k] !== undefined) warn(ctx, k, 'has no effect here and is ignored');
  return {
    mode: mode ?? 'multi_version',
    columns: mode === 'single_version_and_update_only' ? columns : [],
    isExportSequenceInfo: r.isExportSequenceInfo ?? false,
  };
}

function encodingOf(ctx: Ctx, v: string | undefined): OutputEncoding {
  const e = (v ?? 'UTF-8')
    .trim()
    .toUpperCase()
    .replace(/^UTF-?8$/, 'UTF-8');
  if (e === 'UTF-8' || e === 'GBK' || e === 'GB18030') return e;
  problem(ctx, 'encoding', `is not supported, got ${JSON.stringify(v)}`);
  return 'UTF-8';
}

function formatOf(ctx: Ctx, v: string | undefined): FileFormat {
  const f = (v ?? 'text').trim().toLowerCase();
  if (f === 'csv' || f === 'text' || f === 'parquet') return f;
  if (f === 'txt') return 'text';
  problem(ctx, 'fileFormat', `${JSON.stringify(v)} is not supported`);
  return 'text';
}

function output(ctx: Ctx, w: WriterInput): JobConfig['output'] {
  const fileFormat = formatOf(ctx, w.fileFormat);
  const objectTemplate = w.object?.trim() || DEFAULT_OBJECT_TEMPLATE;
  const tp = templateProblem(objectTemplate);
  if (tp) problem(ctx, 'object', tp);
  const fieldDelimiter = w.fieldDelimiter ?? ',';
  if (fileFormat === 'csv' && (fieldDelimiter.length !== 1 || /["\r\n]/.test(fieldDelimiter))) {
    problem(
      ctx,
      'fieldDelimiter',
      `must be one character other than a quote or line break for csv, got ${JSON.stringify(fieldDelimiter)}`,
    );
  }
  if (
    w.compress !== undefined &&
    w.compression !== undefined &&
    w.compress.toLowerCase() !== w.compression.toLowerCase()
  ) {
    problem(
      ctx,
      'compression',
      `contradicts compress (${JSON.stringify(w.compress)} vs ${JSON.stringify(w.compression)}); give one`,
    );
  }
  const compressField = w.compression !== undefined ? 'compression' : 'compress';
  const comp = (w.compression ?? w.compress)?.trim().toLowerCase();
  let compression: 'none' | 'gzip' = 'none';
  let codec: ParquetCodec = 'snappy';
  if (fileFormat === 'parquet') {
    const pc = w.parquet?.codec?.trim().toLowerCase();
    if (pc !== undefined && comp !== undefined && pc !== comp)
      problem(ctx, 'compression', `contradicts parquet.codec ("${comp}" vs "${pc}")`);
    const c = (pc ?? comp ?? 'snappy').replace(/^uncompressed$/, 'none');
    if (c === 'snappy' || c === 'zstd' || c === 'gzip' || c === 'none') codec = c;
    else
      problem(
        pc !== undefined ? { ...ctx, at: [...ctx.at, 'parquet'] } : ctx,
        pc !== undefined ? 'codec' : compressField,
        `${JSON.stringify(c)} is not a Parquet codec here`,
      );
  } else if (comp !== undefined) {
    if (comp === 'gzip' || comp === 'none') compression = comp;
    else
      problem(ctx, compressField, `${JSON.stringify(comp)} is not supported for ${fileFormat} (only gzip)`);
  }
  const columnTypes: Record<string, ParquetColumnType> = {};
  for (const [i, c] of (w.column ?? []).entries()) {
    const t =
      DATAX_TYPES[c.type.trim().toLowerCase()] ??
      PARQUET_TYPES.find((p) => p === c.type.trim().toUpperCase());
    if (t) columnTypes[c.name] = t;
    else
      problem(
        { ...ctx, at: [...ctx.at, 'column', i] },
        'type',
        `${JSON.stringify(c.type)} is not a known column type (${[...Object.keys(DATAX_TYPES), ...PARQUET_TYPES].join(', ')})`,
      );
  }
  for (const [name, type] of Object.entries(w.parquet?.columnTypes ?? {})) {
    const t = PARQUET_TYPES.find((p) => p === type.trim().toUpperCase());
    if (t) columnTypes[name] = t;
    else
      problem(
        { ...ctx, at: [...ctx.at, 'parquet', 'columnTypes'] },
        name,
        `${JSON.stringify(type)} is not one of ${PARQUET_TYPES.join(', ')}; e.g. "columnTypes": {"amount": "DOUBLE"}`,
      );
  }
  if (fileFormat !== 'parquet' && (w.column !== undefined || w.parquet !== undefined)) {
    warn(ctx, w.column !== undefined ? 'column' : 'parquet', `ignored: only used when fileFormat is parquet`);
  }
  const byteEncoding = (w.byteEncoding ?? 'base64').trim().toLowerCase().replace('utf-8', 'utf8');
  if (byteEncoding !== 'base64' && byteEncoding !== 'utf8')
    problem(ctx, 'byteEncoding', `is not supported, got ${JSON.stringify(w.byteEncoding)}`);
  if (w.writeMode === 'append' && fileFormat === 'parquet')
    problem(ctx, 'writeMode', '"append" cannot be used with parquet (a Parquet file cannot be appended to)');
  if (w.writeSingleObject)
    problem(ctx, 'writeSingleObject', 'is not supported (objects are named per window and shard)');
  if (w.partition?.length) problem(ctx, 'partition', 'is not supported');
  if (w.csvWriterConfig !== undefined) problem(ctx, 'csvWriterConfig', 'is not supported');
  if (w.parquetSchema !== undefined) problem(ctx, 'parquetSchema', 'is not supported');
  for (const k of IGNORED_WRITER) if (w[k] !== undefined) warn(ctx, k, 'has no effect here and is ignored');
  return {
    objectTemplate,
    writeMode: w.writeMode,
    fileFormat,
    encoding: encodingOf(ctx, w.encoding),
    nullFormat: w.nullFormat ?? 'null',
    ...(w.dateFormat !== undefined ? { dateFormat: w.dateFormat } : {}),
    fieldDelimiter,
    lineDelimiter: w.lineDelimiter ?? '\n',
    header: w.header ?? false,
    compression,
    byteEncoding: byteEncoding === 'utf8' ? 'utf8' : 'base64',
    maxFileSizeBytes: Math.round((w.maxFileSize ?? 100_000) * 1024 * 1024),
    parquet: { codec, columnTypes, rowGroupRows: w.parquet?.rowGroupRows ?? 20_000 },
  };
}

export interface Sections {
  job: JobInput | undefined;
  reader: ReaderInput;
  writer: WriterInput;
  setting: SettingInput | undefined;
  /** Path prefixes for messages, e.g. `configuration.reader.parameter`. */
  at: { job: string[]; reader: string[]; writer: string[]; setting: string[] };
}

export function normalize(
  form: JobConfig['form'],
  s: Sections,
  opts: ParseOptions,
): { config: JobConfig; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const ctx = (at: string[]): Ctx => ({ problems, warnings, at });

  const jc = ctx(s.at.job);
  const timeZone = s.job?.timeZone?.trim() ?? 'UTC';
  if (!isTimeZone(timeZone))
    problem(jc, 'timeZone', `is not an IANA time zone, got ${JSON.stringify(timeZone)}`);
  const tz = isTimeZone(timeZone) ? timeZone : 'UTC';
  const interval = s.job?.intervalMinutes ?? 5;
  if (!INTERVALS.includes(interval)) problem(jc, 'intervalMinutes', `must divide one hour, got ${interval}`);
  const lagMillis = (s.job?.lagSeconds ?? 60) * 1000;

  const rc = ctx(s.at.reader);
  const r = s.reader;
  const rds = dataSource(rc, r.datasource, opts);
  const tsEndpoint = endpoint(rc, r.endpoint ?? rds?.endpoint);
  const instanceName = (r.instanceName ?? rds?.instanceName)?.trim() ?? '';
  if (!instanceName) problem(rc, 'instanceName', 'is required (or a datasource that defines it)');
  const tsCreds = credentials(rc, r.accessId ?? rds?.accessId, r.accessKey ?? rds?.accessKey);
  const oneOff = oneOffWindow(rc, r, tz);
  if (oneOff && opts.now !== undefined && oneOff.endMillis > opts.now - lagMillis) {
    problem(
      rc,
      r.endTimeString !== undefined ? 'endTimeString' : 'endTimestampMillis',
      `must be at most now − lag (${opts.now - lagMillis}), got ${oneOff.endMillis}; stream records become visible with a delay`,
    );
  }
  const rowLayout = layout(rc, r);

  const wc = ctx(s.at.writer);
  const w = s.writer;
  const wds = dataSource(wc, w.datasource, opts);
  const ossEndpoint = endpoint(wc, w.endpoint ?? wds?.endpoint);
  const bucket = (w.bucket ?? wds?.bucket)?.trim() ?? '';
  if (!bucket) problem(wc, 'bucket', 'is required (or a datasource that defines it)');
  const ossCreds = credentials(wc, w.accessId ?? wds?.accessId, w.accessKey ?? wds?.accessKey);
  const out = output(wc, w);

  const sc = ctx([...s.at.setting, 'speed']);
  const speed = s.setting?.speed;
  if (speed?.concurrent !== undefined && speed.channel !== undefined && speed.concurrent !== speed.channel) {
    problem(sc, 'channel', `contradicts concurrent (${speed.channel} vs ${speed.concurrent}); give one`);
  }
  if (speed?.throttle === false && speed.mbps !== undefined)
    warn(sc, 'mbps', 'ignored because throttle is false');
  const mbps = speed?.throttle === false ? undefined : speed?.mbps;
  for (const k of ['jvmOption', 'executeMode', 'failoverEnable'] as const) {
    if (s.setting?.[k] !== undefined) warn(ctx(s.at.setting), k, 'has no effect here and is ignored');
  }

  const name = s.job?.name ?? r.dataTable.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
  const config: JobConfig = {
    name,
    form,
    tablestore: {
      endpoint: tsEndpoint,
      instanceName,
      ...(tsCreds ? { credentials: tsCreds } : {}),
      dataTable: r.dataTable,
      statusTable: r.statusTable?.trim() || DEFAULT_STATUS_TABLE,
      maxRetries: r.maxRetries ?? 30,
    },
    oss: { endpoint: ossEndpoint, bucket, ...(ossCreds ? { credentials: ossCreds } : {}) },
    layout: rowLayout,
    output: out,
    schedule: {
      intervalMillis: interval * 60_000,
      lagMillis,
      timeZone: tz,
      maxWindowsPerRun: s.job?.maxWindowsPerRun ?? 12,
      ...(oneOff ? { oneOff } : {}),
    },
    errorLimit: {
      ...(s.setting?.errorLimit?.record !== undefined ? { record: s.setting.errorLimit.record } : {}),
      ...(s.setting?.errorLimit?.percentage !== undefined
        ? { percentage: s.setting.errorLimit.percentage }
        : {}),
    },
    speed: { ...(mbps !== undefined ? { mbps } : {}), concurrent: speed?.concurrent ?? speed?.channel ?? 4 },
  };
  return { config, problems, warnings };
}
