/**
 * Plumbing for the export engine's integration tests: the local Tablestore and OSS (in process),
 * the real `tablestore` and `ali-oss` SDKs, a job config pointing at them, and a seeded workload
 * of puts, updates (incl. delete-one/all-version cells), deletes and batch writes whose expected
 * DataX rows are computed from the operations issued (never from what the engine read).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import { tablestoreAdmin, type TablestoreAdmin } from '../../../local/tablestore/admin-client.js';
import { jobConfigFromValue, type JobConfig } from '../../../shared/config/index.js';
import { createExportContext, type EngineOptions, type ExportContext } from '../../../shared/export/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDKs ship no types; tests drive them as users' JS would */
const TableStore: any = createRequire(import.meta.url)('tablestore');
const OSS: any = createRequire(import.meta.url)('ali-oss');

export const TABLE = 'orders';
export const BUCKET = 'export-test';
export const MINUTE = 60_000;

export interface Env {
  stack: LocalStack;
  ts: any;
  oss: any;
  admin: TablestoreAdmin;
  tsEndpoint: string;
  ossEndpoint: string;
  close(): Promise<void>;
}

/** The local Tablestore and OSS in this process, SDK clients on them, and `bucket` created. */
export async function startEnv(bucket: string = BUCKET): Promise<Env> {
  const stack = await startLocalStack({ only: ['tablestore', 'oss'] });
  const t = stack.info.tablestore!;
  const o = stack.info.oss!;
  const ts = new TableStore.Client({
    endpoint: t.endpoint,
    instancename: t.instance,
    accessKeyId: t.accessKeyId,
    secretAccessKey: t.accessKeySecret,
    maxRetries: 2,
  });
  const oss = new OSS({
    endpoint: o.endpoint,
    accessKeyId: o.accessKeyId,
    accessKeySecret: o.accessKeySecret,
    bucket,
  });
  await oss.putBucket(bucket);
  return {
    stack,
    ts,
    oss,
    admin: tablestoreAdmin(t.endpoint),
    tsEndpoint: t.endpoint,
    ossEndpoint: o.endpoint,
    close: () => stack.close(),
  };
}

