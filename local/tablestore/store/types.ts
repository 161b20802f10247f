/** The data the local Tablestore keeps: tables, rows with versions, streams with shards and records. */
import type { CellValue, PrimaryKeyColumn } from '../../../shared/tablestore/plainbuffer/types.js';

export type PkType = 'INTEGER' | 'STRING' | 'BINARY';

export interface PkSchema {
  name: string;
  type: PkType;
  autoIncrement: boolean;
}

export interface TableOptions {
  /** Seconds; -1 = keep forever. */
  timeToLive: number;
  maxVersions: number;
  /** Seconds a written cell version may differ from the server clock. */
  deviationCellVersionInSec: number;
  allowUpdate: boolean;
}

export interface Throughput {
  read: number;
  write: number;
  lastIncreaseMs: number;
  lastDecreaseMs: number;
}

export interface TableDef {
  name: string;
  primaryKey: PkSchema[];
  definedColumns: { name: string; type: number }[];
  options: TableOptions;
  throughput: Throughput;
  createdMs: number;
}

/** One version of a cell; versions of a column are kept newest first. */
export interface Version {
  ts: number;
  value: CellValue;
}

export interface StoredRow {
  primaryKey: PrimaryKeyColumn[];
  columns: Map<string, Version[]>;
}

export type ActionType = 1 | 2 | 3; // PUT_ROW, UPDATE_ROW, DELETE_ROW

export interface StreamRecord {
  action: ActionType;
  /** Sequence timestamp in µs (also inside `bytes`), kept apart for trimming and timestamp seeks. */
  tsUs: number;
  /** The full PlainBuffer record (header, one row, sequence extension). */
  bytes: Buffer;
}

export interface Shard {
  id: string;
  parentId?: string;
  parentSiblingId?: string;
  /** Partition-key hash range [hashLo, hashHi) this shard takes writes for while open. */
  hashLo: number;
  hashHi: number;
  open: boolean;
  closedMs?: number;
  /** Absolute index of records[0]; indexes before it are trimmed. */
  firstIndex: number;
  records: StreamRecord[];
}

export interface StreamState {
  id: string;
  creationUs: number;
  expirationHours: number;
  nextShardNo: number;
  shards: Shard[];
}

export interface TableState {
  def: TableDef;
  rows: import('./rows.js').RowSet;
  /** Last auto-increment value handed out (0 = none yet). */
  autoIncrement: bigint;
  stream?: StreamState;
}
