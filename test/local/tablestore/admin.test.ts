/** Admin hooks of the local Tablestore: fault injection, clock, timestamp seeks, admin errors. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminCallError } from '../../../local/tablestore/admin-client.js';
import { condition, createTable, long, rejectsWith, startTablestore, type Harness } from './helpers.js';
import { streamApi } from './stream-helpers.js';

const PK = [
  { name: 'p', type: 'STRING' },
  { name: 'n', type: 'INTEGER' },
];

describe('local tablestore: admin hooks', () => {
  let h: Harness;
  let s: ReturnType<typeof streamApi>;
  before(async () => {
    h = await startTablestore({ extra: { tablestoreShards: '2', tablestoreSeekPageSize: '3' } });
    s = streamApi(h.client);
    await createTable(h.client, 'f', PK, { streamSpecification: { enableStream: true, expirationTime: 24 } });
  });
  after(async () => {
    await h.close();
  });

  it('fails the next N calls of an API with the injected OTS error and records every hit', async () => {
    await h.admin.clearFaults();
    const streamId = await s.streamId('f');
    const [shardId] = await s.shardIds(streamId);
    const iter = (await s.iterator(streamId, shardId!)).shardIterator;
    await h.admin.injectFault({ api: 'GetStreamRecord', code: 'OTSServerBusy', count: 2 });
    await rejectsWith(s.read(iter), 503, 'OTSServerBusy');
    await rejectsWith(s.read(iter), 503, 'OTSServerBusy');
    assert.equal((await s.read(iter)).next, iter);
    const { hits, pending } = await h.admin.faults();
    assert.deepEqual(
      hits.map((x) => [x.api, x.code, x.status]),
      [
        ['GetStreamRecord', 'OTSServerBusy', 503],
        ['GetStreamRecord', 'OTSServerBusy', 503],
      ],
    );
    assert.equal(pending.length, 0);
    for (const [code, status] of [
      ['OTSTimeout', 503],
      ['OTSPartitionUnavailable', 503],
      ['OTSInternalServerError', 500],
    ] as const) {
      await h.admin.injectFault({ api: 'DescribeStream', code });
      await rejectsWith(s.describe(streamId), status, code);
    }
    await h.admin.injectFault({ api: '*', code: 'OTSServerBusy' });
    await rejectsWith(
      h.client.putRow({
        tableName: 'f',
        condition: condition(),
        primaryKey: [{ p: 'x' }, { n: long(1) }],
        attributeColumns: [{ a: 1 }],
      }),
      503,
      'OTSServerBusy',
    );
    assert.equal((await h.admin.faults()).hits.length, 6);
  });

  it('lets the SDK retry an injected 503 on a read API (the fault provably fired twice)', async () => {
    await h.admin.clearFaults();
    await h.admin.injectFault({ api: 'ListTable', code: 'OTSServerBusy', count: 2 });
    const retrying = h.clientWith({ maxRetries: 3 });
    const list = await retrying.listTable({});
    assert.ok(list.tableNames.includes('f'));
    assert.equal((await h.admin.faults()).hits.filter((x) => x.api === 'ListTable').length, 2);
    h.clientWith({ maxRetries: 0 }); // the SDK's retry count is global; put it back
  });

  it('can fail a call after it committed: the write and its stream record exist, the client saw an error', async () => {
    await h.admin.clearFaults();
    await createTable(h.client, 'lost', PK, {
      streamSpecification: { enableStream: true, expirationTime: 24 },
    });
    await h.admin.reshard('lost', 1);
    await h.admin.injectFault({ api: 'PutRow', code: 'OTSTimeout', afterCommit: true });
    const key = [{ p: 'a' }, { n: long(1) }];
    await rejectsWith(
      h.client.putRow({
        tableName: 'lost',
        condition: condition(),
        primaryKey: key,
        attributeColumns: [{ v: 'kept' }],
      }),
      503,
      'OTSTimeout',
    );
    const { row } = await h.client.getRow({ tableName: 'lost', primaryKey: key });
    assert.equal(row.attributes[0].columnValue, 'kept');
    const streamId = await s.streamId('lost');
    const [shardId] = await s.shardIds(streamId);
    assert.equal((await s.drain(streamId, shardId!)).records.length, 1);
    assert.deepEqual(
      (await h.admin.faults()).hits.map((x) => [x.api, x.code, x.afterCommit]),
      [['PutRow', 'OTSTimeout', true]],
    );
  });

  it('delays calls by the injected amount', async () => {
    await h.admin.clearFaults();
    await h.admin.injectFault({ api: 'DescribeTable', delayMs: 250 });
    const t0 = Date.now();
    await h.client.describeTable({ tableName: 'f' });
    assert.ok(Date.now() - t0 >= 240, `took ${Date.now() - t0} ms`);
    assert.deepEqual(
      (await h.admin.faults()).hits.map((x) => [x.api, x.delayMs, x.code ?? null]),
      [['DescribeTable', 250, null]],
    );
  });

  it('seeks a shard iterator by timestamp (µs), paging the scan with next_token', async () => {
    await createTable(h.client, 'seek', PK, {
      streamSpecification: { enableStream: true, expirationTime: 24 },
    });
    await h.admin.reshard('seek', 1);
    const streamId = await s.streamId('seek');
    const [shardId] = await s.shardIds(streamId);
    for (let i = 0; i < 10; i++) {
      await h.client.putRow({
        tableName: 'seek',
        condition: condition(),
        primaryKey: [{ p: 'a' }, { n: long(i) }],
        attributeColumns: [{ v: long(i) }],
      });
      await h.admin.advanceClock(1000);
    }
    const all = (await s.drain(streamId, shardId!)).records;
    const target = all[7]!.row.sequence!.timestamp;
    let r = await s.iterator(streamId, shardId!, target - 500);
    let calls = 1;
    while (r.nextToken) {
      r = await s.iterator(streamId, shardId!, target - 500, r.nextToken);
      calls++;
    }
    assert.equal(calls, 3, 'page size 3: records 0-2, 3-5, then found at 7');
    const read = await s.read(r.shardIterator, 1);
    assert.equal(read.records[0]!.row.primaryKey[1]!.value, 7n);
    const first = await s.iterator(streamId, shardId!, 0);
    assert.equal(first.nextToken, undefined);
    assert.equal((await s.read(first.shardIterator, 1)).records[0]!.row.primaryKey[1]!.value, 0n);
    let late = await s.iterator(streamId, shardId!, target + 1e12);
    while (late.nextToken) late = await s.iterator(streamId, shardId!, target + 1e12, late.nextToken);
    const atEnd = await s.read(late.shardIterator);
    assert.equal(atEnd.records.length, 0);
    assert.equal(atEnd.next, late.shardIterator);
  });

  it('reports the clock and answers bad admin calls with errors', async () => {
    const { nowMs, offsetMs } = await h.admin.clock();
    assert.ok(Math.abs(nowMs - offsetMs - Date.now()) < 5000);
    const set = await h.admin.setClock(Date.now() + 60_000);
    assert.ok(Math.abs(set.offsetMs - 60_000) < 5000);
    await h.admin.setClock(Date.now());
    const streamId = await s.streamId('f');
    const [a, b] = await s.shardIds(streamId);
    const { children } = await h.admin.split('f', a!);
    await assert.rejects(
      h.admin.split('f', a!),
      (err: AdminCallError) => err.status === 400 && /closed/.test(err.message),
    );
    await assert.rejects(h.admin.merge('f', children[0], b!), (err: AdminCallError) => err.status === 400);
    await assert.rejects(h.admin.split('nope', 'x'), (err: AdminCallError) => err.status === 404);
    await assert.rejects(h.admin.reshard('f', 3), (err: AdminCallError) => err.status === 400);
    const res = await fetch(`${h.endpoint}/_admin/unknown`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
  });
});
