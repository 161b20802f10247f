/** Table APIs of the local Tablestore through the unmodified `tablestore` SDK. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTable, otsCode, startTablestore, TABLE_OPTIONS, THROUGHPUT, type Harness } from './helpers.js';

describe('local tablestore: tables', () => {
  let h: Harness;
  before(async () => {
    h = await startTablestore();
  });
  after(async () => {
    await h.close();
  });

  it('creates a table that DescribeTable and ListTable then show, with every option explicit', async () => {
    await h.client.createTable({
      tableMeta: {
        tableName: 'orders',
        primaryKey: [
          { name: 'shop', type: 'STRING' },
          { name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' },
          { name: 'b', type: 'BINARY' },
        ],
      },
      reservedThroughput: { capacityUnit: { read: 1, write: 2 } },
      tableOptions: { timeToLive: 86400 * 2, maxVersions: 3 },
    });
    const d = await h.client.describeTable({ tableName: 'orders' });
    assert.equal(d.tableMeta.tableName, 'orders');
    assert.deepEqual(
      // Decoded protobuf: enums as numbers; proto2 defaults sit on the prototype, so only own fields were sent.
      d.tableMeta.primaryKey.map((pk: { name: string; type: number; option?: number }) => [
        pk.name,
        pk.type,
        Object.hasOwn(pk, 'option') ? pk.option : null,
      ]),
      [
        ['shop', 2, null],
        ['id', 1, 1],
        ['b', 3, null],
      ],
    );
    assert.equal(d.tableOptions.timeToLive, 86400 * 2);
    assert.equal(d.tableOptions.maxVersions, 3);
    assert.equal(d.tableOptions.allowUpdate, true);
    assert.equal(Number(d.tableOptions.deviationCellVersionInSec), 86400);
    assert.deepEqual({ ...d.reservedThroughputDetails.capacityUnit }, { read: 1, write: 2 });
    assert.equal(d.tableStatus, 1); // ACTIVE
    assert.equal(d.streamDetails.enableStream, false);
    const list = await h.client.listTable({});
    assert.ok(list.tableNames.includes('orders'));
  });

  it('refuses a second table with the same name with 409 OTSObjectAlreadyExist', async () => {
    await createTable(h.client, 'dup');
    await assert.rejects(createTable(h.client, 'dup'), (err: Error & { code: number }) => {
      assert.equal(err.code, 409);
      assert.equal(otsCode(err), 'OTSObjectAlreadyExist');
      return true;
    });
  });

  it('answers 404 OTSObjectNotExist for an unknown table on every table API', async () => {
    for (const call of [
      () => h.client.describeTable({ tableName: 'missing' }),
      () => h.client.deleteTable({ tableName: 'missing' }),
      () => h.client.updateTable({ tableName: 'missing', tableOptions: { maxVersions: 2 } }),
    ]) {
      await assert.rejects(
        call(),
        (err: Error & { code: number }) => err.code === 404 && otsCode(err) === 'OTSObjectNotExist',
      );
    }
  });

  it('rejects bad schemas and options with 400 OTSParameterInvalid', async () => {
    const bad = [
      { tableMeta: { tableName: '9bad', primaryKey: [{ name: 'id', type: 'STRING' }] } },
      {
        tableMeta: {
          tableName: 'five',
          primaryKey: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, type: 'STRING' })),
        },
      },
      { tableMeta: { tableName: 'nopk', primaryKey: [] } },
      {
        tableMeta: {
          tableName: 'autofirst',
          primaryKey: [{ name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' }],
        },
      },
      {
        tableMeta: { tableName: 'ttl', primaryKey: [{ name: 'id', type: 'STRING' }] },
        tableOptions: { timeToLive: 10, maxVersions: 1 },
      },
      {
        tableMeta: { tableName: 'streamnoexp', primaryKey: [{ name: 'id', type: 'STRING' }] },
        streamSpecification: { enableStream: true },
      },
      {
        tableMeta: { tableName: 'streamlong', primaryKey: [{ name: 'id', type: 'STRING' }] },
        streamSpecification: { enableStream: true, expirationTime: 169 },
      },
    ];
    for (const params of bad) {
      await assert.rejects(
        h.client.createTable({ reservedThroughput: THROUGHPUT, tableOptions: TABLE_OPTIONS, ...params }),
        (err: Error & { code: number }) => err.code === 400 && otsCode(err) === 'OTSParameterInvalid',
        params.tableMeta.tableName,
      );
    }
    const names = (await h.client.listTable({})).tableNames;
    for (const params of bad) assert.ok(!names.includes(params.tableMeta.tableName));
  });

  it('merges UpdateTable options into the stored ones and echoes all of them', async () => {
    await createTable(h.client, 'upd');
    const r = await h.client.updateTable({ tableName: 'upd', tableOptions: { maxVersions: 5 } });
    assert.equal(r.tableOptions.maxVersions, 5);
    assert.equal(r.tableOptions.timeToLive, -1);
    const r2 = await h.client.updateTable({ tableName: 'upd', tableOptions: { allowUpdate: false } });
    assert.equal(r2.tableOptions.allowUpdate, false);
    assert.equal(r2.tableOptions.maxVersions, 5);
    await assert.rejects(
      h.client.updateTable({ tableName: 'upd', tableOptions: {} }),
      (err: Error) => otsCode(err) === 'OTSParameterInvalid',
    );
  });

  it('enables a stream on create and on update, with stream details in DescribeTable; re-enabling gives a new stream id', async () => {
    await createTable(h.client, 'withstream', undefined, {
      streamSpecification: { enableStream: true, expirationTime: 24 },
    });
    const d = await h.client.describeTable({ tableName: 'withstream' });
    assert.equal(d.streamDetails.enableStream, true);
    assert.equal(d.streamDetails.expirationTime, 24);
    assert.ok(Number(d.streamDetails.lastEnableTime) > 0);
    const firstId = d.streamDetails.streamId as string;
    assert.ok(firstId.length > 0);

    const off = await h.client.updateTable({
      tableName: 'withstream',
      tableOptions: {},
      streamSpecification: { enableStream: false },
    });
    assert.equal(off.streamDetails.enableStream, false);
    const offDetails = (await h.client.describeTable({ tableName: 'withstream' })).streamDetails;
    assert.equal(offDetails.enableStream, false);
    assert.ok(!Object.hasOwn(offDetails, 'streamId'));

    await new Promise((r) => setTimeout(r, 2));
    const on = await h.client.updateTable({
      tableName: 'withstream',
      tableOptions: {},
      streamSpecification: { enableStream: true, expirationTime: 12 },
    });
    assert.equal(on.streamDetails.enableStream, true);
    assert.equal(on.streamDetails.expirationTime, 12);
    assert.notEqual(on.streamDetails.streamId, firstId);
  });

  it('deletes a table', async () => {
    await createTable(h.client, 'gone');
    await h.client.deleteTable({ tableName: 'gone' });
    assert.ok(!(await h.client.listTable({})).tableNames.includes('gone'));
    await assert.rejects(
      h.client.describeTable({ tableName: 'gone' }),
      (err: Error) => otsCode(err) === 'OTSObjectNotExist',
    );
  });
});
