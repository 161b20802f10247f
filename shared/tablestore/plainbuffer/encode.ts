/**
 * PlainBuffer writer (reference §3.2): exact byte layout and checksums of the Java/Go writers,
 * without the Node SDK's trailing padding. Used by the local server for responses and stream records.
 */
import * as C from './constants.js';
import { crc8Byte, crc8Bytes } from './crc8.js';
import { PlainBufferEncodeError } from './errors.js';
import {
  AUTO_INCREMENT,
  INF_MAX,
  INF_MIN,
  type Cell,
  type CellOp,
  type CellValue,
  type PrimaryKeyValue,
  type Row,
} from './types.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const OP_BYTES: Record<Exclude<CellOp, 'PUT'>, number> = {
  DELETE_ALL_VERSIONS: C.OP_DELETE_ALL_VERSIONS,
  DELETE_ONE_VERSION: C.OP_DELETE_ONE_VERSION,
  INCREMENT: C.OP_INCREMENT,
};

/** A growable little-endian byte writer. */
class Writer {
  buf = Buffer.allocUnsafe(256);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(v, this.pos);
    this.pos += 8;
  }
  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** Length-prefixed (u32) UTF-8 string. */
  lengthPrefixedString(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(4 + n);
    this.buf.writeUInt32LE(n, this.pos);
    this.buf.write(s, this.pos + 4, n, 'utf8');
    this.pos += 4 + n;
  }
  crc(start: number, end = this.pos, crc = 0): number {
    return crc8Bytes(crc, this.buf, start, end);
  }
  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

function checkInt64(v: bigint, what: string): bigint {
  if (v < INT64_MIN || v > INT64_MAX)
    throw new PlainBufferEncodeError(`${what}: ${v} is outside the int64 range`);
  return v;
}

function checkTimestamp(ts: number, what: string): bigint {
  if (!Number.isSafeInteger(ts))
    throw new PlainBufferEncodeError(`${what}: timestamp ${ts} is not a safe integer`);
  return BigInt(ts);
}

/** Writes `vt payload` (no length prefix) and returns nothing; the caller measures and checksums it. */
function writeTypedValue(w: Writer, value: CellValue | PrimaryKeyValue, what: string): void {
  switch (typeof value) {
    case 'bigint':
      w.u8(C.VT_INTEGER);
      w.i64(checkInt64(value, what));
      return;
    case 'number':
      w.u8(C.VT_DOUBLE);
      w.f64(value);
      return;
    case 'boolean':
      w.u8(C.VT_BOOLEAN);
      w.u8(value ? 1 : 0);
      return;
    case 'string':
      w.u8(C.VT_STRING);
      w.lengthPrefixedString(value);
      return;
    case 'symbol':
      if (value === INF_MIN) return w.u8(C.VT_INF_MIN);
      if (value === INF_MAX) return w.u8(C.VT_INF_MAX);
      if (value === AUTO_INCREMENT) return w.u8(C.VT_AUTO_INCREMENT);
      break;
    case 'object':
      if (value instanceof Uint8Array) {
        w.u8(C.VT_BLOB);
        w.u32(value.length);
        w.bytes(value);
        return;
      }
      break;
  }
  throw new PlainBufferEncodeError(`${what}: unsupported value ${String(value)} (${typeof value})`);
}

/** Writes `0x05 u32(len) vt payload` and folds `vt payload` into crc. */
function writeCellValue(w: Writer, value: CellValue | PrimaryKeyValue, what: string, crc: number): number {
  w.u8(C.TAG_CELL_VALUE);
  const lenAt = w.pos;
  w.u32(0);
  const start = w.pos;
  writeTypedValue(w, value, what);
  w.buf.writeUInt32LE(w.pos - start, lenAt);
  return w.crc(start, w.pos, crc);
}

function writeName(w: Writer, name: string): number {
  w.u8(C.TAG_CELL);
  w.u8(C.TAG_CELL_NAME);
  const start = w.pos + 4;
  w.lengthPrefixedString(name);
  return w.crc(start);
}