/** Table `(pk STRING, n INTEGER)` with a stream and `shards` shards. */
export async function createTable(env: Env, shards: number): Promise<void> {
  await env.ts.createTable({
    tableMeta: {
      tableName: TABLE,
      primaryKey: [
        { name: 'pk', type: 'STRING' },
        { name: 'n', type: 'INTEGER' },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 10 },
    streamSpecification: { enableStream: true, expirationTime: 24 },
  });
  await env.admin.reshard(TABLE, shards);
}

/** The native job config (as a user writes it) for a job on the local servers. */
export function jobConfigValue(
  env: Env,
  job: string,
  writer: Record<string, unknown> = {},
  reader: Record<string, unknown> = {},
  setting: Record<string, unknown> = {},
): Record<string, unknown> {
  const t = env.stack.info.tablestore!;
  const o = env.stack.info.oss!;
  return {
    job: { name: job, intervalMinutes: 1, lagSeconds: 0, timeZone: 'UTC', maxWindowsPerRun: 100 },
    reader: {
      endpoint: t.endpoint,
      accessId: t.accessKeyId,
      accessKey: t.accessKeySecret,
      instanceName: t.instance,
      dataTable: TABLE,
      statusTable: 'export_status',
      ...reader,
    },
    writer: {
      endpoint: o.endpoint,
      accessId: o.accessKeyId,
      accessKey: o.accessKeySecret,
      bucket: BUCKET,
      object: `out/${job}/{yyyy}{MM}{dd}/{HH}{mm}`,
      writeMode: 'truncate',
      fileFormat: 'csv',
      header: true,
      ...writer,
    },
    setting: { errorLimit: { record: 0 }, speed: { concurrent: 3 }, ...setting },
  };
}

export function jobConfig(
  env: Env,
  job: string,
  writer: Record<string, unknown> = {},
  reader: Record<string, unknown> = {},
  setting: Record<string, unknown> = {},
): JobConfig {
  return jobConfigFromValue(jobConfigValue(env, job, writer, reader, setting)).config;
}

export const FAST: Partial<EngineOptions> = { batchLimit: 7, partSize: 100 * 1024 };

export function context(config: JobConfig, options: Partial<EngineOptions> = FAST): Promise<ExportContext> {
  return createExportContext(config, { options });
}

// ---- seeded workload ------------------------------------------------------------------------

/** mulberry32: small, seeded, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Cell =
  | {
      op: 'PUT';
      name: string;
      value: string | number | boolean | bigint;
      ts: number;
      kind: 'string' | 'int' | 'double' | 'bool';
    }
  | { op: 'DO'; name: string; ts: number }
  | { op: 'DA'; name: string };

/** One change as issued: the key and what DataX's layouts must show for it. */
export interface Change {
  key: string;
  pk: string;
  n: number;
  action: 'PUT' | 'UPDATE' | 'DELETE';
  cells: Cell[];
}

const COLUMNS = ['a', 'b', 'c', 'd'] as const;

function valueText(c: Extract<Cell, { op: 'PUT' }>): string {
  return String(c.value);
}

/** Multi-version rows (pk, n, column_name, timestamp, column_value, op_type) as text, `null` for nulls. */
export function multiVersionRows(ch: Change): string[][] {
  const pk = [ch.pk, String(ch.n)];
  if (ch.action === 'DELETE') return [[...pk, 'null', 'null', 'null', 'DR']];
  const rows: string[][] = ch.action === 'PUT' ? [[...pk, 'null', 'null', 'null', 'DR']] : [];
  for (const c of ch.cells) {
    if (c.op === 'PUT') rows.push([...pk, c.name, String(c.ts), valueText(c), 'U']);
    else if (c.op === 'DO') rows.push([...pk, c.name, String(c.ts), 'null', 'DO']);
    else rows.push([...pk, c.name, 'null', 'null', 'DA']);
  }
  return rows;
}

/** Row-mode rows for columns (pk, n, a, b, c, d): deletes dropped, delete cells ignored. */
export function rowModeRows(ch: Change): string[][] {
  if (ch.action === 'DELETE') return [];
  const values = new Map<string, string>();
  for (const c of ch.cells) if (c.op === 'PUT') values.set(c.name, valueText(c));
  return [[ch.pk, String(ch.n), ...COLUMNS.map((name) => values.get(name) ?? 'null')]];
}

function sdkValue(c: Extract<Cell, { op: 'PUT' }>): unknown {
  if (c.kind === 'int') return TableStore.Long.fromNumber(Number(c.value));
  return c.value;
}

function primaryKey(ch: Change): unknown[] {
  return [{ pk: ch.pk }, { n: TableStore.Long.fromNumber(ch.n) }];
}

function attributeColumns(ch: Change): unknown[] {
  return ch.cells
    .filter((c): c is Extract<Cell, { op: 'PUT' }> => c.op === 'PUT')
    .map((c) => ({ [c.name]: sdkValue(c), timestamp: c.ts }));
}

function updateColumns(ch: Change): unknown[] {
  const put = ch.cells
    .filter((c): c is Extract<Cell, { op: 'PUT' }> => c.op === 'PUT')
    .map((c) => ({ [c.name]: sdkValue(c), timestamp: c.ts }));
  const delOne = ch.cells
    .filter((c): c is Extract<Cell, { op: 'DO' }> => c.op === 'DO')
    .map((c) => ({ [c.name]: TableStore.Long.fromNumber(c.ts) }));
  const delAll = ch.cells.filter((c) => c.op === 'DA').map((c) => c.name);
  const out: unknown[] = [];
  if (put.length) out.push({ PUT: put });
  if (delOne.length) out.push({ DELETE: delOne });
  if (delAll.length) out.push({ DELETE_ALL: delAll });
  return out;
}

const IGNORE = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);

