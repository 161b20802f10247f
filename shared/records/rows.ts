/**
 * Stream records → output rows, in DataX's two layouts (reference §3.1–3.3).
 *
 * Multi-version: `pk…, column_name, timestamp, column_value, op_type[, sequence_info]`; a PUT
 * record is a `DR` row then one `U` row per cell, an UPDATE one row per cell (`U`, `DO`, `DA`),
 * a DELETE one `DR` row. Row mode (`single_version_and_update_only`): the configured columns
 * (PK or attribute; last PUT cell of a name wins; delete cells ignored), deletes and all-empty
 * rows dropped and counted.
 */
import { SyncError } from '../errors.js';
import type { StreamRecord } from '../tablestore/index.js';
import type { FieldValue, LayoutSpec, OpCode, OutputColumn, OutputRow, RecordCounts } from './types.js';

export const MULTI_VERSION_COLUMNS = ['column_name', 'timestamp', 'column_value', 'op_type'] as const;
export const SEQUENCE_INFO_COLUMN = 'sequence_info';

/** The output columns of a layout, in order. */
export function outputColumns(spec: LayoutSpec): OutputColumn[] {
  const cols: OutputColumn[] = [];
  if (spec.mode === 'multi_version') {
    for (const k of spec.primaryKey) cols.push({ name: k.name, role: { kind: 'pk', type: k.type } });
    cols.push(
      { name: 'column_name', role: { kind: 'columnName' } },
      { name: 'timestamp', role: { kind: 'timestamp' } },
      { name: 'column_value', role: { kind: 'value' } },
      { name: 'op_type', role: { kind: 'op' } },
    );
  } else {
    for (const name of spec.columns) {
      const pk = spec.primaryKey.find((k) => k.name === name);
      cols.push({ name, role: pk ? { kind: 'pk', type: pk.type } : { kind: 'attribute' } });
    }
  }
  if (spec.isExportSequenceInfo) cols.push({ name: SEQUENCE_INFO_COLUMN, role: { kind: 'sequenceInfo' } });
  return cols;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `%010d_%020d_%010d_<shard>` (row mode) or with `:%010d` (multi-version row index in the record). */
export function sequenceInfoText(record: StreamRecord, shardId: string, columnIndex?: number): string {
  const s = record.sequence;
  const base = `${pad(s.epoch, 10)}_${pad(s.timestamp, 20)}_${pad(s.rowIndex, 10)}_${shardId}`;
  return columnIndex === undefined ? base : `${base}:${pad(columnIndex, 10)}`;
}

/** A record whose shape does not fit the table (wrong primary key): the stream data is not what we expect. */
export class RecordShapeError extends SyncError {
  constructor(message: string) {
    super('RECORD_SHAPE', message);
    this.name = 'RecordShapeError';
  }
}

function pkValue(v: unknown, name: string): FieldValue {
  if (typeof v === 'bigint' || typeof v === 'string' || v instanceof Uint8Array) return v;
  throw new RecordShapeError(
    `primary-key column "${name}" holds ${String(v)}, which a stream record cannot carry`,
  );
}

/** Turns records of one shard into rows of one layout, counting every record it does not emit. */
export class RowBuilder {
  readonly columns: readonly OutputColumn[];
  readonly counts: RecordCounts = { records: 0, rows: 0, droppedDeletes: 0, droppedEmpty: 0 };
  readonly #spec: LayoutSpec;
  readonly #shardId: string;
  readonly #pkNames: readonly string[];

  constructor(spec: LayoutSpec, shardId: string) {
    this.#spec = spec;
    this.#shardId = shardId;
    this.#pkNames = spec.primaryKey.map((k) => k.name);
    this.columns = outputColumns(spec);
  }

  /** The rows one record becomes (possibly none, counted). */
  rows(record: StreamRecord): OutputRow[] {
    this.counts.records++;
    const out = this.#spec.mode === 'multi_version' ? this.#multiVersion(record) : this.#rowMode(record);
    this.counts.rows += out.length;
    return out;
  }

  #pk(record: StreamRecord): FieldValue[] {
    const pk = record.primaryKey;
    if (pk.length !== this.#pkNames.length || pk.some((c, i) => c.name !== this.#pkNames[i])) {
      throw new RecordShapeError(
        `record primary key (${pk.map((c) => c.name).join(', ')}) does not match the table's (${this.#pkNames.join(', ')})`,
      );
    }
    return pk.map((c) => pkValue(c.value, c.name));
  }

  #multiVersion(record: StreamRecord): OutputRow[] {
    const pk = this.#pk(record);
    const rows: OutputRow[] = [];
    let index = 0;
    const emit = (name: string | null, ts: number | null, value: FieldValue, op: OpCode): void => {
      const row: OutputRow = [...pk, name, ts === null ? null : BigInt(ts), value, op];
      if (this.#spec.isExportSequenceInfo) row.push(sequenceInfoText(record, this.#shardId, index));
      index++;
      rows.push(row);
    };
    if (record.action === 'DELETE') {
      emit(null, null, null, 'DR');
      return rows;
    }
    if (record.action === 'PUT') emit(null, null, null, 'DR');
    for (const cell of record.cells) {
      if (cell.op === 'DELETE_ONE_VERSION') emit(cell.name, cell.timestamp ?? null, null, 'DO');
      else if (cell.op === 'DELETE_ALL_VERSIONS') emit(cell.name, null, null, 'DA');
      else emit(cell.name, cell.timestamp ?? null, cell.value ?? null, 'U');
    }
    return rows;
  }

  #rowMode(record: StreamRecord): OutputRow[] {
    if (record.action === 'DELETE') {
      this.counts.droppedDeletes++;
      return [];
    }
    const values = new Map<string, FieldValue>();
    const pk = this.#pk(record);
    this.#pkNames.forEach((name, i) => values.set(name, pk[i] ?? null));
    for (const cell of record.cells) {
      if ((cell.op === 'PUT' || cell.op === 'INCREMENT') && cell.value !== undefined)
        values.set(cell.name, cell.value);
    }
    let any = false;
    const row: OutputRow = this.#spec.columns.map((name) => {
      const v = values.get(name);
      if (v === undefined) return null;
      any = true;
      return v;
    });
    if (!any) {
      this.counts.droppedEmpty++;
      return [];
    }
    if (this.#spec.isExportSequenceInfo) row.push(sequenceInfoText(record, this.#shardId));
    return [row];
  }
}
