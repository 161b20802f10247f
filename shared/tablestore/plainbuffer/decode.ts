/**
 * PlainBuffer reader (reference §3.2) — the export's hot path. One cursor over a Buffer, checksums
 * folded over the wire bytes in place (every checksummed field is contiguous on the wire), no
 * per-byte allocations, and column names interned through a small cache because the same few
 * names repeat in every record. Errors carry the byte offset where the data went wrong.
 */
import * as C from './constants.js';
import { CRC8_TABLE as T, crc8Bytes } from './crc8.js';
import {
  AUTO_INCREMENT,
  INF_MAX,
  INF_MIN,
  type Cell,
  type CellOp,
  type CellValue,
  type PrimaryKeyColumn,
  type PrimaryKeyValue,
  type Row,
  type SequenceInfo,
} from './types.js';
import { internName, internedCrc } from './names.js';
import { hex, Reader, utf8 } from './reader.js';

/**
 * Reads `vt payload` occupying exactly [start, start + len) and returns the value.
 * PK sentinels are only accepted when `pk` is true.
 */
function readTypedValue(r: Reader, start: number, len: number, pk: boolean): CellValue | PrimaryKeyValue {
  const b = r.b;
  const vt = b[start];
  switch (vt) {
    case C.VT_INTEGER:
      if (len !== 9) break;
      return r.i64At(start + 1);
    case C.VT_DOUBLE:
      if (len !== 9 || pk) break;
      return r.f64At(start + 1);
    case C.VT_BOOLEAN:
      if (len !== 2 || pk) break;
      return b[start + 1] !== 0;
    case C.VT_STRING:
    case C.VT_BLOB: {
      if (len < 5) break;
      const size = r.u32At(start + 1);
      if (size !== len - 5)
        r.fail(`value length ${len} does not match its string/binary length ${size}`, start + 1);
      return vt === C.VT_STRING ? utf8(b, start + 5, start + len) : Buffer.copyBytesFrom(b, start + 5, size);
    }
    case C.VT_INF_MIN:
      if (len !== 1 || !pk) break;
      return INF_MIN;
    case C.VT_INF_MAX:
      if (len !== 1 || !pk) break;
      return INF_MAX;
    case C.VT_AUTO_INCREMENT:
      if (len !== 1 || !pk) break;
      return AUTO_INCREMENT;
    default:
      return r.fail(`unknown value type ${hex(vt)}`, start);
  }
  return r.fail(
    `value type ${hex(vt)} with length ${len} is not valid${pk ? ' in a primary key' : ''}`,
    start,
  );
}

function readOp(r: Reader, byte: number | undefined): CellOp {
  switch (byte) {
    case C.OP_DELETE_ALL_VERSIONS:
      return 'DELETE_ALL_VERSIONS';
    case C.OP_DELETE_ONE_VERSION:
      return 'DELETE_ONE_VERSION';
    case C.OP_INCREMENT:
      return 'INCREMENT';
    default:
      return r.fail(`unknown cell type ${hex(byte)}`);
  }
}

/** Name section of a cell; returns the name and leaves the name's crc in `nameCrc`. */
let nameCrc = 0;
function readName(r: Reader): string {
  r.expect(C.TAG_CELL, 'TAG_CELL');
  r.expect(C.TAG_CELL_NAME, 'TAG_CELL_NAME');
  const len = r.u32();
  const start = r.p;
  r.need(len);
  r.p += len;
  const name = internName(r.b, start, len);
  nameCrc = internedCrc;
  return name;
}

/** Value section: `0x05 u32(len) vt payload`; folds `vt payload` into the crc passed in. */
let valueCrc = 0;
function readValue(r: Reader, crc: number, pk: boolean): CellValue | PrimaryKeyValue {
  r.p++;
  const len = r.u32();
  const start = r.p;
  if (len === 0) r.fail('empty cell value', start - 4);
  r.need(len);
  const value = readTypedValue(r, start, len, pk);
  r.p = start + len;
  valueCrc = crc8Bytes(crc, r.b, start, r.p);
  return value;
}

function checkCellCrc(r: Reader, crc: number): number {
  r.expect(C.TAG_CELL_CHECKSUM, 'TAG_CELL_CHECKSUM');
  r.need(1);
  const stored = r.b[r.p]!;
  if (stored !== crc) r.fail(`cell checksum mismatch: stored ${hex(stored)}, computed ${hex(crc)}`);
  r.p++;
  return crc;
}

function readPrimaryKey(r: Reader, into: PrimaryKeyColumn[], rowCrc: number): number {
  while (r.b[r.p] === C.TAG_CELL) {
    const name = readName(r);
    if (r.b[r.p] !== C.TAG_CELL_VALUE) r.fail(`primary key ${name} has no value`);
    const value = readValue(r, nameCrc, true) as PrimaryKeyValue;
    rowCrc = T[rowCrc ^ checkCellCrc(r, valueCrc)]!;
    into.push({ name, value });
  }
  return rowCrc;
}

