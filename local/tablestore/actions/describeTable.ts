import type { ActionContext } from '../context.js';
import { tableNotFound } from '../wire-error.js';
import { optionsView, streamDetailsView, tableMetaView, throughputView } from './tableViews.js';

export function describeTable(ctx: ActionContext, req: { tableName: string }): Record<string, unknown> {
  const table = ctx.store.tables.get(req.tableName);
  if (!table) throw tableNotFound();
  return {
    tableMeta: tableMetaView(table),
    reservedThroughputDetails: throughputView(table),
    tableOptions: optionsView(table),
    tableStatus: 1,
    streamDetails: streamDetailsView(table),
  };
}
