/** PutRow, UpdateRow and DeleteRow: one row write, committed on its own. */
import type { ActionContext } from '../context.js';
import { commitWrites } from '../rows/commit.js';
import type { Condition } from '../rows/conditions.js';
import { AutoIncrement, prepareWrite, type WriteKind } from '../rows/prepareWrite.js';
import { tableNotFound } from '../wire-error.js';

interface RowRequest {
  tableName: string;
  condition: Condition;
  returnContent?: { returnType?: number; returnColumnNames?: string[] };
}

export const CONSUMED_WRITE = { capacityUnit: { read: 0, write: 1 } };

function writeOne(
  ctx: ActionContext,
  req: RowRequest,
  kind: WriteKind,
  row: Uint8Array | undefined,
): Record<string, unknown> {
  const table = ctx.store.tables.get(req.tableName);
  if (!table) throw tableNotFound();
  const counter = new AutoIncrement(table.autoIncrement);
  const start = counter.last;
  const prepared = prepareWrite(
    table,
    { kind, row, condition: req.condition, returnContent: req.returnContent },
    counter,
    ctx.store.nowMs(),
  );
  commitWrites(ctx.store, table, [prepared.write], counter.last !== start ? counter.last : undefined);
  return { consumed: CONSUMED_WRITE, ...(prepared.returnRow ? { row: prepared.returnRow } : {}) };
}

export const putRow = (ctx: ActionContext, req: RowRequest & { row: Buffer }) =>
  writeOne(ctx, req, 'PUT', req.row);
export const updateRow = (ctx: ActionContext, req: RowRequest & { rowChange: Buffer }) =>
  writeOne(ctx, req, 'UPDATE', req.rowChange);
export const deleteRow = (ctx: ActionContext, req: RowRequest & { primaryKey: Buffer }) =>
  writeOne(ctx, req, 'DELETE', req.primaryKey);
