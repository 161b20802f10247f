/** GetRange, BatchGetRow and BatchWriteRow of the local Tablestore through the unmodified SDK. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  attrs,
  condition,
  createTable,
  long,
  num,
  rejectsWith,
  startTablestore,
  TableStore,
  type Harness,
} from './helpers.js';

type SdkRow = {
  primaryKey: { name: string; value: unknown }[];
  attributes: { columnName: string; columnValue: unknown }[];
};
const key = (row: SdkRow) => `${String(row.primaryKey[0]!.value)}/${num(row.primaryKey[1]!.value)}`;

describe('local tablestore: ranges and batches', () => {
  let h: Harness;
  const PK = [
    { name: 'g', type: 'STRING' },
    { name: 'n', type: 'INTEGER' },
  ];
  const all: string[] = [];
  before(async () => {
    h = await startTablestore();
    await createTable(h.client, 'rg', PK);
    await createTable(h.client, 'other');
    const rows = [];
    for (const g of ['b', 'a', 'c']) {
      for (const n of [-3, 10, 2, 0])
        rows.push({
          type: 'PUT',
          condition: condition(),
          primaryKey: [{ g }, { n: long(n) }],
          attributeColumns: [{ v: long(n) }, { tag: g }],
        });
    }
    await h.client.batchWriteRow({ tables: [{ tableName: 'rg', rows }] });
    for (const g of ['a', 'b', 'c']) for (const n of [-3, 0, 2, 10]) all.push(`${g}/${n}`);
  });
  after(async () => {
    await h.close();
  });

  async function pages(params: Record<string, unknown>): Promise<{ keys: string[]; calls: number }> {
    const keys: string[] = [];
    let start = params.inclusiveStartPrimaryKey;
    let calls = 0;
    while (start) {
      const r = await h.client.getRange({ tableName: 'rg', ...params, inclusiveStartPrimaryKey: start });
      calls++;
      keys.push(...(r.rows as SdkRow[]).map(key));
      // The SDK returns [{name, value}] but takes [{name: value}].
      start = r.nextStartPrimaryKey?.map((c: { name: string; value: unknown }) => ({ [c.name]: c.value }));
    }
    return { keys, calls };
  }

  it('scans forward from INF_MIN to INF_MAX in key order, paging by limit with next start keys', async () => {
    const { keys, calls } = await pages({
      direction: TableStore.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ g: TableStore.INF_MIN }, { n: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ g: TableStore.INF_MAX }, { n: TableStore.INF_MAX }],
      limit: 5,
    });
    assert.deepEqual(keys, all);
    assert.equal(calls, 3);
  });

  it('scans backward from the start key down to the (exclusive) end key', async () => {
    const { keys } = await pages({
      direction: TableStore.Direction.BACKWARD,
      inclusiveStartPrimaryKey: [{ g: 'b' }, { n: long(2) }],
      exclusiveEndPrimaryKey: [{ g: 'a' }, { n: long(0) }],
      limit: 2,
    });
    assert.deepEqual(keys, ['b/2', 'b/0', 'b/-3', 'a/10', 'a/2']);
  });

  it('honours bounded ranges, columns to get and column filters', async () => {
    const r = await h.client.getRange({
      tableName: 'rg',
      direction: TableStore.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ g: 'a' }, { n: long(0) }],
      exclusiveEndPrimaryKey: [{ g: 'b' }, { n: TableStore.INF_MIN }],
      columnsToGet: ['v'],
    });
    assert.deepEqual((r.rows as SdkRow[]).map(key), ['a/0', 'a/2', 'a/10']);
    assert.deepEqual(Object.keys(attrs(r.rows[0])), ['v']);
    assert.equal(r.nextStartPrimaryKey, null);
    const filtered = await h.client.getRange({
      tableName: 'rg',
      direction: TableStore.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ g: TableStore.INF_MIN }, { n: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ g: TableStore.INF_MAX }, { n: TableStore.INF_MAX }],
      columnFilter: new TableStore.SingleColumnCondition(
        'v',
        long(2),
        TableStore.ComparatorType.GREATER_EQUAL,
        false,
      ),
    });
    assert.deepEqual((filtered.rows as SdkRow[]).map(key), ['a/2', 'a/10', 'b/2', 'b/10', 'c/2', 'c/10']);
  });

  it('rejects a range whose start lies after its end, and a wrong key schema', async () => {
    await rejectsWith(
      h.client.getRange({
        tableName: 'rg',
        direction: TableStore.Direction.FORWARD,
        inclusiveStartPrimaryKey: [{ g: 'c' }, { n: TableStore.INF_MIN }],
        exclusiveEndPrimaryKey: [{ g: 'a' }, { n: TableStore.INF_MIN }],
      }),
      400,
      'OTSParameterInvalid',
    );
    await rejectsWith(
      h.client.getRange({
        tableName: 'rg',
        direction: TableStore.Direction.FORWARD,
        inclusiveStartPrimaryKey: [{ g: TableStore.INF_MIN }],
        exclusiveEndPrimaryKey: [{ g: TableStore.INF_MAX }],
      }),
      400,
      'OTSInvalidPK',
    );
  });

  it('gets rows of several tables in one BatchGetRow, in request order, with per-row errors', async () => {
    await h.client.putRow({
      tableName: 'other',
      condition: condition(),
      primaryKey: [{ id: 'x' }],
      attributeColumns: [{ w: 'here' }],
    });
    const r = await h.client.batchGetRow({
      tables: [
        {
          tableName: 'rg',
          primaryKey: [
            [{ g: 'c' }, { n: long(2) }],
            [{ g: 'zz' }, { n: long(1) }],
            [{ g: 'a' }, { n: long(10) }],
          ],
          maxVersions: 1,
        },
        { tableName: 'other', primaryKey: [[{ id: 'x' }], [{ id: long(5) }]] },
      ],
    });
    const [rg, other] = r.tables;
    assert.deepEqual(
      rg.map((x: { isOk: boolean; attributes: unknown }) => [
        x.isOk,
        x.attributes ? num(attrs(x as never).v) : null,
      ]),
      [
        [true, 2],
        [true, null],
        [true, 10],
      ],
    );
    assert.equal(other[0].isOk, true);
    assert.equal(attrs(other[0]).w, 'here');
    assert.equal(other[1].isOk, false);
    assert.equal(other[1].errorCode, 'OTSInvalidPK');
  });

  it('writes a batch with per-row results: a failed condition fails only its row', async () => {
    const r = await h.client.batchWriteRow({
      tables: [
        {
          tableName: 'other',
          rows: [
            {
              type: 'PUT',
              condition: condition('EXPECT_NOT_EXIST'),
              primaryKey: [{ id: 'b1' }],
              attributeColumns: [{ a: 1 }],
              returnContent: { returnType: TableStore.ReturnType.Primarykey },
            },
            {
              type: 'PUT',
              condition: condition('EXPECT_NOT_EXIST'),
              primaryKey: [{ id: 'x' }],
              attributeColumns: [{ a: 2 }],
            },
            {
              type: 'UPDATE',
              condition: condition(),
              primaryKey: [{ id: 'b2' }],
              attributeColumns: [{ PUT: [{ a: 3 }] }],
            },
            { type: 'DELETE', condition: condition(), primaryKey: [{ id: 'x' }] },
          ],
        },
      ],
    });
    assert.deepEqual(
      r.tables.map((t: { isOk: boolean; errorCode: string | null }) => [t.isOk, t.errorCode]),
      [
        [true, null],
        [false, 'OTSConditionCheckFail'],
        [true, null],
        [true, null],
      ],
    );
    assert.equal(r.tables[0].primaryKey[0].value, 'b1');
    const got = await h.client.batchGetRow({
      tables: [{ tableName: 'other', primaryKey: [[{ id: 'b1' }], [{ id: 'b2' }], [{ id: 'x' }]] }],
    });
    assert.deepEqual(
      got.tables[0].map((x: { attributes: unknown }) => (x.attributes ? num(attrs(x as never).a) : null)),
      [1, 3, null],
    );
  });

  it('refuses oversized and duplicated batches as a whole', async () => {
    const rows = Array.from({ length: 201 }, (_, i) => ({
      type: 'PUT',
      condition: condition(),
      primaryKey: [{ id: `m${i}` }],
      attributeColumns: [{ a: 1 }],
    }));
    await rejectsWith(
      h.client.batchWriteRow({ tables: [{ tableName: 'other', rows }] }),
      400,
      'OTSParameterInvalid',
    );
    const dup = [0, 1].map(() => ({
      type: 'PUT',
      condition: condition(),
      primaryKey: [{ id: 'dup' }],
      attributeColumns: [{ a: 1 }],
    }));
    await rejectsWith(
      h.client.batchWriteRow({ tables: [{ tableName: 'other', rows: dup }] }),
      400,
      'OTSParameterInvalid',
    );
    const keys = Array.from({ length: 101 }, (_, i) => [{ id: `k${i}` }]);
    await rejectsWith(
      h.client.batchGetRow({ tables: [{ tableName: 'other', primaryKey: keys }] }),
      400,
      'OTSParameterInvalid',
    );
    assert.deepEqual((await h.client.getRow({ tableName: 'other', primaryKey: [{ id: 'm0' }] })).row, {});
    assert.deepEqual((await h.client.getRow({ tableName: 'other', primaryKey: [{ id: 'dup' }] })).row, {});
  });
});
