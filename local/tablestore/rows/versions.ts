/** Which versions of a row are visible and which a read returns (TTL, max versions, time range, columns). */
import type { Cell, Row } from '../../../shared/tablestore/plainbuffer/index.js';
import type { StoredRow, TableState, Version } from '../store/types.js';
import { passes, type Filter } from './conditions.js';

/** Versions still alive: within the TTL and the table's max versions. */
export function visibleColumns(row: StoredRow, table: TableState, nowMs: number): Map<string, Version[]> {
  const { timeToLive, maxVersions } = table.def.options;
  const oldest = timeToLive === -1 ? -Infinity : nowMs - timeToLive * 1000;
  const out = new Map<string, Version[]>();
  for (const [name, versions] of row.columns) {
    const alive = versions.filter((v) => v.ts >= oldest).slice(0, maxVersions);
    if (alive.length > 0) out.set(name, alive);
  }
  return out;
}

/**
 * The row's live columns, or undefined when the row does not exist for readers and conditions:
 * absent, or every cell it had has expired (TTL). A row written with no attribute columns exists.
 */
export function liveColumns(
  row: StoredRow | undefined,
  table: TableState,
  nowMs: number,
): Map<string, Version[]> | undefined {
  if (!row) return undefined;
  const visible = visibleColumns(row, table, nowMs);
  return visible.size === 0 && row.columns.size > 0 ? undefined : visible;
}

export interface ReadSpec {
  columnsToGet?: string[];
  maxVersions?: number;
  timeRange?: { startTime?: string; endTime?: string; specificTime?: string };
  startColumn?: string;
  endColumn?: string;
  filter?: Filter;
}

function inRange(ts: number, range: ReadSpec['timeRange']): boolean {
  if (!range) return true;
  if (range.specificTime !== undefined) return ts === Number(range.specificTime);
  const start = range.startTime === undefined ? -Infinity : Number(range.startTime);
  const end = range.endTime === undefined ? Infinity : Number(range.endTime);
  return ts >= start && ts < end;
}

/** The row as a read returns it, or undefined when it is filtered out or has nothing to return. */
export function readRow(row: StoredRow, table: TableState, nowMs: number, spec: ReadSpec): Row | undefined {
  const visible = liveColumns(row, table, nowMs);
  if (!visible) return undefined;
  const wanted = spec.columnsToGet && spec.columnsToGet.length > 0 ? new Set(spec.columnsToGet) : undefined;
  const selected = new Map<string, Version[]>();
  for (const name of [...visible.keys()].sort()) {
    if (wanted && !wanted.has(name)) continue;
    if (spec.startColumn !== undefined && name < spec.startColumn) continue;
    if (spec.endColumn !== undefined && name >= spec.endColumn) continue;
    const versions = visible
      .get(name)!
      .filter((v) => inRange(v.ts, spec.timeRange))
      .slice(0, spec.maxVersions ?? Infinity);
    if (versions.length > 0) selected.set(name, versions);
  }
  let names = [...selected.keys()];
  if (spec.filter) {
    if (!passes(spec.filter, selected)) return undefined;
    if (spec.filter.kind === 'pagination')
      names = names.slice(spec.filter.offset, spec.filter.offset + spec.filter.limit);
  }
  const wantsPk = !wanted || table.def.primaryKey.some((pk) => wanted.has(pk.name));
  const hadColumns = visible.size > 0;
  if (
    names.length === 0 &&
    (!wantsPk || (hadColumns && !wanted && (spec.timeRange !== undefined || spec.startColumn !== undefined)))
  ) {
    return undefined;
  }
  const cells: Cell[] = [];
  for (const name of names) {
    for (const v of selected.get(name)!) cells.push({ name, op: 'PUT', value: v.value, timestamp: v.ts });
  }
  return { primaryKey: row.primaryKey, cells, deleteMarker: false };
}