async function writeOne(env: Env, ch: Change): Promise<void> {
  if (ch.action === 'PUT')
    await env.ts.putRow({
      tableName: TABLE,
      condition: IGNORE(),
      primaryKey: primaryKey(ch),
      attributeColumns: attributeColumns(ch),
    });
  else if (ch.action === 'UPDATE')
    await env.ts.updateRow({
      tableName: TABLE,
      condition: IGNORE(),
      primaryKey: primaryKey(ch),
      updateOfAttributeColumns: updateColumns(ch),
    });
  else await env.ts.deleteRow({ tableName: TABLE, condition: IGNORE(), primaryKey: primaryKey(ch) });
}

async function writeBatch(env: Env, changes: Change[]): Promise<void> {
  const rows = changes.map((ch) => {
    const base = { condition: IGNORE(), primaryKey: primaryKey(ch) };
    if (ch.action === 'PUT') return { type: 'PUT', ...base, attributeColumns: attributeColumns(ch) };
    if (ch.action === 'UPDATE') return { type: 'UPDATE', ...base, attributeColumns: updateColumns(ch) };
    return { type: 'DELETE', ...base };
  });
  const res = await env.ts.batchWriteRow({ tables: [{ tableName: TABLE, rows }] });
  for (const row of res.tables ?? [])
    if (row.isOk === false) throw new Error(`batch row failed: ${JSON.stringify(row)}`);
}

/** Generates and writes changes; returns them in the order the table applied them per key. */
export class Workload {
  readonly changes: Change[] = [];
  readonly #random: () => number;
  readonly #keys: { pk: string; n: number }[];
  /** Versions written per key and column (for delete-one-version). */
  readonly #versions = new Map<string, number[]>();
  #ts: number;

