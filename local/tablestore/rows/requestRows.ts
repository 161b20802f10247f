/**
 * Request rows in and response rows out, through the project's PlainBuffer codec: decoding maps a
 * corrupt buffer to the real error, and primary keys are checked against the table schema.
 */
import {
  AUTO_INCREMENT,
  INF_MAX,
  INF_MIN,
  PlainBufferCorruptError,
  decodeRow,
  type PrimaryKeyColumn,
  type Row,
} from '../../../shared/tablestore/plainbuffer/index.js';
import type { TableState } from '../store/types.js';
import { valueSize, valueType } from '../store/values.js';
import { invalid, pkMismatch } from '../wire-error.js';

export const MAX_PK_VALUE_BYTES = 1024;
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** Decodes one request row (SDK zero padding tolerated); a bad checksum is the real error. */
export function readRequestRow(bytes: Uint8Array | undefined, what: string): Row {
  if (!bytes || bytes.length === 0) throw invalid(`The ${what} is empty.`);
  try {
    return decodeRow(bytes);
  } catch (err) {
    if (err instanceof PlainBufferCorruptError) {
      const message = /checksum/.test(err.message)
        ? 'Cell data broken, checksum is mismatch.'
        : `Invalid ${what}: ${err.message}.`;
      throw invalid(message);
    }
    throw err;
  }
}

export function checkColumnName(name: string): void {
  if (!COLUMN_NAME.test(name)) throw invalid(`Invalid column name: '${name}'.`);
}

export interface PkRules {
  /** INF_MIN / INF_MAX allowed (GetRange bounds). */
  infinite?: boolean;
  /** AUTO_INCREMENT placeholder allowed in auto-increment columns (PutRow and batch puts). */
  autoIncrement?: boolean;
}

/** The primary key must match the schema's names, order and types; otherwise OTSInvalidPK. */
export function checkPrimaryKey(
  table: TableState,
  pk: readonly PrimaryKeyColumn[],
  rules: PkRules = {},
): void {
  const schema = table.def.primaryKey;
  if (pk.length !== schema.length) throw pkMismatch();
  schema.forEach((column, i) => {
    const { name, value } = pk[i]!;
    if (name !== column.name) throw pkMismatch();
    if (value === INF_MIN || value === INF_MAX) {
      if (!rules.infinite) throw pkMismatch();
      return;
    }
    if (value === AUTO_INCREMENT) {
      if (!rules.autoIncrement || !column.autoIncrement) throw pkMismatch();
      return;
    }
    if (valueType(value) !== column.type) throw pkMismatch();
    if (valueSize(value) > MAX_PK_VALUE_BYTES) {
      throw invalid(
        `The length of primary key column: '${name}' exceeded the MaxLength:${MAX_PK_VALUE_BYTES} with CurrentLength:${valueSize(value)}.`,
      );
    }
  });
}

export function hasAutoIncrement(pk: readonly PrimaryKeyColumn[]): boolean {
  return pk.some((c) => c.value === AUTO_INCREMENT);
}
