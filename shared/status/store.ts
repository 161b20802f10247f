/**
 * The status table as a handful of storage primitives (Powertools persistence-layer style): the
 * ledger logic (`window-ledger.ts`, `datax-status.ts`) is written once against this interface, and
 * each backend (Tablestore, in-memory) only implements these calls with the same semantics.
 */

/** Attribute values we store: strings, safe integers (INTEGER/int64), booleans, binary. */
export type AttrValue = string | number | boolean | Buffer;
export type Attrs = Record<string, AttrValue>;

/** Primary key `(StreamId, StatusType, StatusValue)`, all STRING, as DataX creates the table. */
export interface StatusKey {
  streamId: string;
  type: string;
  value: string;
}

export interface StatusRow {
  key: StatusKey;
  attrs: Attrs;
}

export type Comparator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A column condition; `passIfMissing` (default false here, unlike the SDK) decides for absent columns. */
export type ColumnCheck =
  | { column: string; op: Comparator; value: AttrValue; passIfMissing?: boolean }
  | { and: ColumnCheck[] }
  | { or: ColumnCheck[] };

export interface WriteCondition {
  /** Row existence expectation: `ignore` (default), `exists`, `notExists`. */
  expect?: 'ignore' | 'exists' | 'notExists';
  check?: ColumnCheck;
}

export interface RowChange {
  set?: Attrs;
  remove?: string[];
}

/** StatusValue range within one (StreamId, StatusType): `[start, end)`, or every value with a prefix. */
export type ValueRange = { prefix: string } | { start: string; end: string };

export interface ScanOptions {
  limit?: number;
  /** Newest first (BACKWARD), as DataX reads ShardTime checkpoints. */
  reverse?: boolean;
}

export interface StatusStore {
  /** Creates the table if missing; fails with StatusTableSchemaError if its primary key differs. */
  ensureTable(): Promise<void>;
  get(key: StatusKey): Promise<Attrs | undefined>;
  /** Replaces the whole row. Throws ConditionFailedError when the condition does not hold. */
  put(key: StatusKey, attrs: Attrs, condition?: WriteCondition): Promise<void>;
  /** Sets/removes some columns (creates the row under `ignore`). Throws ConditionFailedError. */
  update(key: StatusKey, change: RowChange, condition?: WriteCondition): Promise<void>;
  delete(key: StatusKey, condition?: WriteCondition): Promise<void>;
  /** Rows of one (StreamId, StatusType) whose StatusValue is in the range, in key order. */
  scan(streamId: string, type: string, range: ValueRange, options?: ScanOptions): Promise<StatusRow[]>;
}

/** The exclusive upper bound of every string starting with `prefix` (DataX uses `\x7f` the same way). */
export function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

export function rangeBounds(range: ValueRange): { start: string; end: string } {
  return 'prefix' in range ? { start: range.prefix, end: prefixEnd(range.prefix) } : range;
}

/** Human-readable key for messages. */
export function describeKey(key: StatusKey): string {
  return `(${key.streamId}, ${key.type}, ${JSON.stringify(key.value)})`;
}