  constructor(seed: number, keyCount: number, baseTs: number) {
    this.#random = rng(seed);
    this.#keys = Array.from({ length: keyCount }, (_, i) => ({
      pk: `k${String(i).padStart(3, '0')}`,
      n: i % 7,
    }));
    this.#ts = baseTs;
  }

  /** Cell versions continue from here (ms; near the server clock). */
  reset(baseTs: number): void {
    this.#ts = baseTs;
  }

  #pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.#random() * list.length)]!;
  }

  #putCell(key: string, name: string): Cell {
    const ts = this.#ts++;
    const versions = this.#versions.get(`${key}/${name}`) ?? [];
    versions.push(ts);
    this.#versions.set(`${key}/${name}`, versions);
    const r = Math.floor(this.#random() * 1e6);
    switch (name) {
      case 'a':
        return { op: 'PUT', name, value: `s${r},"q"`, ts, kind: 'string' };
      case 'b':
        return { op: 'PUT', name, value: r - 500_000, ts, kind: 'int' };
      case 'c':
        return { op: 'PUT', name, value: r / 4 + 0.125 - (r % 4) / 4, ts, kind: 'double' };
      default:
        return { op: 'PUT', name, value: r % 2 === 0, ts, kind: 'bool' };
    }
  }

  #change(key: { pk: string; n: number }): Change {
    const id = `${key.pk}/${key.n}`;
    const roll = this.#random();
    if (roll < 0.35) {
      const cells = COLUMNS.filter(() => this.#random() < 0.7).map((c) => this.#putCell(id, c));
      return { key: id, ...key, action: 'PUT', cells: cells.length ? cells : [this.#putCell(id, 'a')] };
    }
    if (roll < 0.85) {
      const cells: Cell[] = [];
      for (const name of COLUMNS) {
        const r = this.#random();
        const versions = this.#versions.get(`${id}/${name}`) ?? [];
        if (r < 0.4) cells.push(this.#putCell(id, name));
        else if (r < 0.55 && versions.length > 0) cells.push({ op: 'DO', name, ts: this.#pick(versions) });
        else if (r < 0.65) {
          cells.push({ op: 'DA', name });
          this.#versions.delete(`${id}/${name}`);
        }
      }
      if (cells.length === 0) cells.push(this.#putCell(id, 'b'));
      // The SDK sends an update's cells grouped PUT, DELETE, DELETE_ALL: the record keeps that order.
      const rank = { PUT: 0, DO: 1, DA: 2 } as const;
      cells.sort((x, y) => rank[x.op] - rank[y.op]);
      return { key: id, ...key, action: 'UPDATE', cells };
    }
    for (const name of COLUMNS) this.#versions.delete(`${id}/${name}`);
    return { key: id, ...key, action: 'DELETE', cells: [] };
  }

  /** Writes `count` changes: single rows and batches of distinct keys. */
  async write(env: Env, count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      if (this.#random() < 0.3 && left >= 2) {
        const size = Math.min(left, 2 + Math.floor(this.#random() * 4));
        const keys = new Map<string, { pk: string; n: number }>();
        while (keys.size < size) {
          const k = this.#pick(this.#keys);
          keys.set(`${k.pk}/${k.n}`, k);
        }
        const batch = [...keys.values()].map((k) => this.#change(k));
        await writeBatch(env, batch);
        this.changes.push(...batch);
        left -= batch.length;
      } else {
        const ch = this.#change(this.#pick(this.#keys));
        await writeOne(env, ch);
        this.changes.push(ch);
        left--;
      }
    }
  }
}

/** Expected rows per key, in change order. */
export function expectedByKey(
  changes: readonly Change[],
  rows: (ch: Change) => string[][],
): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const ch of changes) {
    const list = out.get(ch.key) ?? [];
    list.push(...rows(ch));
    out.set(ch.key, list);
  }
  return out;
}

/** Rows (as text) grouped by key `pk/n`, in output order. */
export function groupByKey(rows: readonly string[][]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const r of rows) {
    const key = `${r[0]}/${r[1]}`;
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

/** Asserts `rows` (multi-version layout) hold every change exactly once, per-key order kept. */
export function assertChangesOnce(rows: readonly string[][], changes: readonly Change[]): void {
  const expected = expectedByKey(changes, multiVersionRows);
  assert.equal(
    rows.length,
    [...expected.values()].reduce((n, l) => n + l.length, 0),
  );
  const actual = groupByKey(rows);
  for (const [key, list] of expected)
    if (list.length > 0) assert.deepEqual(actual.get(key), list, `rows of ${key}`);
}

/** Every manifest of a job's run in window order, and the data objects they list. */
export async function readManifests(env: Env, job: string, run = 'live'): Promise<any[]> {
  const control = run === 'live' ? '_ots2oss' : `_ots2oss/runs/${run}`;
  const listed = await env.oss.listV2({ prefix: `${control}/${job}/manifests/`, 'max-keys': 1000 });
  const keys = (listed.objects ?? []).map((o: any) => o.name as string).sort();
  const out = [];
  for (const key of keys) out.push({ key, ...JSON.parse((await env.oss.get(key)).content.toString('utf8')) });
  return out;
}

export async function getObject(env: Env, key: string): Promise<Buffer> {
  return Buffer.from((await env.oss.get(key)).content);
}

/** Advances the local Tablestore clock to the next minute boundary + `intoMs`. */
export async function nextMinute(env: Env, intoMs = 1_000): Promise<number> {
  const { nowMs } = await env.admin.clock();
  const target = Math.floor(nowMs / MINUTE) * MINUTE + MINUTE + intoMs;
  await env.admin.setClock(target);
  return target;
}

/** Splits the table's first open shard. */
export async function splitOpenShard(env: Env): Promise<void> {
  const { shards } = await env.admin.shards(TABLE);
  await env.admin.split(TABLE, shards.find((s) => s.open)!.shardId);
}

/** Merges the first two open shards whose hash ranges meet. */
export async function mergeAdjacentShards(env: Env): Promise<void> {
  const open = (await env.admin.shards(TABLE)).shards.filter((s) => s.open);
  const pair = open.flatMap((a) => open.filter((b) => a.hashHi === b.hashLo).map((b) => [a, b] as const))[0]!;
  await env.admin.merge(TABLE, pair[0].shardId, pair[1].shardId);
}
