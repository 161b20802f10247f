/** Stream records of the local Tablestore: content, order, sequence info, and bytes as the SDK's writer builds them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Row } from '../../../shared/tablestore/plainbuffer/index.js';
import {
  allStreamRecords,
  condition,
  createTable,
  long,
  rejectsWith,
  startWithStreams,
  STREAM,
  STREAM_PK as PK,
  TableStore,
  type Harness,
  type StreamApi,
} from './helpers.js';
import type { DecodedRecord } from './stream-helpers.js';

describe('local tablestore: stream records', () => {
  let h: Harness;
  let s: StreamApi;
  before(async () => {
    ({ h, s } = await startWithStreams());
  });
  after(async () => {
    await h.close();
  });

  const allRecords = (table: string): Promise<Map<string, DecodedRecord[]>> => allStreamRecords(s, table);

  it('appends one record per committed change, in commit order, as PlainBuffer rows with sequence info', async () => {
    await createTable(h.client, 'rec', PK, STREAM);
    const key = (n: number) => [{ p: 'same' }, { n: long(n) }];
    const before = Date.now() * 1000;
    await h.client.putRow({
      tableName: 'rec',
      condition: condition(),
      primaryKey: key(1),
      attributeColumns: [{ a: 'x' }, { b: long(2), timestamp: 1_000 + Date.now() }],
    });
    const ts = Date.now() - 5;
    await h.client.putRow({
      tableName: 'rec',
      condition: condition(),
      primaryKey: key(2),
      attributeColumns: [{ old: 'v', timestamp: ts }, { gone: 1.5 }, { c: long(1) }],
    });
    await rejectsWith(
      h.client.putRow({
        tableName: 'rec',
        condition: condition('EXPECT_NOT_EXIST'),
        primaryKey: key(2),
        attributeColumns: [{ a: 'no' }],
      }),
      403,
      'OTSConditionCheckFail',
    );
    await h.client.updateRow({
      tableName: 'rec',
      condition: condition('EXPECT_EXIST'),
      primaryKey: key(2),
      updateOfAttributeColumns: [
        { DELETE: [{ old: long(ts) }] },
        { DELETE_ALL: ['gone'] },
        { PUT: [{ d: true }] },
        { INCREMENT: [{ c: long(4) }] },
      ],
    });
    await h.client.deleteRow({ tableName: 'rec', condition: condition(), primaryKey: key(1) });
    await h.client.batchWriteRow({
      tables: [
        {
          tableName: 'rec',
          rows: [3, 4].map((n) => ({
            type: 'PUT',
            condition: condition(),
            primaryKey: key(n),
            attributeColumns: [{ v: long(n) }],
          })),
        },
      ],
    });
    const shards = [...(await allRecords('rec')).values()].filter((r) => r.length > 0);
    assert.equal(shards.length, 1, 'one partition key → one shard');
    const records = shards[0]!;
    assert.deepEqual(
      records.map((r) => r.action),
      [1, 1, 2, 3, 1, 1],
    );
    const cells = (row: Row) =>
      row.cells.map((c) => [c.name, c.op, c.value ?? null, c.timestamp === undefined ? null : 'ts']);
    assert.deepEqual(records[0]!.row.primaryKey, [
      { name: 'p', value: 'same' },
      { name: 'n', value: 1n },
    ]);
    assert.deepEqual(cells(records[0]!.row), [
      ['a', 'PUT', 'x', 'ts'],
      ['b', 'PUT', 2n, 'ts'],
    ]);
    assert.ok(records[0]!.row.cells.every((c) => c.timestamp! >= before / 1000 - 1000));
    assert.deepEqual(cells(records[2]!.row), [
      ['old', 'DELETE_ONE_VERSION', null, 'ts'],
      ['gone', 'DELETE_ALL_VERSIONS', null, null],
      ['d', 'PUT', true, 'ts'],
      ['c', 'PUT', 5n, 'ts'],
    ]);
    assert.equal(records[2]!.row.cells[0]!.timestamp, ts);
    assert.equal(records[3]!.row.deleteMarker, true);
    assert.equal(records[3]!.row.cells.length, 0);
    // Sequence info: constant epoch, µs timestamps, strictly increasing (ts, row index); a batch shares its ts.
    const seq = records.map((r) => r.row.sequence!);
    assert.ok(seq.every((x) => x.epoch === 1 && x.timestamp >= before && x.timestamp <= Date.now() * 1000));
    for (let i = 1; i < seq.length; i++) {
      const [a, b] = [seq[i - 1]!, seq[i]!];
      assert.ok(
        b.timestamp > a.timestamp || (b.timestamp === a.timestamp && b.rowIndex > a.rowIndex),
        `record ${i} is after ${i - 1}`,
      );
    }
    assert.equal(seq[4]!.timestamp, seq[5]!.timestamp);
    assert.deepEqual([seq[4]!.rowIndex, seq[5]!.rowIndex], [0, 1]);
  });

  it("writes records byte-identical to the SDK's own PlainBuffer writer (layout, CRC8) plus a 29-byte extension", async () => {
    await createTable(h.client, 'bytes', PK, STREAM);
    await h.admin.reshard('bytes', 1);
    const key = [{ p: 'k' }, { n: long(7) }];
    const ts = Date.now() - 10;
    await h.client.putRow({
      tableName: 'bytes',
      condition: condition(),
      primaryKey: key,
      attributeColumns: [
        { s: 'é', timestamp: ts },
        { i: long(-2), timestamp: ts },
        { f: 0.25, timestamp: ts },
      ],
    });
    await h.client.updateRow({
      tableName: 'bytes',
      condition: condition(),
      primaryKey: key,
      updateOfAttributeColumns: [
        { DELETE: [{ s: long(ts) }] },
        { DELETE_ALL: ['i'] },
        { PUT: [{ b: true, timestamp: ts + 1 }] },
      ],
    });
    await h.client.deleteRow({ tableName: 'bytes', condition: condition(), primaryKey: key });
    const streamId = await s.streamId('bytes');
    const [shardId] = await s.shardIds(streamId);
    const raw = (await s.read((await s.iterator(streamId, shardId!)).shardIterator)).raw.streamRecords.map(
      (r) => Buffer.from(r.record),
    );
    const B = TableStore.PlainBufferBuilder;
    const expected = [
      B.serializeForPutRow(key, [
        { s: 'é', timestamp: ts },
        { i: long(-2), timestamp: ts },
        { f: 0.25, timestamp: ts },
      ]),
      B.serializeForUpdateRow(key, [
        { DELETE: [{ s: long(ts) }] },
        { DELETE_ALL: ['i'] },
        { PUT: [{ b: true, timestamp: ts + 1 }] },
      ]),
      B.serializeForDeleteRow(key),
    ].map((b: Uint8Array) => Buffer.from(b));
    assert.equal(raw.length, 3);
    raw.forEach((record, i) => {
      const extension = record.subarray(record.length - 31, record.length - 2);
      assert.equal(extension[0], 0x0b, `record ${i}: extension right before the row checksum`);
      const withoutExtension = Buffer.concat([
        record.subarray(0, record.length - 31),
        record.subarray(record.length - 2),
      ]);
      const sdk = expected[i]!;
      // The SDK over-allocates and pads with zeros; everything it wrote must match byte for byte.
      assert.deepEqual(sdk.subarray(0, withoutExtension.length), withoutExtension, `record ${i}`);
      assert.ok(sdk.subarray(withoutExtension.length).every((b) => b === 0));
    });
  });
});
