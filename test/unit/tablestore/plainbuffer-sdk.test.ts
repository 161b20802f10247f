/** Cross-checks against the real `tablestore` SDK codec: what it writes we read, what we write it reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTO_INCREMENT,
  INF_MAX,
  INF_MIN,
  decodeRow,
  encodeRows,
  type Row,
} from '../../../shared/tablestore/plainbuffer/index.js';
import { sdk, sdkReadRows } from './sdk.js';

const L = (n: number | string) => (typeof n === 'string' ? sdk.Long.fromString(n) : sdk.Long.fromNumber(n));
const pk = [{ id: L('9007199254740993') }, { name: 'k\u00e9y' }, { bin: Buffer.from([1, 2]) }];
const expectedPk = [
  { name: 'id', value: 9007199254740993n },
  { name: 'name', value: 'k\u00e9y' },
  { name: 'bin', value: Buffer.from([1, 2]) },
];

test('an SDK PutRow row decodes: PUT cells with and without timestamps', () => {
  const bytes = sdk.PlainBufferBuilder.serializeForPutRow(pk, [
    { s: 'text', timestamp: L(1_700_000_000_000) },
    { i: L('-9223372036854775808') },
    { d: 2.5 },
    { b: true },
    { blob: Buffer.from([9]) },
  ]);
  const row = decodeRow(bytes);
  assert.deepEqual(row.primaryKey, expectedPk);
  assert.deepEqual(
    row.cells.map((c) => [c.name, c.op, c.value, c.timestamp]),
    [
      ['s', 'PUT', 'text', 1_700_000_000_000],
      ['i', 'PUT', -(1n << 63n), undefined],
      ['d', 'PUT', 2.5, undefined],
      ['b', 'PUT', true, undefined],
      ['blob', 'PUT', Buffer.from([9]), undefined],
    ],
  );
  assert.equal(row.deleteMarker, false);
});

test('an SDK UpdateRow row with every cell type and its zero padding decodes', () => {
  const bytes = sdk.PlainBufferBuilder.serializeForUpdateRow(pk, [
    { PUT: [{ col: 'v', timestamp: L(1_700_000_000_000) }, { n: L(3) }] },
    { DELETE: [{ old: L(1_700_000_000_001) }] },
    { DELETE_ALL: ['gone'] },
    { INCREMENT: [{ cnt: L(-2) }] },
  ]);
  assert.equal(bytes[bytes.length - 1], 0, 'the SDK pads this buffer (reference §3.6)');
  const row = decodeRow(bytes);
  assert.deepEqual(
    row.cells.map((c) => [c.name, c.op, c.value, c.timestamp]),
    [
      ['col', 'PUT', 'v', 1_700_000_000_000],
      ['n', 'PUT', 3n, undefined],
      ['old', 'DELETE_ONE_VERSION', undefined, 1_700_000_000_001],
      ['gone', 'DELETE_ALL_VERSIONS', undefined, undefined],
      ['cnt', 'INCREMENT', -2n, undefined],
    ],
  );
});

test('an SDK DeleteRow row decodes with the delete marker', () => {
  const row = decodeRow(sdk.PlainBufferBuilder.serializeForDeleteRow(pk));
  assert.deepEqual(row, { primaryKey: expectedPk, cells: [], deleteMarker: true });
});

test('SDK range keys with INF_MIN / INF_MAX / AUTO_INCREMENT decode despite the padding', () => {
  const bytes = sdk.PlainBufferBuilder.serializePrimaryKey([
    { a: sdk.INF_MIN },
    { b: sdk.INF_MAX },
    { c: sdk.PK_AUTO_INCR },
  ]);
  assert.deepEqual(decodeRow(bytes).primaryKey, [
    { name: 'a', value: INF_MIN },
    { name: 'b', value: INF_MAX },
    { name: 'c', value: AUTO_INCREMENT },
  ]);
});

test('the SDK decoder reads our response rows (PK + timestamped values), several behind one header', () => {
  const rows: Row[] = [
    {
      primaryKey: [
        { name: 'id', value: 5n },
        { name: 's', value: 'x' },
      ],
      cells: [
        { name: 'big', op: 'PUT', value: 9007199254740993n, timestamp: 1_700_000_000_000 },
        { name: 'str', op: 'PUT', value: '\u4e2d\u6587', timestamp: 1_700_000_000_001 },
        { name: 'dbl', op: 'PUT', value: -1.25, timestamp: 2 },
        { name: 'flag', op: 'PUT', value: false, timestamp: 3 },
        { name: 'bin', op: 'PUT', value: Buffer.from([0xff]), timestamp: 4 },
      ],
      deleteMarker: false,
    },
    {
      primaryKey: [
        { name: 'id', value: 6n },
        { name: 's', value: 'y' },
      ],
      cells: [],
      deleteMarker: false,
    },
  ];
  const read = sdkReadRows(encodeRows(rows));
  assert.equal(read.length, 2);
  const [first, second] = read;
  assert.deepEqual(
    first!.primaryKey.map((c) => [c.name, String(c.value)]),
    [
      ['id', '5'],
      ['s', 'x'],
    ],
  );
  assert.deepEqual(
    first!.attributes.map((a) => [
      a.columnName,
      typeof a.columnValue === 'object' && !Buffer.isBuffer(a.columnValue)
        ? String(a.columnValue)
        : a.columnValue,
      String(a.timestamp),
    ]),
    [
      ['big', '9007199254740993', '1700000000000'],
      ['str', '\u4e2d\u6587', '1700000000001'],
      ['dbl', -1.25, '2'],
      ['flag', false, '3'],
      ['bin', Buffer.from([0xff]), '4'],
    ],
  );
  assert.deepEqual(second!.attributes, []);
});
