import type { ActionContext } from '../context.js';
import { tableNotFound } from '../wire-error.js';

export function deleteTable(ctx: ActionContext, req: { tableName: string }): Record<string, unknown> {
  if (!ctx.store.tables.has(req.tableName)) throw tableNotFound();
  ctx.store.commit({ t: 'deleteTable', name: req.tableName });
  return {};
}
