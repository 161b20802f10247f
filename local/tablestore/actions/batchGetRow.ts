import { encodeRow } from '../../../shared/tablestore/plainbuffer/index.js';
import type { ActionContext } from '../context.js';
import { checkPrimaryKey, readRequestRow } from '../rows/requestRows.js';
import { readRow } from '../rows/versions.js';
import { invalid, OtsError, tableNotFound } from '../wire-error.js';
import { CONSUMED_READ, readSpec, type ReadParams } from './readSpec.js';

export const MAX_BATCH_GET_ROWS = 100;

interface BatchGetRowRequest {
  tables: (ReadParams & { tableName: string; primaryKey?: Buffer[] })[];
}

/** BatchGetRow: one result per requested key, in request order; a bad key fails only its row. */
export function batchGetRow(ctx: ActionContext, req: BatchGetRowRequest): Record<string, unknown> {
  const total = req.tables.reduce((n, t) => n + (t.primaryKey?.length ?? 0), 0);
  if (total > MAX_BATCH_GET_ROWS) throw invalid(`Rows count exceeds the upper limit: ${MAX_BATCH_GET_ROWS}.`);
  if (total === 0) throw invalid('No row specified in the request of BatchGetRow.');
  const nowMs = ctx.store.nowMs();
  const tables = req.tables.map((t) => {
    const table = ctx.store.tables.get(t.tableName);
    if (!table) throw tableNotFound();
    const spec = readSpec(t);
    const rows = (t.primaryKey ?? []).map((bytes) => {
      try {
        const { primaryKey } = readRequestRow(bytes, 'primary key');
        checkPrimaryKey(table, primaryKey);
        const stored = table.rows.get(primaryKey);
        const row = stored && readRow(stored, table, nowMs, spec);
        return { isOk: true, consumed: CONSUMED_READ, row: row ? encodeRow(row) : Buffer.alloc(0) };
      } catch (err) {
        if (!(err instanceof OtsError)) throw err;
        return { isOk: false, error: { code: err.code, message: err.message } };
      }
    });
    return { tableName: t.tableName, rows };
  });
  return { tables };
}
