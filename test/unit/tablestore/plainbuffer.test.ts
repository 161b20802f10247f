import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTO_INCREMENT,
  INF_MAX,
  INF_MIN,
  PlainBufferEncodeError,
  decodeColumnValue,
  decodeRow,
  decodeRows,
  encodeColumnValue,
  encodeRow,
  encodeRows,
  type Cell,
  type Row,
} from '../../../shared/tablestore/plainbuffer/index.js';

/** Decoded cells always carry own `value`/`timestamp` keys; compare rows without the undefined ones. */
function plain(row: Row): Row {
  const cells = row.cells.map((c) => {
    const out: Cell = { name: c.name, op: c.op };
    if (c.value !== undefined) out.value = c.value;
    if (c.timestamp !== undefined) out.timestamp = c.timestamp;
    return out;
  });
  return { ...row, cells };
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

const everyType: Row = {
  primaryKey: [
    { name: 'pk_int', value: 9007199254740993n }, // 2^53 + 1: not representable as a double
    { name: 'pk_str', value: 'h\u00e9llo \u4e16\u754c' },
    { name: 'pk_bin', value: Buffer.from([0, 255, 7]) },
  ],
  cells: [
    { name: 'max', op: 'PUT', value: INT64_MAX, timestamp: 1_700_000_000_000 },
    { name: 'min', op: 'PUT', value: INT64_MIN, timestamp: 1_700_000_000_001 },
    { name: 'neg', op: 'PUT', value: -1n },
    { name: 'dbl', op: 'PUT', value: 3.141592653589793, timestamp: 0 },
    { name: 'negzero', op: 'PUT', value: -0 },
    { name: 'inf', op: 'PUT', value: Number.NEGATIVE_INFINITY },
    { name: 'yes', op: 'PUT', value: true },
    { name: 'no', op: 'PUT', value: false },
    { name: 'empty', op: 'PUT', value: '' },
    { name: 'bin', op: 'PUT', value: Buffer.alloc(0) },
    { name: 'big', op: 'PUT', value: 'x'.repeat(70_000) },
    { name: '\u5217', op: 'PUT', value: 'multi-byte name' },
    { name: 'd1', op: 'DELETE_ONE_VERSION', timestamp: 1_699_999_999_999 },
    { name: 'dall', op: 'DELETE_ALL_VERSIONS' },
    { name: 'inc', op: 'INCREMENT', value: 5n },
  ],
  deleteMarker: false,
  sequence: { epoch: 4_294_967_295, timestamp: 1_700_000_000_000_123, rowIndex: 42 },
};

test('a row with every value and cell type round-trips exactly, int64 beyond 2^53 included', () => {
  const decoded = decodeRow(encodeRow(everyType));
  assert.deepEqual(plain(decoded), everyType);
  assert.equal(typeof decoded.primaryKey[0]!.value, 'bigint');
  assert.equal(decoded.cells[0]!.value, INT64_MAX);
  assert.ok(Object.is(decoded.cells[4]!.value, -0));
});

test('NaN doubles keep their bits', () => {
  const row: Row = {
    primaryKey: [{ name: 'k', value: 1n }],
    cells: [{ name: 'n', op: 'PUT', value: NaN }],
    deleteMarker: false,
  };
  assert.ok(Number.isNaN(decodeRow(encodeRow(row)).cells[0]!.value));
});

test('primary-key sentinels round-trip', () => {
  const row: Row = {
    primaryKey: [
      { name: 'a', value: INF_MIN },
      { name: 'b', value: INF_MAX },
      { name: 'c', value: AUTO_INCREMENT },
    ],
    cells: [],
    deleteMarker: false,
  };
  assert.deepEqual(decodeRow(encodeRow(row)), row);
});

test('a delete record (PK, delete marker, extension, no cells) round-trips', () => {
  const row: Row = {
    primaryKey: [{ name: 'id', value: 'k1' }],
    cells: [],
    deleteMarker: true,
    sequence: { epoch: 1, timestamp: 1, rowIndex: 0 },
  };
  assert.deepEqual(decodeRow(encodeRow(row)), row);
});

test('several rows behind one header round-trip, and an empty buffer is zero rows', () => {
  const rows: Row[] = [1n, 2n, 3n].map((id) => ({
    primaryKey: [{ name: 'id', value: id }],
    cells: [{ name: 'v', op: 'PUT', value: `row ${id}`, timestamp: 1000 + Number(id) }],
    deleteMarker: false,
  }));
  assert.deepEqual(decodeRows(encodeRows(rows)).map(plain), rows);
  assert.equal(encodeRows([]).length, 0);
  assert.deepEqual(decodeRows(new Uint8Array(0)), []);
});

test('the stream extension is laid out as the Java writer does: 0x0B u32(24) 0x0C u32(19) ...', () => {
  const bytes = encodeRow({
    primaryKey: [{ name: 'k', value: 1n }],
    cells: [],
    deleteMarker: false,
    sequence: { epoch: 2, timestamp: 3, rowIndex: 4 },
  });
  const ext = bytes.subarray(bytes.length - 2 - 29, bytes.length - 2);
  assert.equal(
    ext.toString('hex'),
    '0b18000000' + '0c13000000' + '0d02000000' + '0e0300000000000000' + '0f04000000',
  );
  assert.equal(bytes[bytes.length - 2], 0x09);
});

test('trailing zero padding after the row checksum is ignored; other trailing bytes are corrupt', () => {
  const bytes = encodeRow(everyType);
  const padded = Buffer.concat([bytes, Buffer.alloc(27)]);
  assert.deepEqual(plain(decodeRow(padded)), everyType);
  const junk = Buffer.concat([bytes, Buffer.from([0, 0, 1])]);
  assert.throws(() => decodeRow(junk), { name: 'PlainBufferCorruptError', offset: bytes.length });
});

test('a decoder given a Uint8Array view into a larger buffer reads only its slice', () => {
  const bytes = encodeRow(everyType);
  const big = new Uint8Array(bytes.length + 10);
  big.set(bytes, 5);
  assert.deepEqual(plain(decodeRow(new Uint8Array(big.buffer, 5, bytes.length))), everyType);
});

test('column values without a length prefix (filters) round-trip', () => {
  for (const value of [INT64_MIN, 2.5, true, 'abc', Buffer.from([1, 2])]) {
    assert.deepEqual(decodeColumnValue(encodeColumnValue(value)), value);
  }
  assert.equal(encodeColumnValue(7n).toString('hex'), '00' + '0700000000000000');
});

test('the encoder rejects values PlainBuffer cannot carry', () => {
  const bad = (row: Partial<Row>) => () =>
    encodeRow({ primaryKey: [], cells: [], deleteMarker: false, ...row });
  assert.throws(bad({ cells: [{ name: 'x', op: 'PUT', value: 1n << 63n }] }), PlainBufferEncodeError);
  assert.throws(
    bad({ primaryKey: [{ name: 'k', value: 1.5 as unknown as bigint }] }),
    PlainBufferEncodeError,
  );
  assert.throws(
    bad({ cells: [{ name: 'x', op: 'PUT', value: INF_MIN as unknown as string }] }),
    PlainBufferEncodeError,
  );
  assert.throws(bad({ cells: [{ name: 'x', op: 'PUT', value: 1, timestamp: 1.5 }] }), PlainBufferEncodeError);
  assert.throws(bad({ cells: [{ name: 'x', op: 'NOPE' as 'PUT', value: 1 }] }), PlainBufferEncodeError);
});
