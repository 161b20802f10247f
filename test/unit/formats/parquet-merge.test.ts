/** Row-group merge of partials, read back with DuckDB (including filters that use the carried statistics) and hyparquet. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import {
  createFormatter,
  footerLength,
  mergeParquet,
  ParquetMergeError,
  planParquetMerge,
  readFooter,
} from '../../../shared/formats/index.js';
import { outputColumns, type LayoutSpec, type OutputRow } from '../../../shared/records/index.js';

let dir = '';
let instance: DuckDBInstance;
let db: DuckDBConnection;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pq-merge-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
after(async () => {
  db.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const spec: LayoutSpec = {
  mode: 'multi_version',
  columns: [],
  isExportSequenceInfo: true,
  primaryKey: [{ name: 'uid', type: 'STRING' }],
};

function rowsFrom(from: number, n: number): OutputRow[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return [
      `user-${String(i).padStart(6, '0')}`,
      'c',
      BigInt(1_700_000_000_000 + i),
      i % 2 ? BigInt(i) : `s${i}`,
      'U',
      `seq-${i}`,
    ];
  });
}

async function parquetOf(rows: OutputRow[], columns = outputColumns(spec)): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const f = createFormatter(
    {
      format: 'parquet',
      columns,
      codec: 'snappy',
      columnTypes: {},
      rowGroupRows: 1000,
      byteEncoding: 'base64',
    },
    { write: (c) => void chunks.push(c) },
  );
  await f.write(rows);
  await f.finish();
  return Buffer.concat(chunks);
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
}

test('partials merge into one file with every row in order, readable by DuckDB and hyparquet', async () => {
  const parts = [
    await parquetOf(rowsFrom(0, 2500)),
    await parquetOf(rowsFrom(2500, 10)),
    await parquetOf([]),
    await parquetOf(rowsFrom(2510, 1490)),
  ];
  const merged = mergeParquet(parts);
  const path = join(dir, 'merged.parquet');
  await writeFile(path, merged);
  const back = await query(`SELECT uid, sequence_info FROM read_parquet('${path}')`);
  assert.equal(back.length, 4000);
  assert.deepEqual(
    back.map((r) => r.sequence_info),
    Array.from({ length: 4000 }, (_, i) => `seq-${i}`),
  );
  const groups = await query(
    `SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata('${path}') GROUP BY 1 ORDER BY 1`,
  );
  assert.deepEqual(
    groups.map((g) => Number(g.n)),
    [1000, 1000, 500, 10, 1000, 490],
  );
  const objs = await parquetReadObjects({
    file: merged.buffer.slice(merged.byteOffset, merged.byteOffset + merged.byteLength) as ArrayBuffer,
  });
  assert.equal(objs.length, 4000);
  assert.equal(objs[3999]!.value_int, 3999n);
});

test('filters on the merged file give the same answers as on the rows (statistics stay right)', async () => {
  const merged = mergeParquet([await parquetOf(rowsFrom(0, 3000)), await parquetOf(rowsFrom(3000, 3000))]);
  const path = join(dir, 'filtered.parquet');
  await writeFile(path, merged);
  const count = async (where: string): Promise<number> =>
    Number(
      ((await query(`SELECT count(*) AS c FROM read_parquet('${path}') WHERE ${where}`))[0] as { c: bigint })
        .c,
    );
  assert.equal(await count(`uid >= 'user-004500'`), 1500);
  assert.equal(await count(`value_int BETWEEN 1001 AND 1999`), 500);
  assert.equal(await count(`epoch_ms("timestamp") >= 1700000005000`), 1000);
  assert.equal(await count(`value_string = 's4000'`), 1);
  // the statistics were carried over, so the filters above really were checked against them
  const stats = await query(
    `SELECT row_group_id, stats_min_value AS lo FROM parquet_metadata('${path}') WHERE path_in_schema = 'uid' ORDER BY 1`,
  );
  assert.deepEqual([stats[0]!.lo, stats[3]!.lo], ['user-000000', 'user-003000']);
});

test('the plan is byte ranges plus a footer, so the file can be assembled by server-side copies', async () => {
  const files = [await parquetOf(rowsFrom(0, 1200)), await parquetOf(rowsFrom(1200, 300))];
  const parts = files.map((f) => {
    const tail = f.subarray(f.byteLength - footerLength(f.subarray(f.byteLength - 8)));
    return { size: f.byteLength, metadata: readFooter(tail) };
  });
  const plan = planParquetMerge(parts);
  assert.deepEqual(
    plan.ranges.map((r) => [r.part, r.start]),
    [
      [0, 4],
      [1, 4],
    ],
  );
  assert.equal(plan.rows, 1500);
  const assembled = Buffer.concat([
    Buffer.from('PAR1'),
    ...plan.ranges.map((r) => files[r.part]!.subarray(r.start, r.end)),
    plan.footer,
  ]);
  assert.equal(assembled.byteLength, plan.bytes);
  assert.deepEqual(assembled, Buffer.from(mergeParquet(files)));
});

test('parts with different schemas are refused', async () => {
  const other = await parquetOf(
    [['u', 'c', 1n, 1n, 'U']],
    outputColumns({ ...spec, isExportSequenceInfo: false }),
  );
  const base = await parquetOf(rowsFrom(0, 5));
  assert.throws(
    () => mergeParquet([base, other]),
    (e: unknown) => e instanceof ParquetMergeError && /part 1 has a different schema/.test(e.message),
  );
});

test('bytes that are not Parquet are refused', () => {
  assert.throws(() => footerLength(new Uint8Array(8)), ParquetMergeError);
});
