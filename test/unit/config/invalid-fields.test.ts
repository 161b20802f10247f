/**
 * Acceptance 6: one test per invalid field, each showing the message a user gets: the field's
 * path, what was wrong and an accepted example.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseJobConfig } from '../../../shared/config/index.js';
import { exampleScript, nativeBase } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate arbitrary JSON
type Doc = Record<string, any>;

function messageFor(mutate: (d: Doc) => void): string {
  const doc = nativeBase();
  mutate(doc);
  try {
    parseJobConfig(JSON.stringify(doc));
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.code, 'CONFIG_INVALID');
    return e.message;
  }
  assert.fail('config was accepted');
}

const cases: Array<[string, (d: Doc) => void, RegExp]> = [
  [
    'job.name',
    (d) => (d.job.name = 'has spaces'),
    /job\.name: has the wrong format, got "has spaces"; e\.g\. "name": "orders-to-oss"/,
  ],
  [
    'job.intervalMinutes',
    (d) => (d.job.intervalMinutes = 7),
    /job\.intervalMinutes: must divide one hour, got 7; e\.g\. "intervalMinutes": 5 \(one of 1, 2, 3/,
  ],
  [
    'job.intervalMinutes above 60',
    (d) => (d.job.intervalMinutes = '90'),
    /job\.intervalMinutes: must be at most 60, got 90; e\.g\./,
  ],
  [
    'job.lagSeconds',
    (d) => (d.job.lagSeconds = -5),
    /job\.lagSeconds: must be at least 0, got -5; e\.g\. "lagSeconds": 60/,
  ],
  [
    'job.timeZone',
    (d) => (d.job.timeZone = 'China/Beijing'),
    /job\.timeZone: is not an IANA time zone, got "China\/Beijing"; e\.g\. "timeZone": "Asia\/Shanghai"/,
  ],
  [
    'job.maxWindowsPerRun',
    (d) => (d.job.maxWindowsPerRun = 0),
    /job\.maxWindowsPerRun: must be at least 1, got 0; e\.g\. "maxWindowsPerRun": 12/,
  ],
  [
    'job unknown field',
    (d) => (d.job.cron = '* * *'),
    /job\.cron: unknown field; accepted fields here: name, intervalMinutes, lagSeconds, timeZone, maxWindowsPerRun/,
  ],
  [
    'reader.endpoint missing',
    (d) => delete d.reader.endpoint,
    /reader\.endpoint: is required \(or a datasource that defines it\); e\.g\. "endpoint": "https:\/\//,
  ],
  [
    'reader.endpoint not a URL',
    (d) => (d.reader.endpoint = 'inst.ots.aliyuncs.com'),
    /reader\.endpoint: must be an http\(s\) URL, got "inst\.ots\.aliyuncs\.com"; e\.g\./,
  ],
  [
    'reader.accessId without accessKey',
    (d) => delete d.reader.accessKey,
    /reader\.accessKey: is required when the other credential is given; e\.g\. "accessKey": "<secret>"/,
  ],
  [
    'reader.accessKey wrong type (value not echoed)',
    (d) => (d.reader.accessKey = 12345678),
    /reader\.accessKey: must be a string; e\.g\./,
  ],
  [
    'reader.instanceName',
    (d) => (d.reader.instanceName = ''),
    /reader\.instanceName: is required \(or a datasource that defines it\); e\.g\. "instanceName": "my-instance"/,
  ],
  [
    'reader.dataTable',
    (d) => delete d.reader.dataTable,
    /reader\.dataTable: is required; e\.g\. "dataTable": "orders"/,
  ],
  [
    'reader.statusTable',
    (d) => (d.reader.statusTable = 7),
    /reader\.statusTable: must be a string, got 7; e\.g\. "statusTable": "TablestoreStreamReaderStatusTable"/,
  ],
  [
    'reader.datasource',
    (d) => (d.reader.datasource = 'ots_prod'),
    /reader\.datasource: data source "ots_prod" is not defined here \(defined: none\); e\.g\./,
  ],
  [
    'reader.startTimestampMillis',
    (d) => (d.reader.startTimestampMillis = 'yesterday'),
    /reader\.startTimestampMillis: must be a number, got "yesterday"; e\.g\. "startTimestampMillis": "\$\{start_time\}"/,
  ],
  [
    'reader.endTimestampMillis before start',
    (d) => Object.assign(d.reader, { startTimestampMillis: 2000, endTimestampMillis: 1000 }),
    /reader\.endTimestampMillis: must be larger than startTimestampMillis \(2000 >= 1000\); e\.g\./,
  ],
  [
    'reader.endTimestampMillis missing',
    (d) => (d.reader.startTimestampMillis = 2000),
    /reader\.endTimestampMillis: is required when startTimestampMillis is given/,
  ],
  [
    'reader.startTimeString',
    (d) => Object.assign(d.reader, { startTimeString: '2026-11-25', endTimeString: '20261125100000' }),
    /reader\.startTimeString: has the wrong format, got "2026-11-25"; e\.g\. "startTimeString": "20261125100000" \(yyyyMMddHHmmss\)/,
  ],
  [
    'reader time forms mixed',
    (d) => Object.assign(d.reader, { startTimestampMillis: 1, endTimeString: '20261125100000' }),
    /reader\.startTimeString: cannot be mixed with startTimestampMillis\/endTimestampMillis/,
  ],
  [
    'reader.date',
    (d) => (d.reader.date = '2026-11-25'),
    /reader\.date: is DataX's one-day form and must be a real date yyyyMMdd, got "2026-11-25"; when the scheduler drives windows, remove it; e\.g\. remove "date"/,
  ],
  [
    'reader.mode',
    (d) => (d.reader.mode = 'single_version'),
    /reader\.mode: is not a supported mode, got "single_version"; e\.g\. "mode": "single_version_and_update_only"/,
  ],
  [
    'reader.column empty in row mode',
    (d) => (d.reader.column = []),
    /reader\.column: must list at least one column in single_version_and_update_only mode \(an empty list would export nothing\); e\.g\. "column": \[\{"name": "uid"\}/,
  ],
  ['reader.column duplicate', (d) => (d.reader.column = ['uid', 'uid']), /reader\.column: names "uid" twice/],
  [
    'reader.column item shape',
    (d) => (d.reader.column = [{ nom: 'uid' }]),
    /reader\.column\[0\]: has the wrong shape, got \{"nom":"uid"\}; e\.g\. "column"/,
  ],
  [
    'reader.isExportSequenceInfo',
    (d) => (d.reader.isExportSequenceInfo = 'maybe'),
    /reader\.isExportSequenceInfo: must be a boolean, got "maybe"; e\.g\. "isExportSequenceInfo": false/,
  ],
  [
    'reader.maxRetries',
    (d) => (d.reader.maxRetries = -1),
    /reader\.maxRetries: must be at least 0, got -1; e\.g\. "maxRetries": 30/,
  ],
  [
    'reader.isTimeseriesTable',
    (d) => (d.reader.isTimeseriesTable = 'true'),
    /reader\.isTimeseriesTable: timeseries tables are not supported/,
  ],
  [
    'reader unknown field',
    (d) => (d.reader.tableName = 'x'),
    /reader\.tableName: unknown field; accepted fields here: datasource, endpoint, accessId, accessKey, instanceName, dataTable/,
  ],
  [
    'writer.endpoint',
    (d) => (d.writer.endpoint = 'ftp://x'),
    /writer\.endpoint: must be an http\(s\) URL, got "ftp:\/\/x"/,
  ],
  [
    'writer.bucket',
    (d) => delete d.writer.bucket,
    /writer\.bucket: is required \(or a datasource that defines it\); e\.g\. "bucket": "my-bucket"/,
  ],
  [
    'writer.datasource',
    (d) => (d.writer.datasource = 'oss_prod'),
    /writer\.datasource: data source "oss_prod" is not defined here/,
  ],
  [
    'writer.object leading slash',
    (d) => (d.writer.object = '/data/{date}'),
    /writer\.object: must not start with "\/" \(OSS object names have no leading slash\); e\.g\. "object": "instance\/table\/\{yyyy\}/,
  ],
  [
    'writer.object unknown token',
    (d) => (d.writer.object = 'data/{hour}'),
    /writer\.object: has unknown token \{hour\}; accepted tokens: \{instance\} \{table\}/,
  ],
  [
    'writer.writeMode',
    (d) => (d.writer.writeMode = 'overwrite'),
    /writer\.writeMode: must be "truncate" or "append" or "nonConflict", got "overwrite"; e\.g\. "writeMode": "truncate"/,
  ],
  [
    'writer.writeMode missing',
    (d) => delete d.writer.writeMode,
    /writer\.writeMode: is required; e\.g\. "writeMode": "truncate"/,
  ],
  [
    'writer.writeMode append with parquet',
    (d) => Object.assign(d.writer, { writeMode: 'append', fileFormat: 'parquet' }),
    /writer\.writeMode: "append" cannot be used with parquet/,
  ],
  [
    'writer.fileFormat',
    (d) => (d.writer.fileFormat = 'orc'),
    /writer\.fileFormat: "orc" is not supported; e\.g\. "fileFormat": "csv" \(or "text", "parquet"\)/,
  ],
  [
    'writer.encoding',
    (d) => (d.writer.encoding = 'latin1'),
    /writer\.encoding: is not supported, got "latin1"; e\.g\. "encoding": "UTF-8" \(or "GBK", "GB18030"\)/,
  ],
  [
    'writer.nullFormat',
    (d) => (d.writer.nullFormat = 0),
    /writer\.nullFormat: must be a string, got 0; e\.g\. "nullFormat": "null"/,
  ],
  [
    'writer.fieldDelimiter for csv',
    (d) => (d.writer.fieldDelimiter = '||'),
    /writer\.fieldDelimiter: must be one character other than a quote or line break for csv, got "\|\|"; e\.g\. "fieldDelimiter": ","/,
  ],
  [
    'writer.fieldDelimiter empty',
    (d) => (d.writer.fieldDelimiter = ''),
    /writer\.fieldDelimiter: must not be empty, got ""; e\.g\./,
  ],
  [
    'writer.lineDelimiter',
    (d) => (d.writer.lineDelimiter = ';'),
    /writer\.lineDelimiter: must be "\\n" or "\\r\\n", got ";"; e\.g\./,
  ],
  [
    'writer.header',
    (d) => (d.writer.header = 3),
    /writer\.header: has the wrong shape, got 3; e\.g\. "header": \["uid", "name"\] or "header": true/,
  ],
  [
    'writer.compress for csv',
    (d) => (d.writer.compress = 'bzip2'),
    /writer\.compress: "bzip2" is not supported for csv \(only gzip\); e\.g\. "compress": "gzip" for csv\/text/,
  ],
  [
    'writer.compression for parquet',
    (d) => Object.assign(d.writer, { fileFormat: 'parquet', compression: 'lz4' }),
    /writer\.compression: "lz4" is not a Parquet codec here; e\.g\./,
  ],
  [
    'writer.compress and compression disagree',
    (d) => Object.assign(d.writer, { compress: 'gzip', compression: 'none' }),
    /writer\.compression: contradicts compress/,
  ],
  [
    'writer.parquet.codec',
    (d) => Object.assign(d.writer, { fileFormat: 'parquet', parquet: { codec: 'brotli' } }),
    /writer\.parquet\.codec: "brotli" is not a Parquet codec here; e\.g\. "codec": "snappy"/,
  ],
  [
    'writer.parquet.columnTypes',
    (d) =>
      Object.assign(d.writer, { fileFormat: 'parquet', parquet: { columnTypes: { amount: 'DECIMAL' } } }),
    /writer\.parquet\.columnTypes\.amount: "DECIMAL" is not one of INT64, DOUBLE/,
  ],
  [
    'writer.parquet.rowGroupRows',
    (d) => Object.assign(d.writer, { fileFormat: 'parquet', parquet: { rowGroupRows: 10 } }),
    /writer\.parquet\.rowGroupRows: must be at least 1000, got 10; e\.g\. "rowGroupRows": 100000/,
  ],
  [
    'writer.column type',
    (d) => Object.assign(d.writer, { fileFormat: 'parquet', column: [{ name: 'a', type: 'decimal(10,2)' }] }),
    /writer\.column\[0\]\.type: "decimal\(10,2\)" is not a known column type .*; e\.g\. "column": \[\{"name": "amount", "type": "double"\}\]/,
  ],
  [
    'writer.byteEncoding',
    (d) => (d.writer.byteEncoding = 'hex'),
    /writer\.byteEncoding: is not supported, got "hex"; e\.g\. "byteEncoding": "base64" \(or "utf8"\)/,
  ],
  [
    'writer.maxFileSize',
    (d) => (d.writer.maxFileSize = '0'),
    /writer\.maxFileSize: must be at least 1, got 0; e\.g\. "maxFileSize": 1024 \(MB\)/,
  ],
  [
    'writer.writeSingleObject',
    (d) => (d.writer.writeSingleObject = true),
    /writer\.writeSingleObject: is not supported \(objects are named per window and shard\); e\.g\. remove "writeSingleObject"/,
  ],
  [
    'writer.partition',
    (d) => (d.writer.partition = ['region']),
    /writer\.partition: is not supported; e\.g\. remove "partition" \(use the object template tokens instead\)/,
  ],
  [
    'writer.csvWriterConfig',
    (d) => (d.writer.csvWriterConfig = { quote: "'" }),
    /writer\.csvWriterConfig: is not supported; e\.g\. remove "csvWriterConfig"/,
  ],
  [
    'writer.parquetSchema',
    (d) => (d.writer.parquetSchema = 'message m {}'),
    /writer\.parquetSchema: is not supported; e\.g\. remove "parquetSchema" and give "parquet": \{"columnTypes"/,
  ],
  [
    'writer unknown field',
    (d) => (d.writer.prefix = 'x'),
    /writer\.prefix: unknown field; accepted fields here: datasource, endpoint, accessId, accessKey, bucket, object, writeMode/,
  ],
  [
    'setting.errorLimit.record',
    (d) => (d.setting.errorLimit.record = '-1'),
    /setting\.errorLimit\.record: must be at least 0, got -1; e\.g\. "record": "0"/,
  ],
  [
    'setting.errorLimit.percentage',
    (d) => (d.setting.errorLimit.percentage = 2),
    /setting\.errorLimit\.percentage: must be at most 1, got 2; e\.g\. "percentage": 0\.02/,
  ],
  [
    'setting.speed.mbps',
    (d) => (d.setting.speed.mbps = 'fast'),
    /setting\.speed\.mbps: must be a number, got "fast"; e\.g\. "mbps": "1"/,
  ],
  [
    'setting.speed.concurrent',
    (d) => (d.setting.speed.concurrent = '0'),
    /setting\.speed\.concurrent: must be at least 1, got 0; e\.g\. "concurrent": "1"/,
  ],
  [
    'setting.speed.channel contradicts concurrent',
    (d) => (d.setting.speed.channel = 5),
    /setting\.speed\.channel: contradicts concurrent \(5 vs 2\); give one/,
  ],
  [
    'setting unknown field',
    (d) => (d.setting.retry = 3),
    /setting\.retry: unknown field; accepted fields here: errorLimit, speed, jvmOption, executeMode, failoverEnable/,
  ],
  [
    'top-level unknown field',
    (d) => (d.readers = {}),
    /readers: unknown field; accepted fields here: job, reader, writer, setting/,
  ],
];

for (const [field, mutate, expected] of cases) {
  test(`invalid ${field} is reported with its path, the problem and an example`, () => {
    const message = messageFor(mutate);
    assert.match(message, expected);
    const line = message.split('\n').find((l) => expected.test(l)) ?? '';
    assert.match(line, /; e\.g\. |accepted fields here: |e\.g\. "columnTypes"/, `no example in: ${line}`);
  });
}

test('credential values never appear in messages', () => {
  const msg = messageFor((d) => {
    d.reader.accessKey = 98765432;
    d.reader.accessId = ['AKIDVALUE'];
  });
  assert.doesNotMatch(msg, /98765432|AKIDVALUE/);
});

test('every problem is reported at once, one per line', () => {
  const msg = messageFor((d) => {
    d.writer.writeMode = 'x';
    d.reader.maxRetries = -3;
    d.unknown = 1;
  });
  assert.equal(msg.split('\n').filter((l) => l.startsWith('  - ')).length, 3);
});

test('a DataX script with the wrong plugin names the plugin field', () => {
  const text = exampleScript({ start: '1', end: '2' }).replace('"plugin": "oss"', '"plugin": "hdfswriter"');
  assert.throws(
    () => parseJobConfig(text),
    /configuration\.writer\.plugin: must be "oss", got "hdfswriter"; e\.g\. "plugin": "otsstream" for the reader, "plugin": "oss" for the writer/,
  );
});

test('a DataX script with an unknown parameter names it and the accepted fields', () => {
  const text = exampleScript({ start: '1', end: '2' }).replace(
    '"maxRetries": 30',
    '"maxRetries": 30, "tableName": "x"',
  );
  assert.throws(
    () => parseJobConfig(text),
    /configuration\.reader\.parameter\.tableName: unknown field; accepted fields here: datasource, endpoint/,
  );
});
