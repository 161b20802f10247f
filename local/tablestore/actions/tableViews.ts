/** How table metadata is rendered in DescribeTable / UpdateTable responses (every option explicit). */
import type { TableState } from '../store/types.js';

const PK_TYPES = { INTEGER: 1, STRING: 2, BINARY: 3 } as const;

export function tableMetaView(table: TableState): Record<string, unknown> {
  const { def } = table;
  return {
    tableName: def.name,
    primaryKey: def.primaryKey.map((pk) => ({
      name: pk.name,
      type: PK_TYPES[pk.type],
      ...(pk.autoIncrement ? { option: 1 } : {}),
    })),
    definedColumn: def.definedColumns,
  };
}

export function optionsView(table: TableState): Record<string, unknown> {
  const o = table.def.options;
  return {
    timeToLive: o.timeToLive,
    maxVersions: o.maxVersions,
    deviationCellVersionInSec: o.deviationCellVersionInSec,
    allowUpdate: o.allowUpdate,
  };
}

export function throughputView(table: TableState): Record<string, unknown> {
  const t = table.def.throughput;
  return {
    capacityUnit: { read: t.read, write: t.write },
    lastIncreaseTime: Math.floor(t.lastIncreaseMs / 1000),
    lastDecreaseTime: Math.floor(t.lastDecreaseMs / 1000),
  };
}

/** Present even when the stream is off, as the real service answers (Go live test). */
export function streamDetailsView(table: TableState): Record<string, unknown> {
  const s = table.stream;
  if (!s) return { enableStream: false };
  return {
    enableStream: true,
    streamId: s.id,
    expirationTime: s.expirationHours,
    lastEnableTime: s.creationUs,
  };
}
