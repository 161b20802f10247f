/** Stream APIs of the local Tablestore: ListStream, DescribeStream, iterators, limits, lineage, trimming. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  allStreamRecords,
  condition,
  createTable,
  long,
  rejectsWith,
  startWithStreams,
  STREAM,
  STREAM_PK as PK,
  type Harness,
  type StreamApi,
} from './helpers.js';
import type { DecodedRecord } from './stream-helpers.js';

describe('local tablestore: streams', () => {
  let h: Harness;
  let s: StreamApi;
  before(async () => {
    ({ h, s } = await startWithStreams());
  });
  after(async () => {
    await h.close();
  });

  const allRecords = (table: string): Promise<Map<string, DecodedRecord[]>> => allStreamRecords(s, table);

  it('lists streams per table and describes shards sorted and paged by shard id', async () => {
    await createTable(h.client, 'plain');
    await createTable(h.client, 'ls', PK, STREAM);
    assert.equal((await s.listStream('plain')).streams.length, 0);
    const [stream] = (await s.listStream('ls')).streams;
    assert.equal(stream!.tableName, 'ls');
    assert.ok(stream!.creationTime > Date.now() * 1000 - 60e6, 'creation time is in µs');
    assert.ok((await s.listStream()).streams.some((x) => x.streamId === stream!.streamId));
    await rejectsWith(s.listStream('missing'), 404, 'OTSObjectNotExist');

    const full = await s.describe(stream!.streamId);
    assert.equal(full.streamStatus, 2);
    assert.equal(full.expirationTime, 24);
    assert.equal(full.tableName, 'ls');
    assert.equal(full.shards.length, 4); // extra.tablestoreShards default
    const ids = full.shards.map((x) => x.shardId);
    assert.deepEqual([...ids].sort(), ids);
    const paged: string[] = [];
    let start: string | undefined;
    let calls = 0;
    do {
      const page = await s.describe(stream!.streamId, start, 3);
      calls++;
      paged.push(...page.shards.map((x) => x.shardId));
      start = page.nextShardId;
    } while (start);
    assert.deepEqual(paged, ids);
    assert.equal(calls, 2);
    assert.deepEqual(
      (await s.describe(stream!.streamId, ids[2], 1)).shards.map((x) => x.shardId),
      [ids[2]],
    );
    await rejectsWith(s.describe('nope_1'), 404, 'OTSObjectNotExist');
  });

  it('honours limit exactly, returns the same iterator when caught up, and routes a partition key to one shard', async () => {
    await createTable(h.client, 'lim', PK, STREAM);
    for (let i = 0; i < 5; i++) {
      await h.client.putRow({
        tableName: 'lim',
        condition: condition(),
        primaryKey: [{ p: 'k' }, { n: long(i) }],
        attributeColumns: [{ i: long(i) }],
      });
    }
    const streamId = await s.streamId('lim');
    const all = await allRecords('lim');
    const [shardId] = [...all].find(([, r]) => r.length > 0)!;
    let iter = (await s.iterator(streamId, shardId)).shardIterator;
    const seen: bigint[] = [];
    for (const limit of [1, 3, 1]) {
      const r = await s.read(iter, limit);
      assert.equal(r.records.length, limit);
      seen.push(...r.records.map((x) => x.row.primaryKey[1]!.value as bigint));
      iter = r.next!;
    }
    assert.deepEqual(seen, [0n, 1n, 2n, 3n, 4n]);
    const caughtUp = await s.read(iter, 10);
    assert.equal(caughtUp.records.length, 0);
    assert.equal(caughtUp.next, iter, 'caught up on an open shard: the same iterator back');
    await h.client.putRow({
      tableName: 'lim',
      condition: condition(),
      primaryKey: [{ p: 'k' }, { n: long(9) }],
      attributeColumns: [{ i: long(9) }],
    });
    const more = await s.read(iter, 10);
    assert.deepEqual(
      more.records.map((x) => x.row.primaryKey[1]!.value),
      [9n],
    );
    await rejectsWith(s.read('not-an-iterator'), 400, 'OTSParameterInvalid');
  });

  it('splits and merges shards: parents close, children carry lineage, a drained closed shard has no next iterator', async () => {
    await createTable(h.client, 'lin', PK, STREAM);
    await h.admin.reshard('lin', 1);
    const streamId = await s.streamId('lin');
    const put = (p: string, n: number) =>
      h.client.putRow({
        tableName: 'lin',
        condition: condition(),
        primaryKey: [{ p }, { n: long(n) }],
        attributeColumns: [{ v: long(n) }],
      });
    await put('a', 1);
    const [root] = await s.shardIds(streamId);
    const { children } = await h.admin.split('lin', root!);
    for (let i = 0; i < 20; i++) await put(`k${i}`, 2);
    const described = await s.describe(streamId);
    assert.deepEqual(
      described.shards.map((x) => [x.shardId, x.parentId ?? null, x.parentSiblingId ?? null]),
      [
        [root, null, null],
        [children[0], root, null],
        [children[1], root, null],
      ],
    );
    const parent = await s.drain(streamId, root!);
    assert.equal(parent.records.length, 1);
    assert.equal(parent.end, 'SHARD_END');
    const kids = await Promise.all(children.map((c) => s.drain(streamId, c)));
    assert.equal(kids[0]!.records.length + kids[1]!.records.length, 20);
    assert.ok(
      kids.every((k) => k.end === 'CAUGHT_UP' && k.records.length > 0),
      'both children take writes',
    );
    const { child } = await h.admin.merge('lin', children[0], children[1]);
    const merged = (await s.describe(streamId)).shards.find((x) => x.shardId === child)!;
    assert.equal(merged.parentId, children[0]);
    assert.equal(merged.parentSiblingId, children[1]);
    for (let i = 0; i < 5; i++) await put(`k${i}`, 3);
    assert.equal((await s.drain(streamId, child)).records.length, 5);
    const closed = await s.drain(streamId, children[0]);
    assert.equal(closed.end, 'SHARD_END');
  });

  it('trims records older than the expiration: old iterators get OTSTrimmedDataAccess, the horizon moves', async () => {
    await createTable(h.client, 'trim', PK, {
      streamSpecification: { enableStream: true, expirationTime: 1 },
    });
    await h.admin.reshard('trim', 1);
    const streamId = await s.streamId('trim');
    const [shardId] = await s.shardIds(streamId);
    await h.client.putRow({
      tableName: 'trim',
      condition: condition(),
      primaryKey: [{ p: 'a' }, { n: long(1) }],
      attributeColumns: [{ v: long(1) }],
    });
    const oldIter = (await s.iterator(streamId, shardId!)).shardIterator;
    const moved = await h.admin.advanceClock(3_600_000 + 1000);
    try {
      assert.equal(moved.trimmed, 1);
      assert.equal((await h.admin.trim()).trimmed, 0, 'the clock move already trimmed');
      const [after] = (await h.admin.shards('trim')).shards;
      assert.deepEqual([after!.firstIndex, after!.records], [1, 0]);
      await h.client.putRow({
        tableName: 'trim',
        condition: condition(),
        primaryKey: [{ p: 'a' }, { n: long(2) }],
        attributeColumns: [{ v: long(2) }],
      });
      await rejectsWith(s.read(oldIter), 404, 'OTSTrimmedDataAccess');
      const fresh = await s.drain(streamId, shardId!);
      assert.deepEqual(
        fresh.records.map((r) => r.row.primaryKey[1]!.value),
        [2n],
      );
    } finally {
      await h.admin.advanceClock(-(3_600_000 + 1000));
    }
  });
});
