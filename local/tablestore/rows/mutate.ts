/**
 * What a write does to one row: the row's columns afterwards, and the cells its stream record
 * carries (PUT cells with their timestamps, deletes with their types; INCREMENT becomes the PUT
 * of its result, as the real service emits it).
 */
import type { Cell, CellValue } from '../../../shared/tablestore/plainbuffer/index.js';
import type { TableState, Version } from '../store/types.js';
import { valueSize } from '../store/values.js';
import { invalid, otsError } from '../wire-error.js';
import { checkColumnName } from './requestRows.js';

export const MAX_ATTRIBUTE_BYTES = 2 * 1024 * 1024;
export const MAX_COLUMNS_PER_WRITE = 1024;
export const MAX_ROW_BYTES = 4 * 1024 * 1024;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export interface Mutation {
  /** Columns after the write; null = row deleted. */
  columns: Map<string, Version[]> | null;
  recordCells: Cell[];
  deleteMarker: boolean;
  /** Values after the write of the columns the write touched (RT_AFTER_MODIFY). */
  changed: Map<string, Version | undefined>;
}

function checkCells(cells: readonly Cell[]): void {
  if (cells.length > MAX_COLUMNS_PER_WRITE) {
    throw otsError(
      'OTSOutOfColumnCountLimit',
      `The number of attribute columns exceeds the limit, limit count: ${MAX_COLUMNS_PER_WRITE}, column count: ${cells.length}.`,
    );
  }
  let total = 0;
  for (const cell of cells) {
    checkColumnName(cell.name);
    if (cell.value !== undefined) {
      const size = valueSize(cell.value);
      if (size > MAX_ATTRIBUTE_BYTES) {
        throw invalid(
          `The length of attribute column: '${cell.name}' exceeds the MaxLength:${MAX_ATTRIBUTE_BYTES} with CurrentLength:${size}.`,
        );
      }
      total += size + cell.name.length;
    }
  }
  if (total > MAX_ROW_BYTES)
    throw otsError('OTSOutOfRowSizeLimit', 'The total data size of columns in one row exceeded the limit.');
}

function checkTimestamp(table: TableState, name: string, ts: number, nowMs: number): void {
  const deviation = table.def.options.deviationCellVersionInSec * 1000;
  const ttl = table.def.options.timeToLive;
  const lo = Math.max(nowMs - deviation, ttl === -1 ? -Infinity : nowMs - ttl * 1000, 0);
  const hi = nowMs + deviation;
  if (ts < lo || ts > hi) {
    throw invalid(
      `The timestamp of column '${name}' is ${ts}, which is out of the allowed range [${lo}, ${hi}].`,
    );
  }
}

/** Adds (or replaces, at the same timestamp) a version, newest first, capped at max versions. */
function addVersion(versions: Version[], v: Version, maxVersions: number): Version[] {
  const next = versions.filter((x) => x.ts !== v.ts);
  next.push(v);
  next.sort((a, b) => b.ts - a.ts);
  return next.slice(0, maxVersions);
}

/** PutRow: the row is replaced by exactly the given cells. */
export function putRow(table: TableState, cells: readonly Cell[], nowMs: number): Mutation {
  checkCells(cells);
  const columns = new Map<string, Version[]>();
  const recordCells: Cell[] = [];
  const changed = new Map<string, Version | undefined>();
  for (const cell of cells) {
    if (cell.op !== 'PUT' || cell.value === undefined)
      throw invalid(`Column '${cell.name}' of a PutRow must have a value and no cell type.`);
    const ts = cell.timestamp ?? nowMs;
    checkTimestamp(table, cell.name, ts, nowMs);
    const v = { ts, value: cell.value };
    columns.set(cell.name, addVersion(columns.get(cell.name) ?? [], v, table.def.options.maxVersions));
    recordCells.push({ name: cell.name, op: 'PUT', value: cell.value, timestamp: ts });
    changed.set(cell.name, v);
  }
  return { columns, recordCells, deleteMarker: false, changed };
}

function increment(name: string, current: Version[] | undefined, delta: CellValue): bigint {
  if (typeof delta !== 'bigint') throw invalid(`The increment value of column '${name}' must be an INTEGER.`);
  const latest = current?.[0]?.value;
  if (latest !== undefined && typeof latest !== 'bigint')
    throw invalid(`Column '${name}' to increment is not an INTEGER.`);
  const result = (latest ?? 0n) + delta;
  if (result > INT64_MAX || result < INT64_MIN)
    throw invalid(`Increment of column '${name}' overflows int64.`);
  return result;
}

/** UpdateRow: cells applied in order to the current (visible) columns; a missing row is created. */
export function updateRow(
  table: TableState,
  current: ReadonlyMap<string, Version[]> | undefined,
  cells: readonly Cell[],
  nowMs: number,
): Mutation {
  if (!table.def.options.allowUpdate)
    throw invalid('The table does not allow UpdateRow because allow_update is false.');
  checkCells(cells);
  const max = table.def.options.maxVersions;
  const columns = new Map<string, Version[]>(current ?? []);
  const recordCells: Cell[] = [];
  const changed = new Map<string, Version | undefined>();
  for (const cell of cells) {
    const versions = columns.get(cell.name);
    switch (cell.op) {
      case 'PUT': {
        if (cell.value === undefined) throw invalid(`Column '${cell.name}' to put has no value.`);
        const ts = cell.timestamp ?? nowMs;
        checkTimestamp(table, cell.name, ts, nowMs);
        const v = { ts, value: cell.value };
        columns.set(cell.name, addVersion(versions ?? [], v, max));
        recordCells.push({ name: cell.name, op: 'PUT', value: cell.value, timestamp: ts });
        changed.set(cell.name, v);
        break;
      }
      case 'INCREMENT': {
        if (cell.value === undefined) throw invalid(`Column '${cell.name}' to increment has no value.`);
        const v = { ts: nowMs, value: increment(cell.name, versions, cell.value) };
        columns.set(cell.name, addVersion(versions ?? [], v, max));
        recordCells.push({ name: cell.name, op: 'PUT', value: v.value, timestamp: v.ts });
        changed.set(cell.name, v);
        break;
      }
      case 'DELETE_ONE_VERSION': {
        if (cell.timestamp === undefined || cell.value !== undefined) {
          throw invalid(`Column '${cell.name}' to delete one version needs a timestamp and no value.`);
        }
        const rest = (versions ?? []).filter((v) => v.ts !== cell.timestamp);
        if (rest.length > 0) columns.set(cell.name, rest);
        else columns.delete(cell.name);
        recordCells.push({ name: cell.name, op: 'DELETE_ONE_VERSION', timestamp: cell.timestamp });
        changed.set(cell.name, rest[0]);
        break;
      }
      case 'DELETE_ALL_VERSIONS':
        if (cell.value !== undefined) throw invalid(`Column '${cell.name}' to delete has a value.`);
        columns.delete(cell.name);
        recordCells.push({ name: cell.name, op: 'DELETE_ALL_VERSIONS' });
        changed.set(cell.name, undefined);
        break;
    }
  }
  return { columns, recordCells, deleteMarker: false, changed };
}

export function deleteRow(): Mutation {
  return { columns: null, recordCells: [], deleteMarker: true, changed: new Map() };
}
