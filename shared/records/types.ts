import type { LayoutMode } from '../config/types.js';

/**
 * One field of an output row, still typed: INTEGER = bigint, DOUBLE = number, BOOLEAN, STRING,
 * BINARY = Uint8Array, absent = null. Formats decide how each is written.
 */
export type FieldValue = null | bigint | number | boolean | string | Uint8Array;
export type OutputRow = FieldValue[];

export type PkType = 'INTEGER' | 'STRING' | 'BINARY';
/** One primary-key column of the data table, in table order (from DescribeTable). */
export interface TableKeyColumn {
  readonly name: string;
  readonly type: PkType;
}

export interface LayoutSpec {
  readonly mode: LayoutMode;
  /** Row mode: the configured columns in order. */
  readonly columns: readonly string[];
  readonly isExportSequenceInfo: boolean;
  readonly primaryKey: readonly TableKeyColumn[];
}

/** What a column of the output holds; Parquet derives its schema from this. */
export type ColumnRole =
  | { readonly kind: 'pk'; readonly type: PkType }
  | { readonly kind: 'columnName' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'value' }
  | { readonly kind: 'op' }
  | { readonly kind: 'sequenceInfo' }
  | { readonly kind: 'attribute' };

export interface OutputColumn {
  readonly name: string;
  readonly role: ColumnRole;
}

/** Multi-version op codes, as DataX writes them. */
export type OpCode = 'U' | 'DO' | 'DA' | 'DR';

/** What became of the records given to a row builder; nothing is dropped without a count. */
export interface RecordCounts {
  records: number;
  rows: number;
  /** Row mode: DELETE records (the layout has no place for them). */
  droppedDeletes: number;
  /** Row mode: PUT/UPDATE records where none of the configured columns had a value. */
  droppedEmpty: number;
}
