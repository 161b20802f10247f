import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareSequence,
  decodeStreamRecord,
  PlainBufferCorruptError,
} from '../../../shared/tablestore/index.js';
import { encodeRow, type Row } from '../../../shared/tablestore/plainbuffer/index.js';

const row: Row = {
  primaryKey: [{ name: 'id', value: 'a' }],
  cells: [{ name: 'v', op: 'PUT', value: 1n, timestamp: 5 }],
  deleteMarker: false,
  sequence: { epoch: 1, timestamp: 1_700_000_000_000_000, rowIndex: 2 },
};

test('action types 1/2/3 map to PUT/UPDATE/DELETE with the row and its sequence', () => {
  const bytes = encodeRow(row);
  assert.deepEqual(
    [1, 2, 3].map((t) => decodeStreamRecord(t, bytes).action),
    ['PUT', 'UPDATE', 'DELETE'],
  );
  const record = decodeStreamRecord(1, bytes);
  assert.deepEqual(record.primaryKey, row.primaryKey);
  assert.deepEqual(record.sequence, row.sequence);
  assert.equal(record.cells[0]!.value, 1n);
});

test('a record without the sequence extension, a primary key or a known action is corrupt', () => {
  assert.throws(
    () => decodeStreamRecord(1, encodeRow({ ...row, sequence: undefined })),
    PlainBufferCorruptError,
  );
  assert.throws(() => decodeStreamRecord(1, encodeRow({ ...row, primaryKey: [] })), PlainBufferCorruptError);
  assert.throws(() => decodeStreamRecord(9, encodeRow(row)), /unknown stream action_type 9/);
});

test('sequences order by epoch, then timestamp, then row index', () => {
  const s = (epoch: number, timestamp: number, rowIndex: number) => ({ epoch, timestamp, rowIndex });
  assert.ok(compareSequence(s(1, 5, 0), s(1, 5, 1)) < 0);
  assert.ok(compareSequence(s(1, 6, 0), s(1, 5, 9)) > 0);
  assert.ok(compareSequence(s(2, 0, 0), s(1, 9, 9)) > 0);
  assert.equal(compareSequence(s(1, 5, 1), s(1, 5, 1)), 0);
});
