/** The stream client against the local Tablestore through the real SDK transport. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TablestoreError, type StreamClient } from '../../../shared/tablestore/index.js';
import {
  createStreamTable,
  readShard,
  startInProcess,
  streamClient,
  TableStore,
  type InProcess,
} from './helpers.js';

const Long = TableStore.Long;
const IGNORE = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
let local: InProcess;
let client: StreamClient;
let streamId: string;

before(async () => {
  local = await startInProcess();
  client = streamClient(local.sdk);
  await createStreamTable(local.sdk, 'orders');
  await createStreamTable(local.sdk, 'other');
  streamId = (await client.listStream('orders'))[0]!.streamId;
});
after(() => local?.close());

test('listStream finds the table stream by name and every stream of the instance without one', async () => {
  const mine = await client.listStream('orders');
  assert.equal(mine.length, 1);
  assert.equal(mine[0]!.tableName, 'orders');
  assert.ok(mine[0]!.creationTimeUs > 1e15, 'creation time is in µs');
  const all = await client.listStream();
  assert.deepEqual(all.map((s) => s.tableName).sort(), ['orders', 'other']);
});

test('describeStream returns every shard, following next_shard_id pages', async () => {
  const whole = await client.describeStream(streamId);
  assert.equal(whole.status, 'ACTIVE');
  assert.equal(whole.expirationHours, 24);
  assert.equal(whole.tableName, 'orders');
  assert.equal(whole.shards.length, 4);
  const before = client.stats.requests;
  const paged = await client.describeStream(streamId, { shardLimit: 1 });
  assert.deepEqual(paged.shards, whole.shards);
  assert.equal(client.stats.requests - before, 4, 'one request per page of one shard');
});

test('put, update and delete rows come back as decoded records with every cell', async () => {
  const T = Date.now() - 3_600_000; // cell versions must lie within a day of the server clock
  const pk = [{ id: 'row-1' }, { n: Long.fromNumber(1) }];
  await local.sdk.putRow({
    tableName: 'orders',
    condition: IGNORE(),
    primaryKey: pk,
    attributeColumns: [
      { big: Long.fromString('9007199254740993'), timestamp: T + 0 },
      { s: '\u4e2d\u6587', timestamp: T + 1 },
      { d: 0.5, timestamp: T + 2 },
      { b: true, timestamp: T + 3 },
      { bin: Buffer.from([1, 2, 3]), timestamp: T + 4 },
    ],
  });
  await local.sdk.updateRow({
    tableName: 'orders',
    condition: IGNORE(),
    primaryKey: pk,
    updateOfAttributeColumns: [
      { PUT: [{ s: 'new', timestamp: T + 10 }] },
      { DELETE: [{ d: Long.fromNumber(T + 2) }] },
      { DELETE_ALL: ['b'] },
      { INCREMENT: [{ big: Long.fromNumber(2) }] },
    ],
  });
  await local.sdk.deleteRow({ tableName: 'orders', condition: IGNORE(), primaryKey: pk });

  const { shards } = await client.describeStream(streamId);
  const records = (await Promise.all(shards.map((s) => readShard(client, streamId, s.shardId)))).flat();
  const mine = records.filter((r) => r.primaryKey[0]!.value === 'row-1');
  assert.deepEqual(
    mine.map((r) => r.action),
    ['PUT', 'UPDATE', 'DELETE'],
  );
  const [put, update, del] = mine;
  assert.deepEqual(put!.primaryKey, [
    { name: 'id', value: 'row-1' },
    { name: 'n', value: 1n },
  ]);
  assert.deepEqual(
    put!.cells.map((c) => [c.name, c.op, c.value, c.timestamp]),
    [
      ['big', 'PUT', 9007199254740993n, T + 0],
      ['s', 'PUT', '\u4e2d\u6587', T + 1],
      ['d', 'PUT', 0.5, T + 2],
      ['b', 'PUT', true, T + 3],
      ['bin', 'PUT', Buffer.from([1, 2, 3]), T + 4],
    ],
  );
  assert.deepEqual(
    update!.cells.map((c) => [
      c.name,
      c.op,
      c.value,
      c.op === 'PUT' && c.name === 'big' ? typeof c.timestamp : c.timestamp,
    ]),
    [
      ['s', 'PUT', 'new', T + 10],
      ['d', 'DELETE_ONE_VERSION', undefined, T + 2],
      ['b', 'DELETE_ALL_VERSIONS', undefined, undefined],
      ['big', 'PUT', 9007199254740995n, 'number'], // the increment's result, exact beyond 2^53
    ],
  );
  assert.deepEqual(del!.cells, []);
  assert.ok(
    put!.sequence.timestamp < update!.sequence.timestamp ||
      put!.sequence.rowIndex < update!.sequence.rowIndex,
  );
});

test('injected busy errors are retried, counted and reported; the call then succeeds', async () => {
  const events: string[] = [];
  const counted = streamClient(local.sdk, {
    onRetry: (e) => events.push(`${e.operation}:${e.error.code}:${e.retry}`),
  });
  await local.admin.clearFaults();
  await local.admin.injectFault({ api: 'DescribeStream', code: 'OTSServerBusy', count: 2 });
  await local.admin.injectFault({ api: 'ListStream', code: 'OTSInternalServerError', status: 502, count: 1 });
  const { shards } = await counted.describeStream(streamId);
  assert.equal(shards.length, 4);
  assert.equal((await counted.listStream('orders')).length, 1);
  const { hits } = await local.admin.faults();
  assert.equal(hits.length, 3, 'the server really failed three calls');
  assert.deepEqual(counted.stats.retriesByCode, { OTSServerBusy: 2, OTSInternalServerError: 1 });
  assert.equal(counted.stats.retries, 3);
  assert.equal(counted.stats.requests, 5);
  assert.deepEqual(events, [
    'DescribeStream:OTSServerBusy:1',
    'DescribeStream:OTSServerBusy:2',
    'ListStream:OTSInternalServerError:1',
  ]);
});

test('a parameter error is not retried and surfaces as a typed error with the OTS code', async () => {
  const fresh = streamClient(local.sdk);
  await local.admin.clearFaults();
  await local.admin.injectFault({
    api: 'GetShardIterator',
    code: 'OTSParameterInvalid',
    message: 'Bad shard.',
    count: 3,
  });
  const shardId = (await fresh.describeStream(streamId)).shards[0]!.shardId;
  await assert.rejects(fresh.getShardIterator(streamId, shardId), (err: unknown) => {
    assert.ok(err instanceof TablestoreError);
    assert.equal(err.code, 'OTSParameterInvalid');
    assert.equal(err.httpStatus, 400);
    assert.equal(err.retryable, false);
    assert.equal(err.attempts, 1);
    assert.equal(err.operation, 'GetShardIterator');
    assert.match(err.message, /Bad shard\./);
    assert.ok(err.requestId, 'the request id is kept');
    return true;
  });
  assert.equal(fresh.stats.retries, 0);
  assert.equal((await local.admin.faults()).hits.length, 1);
  await local.admin.clearFaults();
});

test('retries stop at maxRetries and the last error says how many attempts were made', async () => {
  const limited = streamClient(local.sdk, { retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  await local.admin.clearFaults();
  await local.admin.injectFault({ api: 'ListStream', code: 'OTSServerBusy', count: 10 });
  await assert.rejects(limited.listStream('orders'), (err: unknown) => {
    assert.ok(err instanceof TablestoreError);
    assert.equal(err.code, 'OTSServerBusy');
    assert.equal(err.retryable, true);
    assert.equal(err.attempts, 3);
    return true;
  });
  assert.equal((await local.admin.faults()).hits.length, 3);
  await local.admin.clearFaults();
});

test('a request that times out on the socket is retried as a network error', async () => {
  const impatient = streamClient(TableStoreClientWithTimeout(300));
  await local.admin.clearFaults();
  await local.admin.injectFault({ api: 'ListStream', delayMs: 1500, count: 1 });
  assert.equal((await impatient.listStream('orders')).length, 1);
  assert.deepEqual(impatient.stats.retriesByCode, { TABLESTORE_NETWORK: 1 });
  assert.equal((await local.admin.faults()).hits.length, 1);
  await local.admin.clearFaults();
});

test('an aborted signal stops retrying: the first failure is the answer', async () => {
  const controller = new AbortController();
  const stoppable = streamClient(local.sdk, { signal: controller.signal });
  await local.admin.clearFaults();
  await local.admin.injectFault({ api: 'ListStream', code: 'OTSServerBusy', count: 5 });
  controller.abort();
  await assert.rejects(stoppable.listStream('orders'), {
    name: 'TablestoreError',
    code: 'OTSServerBusy',
    attempts: 1,
  });
  assert.equal((await local.admin.faults()).hits.length, 1);
  await local.admin.clearFaults();
});

test('a caught-up open shard answers no records and the same iterator', async () => {
  const { shards } = await client.describeStream(streamId);
  for (const { shardId } of shards) {
    let iterator = await client.getShardIterator(streamId, shardId);
    for (;;) {
      const batch = await client.getStreamRecord(iterator!, { limit: 1000 });
      if (batch.caughtUp) {
        assert.equal(batch.nextIterator, iterator);
        assert.deepEqual(batch.records, []);
        break;
      }
      iterator = batch.nextIterator;
    }
  }
});

test('an unknown stream is a non-retried OTSObjectNotExist', async () => {
  await assert.rejects(client.describeStream('no_such_stream'), {
    name: 'TablestoreError',
    code: 'OTSObjectNotExist',
    attempts: 1,
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function TableStoreClientWithTimeout(ms: number): any {
  return new TableStore.Client({ ...local.sdk.config, httpOptions: { timeout: ms } });
}

test('the SDK itself is left unpatched: its own encoder still knows no stream operation', () => {
  assert.throws(() => TableStore.encoder.encode('listStream', {}), TypeError);
  assert.equal(typeof TableStore.Client.prototype.listStream, 'undefined');
});
