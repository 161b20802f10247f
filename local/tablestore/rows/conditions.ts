/**
 * Row conditions and column filters (`filter.proto`): row existence expectations for writes and
 * single/composite column-value checks, evaluated over a row's visible versions.
 */
import {
  decodeColumnValue,
  PlainBufferCorruptError,
  type CellValue,
} from '../../../shared/tablestore/plainbuffer/index.js';
import { decodeMessage, filterType } from '../proto.js';
import type { Version } from '../store/types.js';
import { compareCellValue } from '../store/values.js';
import { conditionFailed, invalid } from '../wire-error.js';

export type Filter =
  | {
      kind: 'single';
      comparator: number;
      column: string;
      value: CellValue;
      filterIfMissing: boolean;
      latestOnly: boolean;
    }
  | { kind: 'composite'; combinator: number; subs: Filter[] }
  | { kind: 'pagination'; offset: number; limit: number };

const MAX_DEPTH = 32;

function decodeOrInvalid<T>(name: string, bytes: Uint8Array): T {
  try {
    return decodeMessage<T>(filterType(name), bytes);
  } catch (err) {
    throw invalid(`Invalid ${name}: ${(err as Error).message}.`);
  }
}

/** Parses a serialized `filter.proto.Filter`. */
export function parseFilter(bytes: Uint8Array): Filter {
  return parseFilterMessage(decodeOrInvalid<FilterMessage>('Filter', bytes), 0);
}

interface FilterMessage {
  type: number;
  filter: Buffer;
}

function parseFilterMessage(f: FilterMessage, depth: number): Filter {
  if (depth > MAX_DEPTH) throw invalid('The column condition is nested too deeply.');
  switch (f.type) {
    case 1: {
      const s = decodeOrInvalid<{
        comparator: number;
        columnName: string;
        columnValue: Buffer;
        filterIfMissing: boolean;
        latestVersionOnly: boolean;
      }>('SingleColumnValueFilter', f.filter);
      if (!(s.comparator >= 1 && s.comparator <= 6))
        throw invalid(`Invalid comparator type: ${s.comparator}.`);
      let value: CellValue;
      try {
        value = decodeColumnValue(s.columnValue);
      } catch (err) {
        if (err instanceof PlainBufferCorruptError)
          throw invalid(`Invalid column value in condition: ${err.message}.`);
        throw err;
      }
      return {
        kind: 'single',
        comparator: s.comparator,
        column: s.columnName,
        value,
        filterIfMissing: s.filterIfMissing,
        latestOnly: s.latestVersionOnly,
      };
    }
    case 2: {
      const c = decodeOrInvalid<{ combinator: number; subFilters?: FilterMessage[] }>(
        'CompositeColumnValueFilter',
        f.filter,
      );
      const subs = (c.subFilters ?? []).map((sub) => parseFilterMessage(sub, depth + 1));
      if (c.combinator === 1 && subs.length !== 1)
        throw invalid('The NOT operator requires exactly one sub condition.');
      if ((c.combinator === 2 || c.combinator === 3) && subs.length < 2)
        throw invalid('The AND/OR operator requires at least two sub conditions.');
      if (!(c.combinator >= 1 && c.combinator <= 3))
        throw invalid(`Invalid logical operator: ${c.combinator}.`);
      return { kind: 'composite', combinator: c.combinator, subs };
    }
    case 3: {
      const p = decodeOrInvalid<{ offset: number; limit: number }>('ColumnPaginationFilter', f.filter);
      if (p.offset < 0 || p.limit < 0)
        throw invalid('Offset and limit of a column pagination filter must not be negative.');
      return { kind: 'pagination', offset: p.offset, limit: p.limit };
    }
    default:
      throw invalid(`Invalid filter type: ${f.type}.`);
  }
}

function compares(comparator: number, c: number | undefined): boolean {
  if (c === undefined) return comparator === 2; // different types are only "not equal"
  switch (comparator) {
    case 1:
      return c === 0;
    case 2:
      return c !== 0;
    case 3:
      return c > 0;
    case 4:
      return c >= 0;
    case 5:
      return c < 0;
    default:
      return c <= 0;
  }
}

/** Whether a row (its visible versions per column; undefined = absent row) passes the filter. */
export function passes(filter: Filter, columns: ReadonlyMap<string, Version[]> | undefined): boolean {
  switch (filter.kind) {
    case 'pagination':
      return true;
    case 'composite':
      if (filter.combinator === 1) return !passes(filter.subs[0]!, columns);
      if (filter.combinator === 2) return filter.subs.every((s) => passes(s, columns));
      return filter.subs.some((s) => passes(s, columns));
    case 'single': {
      const versions = columns?.get(filter.column);
      if (!versions || versions.length === 0) return !filter.filterIfMissing;
      const candidates = filter.latestOnly ? versions.slice(0, 1) : versions;
      return candidates.some((v) => compares(filter.comparator, compareCellValue(v.value, filter.value)));
    }
  }
}

export interface Condition {
  rowExistence: number;
  columnCondition?: Buffer;
}

/** Throws OTSConditionCheckFail when the write's condition does not hold for the current row. */
export function checkCondition(
  condition: Condition,
  columns: ReadonlyMap<string, Version[]> | undefined,
): void {
  const exists = columns !== undefined;
  if (condition.rowExistence === 1 && !exists) throw conditionFailed();
  if (condition.rowExistence === 2 && exists) throw conditionFailed();
  if (condition.rowExistence < 0 || condition.rowExistence > 2)
    throw invalid(`Invalid row existence expectation: ${condition.rowExistence}.`);
  if (condition.columnCondition && condition.columnCondition.length > 0) {
    const filter = parseFilter(condition.columnCondition);
    if (filter.kind === 'pagination')
      throw invalid('Column pagination is not allowed in a column condition.');
    if (!passes(filter, columns)) throw conditionFailed();
  }
}
