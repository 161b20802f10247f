/**
 * `ots2oss validate` and the CLI's error surface, through the real CLI process: the config module
 * decides what is wrong (tested there field by field); here, that its messages reach stderr with
 * exit code 2, secrets never reach stdout, `--online` checks each service, and an unreachable
 * service is exit code 4.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { FIXTURE, cli, createTable, scriptVars, startEnv, writeConfig, type Env } from './helpers.js';

let env: Env;
let closedPort: number;
const START = 1_700_000_000_000;

function nativeConfig(overrides: { reader?: object; writer?: object; job?: object } = {}) {
  const t = env.stack.info.tablestore!;
  const o = env.stack.info.oss!;
  return {
    job: { name: 'cli-validate', intervalMinutes: 5, lagSeconds: 60, ...overrides.job },
    reader: {
      endpoint: t.endpoint,
      accessId: t.accessKeyId,
      accessKey: t.accessKeySecret,
      instanceName: t.instance,
      dataTable: 'orders',
      ...overrides.reader,
    },
    writer: {
      endpoint: o.endpoint,
      accessId: o.accessKeyId,
      accessKey: o.accessKeySecret,
      bucket: 'datax-export',
      writeMode: 'truncate',
      fileFormat: 'csv',
      ...overrides.writer,
    },
  };
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

before(async () => {
  env = await startEnv();
  await createTable(env);
  closedPort = await freePort();
});

after(async () => {
  await env?.close();
});

test('validate prints the DataX script normalised with secrets masked, exit 0', async () => {
  const r = await cli(['validate', '--config', FIXTURE, ...scriptVars(env, START, START + 300_000)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /config ok\n$/);
  const printed = JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf('config ok')));
  assert.equal(printed.form, 'datax');
  assert.deepEqual(printed.schedule.oneOff, { startMillis: START, endMillis: START + 300_000 });
  assert.deepEqual(printed.tablestore.credentials, { accessId: 'lo****id', accessKey: '********' });
  assert.deepEqual(printed.oss.credentials, { accessId: 'lo****id', accessKey: '********' });
  assert.doesNotMatch(r.stdout, /local-access-key-secret/);
  assert.match(r.stderr, /warning: configuration\.reader\.parameter\.date: ignored/);
});

test('placeholders come from OTS2OSS_VAR_ variables too; an unfilled one is exit 2 naming it', async () => {
  const vars = scriptVars(env, START, START + 300_000).filter(
    (a) => !a.startsWith('start_time') && !a.startsWith('end_time'),
  );
  const fromEnv = await cli(['validate', '--config', FIXTURE, ...vars.slice(0, 4)], {
    OTS2OSS_VAR_start_time: String(START),
    OTS2OSS_VAR_end_time: String(START + 300_000),
  });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  const missing = await cli(['validate', '--config', FIXTURE, ...vars.slice(0, 4)]);
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /configuration\.reader\.parameter\.startTimestampMillis: placeholder \$\{start_time\} has no value/,
  );
  assert.equal(missing.stdout, '');
});

test('a config with several bad fields: exit 2, every problem on stderr with its path and an example', async () => {
  const path = await writeConfig(
    env,
    'bad.json',
    nativeConfig({
      job: { intervalMinutes: '90', maxWindowsPerRun: 0, cron: '* * *' },
      writer: { writeMode: 'overwrite' },
    }),
  );
  const r = await cli(['validate', '--config', path]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error: invalid config \(\d+ problems\)/);
  assert.match(r.stderr, /job\.intervalMinutes: must be at most 60, got 90; e\.g\./);
  assert.match(r.stderr, /job\.maxWindowsPerRun: must be at least 1, got 0; e\.g\. "maxWindowsPerRun": 12/);
  assert.match(r.stderr, /job\.cron: unknown field; accepted fields here: name, intervalMinutes/);
  assert.match(
    r.stderr,
    /writer\.writeMode: must be "truncate" or "append" or "nonConflict", got "overwrite"; e\.g\. "writeMode": "truncate"/,
  );
  assert.equal(r.stdout, '');
});

test('usage errors are exit 2: unreadable config, bad --windows, bad --until, bad --var, unknown command', async () => {
  const missing = await cli(['validate', '--config', '/nonexistent/job.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--config \/nonexistent\/job\.json: cannot read the file/);
  const windows = await cli(['run', '--config', FIXTURE, '--windows', '0']);
  assert.equal(windows.code, 2);
  assert.match(windows.stderr, /--windows 0: expected a whole number from 1 to 100000; e\.g\. --windows 3/);
  const until = await cli(['run', '--config', FIXTURE, '--until', 'yesterday']);
  assert.equal(until.code, 2);
  assert.match(until.stderr, /--until yesterday: expected ISO-8601 or epoch milliseconds/);
  const badVar = await cli(['validate', '--config', FIXTURE, '--var', 'no-equals-sign']);
  assert.equal(badVar.code, 2);
  assert.match(badVar.stderr, /--var no-equals-sign: expected name=value/);
  const unknown = await cli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});

test('validate --online: every check ok against the local servers, exit 0', async () => {
  const path = await writeConfig(env, 'good.json', nativeConfig());
  const r = await cli(['validate', '--config', path, '--online']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const name of ['tablestore endpoint', 'data table', 'stream', 'status table', 'oss bucket'])
    assert.match(r.stdout, new RegExp(`^ok +${name}: `, 'm'));
  assert.match(r.stdout, /stream: orders_\d+ ACTIVE, retention 24 h, 4 shard\(s\)/);
  assert.match(
    r.stdout,
    /status table: TablestoreStreamReaderStatusTable does not exist yet; the first run creates it/,
  );
});

test('validate --online names each failed check with its fix, exit 4', async () => {
  const path = await writeConfig(
    env,
    'wrong.json',
    nativeConfig({ reader: { dataTable: 'no_such_table' }, writer: { bucket: 'no-such-bucket' } }),
  );
  const r = await cli(['validate', '--config', path, '--online']);
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok +tablestore endpoint/m);
  assert.match(r.stdout, /^FAILED +data table: no_such_table: .*\n +fix: check reader\.dataTable/m);
  assert.match(r.stdout, /^skipped stream: the data table check failed/m);
  assert.match(
    r.stdout,
    /^FAILED +oss bucket: .*NoSuchBucket.*\n +fix: create the bucket or fix writer\.bucket/m,
  );

  const badKey = await writeConfig(
    env,
    'badkey.json',
    nativeConfig({ reader: { accessKey: 'wrong-secret' } }),
  );
  const denied = await cli(['validate', '--config', badKey, '--online']);
  assert.equal(denied.code, 4);
  assert.match(
    denied.stdout,
    /^FAILED +tablestore endpoint: .*OTSAuthFailed.*\n +fix: check reader\.accessId\/accessKey/m,
  );
  assert.doesNotMatch(denied.stdout + denied.stderr, /wrong-secret/);
});

test('a service that cannot be reached: validate --online and run exit 4', async () => {
  const path = await writeConfig(
    env,
    'down.json',
    nativeConfig({ reader: { endpoint: `http://127.0.0.1:${closedPort}` } }),
  );
  const online = await cli(['validate', '--config', path, '--online']);
  assert.equal(online.code, 4);
  assert.match(online.stdout, /^FAILED +tablestore endpoint: .*\n +fix: check reader\.endpoint/m);
  assert.match(online.stdout, /^skipped data table/m);
  const run = await cli(['run', '--config', path, '--windows', '1']);
  assert.equal(run.code, 4, run.stdout + run.stderr);
  assert.match(run.stderr, new RegExp(`error: .*127\\.0\\.0\\.1:${closedPort}|ECONNREFUSED`));
});
