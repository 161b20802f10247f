/** Parquet output read back with independent readers: DuckDB (values, types, codecs) and hyparquet (row groups). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { createFormatter, type ParquetOptions } from '../../../shared/formats/index.js';
import { outputColumns, type LayoutSpec, type OutputRow } from '../../../shared/records/index.js';

let dir = '';
let db: DuckDBConnection;
let instance: DuckDBInstance;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pq-test-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
after(async () => {
  db.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const primaryKey = [
  { name: 'uid', type: 'STRING' as const },
  { name: 'n', type: 'INTEGER' as const },
];
const multi: LayoutSpec = { mode: 'multi_version', columns: [], isExportSequenceInfo: true, primaryKey };
const popts: ParquetOptions = {
  codec: 'snappy',
  columnTypes: {},
  rowGroupRows: 1000,
  byteEncoding: 'base64',
};

async function writeParquet(
  spec: LayoutSpec,
  rows: OutputRow[],
  opts: Partial<ParquetOptions> = {},
  file = 'out.parquet',
) {
  const chunks: Uint8Array[] = [];
  const f = createFormatter(
    { format: 'parquet', columns: outputColumns(spec), ...popts, ...opts },
    { write: (c) => void chunks.push(c) },
  );
  const dirty = await f.write(rows);
  const chunksBeforeFinish = chunks.length;
  const stats = await f.finish();
  const bytes = Buffer.concat(chunks);
  const path = join(dir, file);
  await writeFile(path, bytes);
  return { path, bytes, dirty, stats, chunksBeforeFinish, extension: f.extension };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
}

test('the multi-version layout has the fixed, typed schema and every value lands in its typed column', async () => {
  const rows: OutputRow[] = [
    ['u1', 1n, null, null, null, 'DR', 's:0'],
    ['u1', 1n, 'i', 1700000000123n, -9223372036854775808n, 'U', 's:1'],
    ['u1', 1n, 'd', 5n, 1.5, 'U', 's:2'],
    ['u1', 1n, 'b', 5n, true, 'U', 's:3'],
    ['u1', 1n, 's', 5n, '  text ', 'U', 's:4'],
    ['u1', 1n, 'x', 5n, new Uint8Array([0, 255]), 'U', 's:5'],
    ['u1', 1n, 'o', 5n, null, 'DO', 's:6'],
    ['u1', 1n, 'a', null, null, 'DA', 's:7'],
  ];
  const { path, dirty, stats, extension } = await writeParquet(multi, rows);
  assert.equal(extension, '.parquet');
  assert.equal(dirty.length, 0);
  assert.equal(stats.rows, 8);
  const types = Object.fromEntries(
    (await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).map((r) => [
      r.column_name,
      r.column_type,
    ]),
  );
  assert.deepEqual(types, {
    uid: 'VARCHAR',
    n: 'BIGINT',
    column_name: 'VARCHAR',
    timestamp: 'TIMESTAMP WITH TIME ZONE',
    value_int: 'BIGINT',
    value_double: 'DOUBLE',
    value_bool: 'BOOLEAN',
    value_string: 'VARCHAR',
    value_binary: 'BLOB',
    op_type: 'VARCHAR',
    sequence_info: 'VARCHAR',
  });
  const back = await query(
    `SELECT uid, n, column_name, epoch_ms("timestamp") AS ts, value_int, value_double, value_bool, value_string, hex(value_binary) AS bin, op_type, sequence_info FROM read_parquet('${path}')`,
  );
  assert.deepEqual(back[1], {
    uid: 'u1',
    n: 1n,
    column_name: 'i',
    ts: 1700000000123n,
    value_int: -9223372036854775808n,
    value_double: null,
    value_bool: null,
    value_string: null,
    bin: null,
    op_type: 'U',
    sequence_info: 's:1',
  });
  assert.equal(back[2]!.value_double, 1.5);
  assert.equal(back[3]!.value_bool, true);
  assert.equal(back[4]!.value_string, '  text ');
  assert.equal(back[5]!.bin, '00FF');
  assert.deepEqual(
    [back[0]!.op_type, back[0]!.column_name, back[6]!.op_type, back[7]!.ts],
    ['DR', null, 'DO', null],
  );
});

test('row mode: PK types from the table, attribute types from columnTypes, others as DataX text', async () => {
  const spec: LayoutSpec = {
    mode: 'single_version_and_update_only',
    columns: ['uid', 'n', 'amount', 'when', 'note'],
    isExportSequenceInfo: false,
    primaryKey,
  };
  const { path, dirty } = await writeParquet(spec, [['u1', 7n, 2.25, 1700000000000n, 1e10]], {
    columnTypes: { amount: 'DOUBLE', when: 'TIMESTAMP_MILLIS' },
  });
  assert.equal(dirty.length, 0);
  const types = (await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).map((r) => r.column_type);
  assert.deepEqual(types, ['VARCHAR', 'BIGINT', 'DOUBLE', 'TIMESTAMP WITH TIME ZONE', 'VARCHAR']);
  const [row] = await query(
    `SELECT uid, n, amount, epoch_ms("when") AS w, note FROM read_parquet('${path}')`,
  );
  assert.deepEqual(row, { uid: 'u1', n: 7n, amount: 2.25, w: 1700000000000n, note: '10000000000' });
});

test('a value that does not fit its declared column type is dirty, with the column and the reason', async () => {
  const spec: LayoutSpec = {
    mode: 'single_version_and_update_only',
    columns: ['uid', 'amount'],
    isExportSequenceInfo: false,
    primaryKey,
  };
  const bad: OutputRow = ['u2', 'not a number'];
  const { path, dirty, stats } = await writeParquet(spec, [['u1', 1.5], bad, ['u3', 7n]], {
    columnTypes: { amount: 'DOUBLE' },
  });
  assert.equal(dirty.length, 1);
  assert.equal(dirty[0]!.row, bad);
  assert.equal(dirty[0]!.column, 'amount');
  assert.match(dirty[0]!.reason, /string value not a number does not fit column "amount" of type DOUBLE/);
  assert.equal(stats.rows, 2);
  assert.deepEqual(
    (await query(`SELECT amount FROM read_parquet('${path}')`)).map((r) => r.amount),
    [1.5, 7],
  );
});

for (const codec of ['snappy', 'zstd', 'gzip', 'none'] as const) {
  test(`codec ${codec} writes a file DuckDB reads back with the right codec`, async () => {
    const rows: OutputRow[] = Array.from({ length: 3000 }, (_, i) => [
      'u' + (i % 10),
      BigInt(i),
      'c',
      BigInt(i),
      `v${i}`,
      'U',
      null,
    ]);
    const { path } = await writeParquet(multi, rows, { codec }, `codec-${codec}.parquet`);
    const [{ c }] = (await query(`SELECT count(*) AS c FROM read_parquet('${path}')`)) as [{ c: bigint }];
    assert.equal(c, 3000n);
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
    assert.deepEqual(
      codecs.map((r) => r.compression),
      [codec === 'none' ? 'UNCOMPRESSED' : codec.toUpperCase()],
    );
  });
}

test('row groups are written and handed to the sink as they fill, not at the end', async () => {
  const rows: OutputRow[] = Array.from({ length: 2500 }, (_, i) => ['u', BigInt(i), 'c', 1n, 1n, 'U', 's']);
  const { bytes, chunksBeforeFinish } = await writeParquet(multi, rows, { rowGroupRows: 1000 });
  assert.ok(
    chunksBeforeFinish >= 2,
    `expected row groups streamed before finish, got ${chunksBeforeFinish} chunks`,
  );
  const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  assert.deepEqual(
    meta.row_groups.map((g) => Number(g.num_rows)),
    [1000, 1000, 500],
  );
});

test('an object with no rows is still a valid Parquet file with the schema', async () => {
  const { path, stats } = await writeParquet(multi, []);
  assert.equal(stats.rows, 0);
  const [{ c }] = (await query(`SELECT count(*) AS c FROM read_parquet('${path}')`)) as [{ c: bigint }];
  assert.equal(c, 0n);
});
