import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backfillTemplate,
  backfillWindowCount,
  backfillWindows,
  continueEventSchema,
  isEnvelope,
  jobSourceOfTimerPayload,
  loadJobConfig,
  nextBackfillWindow,
  overlaps,
  packGroups,
  parseInstant,
  shardDeadline,
  shardEventSchema,
  startAtFromEnv,
  syncEnvConfigValue,
} from '../../../shared/functions/index.js';

const MIN = 60_000;
const ENV = {
  SYNC_INSTANCE: 'inst',
  SYNC_TABLE: 'orders',
  SYNC_STATUS_TABLE: 'status',
  SYNC_BUCKET: 'b',
  SYNC_PREFIX: 'export/',
  SYNC_FORMAT: 'parquet',
  SYNC_INTERVAL_MINUTES: '10',
  SYNC_LAG_SECONDS: '30',
  TABLESTORE_ENDPOINT: 'https://inst.cn-hangzhou.vpc.tablestore.aliyuncs.com',
  OSS_ENDPOINT: 'https://oss-cn-hangzhou-internal.aliyuncs.com',
};

describe('fan-out packing', () => {
  it('packs lineage trees into at most `max` invocations without splitting a tree', () => {
    const groups = [['a'], ['b', 'b1', 'b2'], ['c'], ['d'], ['e']];
    const packed = packGroups(groups, 2);
    assert.equal(packed.length, 2);
    assert.deepEqual(packed.flat().sort(), groups.flat().sort());
    assert.ok(packed.some((p) => ['b', 'b1', 'b2'].every((id) => p.includes(id))));
    assert.deepEqual(packGroups(groups, 10), groups);
  });
});

describe('backfill planning', () => {
  it('cuts [from, to) at window boundaries: the union is exactly the range', () => {
    const w = backfillWindows(90_000, 4 * MIN + 30_000, MIN);
    assert.deepEqual(
      w.map((x) => [x.startMillis, x.endMillis]),
      [
        [90_000, 2 * MIN],
        [2 * MIN, 3 * MIN],
        [3 * MIN, 4 * MIN],
        [4 * MIN, 4 * MIN + 30_000],
      ],
    );
    assert.equal(backfillWindowCount(90_000, 4 * MIN + 30_000, MIN), 4);
    assert.equal(backfillWindowCount(0, 3 * MIN, MIN), 3);
  });

  it('the next window follows the run watermark and ends with the range', () => {
    const r = { from: 0, to: 2 * MIN + 1, windowMs: MIN };
    assert.deepEqual(nextBackfillWindow(r, undefined), { startMillis: 0, endMillis: MIN });
    assert.deepEqual(nextBackfillWindow(r, 2 * MIN), { startMillis: 2 * MIN, endMillis: 2 * MIN + 1 });
    assert.equal(nextBackfillWindow(r, 2 * MIN + 1), undefined);
  });

  it('overlap is half-open; templates get the prefix once', () => {
    assert.equal(overlaps({ from: 0, to: 10 }, { from: 10, to: 20 }), false);
    assert.equal(overlaps({ from: 0, to: 11 }, { from: 10, to: 20 }), true);
    assert.equal(backfillTemplate('bf/x', '/{table}/{HH}'), 'bf/x/{table}/{HH}');
  });
});

describe('time budget', () => {
  it('keeps a margin for saving progress and honours SYNC_SHARD_BUDGET_SECONDS', () => {
    assert.equal(shardDeadline(0, 600_000, undefined), 585_000);
    assert.equal(shardDeadline(0, 600_000, '5'), 5_000);
    assert.equal(shardDeadline(0, 20_000, undefined), 15_000);
    assert.equal(shardDeadline(0, 0, '5'), 0);
  });
});

