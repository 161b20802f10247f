/** Finding a stream by id (and trimming expired records before any stream read). */
import type { ActionContext } from '../context.js';
import type { StreamState, TableState } from '../store/types.js';
import { otsError } from '../wire-error.js';

export function findStream(ctx: ActionContext, streamId: string): { table: TableState; stream: StreamState } {
  ctx.store.trim();
  for (const table of ctx.store.tables.values()) {
    if (table.stream?.id === streamId) return { table, stream: table.stream };
  }
  throw otsError('OTSObjectNotExist', 'Requested stream data does not exist.');
}
