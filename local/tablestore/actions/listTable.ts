import type { ActionContext } from '../context.js';

export function listTable(ctx: ActionContext): Record<string, unknown> {
  return { tableNames: [...ctx.store.tables.keys()].sort() };
}