describe('job config from the environment', () => {
  it('maps the SYNC_* variables s.yaml sets onto a native job config', () => {
    const config = loadJobConfig(undefined, ENV);
    assert.equal(config.tablestore.dataTable, 'orders');
    assert.equal(config.oss.bucket, 'b');
    assert.equal(config.output.fileFormat, 'parquet');
    assert.equal(config.output.objectTemplate, 'export/{instance}/{table}/{yyyy}{MM}{dd}/{HH}{mm}');
    assert.equal(config.schedule.intervalMillis, 10 * MIN);
    assert.equal(config.schedule.lagMillis, 30_000);
    assert.equal(config.tablestore.credentials, undefined, 'the function role provides the keys');
  });

  it('the local FC server’s endpoints win over the cloud ones', () => {
    const value = syncEnvConfigValue({
      ...ENV,
      LOCAL_TABLESTORE_ENDPOINT: 'http://127.0.0.1:1',
      LOCAL_TABLESTORE_INSTANCE: 'local',
      LOCAL_OSS_ENDPOINT: 'http://127.0.0.1:2',
    }) as { reader: { endpoint: string; instanceName: string }; writer: { endpoint: string } };
    assert.equal(value.reader.endpoint, 'http://127.0.0.1:1');
    assert.equal(value.reader.instanceName, 'local');
    assert.equal(value.writer.endpoint, 'http://127.0.0.1:2');
  });

  it('a missing variable is named', () => {
    assert.throws(() => loadJobConfig(undefined, { ...ENV, SYNC_TABLE: '' }), /SYNC_TABLE/);
    assert.throws(() => loadJobConfig(undefined, { ...ENV, SYNC_LAG_SECONDS: 'soon' }), /SYNC_LAG_SECONDS/);
  });

  it('a payload config wins over OTS2OSS_CONFIG, which wins over SYNC_*', () => {
    const native = (name: string) => ({
      job: { name },
      reader: { endpoint: 'http://x', instanceName: 'i', dataTable: 't', statusTable: 's' },
      writer: { endpoint: 'http://y', bucket: 'b', object: 'o', writeMode: 'truncate' },
    });
    const env = { ...ENV, OTS2OSS_CONFIG: JSON.stringify(native('from-env')) };
    assert.equal(loadJobConfig({ config: native('from-payload') }, env).name, 'from-payload');
    assert.equal(loadJobConfig(undefined, env).name, 'from-env');
    assert.equal(loadJobConfig(undefined, ENV).name, 'tablestore-oss-sync');
  });

  it('timer payloads: empty or {} mean the environment; a config is carried along', () => {
    assert.equal(jobSourceOfTimerPayload(undefined), undefined);
    assert.equal(jobSourceOfTimerPayload('{}'), undefined);
    assert.deepEqual(jobSourceOfTimerPayload('{"config":{"a":1}}'), { config: { a: 1 } });
    assert.deepEqual(jobSourceOfTimerPayload('{"job":{"name":"x"}}'), { config: { job: { name: 'x' } } });
  });

  it('instants are ISO-8601 or epoch ms; SYNC_START_AT is checked', () => {
    assert.equal(parseInstant('2026-01-01T00:00:00Z'), Date.UTC(2026, 0, 1));
    assert.equal(parseInstant('1767225600000'), 1767225600000);
    assert.equal(parseInstant('yesterday'), undefined);
    assert.equal(startAtFromEnv({}), undefined);
    assert.throws(() => startAtFromEnv({ SYNC_START_AT: 'soon' }), /SYNC_START_AT/);
  });
});

describe('events', () => {
  it('shard events reject unknown fields, naming them', () => {
    const ok = { kind: 'shard', run: 'live', window: { start: 0, end: 1 }, epoch: 1, shardIds: ['s'] };
    assert.equal(shardEventSchema.parse(ok).slice, 0);
    const bad = shardEventSchema.safeParse({ ...ok, epoch: 0, extra: 1 });
    assert.equal(bad.success, false);
    const text = JSON.stringify(bad.error!.issues);
    assert.match(text, /"epoch"/);
    assert.match(text, /extra/);
  });

  it('tells FC’s destination envelope from our own events', () => {
    assert.equal(
      isEnvelope({ requestContext: { condition: 'UnhandledInvocationError' }, requestPayload: '{}' }),
      true,
    );
    assert.equal(isEnvelope({ kind: 'continue', run: 'live' }), false);
    assert.equal(continueEventSchema.safeParse({ kind: 'continue', run: 'a\tb' }).success, false);
  });
});
