/**
 * Translation between our StatusStore values/conditions and the `tablestore` SDK's: integers as
 * int64 (`TableStore.Long`), Condition / SingleColumnCondition / CompositeCondition, primary keys,
 * and a short printable form of SDK errors. Also builds the SDK client.
 */
import TableStoreSdk from 'tablestore';
import { StatusStoreError } from './errors.js';
import type { AttrValue, Attrs, ColumnCheck, StatusKey, WriteCondition } from './store.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK ships no types; `any` stays in these two files */
export const TableStore: any = TableStoreSdk;

/** The part of `TableStore.Client` this store calls (callback style, as the SDK is). */
export interface TablestoreClientLike {
  [op: string]: any;
}

export interface TablestoreClientOptions {
  endpoint: string;
  instance: string;
  accessKeyId: string;
  accessKeySecret: string;
  stsToken?: string;
  maxRetries?: number;
}

/** Builds a `TableStore.Client`; the credentials are handed to the SDK only, never logged. */
export function createTablestoreClient(options: TablestoreClientOptions): TablestoreClientLike {
  return new TableStore.Client({
    endpoint: options.endpoint,
    instancename: options.instance,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.accessKeySecret,
    stsToken: options.stsToken,
    maxRetries: options.maxRetries ?? 3,
  });
}

const COMPARATORS: Record<string, number> = {
  '==': TableStore.ComparatorType.EQUAL,
  '!=': TableStore.ComparatorType.NOT_EQUAL,
  '<': TableStore.ComparatorType.LESS_THAN,
  '<=': TableStore.ComparatorType.LESS_EQUAL,
  '>': TableStore.ComparatorType.GREATER_THAN,
  '>=': TableStore.ComparatorType.GREATER_EQUAL,
};

const EXPECT: Record<string, number> = {
  ignore: TableStore.RowExistenceExpectation.IGNORE,
  exists: TableStore.RowExistenceExpectation.EXPECT_EXIST,
  notExists: TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST,
};

export function toSdkValue(value: AttrValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new RangeError(`status column value ${value} is not a safe integer`);
    return TableStore.Long.fromNumber(value);
  }
  return value;
}

function fromSdkValue(value: any): AttrValue {
  if (typeof value === 'string' || typeof value === 'boolean' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'number') return value;
  if (value && typeof value.toNumber === 'function') return value.toNumber() as number;
  throw new StatusStoreError('decode', `unsupported column value type ${typeof value}`);
}

function toSdkCheck(check: ColumnCheck): any {
  if ('and' in check || 'or' in check) {
    const subs = 'and' in check ? check.and : check.or;
    if (subs.length === 1) return toSdkCheck(subs[0] as ColumnCheck);
    if (subs.length === 0) throw new RangeError('an empty and/or column check matches nothing useful');
    // Tablestore documents AND/OR with exactly two sub-conditions: nest longer lists pairwise.
    const op = 'and' in check ? TableStore.LogicalOperator.AND : TableStore.LogicalOperator.OR;
    const [first, ...rest] = subs as [ColumnCheck, ...ColumnCheck[]];
    const composite = new TableStore.CompositeCondition(op);
    composite.addSubCondition(toSdkCheck(first));
    composite.addSubCondition(toSdkCheck('and' in check ? { and: rest } : { or: rest }));
    return composite;
  }
  return new TableStore.SingleColumnCondition(
    check.column,
    toSdkValue(check.value),
    COMPARATORS[check.op],
    check.passIfMissing ?? false,
    true,
  );
}

export function toSdkCondition(condition: WriteCondition = {}): any {
  const expect = EXPECT[condition.expect ?? 'ignore'];
  return condition.check
    ? new TableStore.Condition(expect, toSdkCheck(condition.check))
    : new TableStore.Condition(expect, null);
}

export function pk(key: StatusKey): Record<string, string>[] {
  return [{ StreamId: key.streamId }, { StatusType: key.type }, { StatusValue: key.value }];
}

export function attrsOf(row: any): Attrs {
  const attrs: Attrs = {};
  for (const cell of row?.attributes ?? []) {
    // maxVersions 1: one cell per column; keep the first (newest) if the server sends more.
    if (!(cell.columnName in attrs)) attrs[cell.columnName] = fromSdkValue(cell.columnValue);
  }
  return attrs;
}

export function errorText(err: any): string {
  return `${err?.code ?? ''} ${err?.message ?? String(err)}`;
}

/** A short, printable form of an SDK error (its message embeds the protobuf body with the OTS code). */
export function summarize(err: any): string {
  const text = String(err?.message ?? err);
  const code = /OTS[A-Za-z]+/.exec(text)?.[0];
  return code
    ? `${code} (HTTP ${err?.code ?? '?'})`
    : text
        .replace(/[^\x20-\x7e]+/g, ' ')
        .trim()
        .slice(0, 200);
}
