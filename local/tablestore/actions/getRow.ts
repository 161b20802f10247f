import { encodeRow } from '../../../shared/tablestore/plainbuffer/index.js';
import type { ActionContext } from '../context.js';
import { checkPrimaryKey, readRequestRow } from '../rows/requestRows.js';
import { readRow } from '../rows/versions.js';
import { tableNotFound } from '../wire-error.js';
import { CONSUMED_READ, readSpec, type ReadParams } from './readSpec.js';

/** GetRow: the row's selected versions; empty `row` bytes when absent or filtered out. */
export function getRow(
  ctx: ActionContext,
  req: ReadParams & { tableName: string; primaryKey: Buffer },
): Record<string, unknown> {
  const table = ctx.store.tables.get(req.tableName);
  if (!table) throw tableNotFound();
  const spec = readSpec(req);
  const { primaryKey } = readRequestRow(req.primaryKey, 'primary key');
  checkPrimaryKey(table, primaryKey);
  const stored = table.rows.get(primaryKey);
  const row = stored && readRow(stored, table, ctx.store.nowMs(), spec);
  return { consumed: CONSUMED_READ, row: row ? encodeRow(row) : Buffer.alloc(0) };
}
