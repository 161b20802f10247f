import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseJobConfig } from '../../../shared/config/index.js';
import { exampleScript } from './helpers.js';

const variables = { start_time: '1700000000000', end_time: '1700000300000' };

test('the Alibaba example script, comments and all, validates once endpoints, keys, table and times are filled in', () => {
  const { config, warnings } = parseJobConfig(exampleScript(), { variables });
  assert.equal(config.form, 'datax');
  assert.equal(config.tablestore.dataTable, 'orders');
  assert.equal(config.tablestore.statusTable, 'TablestoreStreamReaderStatusTable');
  assert.deepEqual(config.layout, {
    mode: 'single_version_and_update_only',
    columns: ['uid', 'name'],
    isExportSequenceInfo: false,
  });
  assert.deepEqual(config.schedule.oneOff, { startMillis: 1700000000000, endMillis: 1700000300000 });
  assert.equal(config.output.fileFormat, 'csv');
  assert.equal(config.output.writeMode, 'truncate');
  assert.equal(config.output.nullFormat, 'null');
  assert.equal(config.output.fieldDelimiter, ',');
  assert.deepEqual(config.errorLimit, { record: 0 });
  assert.deepEqual(config.speed, { mbps: 1, concurrent: 1 });
  // "object": "" in the template means the default naming
  assert.equal(config.output.objectTemplate, '{instance}/{table}/{yyyy}{MM}{dd}/{HH}{mm}');
  // the template's "date" line is kept as pasted: a warning, not an error
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]!,
    /configuration\.reader\.parameter\.date: ignored: the window comes from startTimestampMillis\/endTimestampMillis/,
  );
});

test('explicit numbers instead of placeholders make the same one-off window', () => {
  const { config } = parseJobConfig(exampleScript({ start: '1700000000000', end: '1700000300000' }));
  assert.deepEqual(config.schedule.oneOff, { startMillis: 1700000000000, endMillis: 1700000300000 });
});

test('placeholders inside comments are not required, placeholders in values are', () => {
  // the template's comments mention ${start_time}; with numbers in the values no variable is needed
  assert.doesNotThrow(() => parseJobConfig(exampleScript({ start: '1', end: '2' })));
  assert.throws(
    () => parseJobConfig(exampleScript()),
    (e: unknown) =>
      e instanceof ConfigError &&
      /configuration\.reader\.parameter\.startTimestampMillis: placeholder \$\{start_time\} has no value/.test(
        e.message,
      ),
  );
});

test('the template with empty times is a scheduled job, but its unfilled "date" line is rejected with a clear message', () => {
  assert.throws(
    () => parseJobConfig(exampleScript({ start: '', end: '' })),
    /configuration\.reader\.parameter\.date: is DataX's one-day form and must be a real date yyyyMMdd, got "yyyyMMdd"; when the scheduler drives windows, remove it/,
  );
  const withoutDate = exampleScript({ start: '', end: '' }).replace(/^\s*"date".*$/m, '');
  const { config } = parseJobConfig(withoutDate);
  assert.equal(config.schedule.oneOff, undefined);
});

test('"date" alone is DataX\'s one-day window, midnight to midnight in the job time zone', () => {
  const text = exampleScript({ start: '', end: '' })
    .replace('"yyyyMMdd"', '"20261125"')
    .replace('"setting": {', '"job": {"timeZone": "Asia/Shanghai"}, "setting": {');
  const { config } = parseJobConfig(text);
  assert.deepEqual(config.schedule.oneOff, {
    startMillis: Date.UTC(2026, 10, 24, 16),
    endMillis: Date.UTC(2026, 10, 25, 16),
  });
});

test("a DataWorks data source name resolves through the deployment's data sources", () => {
  const text = exampleScript()
    .replace(
      '"endpoint": "http://127.0.0.1:8001", "accessId": "id", "accessKey": "k", "instanceName": "inst",',
      '',
    )
    .replace('"datasource": "", # Tablestore', '"datasource": "ots_prod", # Tablestore')
    .replace('"endpoint": "http://127.0.0.1:8002", "bucket": "bkt",', '')
    .replace('"datasource": "", # OSS', '"datasource": "oss_prod", # OSS');
  const datasources = {
    ots_prod: { endpoint: 'http://127.0.0.1:8001', instanceName: 'inst' },
    oss_prod: { endpoint: 'http://127.0.0.1:8002', bucket: 'from-ds', accessId: 'a', accessKey: 'b' },
  };
  const { config } = parseJobConfig(text, { variables, datasources });
  assert.equal(config.tablestore.instanceName, 'inst');
  assert.equal(config.tablestore.credentials, undefined);
  assert.equal(config.oss.bucket, 'from-ds');
  assert.deepEqual(config.oss.credentials, { accessId: 'a', accessKey: 'b' });
  assert.throws(
    () => parseJobConfig(text, { variables }),
    /configuration\.reader\.parameter\.datasource: data source "ots_prod" is not defined here/,
  );
});

test('DataWorks 2.0 scripts with steps are accepted', () => {
  const doc = {
    type: 'job',
    version: '2.0',
    steps: [
      {
        stepType: 'otsstream',
        category: 'reader',
        name: 'Reader',
        parameter: { endpoint: 'http://e', instanceName: 'i', dataTable: 't', statusTable: 's' },
      },
      {
        stepType: 'oss',
        category: 'writer',
        name: 'Writer',
        parameter: { endpoint: 'http://o', bucket: 'b', writeMode: 'nonConflict', fileFormat: 'text' },
      },
    ],
    setting: { speed: { throttle: false, concurrent: 3 } },
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
  };
  const { config } = parseJobConfig(JSON.stringify(doc));
  assert.equal(config.output.writeMode, 'nonConflict');
  assert.equal(config.layout.mode, 'multi_version');
  assert.deepEqual(config.speed, { concurrent: 3 });
});

test('a 1.0 script carrying DataWorks\' "order" block is accepted', () => {
  const text = exampleScript().replace(
    '"type": "job",',
    '"type": "job", "order": {"hops": [{"from": "Reader", "to": "Writer"}]},',
  );
  assert.equal(parseJobConfig(text, { variables }).config.form, 'datax');
});

test('the config is deeply frozen', () => {
  const { config } = parseJobConfig(exampleScript(), { variables });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.layout.columns));
  assert.ok(Object.isFrozen(config.schedule.oneOff));
});

test('with now given, a one-off window must end by now − lag', () => {
  assert.throws(
    () => parseJobConfig(exampleScript(), { variables, now: 1700000330000 }),
    /endTimestampMillis: must be at most now − lag \(1700000270000\), got 1700000300000/,
  );
  assert.doesNotThrow(() => parseJobConfig(exampleScript(), { variables, now: 1700000360000 }));
});

test('a broken script names the line of the syntax error', () => {
  assert.throws(
    () => parseJobConfig('{\n"type": "job",\n"configuration": {,,}\n}'),
    /not valid JSON.*line 3/,
  );
});
