/** BatchWriteRow: per-row results (a failed condition fails only its row), one commit per table. */
import type { ActionContext } from '../context.js';
import { commitWrites, type RowWrite } from '../rows/commit.js';
import type { Condition } from '../rows/conditions.js';
import { AutoIncrement, prepareWrite, type WriteKind } from '../rows/prepareWrite.js';
import { pkKey } from '../store/values.js';
import type { TableState } from '../store/types.js';
import { invalid, OtsError, tableNotFound } from '../wire-error.js';
import { CONSUMED_WRITE } from './writeRow.js';

export const MAX_BATCH_WRITE_ROWS = 200;
const KINDS: Record<number, WriteKind> = { 1: 'PUT', 2: 'UPDATE', 3: 'DELETE' };

interface BatchWriteRowRequest {
  tables: {
    tableName: string;
    rows?: {
      type: number;
      rowChange: Buffer;
      condition: Condition;
      returnContent?: { returnType?: number; returnColumnNames?: string[] };
    }[];
  }[];
}

export function batchWriteRow(ctx: ActionContext, req: BatchWriteRowRequest): Record<string, unknown> {
  const total = req.tables.reduce((n, t) => n + (t.rows?.length ?? 0), 0);
  if (total > MAX_BATCH_WRITE_ROWS)
    throw invalid(`Rows count exceeds the upper limit: ${MAX_BATCH_WRITE_ROWS}.`);
  if (total === 0) throw invalid('No row specified in the request of BatchWriteRow.');
  const seenTables = new Set<string>();
  const resolved: TableState[] = req.tables.map((t) => {
    if (seenTables.has(t.tableName))
      throw invalid(`The table '${t.tableName}' appears more than once in the request.`);
    seenTables.add(t.tableName);
    const table = ctx.store.tables.get(t.tableName);
    if (!table) throw tableNotFound();
    return table;
  });
  const nowMs = ctx.store.nowMs();
  let duplicate = false;
  const results = req.tables.map((t, i) => {
    const table = resolved[i]!;
    const counter = new AutoIncrement(table.autoIncrement);
    const start = counter.last;
    const writes: RowWrite[] = [];
    const keys = new Set<string>();
    const rows = (t.rows ?? []).map((r) => {
      try {
        const kind = KINDS[r.type];
        if (!kind) throw invalid(`Invalid operation type: ${r.type}.`);
        const prepared = prepareWrite(
          table,
          { kind, row: r.rowChange, condition: r.condition, returnContent: r.returnContent },
          counter,
          nowMs,
        );
        const key = pkKey(prepared.write.pk);
        if (keys.has(key)) duplicate = true;
        keys.add(key);
        writes.push(prepared.write);
        return {
          isOk: true,
          consumed: CONSUMED_WRITE,
          ...(prepared.returnRow ? { row: prepared.returnRow } : {}),
        };
      } catch (err) {
        if (!(err instanceof OtsError)) throw err;
        return { isOk: false, error: { code: err.code, message: err.message } };
      }
    });
    return {
      table,
      writes,
      autoIncrement: counter.last !== start ? counter.last : undefined,
      response: { tableName: t.tableName, rows },
    };
  });
  // The whole batch is refused, not just the repeated row.
  if (duplicate)
    throw invalid('The input parameter is invalid: duplicated primary key in one BatchWriteRow request.');
  for (const r of results) commitWrites(ctx.store, r.table, r.writes, r.autoIncrement);
  return { tables: results.map((r) => r.response) };
}
