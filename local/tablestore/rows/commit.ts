/**
 * Commits row writes: one store entry holding the rows' new states and, when the table has a
 * stream, one record per row appended to the shard owning its partition key. Rows committed
 * together share the commit timestamp and count up `row_index` within each shard.
 */
import { encodeRow, type PrimaryKeyColumn } from '../../../shared/tablestore/plainbuffer/index.js';
import type { Store } from '../store/store.js';
import { routeShard } from '../store/streams.js';
import type { ActionType, TableState } from '../store/types.js';
import type { Mutation } from './mutate.js';

/** Constant epoch: this server never loses its clock ordering (timestamps only move forward). */
export const EPOCH = 1;

export interface RowWrite {
  pk: PrimaryKeyColumn[];
  action: ActionType;
  mutation: Mutation;
}

export function commitWrites(
  store: Store,
  table: TableState,
  writes: readonly RowWrite[],
  autoIncrement?: bigint,
): void {
  if (writes.length === 0 && autoIncrement === undefined) return;
  const records: { shard: string; action: ActionType; tsUs: number; bytes: Buffer }[] = [];
  const stream = table.stream;
  if (stream) {
    const tsUs = store.nextCommitUs();
    const rowIndex = new Map<string, number>();
    for (const w of writes) {
      const shard = routeShard(stream, w.pk[0]!.value);
      const index = rowIndex.get(shard.id) ?? 0;
      rowIndex.set(shard.id, index + 1);
      const bytes = Buffer.from(
        encodeRow({
          primaryKey: w.pk,
          cells: w.mutation.recordCells,
          deleteMarker: w.mutation.deleteMarker,
          sequence: { epoch: EPOCH, timestamp: tsUs, rowIndex: index },
        }),
      );
      records.push({ shard: shard.id, action: w.action, tsUs, bytes });
    }
  }
  store.commit({
    t: 'write',
    table: table.def.name,
    rows: writes.map((w) => ({ pk: w.pk, columns: w.mutation.columns })),
    records,
    autoIncrement,
  });
}
