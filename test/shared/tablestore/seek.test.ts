/** Timestamp seeks (with next_token paging) and trimmed data, against the local Tablestore. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TrimmedDataError, type StreamClient, type StreamRecord } from '../../../shared/tablestore/index.js';
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

before(async () => {
  // Two records per seek call: any seek past the second record of a shard must page with tokens.
  local = await startInProcess({ tablestoreSeekPageSize: '2' });
  client = streamClient(local.sdk);
});
after(() => local?.close());

async function put(table: string, id: string, n: number): Promise<void> {
  await local.sdk.putRow({
    tableName: table,
    condition: IGNORE(),
    primaryKey: [{ id }, { n: Long.fromNumber(n) }],
    attributeColumns: [{ v: `${id}/${n}` }],
  });
}

async function batchPut(table: string, ids: string[]): Promise<void> {
  await local.sdk.batchWriteRow({
    tables: [
      {
        tableName: table,
        rows: ids.map((id) => ({
          type: 'PUT',
          condition: IGNORE(),
          primaryKey: [{ id }, { n: Long.fromNumber(0) }],
          attributeColumns: [{ v: id }],
        })),
      },
    ],
  });
}

test('a timestamp seek lands on the first record at or after the time, in every shard', async () => {
  await createStreamTable(local.sdk, 'events');
  for (let group = 0; group < 5; group++) {
    await batchPut(
      'events',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `g${group}-${k}`),
    ); // one commit: equal timestamps
    for (let i = 0; i < 3; i++) await put('events', `single-${group}-${i}`, i);
    await local.admin.advanceClock(1000);
  }
  const { streamId } = (await client.listStream('events'))[0]!;
  const { shards } = await client.describeStream(streamId);
  assert.equal(shards.length, 4);
  let seeks = 0;
  let pagedSeeks = 0;
  for (const { shardId } of shards) {
    const records = await readShard(client, streamId, shardId);
    assert.ok(
      records.length >= 3,
      `shard ${shardId} has ${records.length} records; the test wants several per shard`,
    );
    const times = records.map((r) => r.sequence.timestamp);
    const probes = new Set([
      0,
      ...times,
      ...times.map((t) => t - 1),
      ...times.map((t) => t + 1),
      Math.max(...times) + 1_000_000,
    ]);
    for (const probe of probes) {
      const before = client.stats.requests;
      const iterator = await client.getShardIterator(streamId, shardId, { timestampUs: probe });
      if (client.stats.requests - before > 1) pagedSeeks++;
      seeks++;
      assert.ok(iterator, 'an open shard always has an iterator');
      const batch = await client.getStreamRecord(iterator, { limit: 1 });
      const expected: StreamRecord | undefined = records.find((r) => r.sequence.timestamp >= probe);
      if (expected === undefined) {
        assert.equal(batch.records.length, 0, `seek past the end of ${shardId} returns nothing`);
      } else {
        assert.equal(batch.records.length, 1);
        assert.deepEqual(batch.records[0]!.sequence, expected.sequence, `shard ${shardId}, probe ${probe}`);
        assert.deepEqual(batch.records[0]!.primaryKey, expected.primaryKey);
      }
    }
  }
  assert.ok(seeks > 40);
  assert.ok(pagedSeeks > 0, 'some seeks needed next_token pages');
});

test('reading trimmed data fails with OTSTrimmedDataAccess, is not retried, and a fresh iterator starts after the trim', async () => {
  await createStreamTable(local.sdk, 'short', 1);
  for (let i = 0; i < 8; i++) await put('short', `k${i}`, i);
  const { streamId } = (await client.listStream('short'))[0]!;
  const { shards } = await client.describeStream(streamId);
  const iterators = await Promise.all(shards.map((s) => client.getShardIterator(streamId, s.shardId)));
  const withData: string[] = [];
  for (const it of iterators)
    if (it && (await client.getStreamRecord(it)).records.length > 0) withData.push(it);
  assert.ok(withData.length > 0);

  const { trimmed } = await local.admin.advanceClock(2 * 3600_000 + 1000); // past the 1 h expiration
  assert.ok(trimmed >= 8, `the server trimmed ${trimmed} records`);
  const retriesBefore = client.stats.retries;
  for (const old of withData) {
    await assert.rejects(client.getStreamRecord(old), (err: unknown) => {
      assert.ok(err instanceof TrimmedDataError);
      assert.equal(err.code, 'OTSTrimmedDataAccess');
      assert.equal(err.retryable, false);
      assert.equal(err.attempts, 1);
      assert.equal(err.shardIterator, old);
      return true;
    });
  }
  assert.equal(client.stats.retries, retriesBefore);
  for (const { shardId } of shards) {
    const fresh = await client.getShardIterator(streamId, shardId);
    assert.deepEqual((await client.getStreamRecord(fresh!)).records, []);
  }
});
