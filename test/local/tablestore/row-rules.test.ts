/** Single-row limits, auto-increment, TTL and rejections of the local Tablestore through the SDK. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  attrs,
  condition,
  createTable,
  long,
  num,
  rejectsWith,
  startWithRowTables,
  TableStore,
  type Harness,
} from './helpers.js';

describe('local tablestore: single-row rules', () => {
  let h: Harness;
  const pk = (id: string) => [{ id }];
  before(async () => {
    h = await startWithRowTables();
  });
  after(async () => {
    await h.close();
  });

  it('assigns increasing AUTO_INCREMENT keys and returns them with ReturnType.Primarykey', async () => {
    await createTable(h.client, 'auto', [
      { name: 'shop', type: 'STRING' },
      { name: 'seq', type: 'INTEGER', option: 'AUTO_INCREMENT' },
    ]);
    const put = () =>
      h.client.putRow({
        tableName: 'auto',
        condition: condition(),
        primaryKey: [{ shop: 's1' }, { seq: TableStore.PK_AUTO_INCR }],
        attributeColumns: [{ v: 1 }],
        returnContent: { returnType: TableStore.ReturnType.Primarykey },
      });
    const a = num((await put()).row.primaryKey[1].value);
    const b = num((await put()).row.primaryKey[1].value);
    assert.ok(b > a, `${b} > ${a}`);
    await rejectsWith(
      h.client.putRow({
        tableName: 'auto',
        condition: condition('EXPECT_NOT_EXIST'),
        primaryKey: [{ shop: 's1' }, { seq: TableStore.PK_AUTO_INCR }],
        attributeColumns: [{ v: 1 }],
      }),
      400,
      'OTSParameterInvalid',
    );
  });

  it('hides cells past the TTL once the server clock moves on', async () => {
    await h.client.putRow({
      tableName: 'mv',
      condition: condition(),
      primaryKey: pk('ttl'),
      attributeColumns: [{ v: 'x' }],
    });
    assert.equal(attrs((await h.client.getRow({ tableName: 'mv', primaryKey: pk('ttl') })).row).v, 'x');
    await h.admin.advanceClock(86_400_000 + 1000);
    try {
      assert.deepEqual((await h.client.getRow({ tableName: 'mv', primaryKey: pk('ttl') })).row, {});
      await h.client.putRow({
        tableName: 'mv',
        condition: condition('EXPECT_NOT_EXIST'),
        primaryKey: pk('ttl'),
        attributeColumns: [{ v: 'y' }],
      });
    } finally {
      await h.admin.advanceClock(-(86_400_000 + 1000));
    }
  });

  it('rejects writes the real service rejects', async () => {
    const put = (params: Record<string, unknown>) =>
      h.client.putRow({ tableName: 'r', condition: condition(), ...params });
    await rejectsWith(
      put({ tableName: 'missing', primaryKey: pk('x'), attributeColumns: [{ a: 1 }] }),
      404,
      'OTSObjectNotExist',
    );
    await rejectsWith(
      put({ primaryKey: [{ other: 'x' }], attributeColumns: [{ a: 1 }] }),
      400,
      'OTSInvalidPK',
    );
    await rejectsWith(
      put({ primaryKey: [{ id: long(1) }], attributeColumns: [{ a: 1 }] }),
      400,
      'OTSInvalidPK',
    );
    await rejectsWith(
      put({ primaryKey: [{ id: 'x' }, { id2: 'y' }], attributeColumns: [{ a: 1 }] }),
      400,
      'OTSInvalidPK',
    );
    await rejectsWith(
      put({ primaryKey: pk('k'.repeat(1025)), attributeColumns: [{ a: 1 }] }),
      400,
      'OTSParameterInvalid',
    );
    await rejectsWith(
      put({ primaryKey: pk('big'), attributeColumns: [{ a: 'x'.repeat(2 * 1024 * 1024 + 1) }] }),
      400,
      'OTSParameterInvalid',
    );
    const many = Array.from({ length: 1025 }, (_, i) => ({ [`c${i}`]: long(i) }));
    await rejectsWith(
      put({ primaryKey: pk('wide'), attributeColumns: many }),
      400,
      'OTSOutOfColumnCountLimit',
    );
    await rejectsWith(
      put({ primaryKey: pk('old'), attributeColumns: [{ a: 'x', timestamp: Date.now() - 2 * 86_400_000 }] }),
      400,
      'OTSParameterInvalid',
    );
    await rejectsWith(
      put({ primaryKey: pk('bad name'), attributeColumns: [{ 'bad-name': 1 }] }),
      400,
      'OTSParameterInvalid',
    );
    for (const id of ['old', 'big', 'wide'])
      assert.deepEqual((await h.client.getRow({ tableName: 'r', primaryKey: pk(id) })).row, {});
  });

  it('refuses UpdateRow on a table with allowUpdate false', async () => {
    await createTable(h.client, 'noupd');
    await h.client.updateTable({ tableName: 'noupd', tableOptions: { allowUpdate: false } });
    await rejectsWith(
      h.client.updateRow({
        tableName: 'noupd',
        condition: condition(),
        primaryKey: pk('x'),
        updateOfAttributeColumns: [{ PUT: [{ a: 1 }] }],
      }),
      400,
      'OTSParameterInvalid',
    );
  });

  it('deletes a row', async () => {
    await h.client.putRow({
      tableName: 'r',
      condition: condition(),
      primaryKey: pk('del'),
      attributeColumns: [{ a: 1 }],
    });
    await h.client.deleteRow({ tableName: 'r', condition: condition('EXPECT_EXIST'), primaryKey: pk('del') });
    assert.deepEqual((await h.client.getRow({ tableName: 'r', primaryKey: pk('del') })).row, {});
  });
});
