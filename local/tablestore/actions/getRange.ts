import { encodeRow, encodeRows, type Row } from '../../../shared/tablestore/plainbuffer/index.js';
import type { ActionContext } from '../context.js';
import { checkPrimaryKey, readRequestRow } from '../rows/requestRows.js';
import { readRow } from '../rows/versions.js';
import { comparePk } from '../store/values.js';
import { invalid, tableNotFound } from '../wire-error.js';
import { CONSUMED_READ, readSpec, type ReadParams } from './readSpec.js';

/** The real service stops a page at 5000 rows or 4 MB and returns the next start key. */
export const MAX_RANGE_ROWS = 5000;
export const MAX_RANGE_BYTES = 4 * 1024 * 1024;

interface GetRangeRequest extends ReadParams {
  tableName: string;
  direction: number;
  limit?: number;
  inclusiveStartPrimaryKey: Buffer;
  exclusiveEndPrimaryKey: Buffer;
}

export function getRange(ctx: ActionContext, req: GetRangeRequest): Record<string, unknown> {
  const table = ctx.store.tables.get(req.tableName);
  if (!table) throw tableNotFound();
  const spec = readSpec(req);
  const start = readRequestRow(req.inclusiveStartPrimaryKey, 'inclusive start primary key').primaryKey;
  const end = readRequestRow(req.exclusiveEndPrimaryKey, 'exclusive end primary key').primaryKey;
  checkPrimaryKey(table, start, { infinite: true });
  checkPrimaryKey(table, end, { infinite: true });
  const backward = req.direction === 1;
  if (req.direction !== 0 && !backward) throw invalid(`Invalid direction: ${req.direction}.`);
  const order = comparePk(start, end);
  if (backward ? order < 0 : order > 0) {
    throw invalid('The start primary key must be before the end primary key in the direction of the read.');
  }
  const limit = Math.min(req.limit ?? MAX_RANGE_ROWS, MAX_RANGE_ROWS);
  const nowMs = ctx.store.nowMs();
  const rows: Row[] = [];
  let bytes = 0;
  let next: Row['primaryKey'] | undefined;
  for (const stored of table.rows.range(start, end, backward)) {
    if (rows.length >= limit || bytes >= MAX_RANGE_BYTES) {
      next = stored.primaryKey;
      break;
    }
    const row = readRow(stored, table, nowMs, spec);
    if (!row) continue;
    rows.push(row);
    bytes += encodeRow(row).length;
  }
  return {
    consumed: CONSUMED_READ,
    rows: encodeRows(rows),
    ...(next ? { nextStartPrimaryKey: encodeRow({ primaryKey: next, cells: [], deleteMarker: false }) } : {}),
  };
}
