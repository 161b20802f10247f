/**
 * Parquet schemas for the two layouts.
 *
 * Multi-version (fixed, documented in docs): PK columns typed from the table (INTEGER → INT64,
 * STRING → UTF8, BINARY → BINARY; required), `column_name` UTF8, `timestamp` INT64
 * TIMESTAMP(MILLIS, UTC) — the cell version — then the value split by type so nothing is
 * converted: `value_int` INT64, `value_double` DOUBLE, `value_bool` BOOLEAN, `value_string` UTF8,
 * `value_binary` BINARY (at most one is set; all null for DO/DA/DR rows), `op_type` UTF8
 * (U/DO/DA/DR, required), then `sequence_info` UTF8 when asked.
 * Row mode: the configured columns in order; PK columns typed from the table, attribute
 * columns from `columnTypes` (default UTF8, any value written as its DataX text).
 */
import type { ParquetColumnType } from '../config/types.js';
import type { OutputColumn, PkType } from '../records/types.js';

/** How one Parquet leaf column is filled. */
export type LeafKind = ParquetColumnType;

export interface Leaf {
  readonly name: string;
  readonly kind: LeafKind;
  readonly required: boolean;
  /** Index of the output-row field feeding it. */
  readonly source: number;
  /** Multi-version value split: only values of this JS type land here. */
  readonly valueSlot?: 'bigint' | 'number' | 'boolean' | 'string' | 'bytes';
  /**
   * Min/max statistics are written (they cost ~25 % of encoding time). Off for BINARY columns and
   * `sequence_info`, whose 16-byte-truncated bounds (`0000000001_00001…`) would prune nothing.
   */
  readonly statistics: boolean;
}

export interface SchemaElementLike {
  name: string;
  type?: 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'BYTE_ARRAY';
  converted_type?: 'UTF8' | 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS';
  logical_type?:
    { type: 'TIMESTAMP'; isAdjustedToUTC: boolean; unit: 'MILLIS' | 'MICROS' } | { type: 'STRING' };
  repetition_type?: 'REQUIRED' | 'OPTIONAL';
  num_children?: number;
}

const PK_KIND: Record<PkType, LeafKind> = { INTEGER: 'INT64', STRING: 'UTF8', BINARY: 'BINARY' };
export const VALUE_LEAVES = [
  ['value_int', 'INT64', 'bigint'],
  ['value_double', 'DOUBLE', 'number'],
  ['value_bool', 'BOOLEAN', 'boolean'],
  ['value_string', 'UTF8', 'string'],
  ['value_binary', 'BINARY', 'bytes'],
] as const;

export function parquetLeaves(
  columns: readonly OutputColumn[],
  columnTypes: Readonly<Record<string, ParquetColumnType>>,
): Leaf[] {
  const multi = columns.some((c) => c.role.kind === 'op');
  const leaves: Array<Omit<Leaf, 'statistics'>> = [];
  columns.forEach((c, source) => {
    const r = c.role;
    switch (r.kind) {
      case 'pk':
        leaves.push({ name: c.name, kind: PK_KIND[r.type], required: multi, source });
        break;
      case 'columnName':
      case 'sequenceInfo':
        leaves.push({ name: c.name, kind: 'UTF8', required: false, source });
        break;
      case 'op':
        leaves.push({ name: c.name, kind: 'UTF8', required: true, source });
        break;
      case 'timestamp':
        leaves.push({ name: c.name, kind: 'TIMESTAMP_MILLIS', required: false, source });
        break;
      case 'value':
        for (const [name, kind, valueSlot] of VALUE_LEAVES)
          leaves.push({ name, kind, required: false, source, valueSlot });
        break;
      case 'attribute':
        leaves.push({ name: c.name, kind: columnTypes[c.name] ?? 'UTF8', required: false, source });
        break;
    }
  });
  return leaves.map((l) => ({
    ...l,
    statistics: l.kind !== 'BINARY' && columns[l.source]?.role.kind !== 'sequenceInfo',
  }));
}

export function schemaElements(leaves: readonly Leaf[]): SchemaElementLike[] {
  const out: SchemaElementLike[] = [{ name: 'root', num_children: leaves.length }];
  for (const l of leaves) {
    const repetition_type = l.required ? 'REQUIRED' : 'OPTIONAL';
    switch (l.kind) {
      case 'INT64':
      case 'DOUBLE':
      case 'BOOLEAN':
        out.push({ name: l.name, type: l.kind, repetition_type });
        break;
      case 'UTF8':
        out.push({
          name: l.name,
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
          repetition_type,
        });
        break;
      case 'BINARY':
        out.push({ name: l.name, type: 'BYTE_ARRAY', repetition_type });
        break;
      case 'TIMESTAMP_MILLIS':
      case 'TIMESTAMP_MICROS':
        out.push({
          name: l.name,
          type: 'INT64',
          converted_type: l.kind,
          logical_type: {
            type: 'TIMESTAMP',
            isAdjustedToUTC: true,
            unit: l.kind === 'TIMESTAMP_MILLIS' ? 'MILLIS' : 'MICROS',
          },
          repetition_type,
        });
        break;
    }
  }
  return out;
}
