/**
 * Values are plain JS values so decoding allocates nothing per cell beyond the value itself:
 * INTEGER = bigint (exact over the whole int64 range), DOUBLE = number, BOOLEAN = boolean,
 * STRING = string, BINARY = Uint8Array (decoded values are Buffers holding their own copy).
 */
export type CellValue = bigint | number | boolean | string | Uint8Array;

/** Primary-key sentinels: range bounds (GetRange) and the auto-increment placeholder. */
export const INF_MIN: unique symbol = Symbol.for('tablestore.plainbuffer.INF_MIN');
export const INF_MAX: unique symbol = Symbol.for('tablestore.plainbuffer.INF_MAX');
export const AUTO_INCREMENT: unique symbol = Symbol.for('tablestore.plainbuffer.AUTO_INCREMENT');
export type PrimaryKeySentinel = typeof INF_MIN | typeof INF_MAX | typeof AUTO_INCREMENT;

/** A primary-key value: INTEGER, STRING or BINARY, or one of the sentinels. */
export type PrimaryKeyValue = bigint | string | Uint8Array | PrimaryKeySentinel;

export interface PrimaryKeyColumn {
  name: string;
  value: PrimaryKeyValue;
}

/**
 * What a cell does. PUT has no TYPE tag on the wire; the others carry `TAG_CELL_TYPE`.
 * INCREMENT only appears in UpdateRow requests (stream records carry the resulting PUT).
 */
export type CellOp = 'PUT' | 'DELETE_ONE_VERSION' | 'DELETE_ALL_VERSIONS' | 'INCREMENT';

export interface Cell {
  name: string;
  op: CellOp;
  /** Present for PUT and INCREMENT; absent for deletes. */
  value?: CellValue;
  /** Version in milliseconds; absent when the writer let the server choose (or delete-all). */
  timestamp?: number;
}

/** The extension of a stream record: its position in the shard. */
export interface SequenceInfo {
  epoch: number;
  /** Commit time in microseconds. */
  timestamp: number;
  rowIndex: number;
}

export interface Row {
  primaryKey: PrimaryKeyColumn[];
  cells: Cell[];
  /** TAG_DELETE_ROW_MARKER: a DeleteRow request or a DELETE_ROW stream record. */
  deleteMarker: boolean;
  /** Present in stream records (the row extension). */
  sequence?: SequenceInfo;
}
