/** Stream records: one PlainBuffer row with the sequence extension, plus the action (reference §3.5). */
import {
  decodeRow,
  PlainBufferCorruptError,
  type Cell,
  type PrimaryKeyColumn,
  type SequenceInfo,
} from './plainbuffer/index.js';
import { ActionType } from './proto/index.js';

export type RecordAction = 'PUT' | 'UPDATE' | 'DELETE';

/** One change, as the stream recorded it. */
export interface StreamRecord {
  action: RecordAction;
  primaryKey: PrimaryKeyColumn[];
  /** PUT cells carry value + timestamp; DELETE_ONE_VERSION a timestamp; DELETE_ALL_VERSIONS neither. */
  cells: Cell[];
  /** Position in the shard: (epoch, timestamp µs, rowIndex) increases strictly within a shard. */
  sequence: SequenceInfo;
}

const ACTIONS: Record<number, RecordAction> = {
  [ActionType.PUT_ROW]: 'PUT',
  [ActionType.UPDATE_ROW]: 'UPDATE',
  [ActionType.DELETE_ROW]: 'DELETE',
};

/** Decodes `GetStreamRecordResponse.StreamRecord{action_type, record}`; corrupt bytes throw `PlainBufferCorruptError`. */
export function decodeStreamRecord(actionType: number, record: Uint8Array): StreamRecord {
  const action = ACTIONS[actionType];
  if (action === undefined) throw new PlainBufferCorruptError(`unknown stream action_type ${actionType}`, 0);
  const row = decodeRow(record);
  if (row.sequence === undefined) {
    throw new PlainBufferCorruptError('stream record has no sequence extension', record.length);
  }
  if (row.primaryKey.length === 0) throw new PlainBufferCorruptError('stream record has no primary key', 4);
  return { action, primaryKey: row.primaryKey, cells: row.cells, sequence: row.sequence };
}

/** Orders sequence infos: negative when `a` comes before `b` in a shard. */
export function compareSequence(a: SequenceInfo, b: SequenceInfo): number {
  return a.epoch - b.epoch || a.timestamp - b.timestamp || a.rowIndex - b.rowIndex;
}
