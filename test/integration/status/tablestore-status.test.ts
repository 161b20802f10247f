/**
 * The status ledger on the local Tablestore server through the real `tablestore` SDK: the same
 * scenarios as the in-memory unit run, table creation, and DataX rows written the way DataX's Java
 * code writes them (raw SDK calls, column by column, zlib bytes the JDK produced — recorded in the
 * golden fixture, see test/unit/status/datax-golden.ts) read back by us and vice versa.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import { tablestoreAdmin } from '../../../local/tablestore/admin-client.js';
import {
  StatusStoreError,
  StatusTableSchemaError,
  TablestoreStatusStore,
  createTablestoreClient,
  dataxCheckpointKey,
  readCompleteDataxCheckpoints,
  readDataxJobDesc,
  writeDataxCheckpoint,
  writeDataxJobDesc,
  findDataxShardTime,
  writeDataxShardTime,
  type TablestoreClientLike,
} from '../../../shared/status/index.js';
import { defineLedgerScenarios } from '../../unit/status/ledger-scenarios.js';
import { defineProgressScenarios } from '../../unit/status/progress-scenarios.js';
import {
  defineAppendScenarios,
  defineListingScenarios,
  defineReconcileScenarios,
} from '../../unit/status/more-scenarios.js';
import { goldenDecode, goldenEncode } from '../../unit/status/datax-golden.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const TableStore: any = createRequire(import.meta.url)('tablestore');
const TABLE = 'ots2oss_status';

let stack: LocalStack;
let client: TablestoreClientLike;
let store: TablestoreStatusStore;

function call(op: string, params: unknown): Promise<any> {
  return new Promise((resolve, reject) =>
    client[op](params, (err: any, data: any) => (err ? reject(err) : resolve(data))),
  );
}

before(async () => {
  stack = await startLocalStack({ only: ['tablestore'] });
  const info = stack.info.tablestore!;
  client = createTablestoreClient({
    endpoint: info.endpoint,
    instance: info.instance,
    accessKeyId: info.accessKeyId,
    accessKeySecret: info.accessKeySecret,
  });
  store = new TablestoreStatusStore(client, TABLE);
  await store.ensureTable();
});

after(async () => {
  await stack?.close();
});

test('ensureTable creates the DataX schema once, then accepts it; a foreign schema is refused', async () => {
  const meta = await call('describeTable', { tableName: TABLE });
  assert.deepEqual(
    meta.tableMeta.primaryKey.map((c: any) => c.name),
    ['StreamId', 'StatusType', 'StatusValue'],
  );
  assert.equal(Number(meta.tableOptions.timeToLive), 30 * 24 * 3600);
  await store.ensureTable();
  await call('createTable', {
    tableMeta: { tableName: 'not_status', primaryKey: [{ name: 'id', type: 'INTEGER' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  await assert.rejects(new TablestoreStatusStore(client, 'not_status').ensureTable(), StatusTableSchemaError);
});

defineLedgerScenarios('tablestore', () => store);
defineReconcileScenarios('tablestore', () => store);
defineAppendScenarios('tablestore', () => store);
defineProgressScenarios('tablestore', () => store);
defineListingScenarios('tablestore', () => store);
defineListingScenarios(
  'tablestore, 7-row GetRange pages',
  () => new TablestoreStatusStore(client, TABLE, 120_000, 7),
);

test('rows DataX writes (as its Java code does, through the SDK) read back through our store', async () => {
  const streamId = 'datax-written_1764000000000000';
  const end = 1764000300000;
  const shards = ['shard-a', 'shard-b'];
  const hex = goldenEncode(end, shards).deflateHex; // java.util.zip.Deflater's bytes
  const pk = (type: string, value: string) => [
    { StreamId: streamId },
    { StatusType: type },
    { StatusValue: value },
  ];
  const put = (primaryKey: unknown, attributeColumns: unknown) =>
    call('putRow', {
      tableName: TABLE,
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
      primaryKey,
      attributeColumns,
    });
  const time = String(end).padStart(16, ' ');
  // StreamJob.serializeColumn: ShardIds_0 (binary), Version, TableName, JobStreamId, StartTime, EndTime.
  await put(pk('DataxJobDesc', time), [
    { ShardIds_0: Buffer.from(hex, 'hex') },
    { Version: '1764000301000-7c2d' },
    { TableName: 'orders' },
    { JobStreamId: streamId },
    { StartTime: TableStore.Long.fromNumber(end - 300000) },
    { EndTime: TableStore.Long.fromNumber(end) },
  ]);
  // ShardCheckpoint.serializeColumn + SendRecordCount, keyed "%16d\t<shard>".
  await put(pk('CheckpointForDataxReader', `${time}\tshard-a`), [
    { Version: '1764000301000-7c2d' },
    { Checkpoint: 'opaque-iterator-a' },
    { SkipCount: TableStore.Long.fromNumber(0) },
    { SendRecordCount: TableStore.Long.fromNumber(12) },
  ]);
  await put(pk('CheckpointForDataxReader', `${time}\tshard-b`), [
    { Version: '1764000301000-7c2d' },
    { Checkpoint: 'SHARD_END' },
    { SkipCount: TableStore.Long.fromNumber(0) },
  ]);
  const job = await readDataxJobDesc(store, streamId, end);
  assert.deepEqual(new Set(job?.shardIds), new Set(shards));
  assert.equal(job?.startTime, end - 300000);
  const cps = await readCompleteDataxCheckpoints(store, streamId, end);
  assert.ok(cps, 'the window DataX finished is complete for us');
  assert.deepEqual(cps.get('shard-a'), {
    shardId: 'shard-a',
    version: '1764000301000-7c2d',
    checkpoint: 'opaque-iterator-a',
    skipCount: 0,
    sendRecordCount: 12,
  });
  assert.equal(cps.get('shard-b')?.checkpoint, 'SHARD_END');
});

test('rows we write read back the way DataX reads them (types, key bytes, JDK Inflater via golden bytes)', async () => {
  const streamId = 'ours_1764000000000000';
  const end = 1764000600000;
  await writeDataxJobDesc(store, {
    tableName: 'orders',
    streamId,
    version: '1764000601000-uuid',
    shardIds: ['s1', 's2'],
    startTime: end - 300000,
    endTime: end,
  });
  await writeDataxCheckpoint(store, streamId, end, {
    shardId: 's1',
    version: '1764000601000-uuid',
    checkpoint: 'TRIM_HORIZON',
    skipCount: 0,
  });
  const row = (
    await call('getRow', {
      tableName: TABLE,
      primaryKey: dataxCheckpointKeyPk(streamId, end, 's1'),
      maxVersions: 1,
    })
  ).row;
  assert.equal(row.primaryKey[2].value, `${String(end).padStart(16, ' ')}\ts1`);
  const cols = Object.fromEntries(row.attributes.map((c: any) => [c.columnName, c.columnValue]));
  assert.equal(cols.Checkpoint, 'TRIM_HORIZON');
  assert.equal(cols.Version, '1764000601000-uuid');
  assert.equal(cols.SkipCount.toNumber(), 0, 'SkipCount is an INTEGER column (asLong)');
  assert.equal(cols.SendRecordCount, undefined);
  const desc = (
    await call('getRow', {
      tableName: TABLE,
      primaryKey: [
        { StreamId: streamId },
        { StatusType: 'DataxJobDesc' },
        { StatusValue: String(end).padStart(16, ' ') },
      ],
      maxVersions: 1,
    })
  ).row;
  const d = Object.fromEntries(desc.attributes.map((c: any) => [c.columnName, c.columnValue]));
  assert.ok(Buffer.isBuffer(d.ShardIds_0), 'ShardIds_0 is BINARY (asBinary)');
  assert.equal(d.EndTime.toNumber(), end);
  // The bytes that came back are the ones the JDK's Inflater read as this shard list when the golden
  // fixture was recorded, so DataX reads them the same way.
  const golden = goldenDecode(['s1', 's2']);
  assert.equal(d.ShardIds_0.toString('hex'), golden.ourHex, 'ShardIds_0 is the bytes Java inflated');
  assert.deepEqual(new Set(JSON.parse(golden.javaInflated)), new Set(['s1', 's2']));
});

test('ShardTime checkpoints: the newest in (from, to] through a BACKWARD range read', async () => {
  const streamId = 'shardtime_1';
  for (const t of [1000, 2000, 3000]) await writeDataxShardTime(store, streamId, 'sh', t, `it-${t}`);
  await writeDataxShardTime(store, streamId, 'sh2', 2500, 'other');
  assert.deepEqual(await findDataxShardTime(store, streamId, 'sh', 1000, 2999), {
    timeMs: 2000,
    checkpoint: 'it-2000',
  });
  assert.deepEqual(await findDataxShardTime(store, streamId, 'sh', 0, 3000), {
    timeMs: 3000,
    checkpoint: 'it-3000',
  });
  assert.deepEqual(await findDataxShardTime(store, streamId, 'sh', 999, 1000), {
    timeMs: 1000,
    checkpoint: 'it-1000',
  });
  assert.equal(await findDataxShardTime(store, streamId, 'sh', 3000, 9000), undefined);
});

function dataxCheckpointKeyPk(streamId: string, end: number, shard: string) {
  const key = dataxCheckpointKey(streamId, end, shard);
  return [{ StreamId: key.streamId }, { StatusType: key.type }, { StatusValue: key.value }];
}

test('an SDK failure surfaces as StatusStoreError naming the OTS code, never as the SDK error', async () => {
  const admin = tablestoreAdmin(stack.info.tablestore!.endpoint);
  await admin.injectFault({ api: 'PutRow', code: 'OTSServerBusy', count: 1 });
  await assert.rejects(
    writeDataxCheckpoint(store, 'fault_1', 1000, {
      shardId: 's',
      version: 'v',
      checkpoint: 'c',
      skipCount: 0,
    }),
    (err: unknown) => {
      assert.ok(err instanceof StatusStoreError, `got ${String(err)}`);
      assert.equal(err.code, 'STATUS_STORE_FAILED');
      assert.match(err.message, /putRow.*OTSServerBusy/);
      return true;
    },
  );
  const { hits } = await admin.faults();
  assert.equal(
    hits.filter((h) => h.api === 'PutRow' && h.code === 'OTSServerBusy').length,
    1,
    'the fault fired once',
  );
  const closed = new TablestoreStatusStore(
    createTablestoreClient({
      endpoint: 'http://127.0.0.1:9',
      instance: 'x',
      accessKeyId: 'a',
      accessKeySecret: 'b',
      maxRetries: 0,
    }),
    TABLE,
  );
  await assert.rejects(closed.get({ streamId: 'a', type: 'b', value: 'c' }), StatusStoreError);
});
