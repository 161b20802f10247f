/**
 * Parquet writing throughput: our formatter (hyparquet-writer) turning multi-version output rows
 * into a snappy Parquet file, against DuckDB writing the same rows (appended from JS, then
 * `COPY … (FORMAT parquet)`), in one process. Also zstd/gzip for ours, and our csv formatter
 * (hand loop, UTF-8 encoding included) against csv-stringify (the measurement behind shared/formats/delimited.ts).
 * A child process (`--memory`) streams 1,000,000 rows through our formatter alone and reports
 * its peak RSS. `npm run bench -- parquet [rows]`; prints one JSON line last.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampTZValue, type DuckDBAppender } from '@duckdb/node-api';
import { stringify } from 'csv-stringify/sync';
import { createFormatter } from '../shared/formats/index.js';
import { outputColumns, valueToText, type LayoutSpec, type OutputRow } from '../shared/records/index.js';

const memoryMode = process.argv[2] === '--memory';
const ROWS = memoryMode ? 1_000_000 : Number(process.argv[2] ?? 200_000);
const RUNS = 3;
const spec: LayoutSpec = {
  mode: 'multi_version',
  columns: [],
  isExportSequenceInfo: true,
  primaryKey: [
    { name: 'uid', type: 'STRING' },
    { name: 'n', type: 'INTEGER' },
  ],
};
const columns = outputColumns(spec);

const names = ['name', 'score', 'flag', 'payload', 'count'];
function rowAt(i: number): OutputRow {
  {
    const k = i % 5;
    const value =
      k === 0
        ? `customer name ${i % 977}`
        : k === 1
          ? i * 0.25
          : k === 2
            ? i % 3 === 0
            : k === 3
              ? Buffer.from(`bin-${i}`)
              : BigInt(i * 31);
    const op = i % 20 === 0 ? 'DR' : i % 17 === 0 ? 'DO' : 'U';
    return [
      `user-${i % 5000}`,
      BigInt(i >> 4),
      op === 'DR' ? null : names[k]!,
      op === 'DR' ? null : BigInt(1_700_000_000_000 + i),
      op === 'U' ? value : null,
      op,
      `0000000001_${String(1_700_000_000_000_000 + i).padStart(20, '0')}_${String(i).padStart(10, '0')}_shard-0001:0000000000`,
    ];
  }
}

function makeRows(): OutputRow[] {
  return Array.from({ length: ROWS }, (_, i) => rowAt(i));
}

async function ours(
  rows: OutputRow[],
  codec: 'snappy' | 'zstd' | 'gzip' | 'none',
): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const t0 = performance.now();
  const f = createFormatter(
    { format: 'parquet', columns, codec, columnTypes: {}, rowGroupRows: 20_000, byteEncoding: 'base64' },
    { write: (c) => void (bytes += c.byteLength) },
  );
  for (let i = 0; i < rows.length; i += 1000) await f.write(rows.slice(i, i + 1000));
  await f.finish();
  return { ms: performance.now() - t0, bytes };
}

function appendRow(a: DuckDBAppender, r: OutputRow): void {
  a.appendVarchar(r[0] as string);
  a.appendBigInt(r[1] as bigint);
  if (r[2] === null) a.appendNull();
  else a.appendVarchar(r[2] as string);
  if (r[3] === null) a.appendNull();
  else a.appendTimestampTZ(new DuckDBTimestampTZValue((r[3] as bigint) * 1000n));
  const v = r[4];
  if (typeof v === 'bigint') a.appendBigInt(v);
  else a.appendNull();
  if (typeof v === 'number') a.appendDouble(v);
  else a.appendNull();
  if (typeof v === 'boolean') a.appendBoolean(v);
  else a.appendNull();
  if (typeof v === 'string') a.appendVarchar(v);
  else a.appendNull();
  if (v instanceof Uint8Array) a.appendBlob(v);
  else a.appendNull();
  a.appendVarchar(r[5] as string);
  a.appendVarchar(r[6] as string);
  a.endRow();
}

async function duckdb(rows: OutputRow[], dir: string, run: number): Promise<{ ms: number; bytes: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await instance.connect();
  await c.run(`CREATE TABLE t (uid VARCHAR, n BIGINT, column_name VARCHAR, "timestamp" TIMESTAMPTZ, value_int BIGINT, value_double DOUBLE,
    value_bool BOOLEAN, value_string VARCHAR, value_binary BLOB, op_type VARCHAR, sequence_info VARCHAR)`);
  const file = join(dir, `duck-${run}.parquet`);
  const t0 = performance.now();
  const a = await c.createAppender('t');
  for (const r of rows) appendRow(a, r);
  a.closeSync();
  await c.run(`COPY t TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 20000)`);
  const ms = performance.now() - t0;
  c.closeSync();
  instance.closeSync();
  return { ms, bytes: (await stat(file)).size };
}

/** Our csv formatter (shared/formats/delimited.ts), same batches; both sides end in UTF-8 bytes. */
async function csvOurs(rows: OutputRow[]): Promise<number> {
  let n = 0;
  const f = createFormatter(
    {
      format: 'csv',
      columns,
      encoding: 'UTF-8',
      nullFormat: 'null',
      fieldDelimiter: ',',
      lineDelimiter: '\n',
      header: false,
      compression: 'none',
      byteEncoding: 'base64',
    },
    { write: (c) => void (n += c.byteLength) },
  );
  for (let i = 0; i < rows.length; i += 1000) await f.write(rows.slice(i, i + 1000));
  await f.finish();
  return n;
}

