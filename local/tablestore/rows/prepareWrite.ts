/**
 * One row write (PutRow, UpdateRow, DeleteRow, or a BatchWriteRow row) checked against the table
 * and its current row, turned into a `RowWrite` plus the row to return. Nothing is committed here.
 */
import {
  AUTO_INCREMENT,
  encodeRow,
  type Cell,
  type PrimaryKeyColumn,
} from '../../../shared/tablestore/plainbuffer/index.js';
import type { ActionType, TableState } from '../store/types.js';
import { invalid } from '../wire-error.js';
import type { RowWrite } from './commit.js';
import { checkCondition, type Condition } from './conditions.js';
import { deleteRow, putRow, updateRow } from './mutate.js';
import { checkPrimaryKey, hasAutoIncrement, readRequestRow } from './requestRows.js';
import { liveColumns } from './versions.js';

export type WriteKind = 'PUT' | 'UPDATE' | 'DELETE';
const ACTIONS: Record<WriteKind, ActionType> = { PUT: 1, UPDATE: 2, DELETE: 3 };

export interface WriteRequest {
  kind: WriteKind;
  row: Uint8Array | undefined;
  condition: Condition;
  returnContent?: { returnType?: number; returnColumnNames?: string[] };
}

export interface PreparedWrite {
  write: RowWrite;
  /** PlainBuffer row for the response's `row` field, when return content asks for one. */
  returnRow?: Buffer;
}

/** Hands out auto-increment values: strictly increasing, never below the clock in µs. */
export class AutoIncrement {
  constructor(public last: bigint) {}
  next(nowMs: number): bigint {
    const floor = BigInt(nowMs) * 1000n;
    this.last = this.last + 1n > floor ? this.last + 1n : floor;
    return this.last;
  }
}

function assignAutoIncrement(
  pk: PrimaryKeyColumn[],
  counter: AutoIncrement,
  nowMs: number,
): PrimaryKeyColumn[] {
  return pk.map((c) => (c.value === AUTO_INCREMENT ? { name: c.name, value: counter.next(nowMs) } : c));
}

export function prepareWrite(
  table: TableState,
  req: WriteRequest,
  counter: AutoIncrement,
  nowMs: number,
): PreparedWrite {
  const row = readRequestRow(req.row, req.kind === 'DELETE' ? 'primary key' : 'row');
  checkPrimaryKey(table, row.primaryKey, { autoIncrement: req.kind === 'PUT' });
  let pk = row.primaryKey;
  if (hasAutoIncrement(pk)) {
    if (req.condition.rowExistence !== 0)
      throw invalid('The row existence expectation must be IGNORE when the primary key is AUTO_INCREMENT.');
    pk = assignAutoIncrement(pk, counter, nowMs);
  }
  const stored = table.rows.get(pk);
  const current = liveColumns(stored, table, nowMs);
  checkCondition(req.condition, current);
  const cells: readonly Cell[] = row.cells;
  if (req.kind === 'DELETE' && cells.length > 0)
    throw invalid('A DeleteRow must not carry attribute columns.');
  if (req.kind === 'UPDATE' && cells.length === 0)
    throw invalid('No attribute column is specified to update.');
  const mutation =
    req.kind === 'PUT'
      ? putRow(table, cells, nowMs)
      : req.kind === 'UPDATE'
        ? updateRow(table, current, cells, nowMs)
        : deleteRow();
  const write: RowWrite = { pk, action: ACTIONS[req.kind], mutation };
  const returnType = req.returnContent?.returnType ?? 0;
  if (returnType === 1)
    return { write, returnRow: encodeRow({ primaryKey: pk, cells: [], deleteMarker: false }) };
  if (returnType === 2) {
    const names = req.returnContent?.returnColumnNames;
    const returned: Cell[] = [];
    for (const [name, v] of mutation.changed) {
      if (names && names.length > 0 && !names.includes(name)) continue;
      if (v) returned.push({ name, op: 'PUT', value: v.value, timestamp: v.ts });
    }
    return { write, returnRow: encodeRow({ primaryKey: pk, cells: returned, deleteMarker: false }) };
  }
  return { write };
}
