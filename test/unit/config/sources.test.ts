import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  parseEnvConfig,
  parseJobConfig,
  parseTriggerPayload,
  readConfigFile,
} from '../../../shared/config/index.js';
import { exampleScript, nativeBase } from './helpers.js';

test('a native config gets the documented defaults', () => {
  const doc = nativeBase();
  delete doc.job;
  delete doc.setting;
  doc.reader.mode = undefined;
  const { config, warnings } = parseJobConfig(JSON.stringify(doc));
  assert.equal(config.form, 'native');
  assert.equal(config.name, 'orders');
  assert.equal(config.schedule.intervalMillis, 300_000);
  assert.equal(config.schedule.lagMillis, 60_000);
  assert.equal(config.schedule.timeZone, 'UTC');
  assert.equal(config.schedule.oneOff, undefined);
  assert.equal(config.layout.mode, 'multi_version');
  assert.deepEqual(config.layout.columns, []);
  assert.deepEqual(warnings, [
    'reader.column: ignored in the multi-version layout (every changed column is exported), as in DataX',
  ]);
  assert.equal(config.output.byteEncoding, 'base64');
  assert.equal(config.output.nullFormat, 'null');
  assert.deepEqual(config.errorLimit, {});
  assert.deepEqual(config.speed, { concurrent: 4 });
});

test('parquet options: codec, DataX column types and our column types', () => {
  const doc = nativeBase();
  Object.assign(doc.writer, {
    fileFormat: 'parquet',
    compress: 'ZSTD',
    column: [
      { name: 'uid', type: 'bigint' },
      { name: 'name', type: 'string' },
    ],
    parquet: { columnTypes: { score: 'double' }, rowGroupRows: 20000 },
  });
  const { config } = parseJobConfig(JSON.stringify(doc));
  assert.deepEqual(config.output.parquet, {
    codec: 'zstd',
    columnTypes: { uid: 'INT64', name: 'UTF8', score: 'DOUBLE' },
    rowGroupRows: 20000,
  });
});

test('ignored DataX fields are accepted with a warning each', () => {
  const doc = nativeBase();
  Object.assign(doc.reader, { enableSeekIterator: true, threadNum: 16 });
  Object.assign(doc.writer, { suffix: 'csv', blockSizeInMB: 10 });
  doc.setting.jvmOption = '-Xms1024m';
  const { warnings } = parseJobConfig(JSON.stringify(doc));
  assert.deepEqual(warnings.map((w) => w.split(':')[0]).sort(), [
    'reader.enableSeekIterator',
    'reader.threadNum',
    'setting.jvmOption',
    'writer.blockSizeInMB',
    'writer.suffix',
  ]);
});

test('a timer trigger payload string holding the config and variables', () => {
  const payload = JSON.stringify({
    config: exampleScript(),
    variables: { start_time: 1700000000000, end_time: '1700000300000' },
  });
  const { config } = parseTriggerPayload(
    JSON.stringify({ triggerTime: '2026-11-25T10:00:00Z', triggerName: 't', payload }),
  );
  assert.deepEqual(config.schedule.oneOff, { startMillis: 1700000000000, endMillis: 1700000300000 });
});

test('a trigger payload may be the pasted script itself, comments included', () => {
  const { config } = parseTriggerPayload(
    JSON.stringify({ payload: exampleScript({ start: '10', end: '20' }) }),
  );
  assert.equal(config.tablestore.dataTable, 'orders');
});

test('a trigger payload that is not JSON is rejected with an example', () => {
  assert.throws(
    () => parseTriggerPayload('not json'),
    (e: unknown) => e instanceof ConfigError && /trigger event is not JSON/.test(e.message),
  );
});

test('the config from an environment variable', () => {
  const { config } = parseEnvConfig({ OTS2OSS_CONFIG: JSON.stringify(nativeBase()) });
  assert.equal(config.name, 'orders-to-oss');
  assert.throws(() => parseEnvConfig({}), /OTS2OSS_CONFIG: environment variable is not set/);
});

test('the config from a file, and a missing file named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cfg-'));
  try {
    const file = join(dir, 'job.jsonc');
    await writeFile(file, exampleScript());
    const { config } = await readConfigFile(file, { variables: { start_time: '1', end_time: '2' } });
    assert.equal(config.form, 'datax');
    await assert.rejects(
      readConfigFile(join(dir, 'nope.json')),
      /--config .*nope\.json: cannot read the file/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
