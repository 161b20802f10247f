/** The read parameters GetRow, GetRange and BatchGetRow share. */
import { parseFilter } from '../rows/conditions.js';
import type { ReadSpec } from '../rows/versions.js';
import { invalid } from '../wire-error.js';

export interface ReadParams {
  columnsToGet?: string[];
  timeRange?: { startTime?: string; endTime?: string; specificTime?: string };
  maxVersions?: number;
  filter?: Buffer;
  startColumn?: string;
  endColumn?: string;
}

export const CONSUMED_READ = { capacityUnit: { read: 1, write: 0 } };

export function readSpec(p: ReadParams): ReadSpec {
  if (p.maxVersions === undefined && p.timeRange === undefined)
    throw invalid('Neither MaxVersions nor TimeRange is specified.');
  const r = p.timeRange;
  if (r) {
    const hasRange = r.startTime !== undefined || r.endTime !== undefined;
    if (hasRange === (r.specificTime !== undefined))
      throw invalid('TimeRange needs either start and end time or a specific time.');
    if (
      hasRange &&
      (r.startTime === undefined ||
        r.endTime === undefined ||
        BigInt(r.startTime) >= BigInt(r.endTime) ||
        BigInt(r.startTime) < 0n)
    ) {
      throw invalid('TimeRange start time must be >= 0 and before end time.');
    }
  }
  return {
    columnsToGet: p.columnsToGet,
    maxVersions: p.maxVersions,
    timeRange: r,
    startColumn: p.startColumn,
    endColumn: p.endColumn,
    filter: p.filter && p.filter.length > 0 ? parseFilter(p.filter) : undefined,
  };
}
