import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RecordShapeError,
  RowBuilder,
  outputColumns,
  type LayoutSpec,
} from '../../../shared/records/index.js';
import type { StreamRecord } from '../../../shared/tablestore/index.js';

const primaryKey = [
  { name: 'uid', type: 'STRING' as const },
  { name: 'seq', type: 'INTEGER' as const },
];
const seq = { epoch: 1, timestamp: 1_700_000_000_123_456, rowIndex: 7 };
const pk = [
  { name: 'uid', value: 'u1' },
  { name: 'seq', value: 42n },
];
const put: StreamRecord = {
  action: 'PUT',
  primaryKey: pk,
  cells: [
    { name: 'name', op: 'PUT', value: 'Ann', timestamp: 1000 },
    { name: 'score', op: 'PUT', value: 1.5, timestamp: 1000 },
  ],
  sequence: seq,
};
const update: StreamRecord = {
  action: 'UPDATE',
  primaryKey: pk,
  cells: [
    { name: 'name', op: 'PUT', value: 'Bob', timestamp: 2000 },
    { name: 'score', op: 'DELETE_ONE_VERSION', timestamp: 1000 },
    { name: 'flag', op: 'DELETE_ALL_VERSIONS' },
  ],
  sequence: { ...seq, rowIndex: 8 },
};
const del: StreamRecord = { action: 'DELETE', primaryKey: pk, cells: [], sequence: { ...seq, rowIndex: 9 } };

const multi: LayoutSpec = { mode: 'multi_version', columns: [], isExportSequenceInfo: true, primaryKey };

test('multi-version columns are pk…, column_name, timestamp, column_value, op_type, sequence_info', () => {
  assert.deepEqual(
    outputColumns(multi).map((c) => c.name),
    ['uid', 'seq', 'column_name', 'timestamp', 'column_value', 'op_type', 'sequence_info'],
  );
});

test('a PUT record is a DR row then one U row per cell, with DataX sequence info', () => {
  const b = new RowBuilder(multi, 'shard-1');
  assert.deepEqual(b.rows(put), [
    ['u1', 42n, null, null, null, 'DR', '0000000001_00001700000000123456_0000000007_shard-1:0000000000'],
    ['u1', 42n, 'name', 1000n, 'Ann', 'U', '0000000001_00001700000000123456_0000000007_shard-1:0000000001'],
    ['u1', 42n, 'score', 1000n, 1.5, 'U', '0000000001_00001700000000123456_0000000007_shard-1:0000000002'],
  ]);
});

test('an UPDATE record is one row per cell: U, DO (no value), DA (no timestamp or value)', () => {
  const b = new RowBuilder({ ...multi, isExportSequenceInfo: false }, 's');
  assert.deepEqual(b.rows(update), [
    ['u1', 42n, 'name', 2000n, 'Bob', 'U'],
    ['u1', 42n, 'score', 1000n, null, 'DO'],
    ['u1', 42n, 'flag', null, null, 'DA'],
  ]);
});

test('a DELETE record is one DR row, column index 0', () => {
  const b = new RowBuilder(multi, 's');
  assert.deepEqual(b.rows(del), [
    ['u1', 42n, null, null, null, 'DR', '0000000001_00001700000000123456_0000000009_s:0000000000'],
  ]);
  assert.deepEqual(b.counts, { records: 1, rows: 1, droppedDeletes: 0, droppedEmpty: 0 });
});

const rowMode: LayoutSpec = {
  mode: 'single_version_and_update_only',
  columns: ['uid', 'name', 'missing'],
  isExportSequenceInfo: false,
  primaryKey,
};

test('row mode exports the configured columns in order, PK or attribute, missing as null', () => {
  const b = new RowBuilder(rowMode, 's');
  assert.deepEqual(b.rows(put), [['u1', 'Ann', null]]);
  assert.deepEqual(b.rows(update), [['u1', 'Bob', null]]);
  assert.deepEqual(
    outputColumns(rowMode).map((c) => c.role.kind),
    ['pk', 'attribute', 'attribute'],
  );
});

test('row mode: the last PUT cell of a name wins and delete cells are ignored', () => {
  const b = new RowBuilder({ ...rowMode, columns: ['name', 'score'] }, 's');
  const rec: StreamRecord = {
    ...update,
    cells: [
      { name: 'name', op: 'PUT', value: 'first', timestamp: 1 },
      { name: 'name', op: 'PUT', value: 'second', timestamp: 2 },
      { name: 'score', op: 'DELETE_ONE_VERSION', timestamp: 1 },
    ],
  };
  assert.deepEqual(b.rows(rec), [['second', null]]);
});

test('row mode drops deletes and all-empty rows, and counts both', () => {
  const b = new RowBuilder({ ...rowMode, columns: ['other'] }, 's');
  assert.deepEqual(b.rows(del), []);
  assert.deepEqual(b.rows(put), []);
  assert.deepEqual(b.rows(update), []);
  assert.deepEqual(b.counts, { records: 3, rows: 0, droppedDeletes: 1, droppedEmpty: 2 });
});

test('row mode sequence info has no column index', () => {
  const b = new RowBuilder({ ...rowMode, isExportSequenceInfo: true }, 'sh');
  assert.equal(b.rows(put)[0]!.at(-1), '0000000001_00001700000000123456_0000000007_sh');
});

test('a record whose primary key does not match the table is a shape error', () => {
  const b = new RowBuilder(multi, 's');
  assert.throws(
    () => b.rows({ ...put, primaryKey: [{ name: 'other', value: 'x' }] }),
    (e: unknown) =>
      e instanceof RecordShapeError &&
      e.code === 'RECORD_SHAPE' &&
      /\(other\) does not match the table's \(uid, seq\)/.test(e.message),
  );
});
