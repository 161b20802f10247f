/** Single-row APIs of the local Tablestore through the unmodified `tablestore` SDK. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  attrs,
  condition,
  long,
  num,
  rejectsWith,
  startWithRowTables,
  TableStore,
  type Harness,
} from './helpers.js';

describe('local tablestore: single rows', () => {
  let h: Harness;
  const pk = (id: string) => [{ id }];
  before(async () => {
    h = await startWithRowTables();
  });
  after(async () => {
    await h.close();
  });

  it('round-trips every cell type through PutRow and GetRow', async () => {
    const blob = Buffer.from([0, 1, 2, 255]);
    await h.client.putRow({
      tableName: 'r',
      condition: condition(),
      primaryKey: pk('types'),
      attributeColumns: [
        { s: 'héllo' },
        { i: long(-42) },
        { d: 2.5 },
        { t: true },
        { f: false },
        { b: blob },
      ],
    });
    const { row } = await h.client.getRow({ tableName: 'r', primaryKey: pk('types') });
    assert.equal(row.primaryKey[0].value, 'types');
    const a = attrs(row);
    assert.equal(a.s, 'héllo');
    assert.equal(num(a.i), -42);
    assert.equal(a.d, 2.5);
    assert.equal(a.t, true);
    assert.equal(a.f, false);
    assert.deepEqual(Buffer.from(a.b as Buffer), blob);
  });

  it('replaces the whole row on PutRow and returns an empty row for a missing key', async () => {
    await h.client.putRow({
      tableName: 'r',
      condition: condition(),
      primaryKey: pk('rep'),
      attributeColumns: [{ a: 'x' }, { b: 'y' }],
    });
    await h.client.putRow({
      tableName: 'r',
      condition: condition(),
      primaryKey: pk('rep'),
      attributeColumns: [{ c: 'z' }],
    });
    assert.deepEqual(attrs((await h.client.getRow({ tableName: 'r', primaryKey: pk('rep') })).row), {
      c: 'z',
    });
    const missing = await h.client.getRow({ tableName: 'r', primaryKey: pk('nobody') });
    assert.deepEqual(missing.row, {});
  });

  it('checks row existence expectations with 403 OTSConditionCheckFail and writes nothing on failure', async () => {
    await rejectsWith(
      h.client.putRow({
        tableName: 'r',
        condition: condition('EXPECT_EXIST'),
        primaryKey: pk('c1'),
        attributeColumns: [{ v: 'x' }],
      }),
      403,
      'OTSConditionCheckFail',
    );
    assert.deepEqual((await h.client.getRow({ tableName: 'r', primaryKey: pk('c1') })).row, {});
    await h.client.putRow({
      tableName: 'r',
      condition: condition('EXPECT_NOT_EXIST'),
      primaryKey: pk('c1'),
      attributeColumns: [{ v: 'x' }],
    });
    await rejectsWith(
      h.client.putRow({
        tableName: 'r',
        condition: condition('EXPECT_NOT_EXIST'),
        primaryKey: pk('c1'),
        attributeColumns: [{ v: 'y' }],
      }),
      403,
      'OTSConditionCheckFail',
    );
    await rejectsWith(
      h.client.deleteRow({ tableName: 'r', condition: condition('EXPECT_EXIST'), primaryKey: pk('c-none') }),
      403,
      'OTSConditionCheckFail',
    );
    assert.deepEqual(attrs((await h.client.getRow({ tableName: 'r', primaryKey: pk('c1') })).row), {
      v: 'x',
    });
  });

  it('checks single and composite column conditions', async () => {
    await h.client.putRow({
      tableName: 'r',
      condition: condition(),
      primaryKey: pk('cc'),
      attributeColumns: [{ price: long(10) }, { state: 'open' }],
    });
    const single = (op: string, value: unknown, passIfMissing = true) =>
      new TableStore.SingleColumnCondition('price', value, TableStore.ComparatorType[op], passIfMissing);
    const update = (cc: unknown) =>
      h.client.updateRow({
        tableName: 'r',
        condition: condition('EXPECT_EXIST', cc),
        primaryKey: pk('cc'),
        updateOfAttributeColumns: [{ PUT: [{ seen: true }] }],
      });
    await update(single('EQUAL', long(10)));
    await rejectsWith(update(single('GREATER_THAN', long(10))), 403, 'OTSConditionCheckFail');
    await update(single('LESS_EQUAL', long(10)));
    await rejectsWith(update(single('EQUAL', 'ten')), 403, 'OTSConditionCheckFail'); // another type never equals
    const missing = (passIfMissing: boolean) =>
      new TableStore.SingleColumnCondition('absent', 'x', TableStore.ComparatorType.EQUAL, passIfMissing);
    await update(missing(true));
    await rejectsWith(update(missing(false)), 403, 'OTSConditionCheckFail');
    const and = new TableStore.CompositeCondition(TableStore.LogicalOperator.AND);
    and.addSubCondition(single('GREATER_EQUAL', long(5)));
    and.addSubCondition(
      new TableStore.SingleColumnCondition('state', 'open', TableStore.ComparatorType.EQUAL, false),
    );
    await update(and);
    const not = new TableStore.CompositeCondition(TableStore.LogicalOperator.NOT);
    not.addSubCondition(and);
    await rejectsWith(update(not), 403, 'OTSConditionCheckFail');
    const or = new TableStore.CompositeCondition(TableStore.LogicalOperator.OR);
    or.addSubCondition(single('LESS_THAN', long(0)));
    or.addSubCondition(
      new TableStore.SingleColumnCondition('state', 'open', TableStore.ComparatorType.NOT_EQUAL, false),
    );
    await rejectsWith(update(or), 403, 'OTSConditionCheckFail');
  });

  it('applies UpdateRow put, delete-one-version, delete-all and increment, returning the incremented value', async () => {
    const now = Date.now();
    await h.client.putRow({
      tableName: 'mv',
      condition: condition(),
      primaryKey: pk('u'),
      attributeColumns: [
        { v: 'old', timestamp: now - 2000 },
        { v: 'mid', timestamp: now - 1000 },
        { gone: 'x' },
        { n: long(5) },
      ],
    });
    const res = await h.client.updateRow({
      tableName: 'mv',
      condition: condition('EXPECT_EXIST'),
      primaryKey: pk('u'),
      updateOfAttributeColumns: [
        { DELETE: [{ v: long(now - 1000) }] },
        { DELETE_ALL: ['gone'] },
        { PUT: [{ w: 'new' }] },
        { INCREMENT: [{ n: long(3) }, { fresh: long(7) }] },
      ],
      returnContent: { returnType: TableStore.ReturnType.AfterModify, returnColumns: ['n', 'fresh'] },
    });
    assert.deepEqual(Object.fromEntries(Object.entries(attrs(res.row)).map(([k, v]) => [k, num(v)])), {
      n: 8,
      fresh: 7,
    });
    const { row } = await h.client.getRow({ tableName: 'mv', primaryKey: pk('u'), maxVersions: 3 });
    const versions = row.attributes
      .filter((a: { columnName: string }) => a.columnName === 'v')
      .map((a: { columnValue: unknown }) => a.columnValue);
    assert.deepEqual(versions, ['old']);
    const a = attrs(row);
    assert.equal(a.gone, undefined);
    assert.equal(a.w, 'new');
    assert.equal(num(a.n), 8);
    await rejectsWith(
      h.client.updateRow({
        tableName: 'mv',
        condition: condition(),
        primaryKey: pk('u'),
        updateOfAttributeColumns: [{ INCREMENT: [{ w: long(1) }] }],
      }),
      400,
      'OTSParameterInvalid',
    );
  });

  it('keeps max versions newest first and reads them by max versions, time range, specific time and columns', async () => {
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 5; i++) {
      await h.client.updateRow({
        tableName: 'mv',
        condition: condition(),
        primaryKey: pk('ver'),
        updateOfAttributeColumns: [{ PUT: [{ c: `v${i}`, timestamp: t0 + i }] }],
      });
    }
    await h.client.updateRow({
      tableName: 'mv',
      condition: condition(),
      primaryKey: pk('ver'),
      updateOfAttributeColumns: [{ PUT: [{ other: 1.5 }] }],
    });
    const read = async (params: Record<string, unknown>) =>
      ((await h.client.getRow({ tableName: 'mv', primaryKey: pk('ver'), ...params })).row.attributes ?? [])
        .filter((a: { columnName: string }) => a.columnName === 'c')
        .map((a: { columnValue: string; timestamp: unknown }) => [a.columnValue, num(a.timestamp) - t0]);
    assert.deepEqual(await read({ maxVersions: 10 }), [
      ['v4', 4],
      ['v3', 3],
      ['v2', 2],
    ]);
    assert.deepEqual(await read({ maxVersions: 1 }), [['v4', 4]]);
    assert.deepEqual(await read({ maxVersions: 10, timeRange: { startTime: t0 + 2, endTime: t0 + 4 } }), [
      ['v3', 3],
      ['v2', 2],
    ]);
    assert.deepEqual(await read({ maxVersions: 10, timeRange: { specificTime: t0 + 3 } }), [['v3', 3]]);
    const only = await h.client.getRow({ tableName: 'mv', primaryKey: pk('ver'), columnsToGet: ['other'] });
    assert.deepEqual(Object.keys(attrs(only.row)), ['other']);
  });
});