function csvLib(rows: OutputRow[]): number {
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows
      .slice(i, i + 1000)
      .map((r) => r.map((v) => (v === null ? 'null' : valueToText(v, 'base64'))));
    n += Buffer.from(stringify(batch, { quoted_empty: true, record_delimiter: '\n' }), 'utf8').byteLength;
  }
  return n;
}

/** Streams ROWS rows in batches of 1000 (never all in memory) through our snappy formatter. */
async function memoryRun(): Promise<void> {
  let bytes = 0;
  const f = createFormatter(
    {
      format: 'parquet',
      columns,
      codec: 'snappy',
      columnTypes: {},
      rowGroupRows: 20_000,
      byteEncoding: 'base64',
    },
    { write: (c) => void (bytes += c.byteLength) },
  );
  const t0 = performance.now();
  for (let b = 0; b < ROWS / 1000; b++) {
    const batch: OutputRow[] = [];
    for (let j = 0; j < 1000; j++) batch.push(rowAt(b * 1000 + j));
    await f.write(batch);
  }
  await f.finish();
  console.log(
    JSON.stringify({
      rows: ROWS,
      rowsPerSec: Math.round((ROWS / (performance.now() - t0)) * 1000),
      bytes,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (ms: number): number => Math.round((ROWS / ms) * 1000);

if (memoryMode) {
  await memoryRun();
  process.exit(0);
}
const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory'], {
  encoding: 'utf8',
});
const memory = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
  rowsPerSec?: number;
  peakRssMiB?: number;
};
const rows = makeRows();
const dir = await mkdtemp(join(tmpdir(), 'bench-parquet-'));
try {
  const oursMs: number[] = [];
  const duckMs: number[] = [];
  let oursBytes = 0;
  let duckBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const o = await ours(rows, 'snappy');
    const d = await duckdb(rows, dir, run);
    oursMs.push(o.ms);
    duckMs.push(d.ms);
    oursBytes = o.bytes;
    duckBytes = d.bytes;
    console.error(`run ${run + 1}: ours ${rate(o.ms)} rows/s, duckdb ${rate(d.ms)} rows/s`);
  }
  const codecs: Record<string, { rowsPerSec: number; bytes: number }> = {};
  for (const codec of ['zstd', 'gzip', 'none'] as const) {
    const o = await ours(rows, codec);
    codecs[codec] = { rowsPerSec: rate(o.ms), bytes: o.bytes };
  }
  // CPU time, not wall time: both sides are single-threaded and the machine is shared.
  const cpuMs = (t: NodeJS.CpuUsage): number => (t.user + t.system) / 1000;
  const hand: number[] = [];
  const lib: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t = process.cpuUsage();
    await csvOurs(rows);
    hand.push(cpuMs(process.cpuUsage(t)));
    t = process.cpuUsage();
    csvLib(rows);
    lib.push(cpuMs(process.cpuUsage(t)));
  }
  const oursRate = rate(median(oursMs));
  const duckRate = rate(median(duckMs));
  console.log(
    JSON.stringify({
      bench: 'parquet',
      rows: ROWS,
      runs: RUNS,
      parquetRowsPerSec: oursRate,
      parquetRowsPerSecRuns: oursMs.map(rate),
      duckdbParquetRowsPerSec: duckRate,
      duckdbParquetRowsPerSecRuns: duckMs.map(rate),
      parquetVsDuckdb: Math.round((oursRate / duckRate) * 100) / 100,
      parquetBytes: oursBytes,
      duckdbParquetBytes: duckBytes,
      otherCodecs: codecs,
      csvOursRowsPerCpuSec: rate(median(hand)),
      csvStringifyRowsPerCpuSec: rate(median(lib)),
      streamed1MRowsPerSec: memory.rowsPerSec,
      streamed1MPeakRssMiB: memory.peakRssMiB,
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
