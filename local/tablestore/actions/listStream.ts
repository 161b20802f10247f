import type { ActionContext } from '../context.js';
import { tableNotFound } from '../wire-error.js';

export function listStream(ctx: ActionContext, req: { tableName?: string }): Record<string, unknown> {
  if (req.tableName !== undefined && !ctx.store.tables.has(req.tableName)) throw tableNotFound();
  const streams = [...ctx.store.tables.values()]
    .filter((t) => t.stream && (req.tableName === undefined || t.def.name === req.tableName))
    .map((t) => ({ streamId: t.stream!.id, tableName: t.def.name, creationTime: t.stream!.creationUs }));
  return { streams };
}
