import type { ActionContext } from '../context.js';
import { newStream } from '../store/streams.js';
import type { PkSchema, PkType, TableOptions } from '../store/types.js';
import { invalid, otsError } from '../wire-error.js';
import { readOptions, streamExpiration } from './tableOptions.js';

interface CreateTableRequest {
  tableMeta: {
    tableName: string;
    primaryKey?: { name: string; type: number; option?: number }[];
    definedColumn?: { name: string; type: number }[];
  };
  reservedThroughput: { capacityUnit: { read?: number; write?: number } };
  tableOptions?: Partial<TableOptions> & { deviationCellVersionInSec?: string };
  streamSpec?: { enableStream: boolean; expirationTime?: number };
}

const PK_TYPE_NAMES: Record<number, PkType> = { 1: 'INTEGER', 2: 'STRING', 3: 'BINARY' };
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

function primaryKeySchema(meta: CreateTableRequest['tableMeta']): PkSchema[] {
  const seen = new Set<string>();
  return (meta.primaryKey ?? []).map((pk, i) => {
    const type = PK_TYPE_NAMES[pk.type];
    if (!type) throw invalid(`Invalid primary key type: ${pk.type}.`);
    if (!COLUMN_NAME.test(pk.name)) throw invalid(`Invalid primary key name: '${pk.name}'.`);
    if (seen.has(pk.name)) throw invalid(`Duplicated primary key name: '${pk.name}'.`);
    seen.add(pk.name);
    const autoIncrement = pk.option === 1;
    if (autoIncrement && (type !== 'INTEGER' || i === 0)) {
      throw invalid(
        `AUTO_INCREMENT primary key '${pk.name}' must be an INTEGER column other than the partition key.`,
      );
    }
    return { name: pk.name, type, autoIncrement };
  });
}

export function createTable(ctx: ActionContext, req: CreateTableRequest): Record<string, unknown> {
  const name = req.tableMeta.tableName;
  if (ctx.store.tables.has(name)) throw otsError('OTSObjectAlreadyExist', 'Requested table already exists.');
  const primaryKey = primaryKeySchema(req.tableMeta);
  for (const column of req.tableMeta.definedColumn ?? []) {
    if (!COLUMN_NAME.test(column.name)) throw invalid(`Invalid column name: '${column.name}'.`);
  }
  const nowMs = ctx.store.nowMs();
  const options = readOptions(req.tableOptions, undefined);
  const cu = req.reservedThroughput.capacityUnit;
  const expiration = req.streamSpec ? streamExpiration(req.streamSpec) : undefined;
  ctx.store.commit({
    t: 'createTable',
    def: {
      name,
      primaryKey,
      definedColumns: (req.tableMeta.definedColumn ?? []).map((c) => ({ name: c.name, type: c.type })),
      options,
      throughput: { read: cu.read ?? 0, write: cu.write ?? 0, lastIncreaseMs: nowMs, lastDecreaseMs: 0 },
      createdMs: nowMs,
    },
    stream:
      expiration === undefined ? undefined : newStream(name, nowMs, expiration, ctx.settings.shardCount),
  });
  return {};
}
