import { readFileSync } from 'node:fs';

/** A complete native config as an object, to be mutated per test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate arbitrary JSON
export function nativeBase(): Record<string, any> {
  return {
    job: { name: 'orders-to-oss', intervalMinutes: 5, lagSeconds: 60, timeZone: 'Asia/Shanghai' },
    reader: {
      endpoint: 'http://127.0.0.1:8001',
      accessId: 'id',
      accessKey: 'secret-key-value',
      instanceName: 'inst',
      dataTable: 'orders',
      statusTable: 'status',
      mode: 'single_version_and_update_only',
      column: [{ name: 'uid' }, { name: 'name' }],
    },
    writer: {
      endpoint: 'http://127.0.0.1:8002',
      accessId: 'id',
      accessKey: 'secret-key-value',
      bucket: 'bkt',
      object: 'inst/orders/{yyyy}{MM}{dd}/{HH}{mm}',
      writeMode: 'truncate',
      fileFormat: 'csv',
    },
    setting: { errorLimit: { record: 0 }, speed: { concurrent: 2 } },
  };
}

/** The Alibaba docs example script exactly (fixtures/ holds a verbatim copy, named .txt so prettier leaves its `#` comments alone), with endpoints, keys, table and times filled in as a user would. */
export function exampleScript(times = { start: '${start_time}', end: '${end_time}' }): string {
  return readFileSync(new URL('./fixtures/dataworks-incremental-script.jsonc.txt', import.meta.url), 'utf8')
    .replace(
      '"datasource": "", # Tablestore',
      '"endpoint": "http://127.0.0.1:8001", "accessId": "id", "accessKey": "k", "instanceName": "inst",\n "datasource": "", # Tablestore',
    )
    .replace('"dataTable": ""', '"dataTable": "orders"')
    .replace('"startTimestampMillis": ""', `"startTimestampMillis": "${times.start}"`)
    .replace('"endTimestampMillis": ""', `"endTimestampMillis": "${times.end}"`)
    .replace(
      '"datasource": "", # OSS',
      '"endpoint": "http://127.0.0.1:8002", "bucket": "bkt",\n "datasource": "", # OSS',
    );
}
