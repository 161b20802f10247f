/**
 * Request rules as data (kinesalite's `validations/`): what each API accepts beyond what protobuf
 * decoding already enforced (required fields). Checked before the action runs; the first broken
 * rule answers `OTSParameterInvalid` with the message the real service uses where known.
 */
import { invalid } from './wire-error.js';

type Rule =
  | { kind: 'tableName'; path: string }
  | { kind: 'range'; path: string; min: number; max: number }
  | { kind: 'maxItems'; path: string; max: number; message: string }
  | { kind: 'minItems'; path: string; min: number; message: string };

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

export const RULES: Readonly<Record<string, readonly Rule[]>> = {
  CreateTable: [
    { kind: 'tableName', path: 'tableMeta.tableName' },
    {
      kind: 'minItems',
      path: 'tableMeta.primaryKey',
      min: 1,
      message: 'The number of primary key columns must be in range: [1, 4].',
    },
    {
      kind: 'maxItems',
      path: 'tableMeta.primaryKey',
      max: 4,
      message: 'The number of primary key columns must be in range: [1, 4].',
    },
    {
      kind: 'maxItems',
      path: 'tableMeta.definedColumn',
      max: 32,
      message: 'The number of defined columns must be in range: [0, 32].',
    },
    { kind: 'range', path: 'tableOptions.maxVersions', min: 1, max: 2147483647 },
    { kind: 'range', path: 'streamSpec.expirationTime', min: 1, max: 168 },
  ],
  DeleteTable: [{ kind: 'tableName', path: 'tableName' }],
  DescribeTable: [{ kind: 'tableName', path: 'tableName' }],
  UpdateTable: [
    { kind: 'tableName', path: 'tableName' },
    { kind: 'range', path: 'tableOptions.maxVersions', min: 1, max: 2147483647 },
    { kind: 'range', path: 'streamSpec.expirationTime', min: 1, max: 168 },
  ],
  PutRow: [{ kind: 'tableName', path: 'tableName' }],
  UpdateRow: [{ kind: 'tableName', path: 'tableName' }],
  DeleteRow: [{ kind: 'tableName', path: 'tableName' }],
  GetRow: [
    { kind: 'tableName', path: 'tableName' },
    { kind: 'range', path: 'maxVersions', min: 1, max: 2147483647 },
    {
      kind: 'maxItems',
      path: 'columnsToGet',
      max: 128,
      message: 'The number of columns to get must be in range: [0, 128].',
    },
  ],
  GetRange: [
    { kind: 'tableName', path: 'tableName' },
    { kind: 'range', path: 'maxVersions', min: 1, max: 2147483647 },
    { kind: 'range', path: 'limit', min: 1, max: 2147483647 },
    {
      kind: 'maxItems',
      path: 'columnsToGet',
      max: 128,
      message: 'The number of columns to get must be in range: [0, 128].',
    },
  ],
  BatchGetRow: [
    { kind: 'tableName', path: 'tables[].tableName' },
    { kind: 'range', path: 'tables[].maxVersions', min: 1, max: 2147483647 },
    { kind: 'minItems', path: 'tables', min: 1, message: 'No row specified in the request of BatchGetRow.' },
  ],
  BatchWriteRow: [
    { kind: 'tableName', path: 'tables[].tableName' },
    {
      kind: 'minItems',
      path: 'tables',
      min: 1,
      message: 'No row specified in the request of BatchWriteRow.',
    },
  ],
  ListStream: [{ kind: 'tableName', path: 'tableName' }],
  DescribeStream: [{ kind: 'range', path: 'shardLimit', min: 1, max: 2147483647 }],
  GetStreamRecord: [{ kind: 'range', path: 'limit', min: 1, max: 2147483647 }],
};

/** Every value at `path` (`a.b`, `a[].b`); absent values are skipped (proto2 optionals). */
function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const part of path.split('.')) {
    const many = part.endsWith('[]');
    const key = many ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const v of current) {
      const child = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      if (child === undefined) continue;
      if (many && Array.isArray(child)) next.push(...(child as unknown[]));
      else next.push(child);
    }
    current = next;
  }
  return current;
}

export function validate(action: string, request: unknown): void {
  for (const rule of RULES[action] ?? []) {
    const values = valuesAt(request, rule.path);
    if (rule.kind === 'minItems' && values.length === 0 && rule.min > 0) throw invalid(rule.message);
    for (const value of values) {
      switch (rule.kind) {
        case 'tableName':
          if (typeof value !== 'string' || !TABLE_NAME.test(value))
            throw invalid(`Invalid table name: '${String(value)}'.`);
          break;
        case 'range': {
          const n = Number(value);
          if (!(n >= rule.min && n <= rule.max)) {
            throw invalid(`${rule.path} must be in range: [${rule.min}, ${rule.max}], got ${String(value)}.`);
          }
          break;
        }
        case 'maxItems':
          if (Array.isArray(value) && value.length > rule.max) throw invalid(rule.message);
          break;
        case 'minItems':
          if (Array.isArray(value) && value.length < rule.min) throw invalid(rule.message);
          break;
      }
    }
  }
}