function writePrimaryKeyCell(w: Writer, name: string, value: PrimaryKeyValue): number {
  if (typeof value === 'number' || typeof value === 'boolean') {
    throw new PlainBufferEncodeError(
      `primary key ${name}: only bigint, string, binary or a sentinel are allowed`,
    );
  }
  let crc = writeName(w, name);
  crc = writeCellValue(w, value, `primary key ${name}`, crc);
  w.u8(C.TAG_CELL_CHECKSUM);
  w.u8(crc);
  return crc;
}

function writeCell(w: Writer, cell: Cell): number {
  let crc = writeName(w, cell.name);
  if (cell.value !== undefined) {
    if (typeof cell.value === 'symbol')
      throw new PlainBufferEncodeError(`cell ${cell.name}: sentinels are PK-only`);
    crc = writeCellValue(w, cell.value, `cell ${cell.name}`, crc);
  }
  const op = cell.op === 'PUT' ? undefined : OP_BYTES[cell.op];
  if (cell.op !== 'PUT' && op === undefined)
    throw new PlainBufferEncodeError(`cell ${cell.name}: unknown op ${cell.op}`);
  if (op !== undefined) {
    w.u8(C.TAG_CELL_TYPE);
    w.u8(op);
  }
  if (cell.timestamp !== undefined) {
    w.u8(C.TAG_CELL_TIMESTAMP);
    const start = w.pos;
    w.i64(checkTimestamp(cell.timestamp, `cell ${cell.name}`));
    crc = w.crc(start, w.pos, crc);
  }
  // The type byte is hashed after the timestamp although it precedes it on the wire.
  if (op !== undefined) crc = crc8Byte(crc, op);
  w.u8(C.TAG_CELL_CHECKSUM);
  w.u8(crc);
  return crc;
}

function writeRowBody(w: Writer, row: Row): void {
  let rowCrc = 0;
  w.u8(C.TAG_ROW_PK);
  for (const pk of row.primaryKey) rowCrc = crc8Byte(rowCrc, writePrimaryKeyCell(w, pk.name, pk.value));
  if (row.cells.length > 0) {
    w.u8(C.TAG_ROW_DATA);
    for (const cell of row.cells) rowCrc = crc8Byte(rowCrc, writeCell(w, cell));
  }
  if (row.deleteMarker) w.u8(C.TAG_DELETE_ROW_MARKER);
  rowCrc = crc8Byte(rowCrc, row.deleteMarker ? 1 : 0);
  if (row.sequence) {
    const { epoch, timestamp, rowIndex } = row.sequence;
    w.u8(C.TAG_EXTENSION);
    w.u32(24);
    w.u8(C.TAG_SEQ_INFO);
    w.u32(19);
    w.u8(C.TAG_SEQ_INFO_EPOCH);
    w.u32(epoch);
    w.u8(C.TAG_SEQ_INFO_TS);
    w.i64(checkTimestamp(timestamp, 'sequence'));
    w.u8(C.TAG_SEQ_INFO_ROW_INDEX);
    w.u32(rowIndex);
  }
  w.u8(C.TAG_ROW_CHECKSUM);
  w.u8(rowCrc);
}

/** One buffer (header + one row), e.g. a stream record, a PutRow row or a PK-only row. */
export function encodeRow(row: Row): Buffer {
  const w = new Writer();
  w.u32(C.HEADER);
  writeRowBody(w, row);
  return w.done();
}

/** One header then the rows back to back (GetRange); zero rows give an empty buffer, as the server sends. */
export function encodeRows(rows: readonly Row[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const w = new Writer();
  w.u32(C.HEADER);
  for (const row of rows) writeRowBody(w, row);
  return w.done();
}

/** `vt payload` without the length prefix: the `column_value` of a column condition / filter. */
export function encodeColumnValue(value: CellValue): Buffer {
  const w = new Writer();
  writeTypedValue(w, value, 'column value');
  return w.done();
}
