import type { ActionContext } from '../context.js';
import { newStream } from '../store/streams.js';
import type { StreamState } from '../store/types.js';
import { invalid, tableNotFound } from '../wire-error.js';
import { readOptions, streamExpiration } from './tableOptions.js';
import { optionsView, streamDetailsView, throughputView } from './tableViews.js';

interface UpdateTableRequest {
  tableName: string;
  reservedThroughput?: { capacityUnit: { read?: number; write?: number } };
  tableOptions?: {
    timeToLive?: number;
    maxVersions?: number;
    deviationCellVersionInSec?: string;
    allowUpdate?: boolean;
  };
  streamSpec?: { enableStream: boolean; expirationTime?: number };
}

/** Merges the given options/throughput into the table; enables (new stream id) or disables its stream. */
export function updateTable(ctx: ActionContext, req: UpdateTableRequest): Record<string, unknown> {
  const table = ctx.store.tables.get(req.tableName);
  if (!table) throw tableNotFound();
  const givenOptions = Object.values(req.tableOptions ?? {}).some((v) => v !== undefined);
  if (!givenOptions && !req.reservedThroughput && !req.streamSpec)
    throw invalid('No parameter is specified in table options.');
  const nowMs = ctx.store.nowMs();
  const options = readOptions(req.tableOptions, table.def.options);
  const throughput = { ...table.def.throughput };
  const cu = req.reservedThroughput?.capacityUnit;
  if (cu?.read !== undefined || cu?.write !== undefined) {
    const up =
      (cu.read ?? throughput.read) > throughput.read || (cu.write ?? throughput.write) > throughput.write;
    throughput.read = cu.read ?? throughput.read;
    throughput.write = cu.write ?? throughput.write;
    if (up) throughput.lastIncreaseMs = nowMs;
    else throughput.lastDecreaseMs = nowMs;
  }
  let stream: StreamState | null | undefined;
  let streamExpirationHours: number | undefined;
  if (req.streamSpec) {
    const expiration = streamExpiration(req.streamSpec);
    if (expiration === undefined) stream = table.stream ? null : undefined;
    else if (!table.stream) stream = newStream(table.def.name, nowMs, expiration, ctx.settings.shardCount);
    else if (table.stream.expirationHours !== expiration) streamExpirationHours = expiration;
  }
  ctx.store.commit({
    t: 'updateTable',
    name: table.def.name,
    options,
    throughput,
    stream,
    streamExpirationHours,
  });
  return {
    reservedThroughputDetails: throughputView(table),
    tableOptions: optionsView(table),
    streamDetails: streamDetailsView(table),
  };
}