function readCells(r: Reader, into: Cell[], rowCrc: number): number {
  const b = r.b;
  while (b[r.p] === C.TAG_CELL) {
    const name = readName(r);
    let crc = nameCrc;
    let value: CellValue | undefined;
    let op: CellOp = 'PUT';
    let opByte = -1;
    let timestamp: number | undefined;
    if (b[r.p] === C.TAG_CELL_VALUE) {
      value = readValue(r, crc, false) as CellValue;
      crc = valueCrc;
    }
    if (b[r.p] === C.TAG_CELL_TYPE) {
      r.p++;
      r.need(1);
      opByte = b[r.p]!;
      op = readOp(r, opByte);
      r.p++;
    }
    if (b[r.p] === C.TAG_CELL_TIMESTAMP) {
      r.p++;
      const start = r.p;
      timestamp = r.safeInt64('cell timestamp');
      crc = crc8Bytes(crc, b, start, r.p);
    }
    // The type byte is hashed after the timestamp although it precedes it on the wire.
    if (opByte >= 0) crc = T[crc ^ opByte]!;
    rowCrc = T[rowCrc ^ checkCellCrc(r, crc)]!;
    into.push({ name, op, value, timestamp });
  }
  return rowCrc;
}

/** `0x0B u32(len) { 0x0C u32(len) 0x0D u32 0x0E i64 0x0F u32 | unknown tag u32(len) bytes }` */
function readExtension(r: Reader): SequenceInfo {
  r.p++;
  const len = r.u32();
  const end = r.p + len;
  if (end > r.n) r.fail(`extension length ${len} runs past the end of the buffer`, r.p - 4);
  let sequence: SequenceInfo | undefined;
  while (r.p < end) {
    const tag = r.b[r.p++];
    const size = r.u32();
    const sectionEnd = r.p + size;
    if (sectionEnd > end) r.fail(`extension section length ${size} runs past the extension`, r.p - 4);
    if (tag === C.TAG_SEQ_INFO) {
      r.expect(C.TAG_SEQ_INFO_EPOCH, 'TAG_SEQ_INFO_EPOCH');
      const epoch = r.u32();
      r.expect(C.TAG_SEQ_INFO_TS, 'TAG_SEQ_INFO_TS');
      const timestamp = r.safeInt64('sequence timestamp');
      r.expect(C.TAG_SEQ_INFO_ROW_INDEX, 'TAG_SEQ_INFO_ROW_INDEX');
      const rowIndex = r.u32();
      if (r.p !== sectionEnd) r.fail(`sequence info is ${size} bytes long, expected 19`);
      sequence = { epoch, timestamp, rowIndex };
    }
    r.p = sectionEnd; // unknown sections are skipped, as the Java reader does
  }
  if (!sequence) r.fail('extension has no sequence info', end);
  return sequence;
}

function readRowBody(r: Reader): Row {
  const b = r.b;
  const primaryKey: PrimaryKeyColumn[] = [];
  const cells: Cell[] = [];
  let rowCrc = 0;
  if (b[r.p] === C.TAG_ROW_PK) {
    r.p++;
    rowCrc = readPrimaryKey(r, primaryKey, rowCrc);
  }
  if (b[r.p] === C.TAG_ROW_DATA) {
    r.p++;
    rowCrc = readCells(r, cells, rowCrc);
  }
  const deleteMarker = b[r.p] === C.TAG_DELETE_ROW_MARKER;
  if (deleteMarker) r.p++;
  rowCrc = T[rowCrc ^ (deleteMarker ? 1 : 0)]!;
  const sequence = b[r.p] === C.TAG_EXTENSION ? readExtension(r) : undefined;
  r.expect(C.TAG_ROW_CHECKSUM, 'TAG_ROW_CHECKSUM');
  r.need(1);
  const stored = b[r.p]!;
  if (stored !== rowCrc) r.fail(`row checksum mismatch: stored ${hex(stored)}, computed ${hex(rowCrc)}`);
  r.p++;
  const row: Row = { primaryKey, cells, deleteMarker };
  if (sequence) row.sequence = sequence;
  return row;
}

function readHeader(r: Reader): void {
  r.need(4);
  const header = r.u32At(0);
  if (header !== C.HEADER) r.fail(`header is 0x${header.toString(16)}, expected 0x75`);
  r.p = 4;
}

/** True when the rest of the buffer is zero padding (the Node SDK over-allocates request rows). */
function onlyPaddingLeft(r: Reader): boolean {
  for (let i = r.p; i < r.n; i++) if (r.b[i] !== 0) return false;
  return true;
}

/**
 * Decodes a buffer holding exactly one row (a stream record, a request row). Trailing zero
 * bytes after the row checksum are ignored; anything else after it is corrupt.
 */
export function decodeRow(bytes: Uint8Array): Row {
  const r = new Reader(bytes);
  readHeader(r);
  const row = readRowBody(r);
  if (r.p < r.n && !onlyPaddingLeft(r)) r.fail('unexpected bytes after the row checksum');
  return row;
}

/** Decodes a header followed by any number of rows (GetRange); an empty buffer is zero rows. */
export function decodeRows(bytes: Uint8Array): Row[] {
  if (bytes.length === 0) return [];
  const r = new Reader(bytes);
  readHeader(r);
  const rows: Row[] = [];
  while (r.p < r.n && r.b[r.p] !== 0) rows.push(readRowBody(r));
  if (r.p < r.n && !onlyPaddingLeft(r)) r.fail('unexpected bytes after the last row');
  return rows;
}

/** Decodes `vt payload` without a length prefix: the `column_value` of a column condition / filter. */
export function decodeColumnValue(bytes: Uint8Array): CellValue {
  const r = new Reader(bytes);
  if (r.n === 0) r.fail('empty column value');
  return readTypedValue(r, 0, r.n, false) as CellValue;
}
