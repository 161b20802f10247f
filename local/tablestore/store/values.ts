/** Ordering, typing and size of PlainBuffer values as the server needs them. */
import {
  INF_MAX,
  INF_MIN,
  type CellValue,
  type PrimaryKeyColumn,
  type PrimaryKeyValue,
} from '../../../shared/tablestore/plainbuffer/types.js';
import type { PkType } from './types.js';

export type ValueType = PkType | 'DOUBLE' | 'BOOLEAN';

export function valueType(value: CellValue | PrimaryKeyValue): ValueType | undefined {
  switch (typeof value) {
    case 'bigint':
      return 'INTEGER';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    case 'object':
      return value instanceof Uint8Array ? 'BINARY' : undefined;
    default:
      return undefined;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** INF_MIN < every value < INF_MAX; INTEGER signed; STRING/BINARY by unsigned bytes. */
export function comparePkValue(a: PrimaryKeyValue, b: PrimaryKeyValue): number {
  if (a === b) return 0;
  if (a === INF_MIN || b === INF_MAX) return -1;
  if (a === INF_MAX || b === INF_MIN) return 1;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareBytes(Buffer.from(a), Buffer.from(b));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  throw new TypeError('primary key values of different types');
}

export function comparePk(a: readonly PrimaryKeyColumn[], b: readonly PrimaryKeyColumn[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const c = comparePkValue(a[i]!.value, b[i]!.value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Comparison for column conditions/filters; undefined when the types differ (never matches). */
export function compareCellValue(a: CellValue, b: CellValue): number | undefined {
  const ta = valueType(a);
  if (ta !== valueType(b)) return undefined;
  if (ta === 'BINARY') return compareBytes(a as Uint8Array, b as Uint8Array);
  if (ta === 'STRING') return compareBytes(Buffer.from(a as string), Buffer.from(b as string));
  if (ta === 'BOOLEAN') return Number(a) - Number(b);
  return (a as number | bigint) < (b as number | bigint)
    ? -1
    : (a as number | bigint) > (b as number | bigint)
      ? 1
      : 0;
}

/** Bytes a value occupies, as counted for size limits. */
export function valueSize(value: CellValue | PrimaryKeyValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.length;
  if (typeof value === 'boolean') return 1;
  return 8;
}

/** A stable string for a primary key, used as a map key. */
export function pkKey(pk: readonly PrimaryKeyColumn[]): string {
  return pk
    .map(({ value }) => {
      if (typeof value === 'bigint') return `i${value}`;
      if (typeof value === 'string') return `s${Buffer.from(value).toString('base64')}`;
      if (value instanceof Uint8Array) return `b${Buffer.from(value).toString('base64')}`;
      return `x${String(value.description)}`;
    })
    .join(',');
}
