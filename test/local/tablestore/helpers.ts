/** Starts the local Tablestore on a free port and hands tests the real SDK client and the admin client. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CREDENTIALS } from '../../../local/contract.js';
import type { RunningServer } from '../../../local/contract.js';
import { tablestoreAdmin, type TablestoreAdmin } from '../../../local/tablestore/admin-client.js';
import { start } from '../../../local/tablestore/index.js';
import { streamApi, type DecodedRecord } from './stream-helpers.js';

// The SDK ships no types; tests use it dynamically, as a user's JavaScript would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TableStore: any = createRequire(import.meta.url)('tablestore');
export const INSTANCE = 'test-instance';

export interface Harness {
  server: RunningServer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  client: any;
  admin: TablestoreAdmin;
  endpoint: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  clientWith(overrides: Record<string, unknown>): any;
  close(): Promise<void>;
}

export async function startTablestore(
  options: { dataDir?: string; extra?: Record<string, string | boolean | undefined> } = {},
): Promise<Harness> {
  const server = await start({
    port: 0,
    host: '127.0.0.1',
    dataDir: options.dataDir,
    credentials: DEFAULT_CREDENTIALS,
    instance: INSTANCE,
    peers: {},
    extra: options.extra ?? {},
  });
  const endpoint = server.info.endpoint;
  const clientWith = (overrides: Record<string, unknown>) =>
    new TableStore.Client({
      accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
      secretAccessKey: DEFAULT_CREDENTIALS.accessKeySecret,
      endpoint,
      instancename: INSTANCE,
      maxRetries: 0,
      ...overrides,
    });
  return {
    server,
    client: clientWith({}),
    admin: tablestoreAdmin(endpoint),
    endpoint,
    clientWith,
    close: () => server.close(),
  };
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'ots-local-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The OTS error code inside an SDK error (the SDK puts the HTTP status in `code`, the body in `message`). */
export function otsCode(err: unknown): string | undefined {
  const text = String((err as Error)?.message ?? err);
  return /OTS[A-Za-z]+/.exec(text)?.[0];
}

export const TABLE_OPTIONS = { timeToLive: -1, maxVersions: 1 };
export const THROUGHPUT = { capacityUnit: { read: 0, write: 0 } };

export async function createTable(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  client: any,
  name: string,
  primaryKey: { name: string; type: string; option?: string }[] = [{ name: 'id', type: 'STRING' }],
  extra: Record<string, unknown> = {},
): Promise<void> {
  await client.createTable({
    tableMeta: { tableName: name, primaryKey },
    reservedThroughput: THROUGHPUT,
    tableOptions: TABLE_OPTIONS,
    ...extra,
  });
}

/** An SDK INTEGER (int64-buffer Int64LE) or a plain number, as a number. */
export function num(v: unknown): number {
  return typeof v === 'object' && v !== null && 'toNumber' in v
    ? (v as { toNumber(): number }).toNumber()
    : Number(v);
}

export const long = (n: number): unknown => TableStore.Long.fromNumber(n);

export function condition(
  expect: 'IGNORE' | 'EXPECT_EXIST' | 'EXPECT_NOT_EXIST' = 'IGNORE',
  columnCondition: unknown = null,
): unknown {
  return new TableStore.Condition(TableStore.RowExistenceExpectation[expect], columnCondition);
}

/** `{name: value}` of a decoded SDK row's attributes (latest version first wins). */
export function attrs(row: {
  attributes?: { columnName: string; columnValue: unknown }[];
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of row.attributes ?? []) if (!(a.columnName in out)) out[a.columnName] = a.columnValue;
  return out;
}

/** Asserts an SDK call fails with this HTTP status and OTS code. */
export async function rejectsWith(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  let failed: unknown;
  try {
    await promise;
  } catch (err) {
    failed = err;
  }
  if (!failed) throw new Error(`expected ${status} ${code}, but the call succeeded`);
  const e = failed as { code?: unknown };
  if (e.code !== status || otsCode(failed) !== code) {
    throw new Error(`expected ${status} ${code}, got ${String(e.code)} ${String((failed as Error).message)}`);
  }
}

/** A started Tablestore with table `r` (default options) and table `mv` (TTL one day, three versions). */
export async function startWithRowTables(): Promise<Harness> {
  const h = await startTablestore();
  try {
    await createTable(h.client, 'r');
    await h.client.createTable({
      tableMeta: { tableName: 'mv', primaryKey: [{ name: 'id', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: 86400, maxVersions: 3 },
    });
  } catch (err) {
    await h.close();
    throw err;
  }
  return h;
}

/** Table options that enable a stream, and the two-column primary key the stream tests use. */
export const STREAM = { streamSpecification: { enableStream: true, expirationTime: 24 } };
export const STREAM_PK = [
  { name: 'p', type: 'STRING' },
  { name: 'n', type: 'INTEGER' },
];

export type StreamApi = ReturnType<typeof streamApi>;

/** A started Tablestore and the stream API on its client. */
export async function startWithStreams(): Promise<{ h: Harness; s: StreamApi }> {
  const h = await startTablestore();
  return { h, s: streamApi(h.client) };
}

/** Every record of every shard of the table's one stream, by shard id. */
export async function allStreamRecords(s: StreamApi, table: string): Promise<Map<string, DecodedRecord[]>> {
  const streamId = await s.streamId(table);
  const out = new Map<string, DecodedRecord[]>();
  for (const shardId of await s.shardIds(streamId))
    out.set(shardId, (await s.drain(streamId, shardId)).records);
  return out;
}
