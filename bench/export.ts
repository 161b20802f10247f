/**
 * The export engine end to end on one 1,000,000-record shard: the local Tablestore and OSS run in
 * this process; the records are loaded with BatchWriteRow (200 rows a call, 2 in flight) into a
 * one-shard table; then each export — csv, csv+gzip, parquet (snappy) — runs in its own child
 * process through the real runner (`exportWindows`: GetStreamRecord, decode, format, multipart
 * upload, merge, manifest, commit), so its peak RSS (`VmHWM`) is the exporter's alone, not the
 * servers'. Peer (`duckdbParquetRowsPerSec`): DuckDB as the writer of the same pipeline, in a
 * child the same way — the same stream read with our stream client, the rows appended to DuckDB,
 * `COPY … (FORMAT parquet)`, the file put to OSS. Also reported: DuckDB writing the rows from JS
 * memory alone (`duckdbWriteOnlyRowsPerSec`, no reading, no upload), an upper bound for any writer.
 * `npm run bench -- export [records]`; prints one JSON line last.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { heapFlags } from '../bin/heap-flags.js';
import { startLocalStack } from '../local/stack.js';
import { tablestoreAdmin } from '../local/tablestore/admin-client.js';
import { jobConfigFromValue } from '../shared/config/index.js';
import { createExportContext, exportWindows } from '../shared/export/index.js';
import { AliOssSink } from '../shared/oss/index.js';
import { createTablestoreClient } from '../shared/status/index.js';
import { createStreamClient } from '../shared/tablestore/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tablestore SDK ships no types */
const TableStore: any = createRequire(import.meta.url)('tablestore');
const TABLE = 'bench_orders';
const BUCKET = 'bench-export';

/**
 * This process's peak RSS in MiB: `VmHWM` of /proc/self/status (the high-water mark of this
 * process image). Not `resourceUsage().maxRSS`: Linux carries that over fork + exec, so a child
 * of the servers' process would report the parent's RSS at spawn time.
 */
function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    /* not Linux */
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// ---- child: one export, its own process --------------------------------------------------------
if (process.argv[2] === '--export') {
  const value = JSON.parse(await readFile(process.argv[3]!, 'utf8'));
  const { config } = jobConfigFromValue(value);
  const t0 = performance.now();
  // Where the memory goes: peak RSS when the shard's reading ended (before finalize); the largest
  // heap / off-heap (Buffers) figures and the process's make-up at its largest sampled RSS, every 100 ms.
  const mib = (n: number) => Math.round(n / 1048576);
  let rssAtShardDoneMiB = 0;
  const most = { heapUsed: 0, external: 0, arrayBuffers: 0 };
  let atMaxRss = process.memoryUsage();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    most.heapUsed = Math.max(most.heapUsed, m.heapUsed);
    most.external = Math.max(most.external, m.external);
    most.arrayBuffers = Math.max(most.arrayBuffers, m.arrayBuffers);
    if (m.rss > atMaxRss.rss) atMaxRss = m;
  }, 100);
  const atStart = process.memoryUsage();
  const context = await createExportContext(config, {
    log: (e) => {
      if (e.event === 'shard.done') rssAtShardDoneMiB = peakRssMiB();
    },
  });
  const result = await exportWindows({ config, now: Date.now(), context });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const w = result.windows[0];
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      state: w?.state,
      rows: w?.rows,
      bytes: w?.bytes,
      objects: w?.objects.length,
      error: result.error?.message,
      peakRssMiB: peakRssMiB(),
      rssAtShardDoneMiB,
      maxHeapUsedMiB: mib(most.heapUsed),
      maxExternalMiB: mib(most.external),
      maxArrayBuffersMiB: mib(most.arrayBuffers),
      // rss / heapTotal / heapUsed / external / arrayBuffers (MiB) before reading, and at the top.
      atStartMiB: [
        atStart.rss,
        atStart.heapTotal,
        atStart.heapUsed,
        atStart.external,
        atStart.arrayBuffers,
      ].map(mib),
      atMaxRssMiB: [
        atMaxRss.rss,
        atMaxRss.heapTotal,
        atMaxRss.heapUsed,
        atMaxRss.external,
        atMaxRss.arrayBuffers,
      ].map(mib),
      execArgv: process.execArgv.filter((a) => a.startsWith('--max')),
    }),
  );
  process.exit(result.error ? 1 : 0);
}

// ---- child: the DuckDB peer, reading the same stream the same way ------------------------------
if (process.argv[2] === '--duckdb') {
  const value = JSON.parse(await readFile(process.argv[3]!, 'utf8'));
  const { config } = jobConfigFromValue(value);
  const t0 = performance.now();
  const ts = config.tablestore;
  const sdk = createTablestoreClient({
    endpoint: ts.endpoint,
    instance: ts.instanceName,
    accessKeyId: ts.credentials!.accessId,
    accessKeySecret: ts.credentials!.accessKey,
  });
  const streams = createStreamClient({ sdk: sdk as never });
  const [stream] = await streams.listStream(ts.dataTable);
  const shard = (await streams.describeStream(stream!.streamId)).shards[0]!;
  let iterator = await streams.getShardIterator(stream!.streamId, shard.shardId);
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await instance.connect();
  await c.run('CREATE TABLE t (uid VARCHAR, n BIGINT, name VARCHAR, score DOUBLE, flag BOOLEAN)');
  const a = await c.createAppender('t');
  let rows = 0;
  while (iterator) {
    const batch = await streams.getStreamRecord(iterator, { limit: 1000 });
    for (const r of batch.records) {
      a.appendVarchar(r.primaryKey[0]!.value as string);
      a.appendBigInt(r.primaryKey[1]!.value as bigint);
      const cell = (name: string) => r.cells.find((x) => x.name === name)?.value;
      a.appendVarchar(cell('name') as string);
      a.appendDouble(cell('score') as number);
      a.appendBoolean(cell('flag') as boolean);
      a.endRow();
      rows++;
    }
    if (batch.caughtUp) break;
    iterator = batch.nextIterator;
  }
  a.closeSync();
  const file = join(tmpdir(), `bench-export-duckdb-${process.pid}.parquet`);
  await c.run(`COPY t TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 20000)`);
  const body = await readFile(file);
  await AliOssSink.fromOptions({
    endpoint: config.oss.endpoint,
    bucket: config.oss.bucket,
    accessKeyId: config.oss.credentials!.accessId,
    accessKeySecret: config.oss.credentials!.accessKey,
  }).put('duckdb/out.parquet', body);
  await rm(file, { force: true });
  const ms = performance.now() - t0;
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      rows,
      bytes: body.length,
      peakRssMiB: peakRssMiB(),
    }),
  );
  process.exit(0);
}

// ---- parent -------------------------------------------------------------------------------------
const RECORDS = Number((process.argv[2] === '--load' ? process.argv[6] : process.argv[2]) ?? 1_000_000);
/**
 * The export children run with the flags the product's CLI runs with (`bin/heap-flags.js`:
 * `--max-old-space-size=160` unless `OTS2OSS_MAX_HEAP_MB` or `NODE_OPTIONS` says otherwise); the
 * `…NodeDefault` peers run csv and parquet again with Node's default heap, same run, to show what
 * the cap costs in speed. `EXPORT_BENCH_EXTRA_FLAGS` (space-separated) adds a third csv/parquet
 * pair with those flags on top of the product's, for experiments (e.g. `--max-semi-space-size=4`).
 */
const PRODUCT_FLAGS = heapFlags(process.env, []);
const EXTRA_FLAGS = (process.env.EXPORT_BENCH_EXTRA_FLAGS ?? '').split(/\s+/).filter(Boolean);
const rowAt = (i: number) => ({
  uid: `u${String(i).padStart(8, '0')}`,
  n: i,
  name: `customer name ${i % 977}`,
  score: i * 0.25 + 0.5,
  flag: i % 3 === 0,
});

function call(client: any, op: string, params: unknown): Promise<any> {
  return new Promise((resolve, reject) =>
    client[op](params, (e: unknown, d: unknown) => (e ? reject(e) : resolve(d))),
  );
}

/**
 * Writes batch numbers `lane`, `lane + lanes`, … (200 records each, 2 calls in flight). Lanes of
 * parallel loaders advance together, so keys arrive nearly in order (cheap appends to the local
 * server's sorted rows, where inserting into the middle would cost a copy of the rest).
 */
async function load(client: any, lane: number, lanes: number): Promise<void> {
  const BATCH = 200;
  const batches = Math.ceil(RECORDS / BATCH);
  let next = lane;
  const worker = async () => {
    while (next < batches) {
      const b = next;
      next += lanes;
      const rows = [];
      for (let i = b * BATCH; i < Math.min(RECORDS, (b + 1) * BATCH); i++) {
        const r = rowAt(i);
        rows.push({
          type: 'PUT',
          condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
          primaryKey: [{ uid: r.uid }, { n: TableStore.Long.fromNumber(r.n) }],
          attributeColumns: [{ name: r.name }, { score: r.score }, { flag: r.flag }],
        });
      }
      const res = await call(client, 'batchWriteRow', { tables: [{ tableName: TABLE, rows }] });
      for (const row of res.tables ?? []) if (row.isOk === false) throw new Error(JSON.stringify(row.error));
    }
  };
  await Promise.all([worker(), worker()]);
}

/** Runs this file in a child with `args`; resolves to the JSON of its last stdout line. */
function runChild(args: string[], flags: string[] = []): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ...flags, fileURLToPath(import.meta.url), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c) => (out += String(c)));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
      } catch (err) {
        reject(new Error(`export child printed no result: ${out}`, { cause: err }));
      }
    });
  });
}

async function duckdbWriteOnly(dir: string): Promise<{ ms: number; bytes: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await instance.connect();
  await c.run('CREATE TABLE t (uid VARCHAR, n BIGINT, name VARCHAR, score DOUBLE, flag BOOLEAN)');
  const file = join(dir, 'duckdb.parquet');
  const t0 = performance.now();
  const a = await c.createAppender('t');
  for (let i = 0; i < RECORDS; i++) {
    const r = rowAt(i);
    a.appendVarchar(r.uid);
    a.appendBigInt(BigInt(r.n));
    a.appendVarchar(r.name);
    a.appendDouble(r.score);
    a.appendBoolean(r.flag);
    a.endRow();
  }
  a.closeSync();
  await c.run(`COPY t TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 20000)`);
  const ms = performance.now() - t0;
  c.closeSync();
  instance.closeSync();
  return { ms, bytes: (await stat(file)).size };
}

// ---- child: loads one lane of batches ------------------------------------------------------------
if (process.argv[2] === '--load') {
  const t = JSON.parse(process.argv[3]!);
  const client = createTablestoreClient(t);
  await load(client, Number(process.argv[4]), Number(process.argv[5]));
  console.log(JSON.stringify({ lane: Number(process.argv[4]) }));
  process.exit(0);
}

const stack = await startLocalStack({ only: ['tablestore', 'oss'] });
const dir = await mkdtemp(join(tmpdir(), 'bench-export-'));
try {
  const t = stack.info.tablestore!;
  const o = stack.info.oss!;
  const admin = tablestoreAdmin(t.endpoint);
  // The window lies three hours back (server clock moved there) so it is due for the runner now.
  const start = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
  const end = start + 3_600_000;
  await admin.setClock(start - 10_000);
  const client = createTablestoreClient(t);
  await call(client, 'createTable', {
    tableMeta: {
      tableName: TABLE,
      primaryKey: [
        { name: 'uid', type: 'STRING' },
        { name: 'n', type: 'INTEGER' },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpecification: { enableStream: true, expirationTime: 24 },
  });
  await admin.reshard(TABLE, 1);
  const OSS = createRequire(import.meta.url)('ali-oss');
  await new OSS({
    endpoint: o.endpoint,
    accessKeyId: o.accessKeyId,
    accessKeySecret: o.accessKeySecret,
    bucket: BUCKET,
  }).putBucket(BUCKET);
  await admin.setClock(start + 1_000);
  // Two loader processes, so the SDK's encoding does not share the servers' event loop.
  const loadStart = performance.now();
  await Promise.all([
    runChild(['--load', JSON.stringify(t), '0', '2', String(RECORDS)]),
    runChild(['--load', JSON.stringify(t), '1', '2', String(RECORDS)]),
  ]);
  const loadMs = performance.now() - loadStart;
  console.error(`loaded ${RECORDS} records into one shard in ${Math.round(loadMs)} ms`);

  const base = (job: string, writer: Record<string, unknown>) => ({
    job: { name: job, intervalMinutes: 60, lagSeconds: 60 },
    reader: {
      endpoint: t.endpoint,
      accessId: t.accessKeyId,
      accessKey: t.accessKeySecret,
      instanceName: t.instance,
      dataTable: TABLE,
      statusTable: 'bench_status',
      mode: 'single_version_and_update_only',
      column: ['uid', 'n', 'name', 'score', 'flag'],
      startTimestampMillis: start,
      endTimestampMillis: end,
    },
    writer: {
      endpoint: o.endpoint,
      accessId: o.accessKeyId,
      accessKey: o.accessKeySecret,
      bucket: BUCKET,
      object: `out/${job}`,
      writeMode: 'truncate',
      ...writer,
    },
    setting: { speed: { concurrent: 1 } },
  });
  const runs: Record<string, any> = {};
  const csv = { fileFormat: 'csv' };
  const parquet = {
    fileFormat: 'parquet',
    parquet: { codec: 'snappy', columnTypes: { name: 'UTF8', score: 'DOUBLE', flag: 'BOOLEAN' } },
  };
  // Product flags and Node's default interleaved, so load swings hit both alike, in ABBA order: the
  // first export after the load runs slower (seen: 9.5 s vs 7.2 s for the next, same work).
  const variants: [string, Record<string, unknown>, string[]][] = [
    ['csvNodeDefault', csv, []],
    ['csv', csv, PRODUCT_FLAGS],
    ['csvGzip', { fileFormat: 'csv', compress: 'gzip' }, PRODUCT_FLAGS],
    ['parquet', parquet, PRODUCT_FLAGS],
    ['parquetNodeDefault', parquet, []],
    ...(EXTRA_FLAGS.length > 0
      ? ([
          ['csvExtra', csv, [...PRODUCT_FLAGS, ...EXTRA_FLAGS]],
          ['parquetExtra', parquet, [...PRODUCT_FLAGS, ...EXTRA_FLAGS]],
        ] as [string, Record<string, unknown>, string[]][])
      : []),
  ];
  for (const [name, writer, flags] of variants) {
    const path = join(dir, `${name}.json`);
    await writeFile(path, JSON.stringify(base(`bench-${name}`, writer)));
    runs[name] = await runChild(['--export', path], flags);
    console.error(`${name}: ${JSON.stringify(runs[name])}`);
    if (runs[name].rows !== RECORDS)
      console.error(`${name}: exported ${runs[name].rows} rows, expected ${RECORDS}`);
  }
  const duckPath = join(dir, 'duckdb.json');
  await writeFile(duckPath, JSON.stringify(base('bench-duckdb', { fileFormat: 'parquet' })));
  const duck = await runChild(['--duckdb', duckPath], PRODUCT_FLAGS);
  console.error(`duckdb pipeline: ${JSON.stringify(duck)}`);
  const writeOnly = await duckdbWriteOnly(dir);
  console.error(`duckdb write only: ${Math.round(writeOnly.ms)} ms, ${writeOnly.bytes} bytes`);
  const rate = (ms: number) => Math.round((RECORDS / ms) * 1000);
  const parquetRowsPerSec = rate(runs.parquet.ms);
  const duckdbParquetRowsPerSec = rate(duck.ms);
  const duckdbWriteOnlyRowsPerSec = rate(writeOnly.ms);
  console.log(
    JSON.stringify({
      records: RECORDS,
      loadRowsPerSec: rate(loadMs),
      csvRowsPerSec: rate(runs.csv.ms),
      csvGzipRowsPerSec: rate(runs.csvGzip.ms),
      parquetRowsPerSec,
      duckdbParquetRowsPerSec,
      parquetVsDuckdb: Math.round((parquetRowsPerSec / duckdbParquetRowsPerSec) * 100) / 100,
      duckdbWriteOnlyRowsPerSec,
      parquetVsDuckdbWriteOnly: Math.round((parquetRowsPerSec / duckdbWriteOnlyRowsPerSec) * 100) / 100,
      duckdbPeakRssMiB: duck.peakRssMiB,
      peakRssMiB: Math.max(runs.csv.peakRssMiB, runs.csvGzip.peakRssMiB, runs.parquet.peakRssMiB),
      nodeFlags: PRODUCT_FLAGS.join(' '),
      peakRssMiBByFormat: {
        csv: runs.csv.peakRssMiB,
        csvGzip: runs.csvGzip.peakRssMiB,
        parquet: runs.parquet.peakRssMiB,
      },
      // Same exports with Node's default heap: the speed and memory the cap is weighed against.
      nodeDefault: {
        csvRowsPerSec: rate(runs.csvNodeDefault.ms),
        parquetRowsPerSec: rate(runs.parquetNodeDefault.ms),
        peakRssMiB: { csv: runs.csvNodeDefault.peakRssMiB, parquet: runs.parquetNodeDefault.peakRssMiB },
      },
      ...(runs.csvExtra
        ? {
            extra: {
              flags: EXTRA_FLAGS.join(' '),
              csvRowsPerSec: rate(runs.csvExtra.ms),
              parquetRowsPerSec: rate(runs.parquetExtra.ms),
              peakRssMiB: { csv: runs.csvExtra.peakRssMiB, parquet: runs.parquetExtra.peakRssMiB },
            },
          }
        : {}),
      bytes: {
        csv: runs.csv.bytes,
        csvGzip: runs.csvGzip.bytes,
        parquet: runs.parquet.bytes,
        duckdbParquet: duck.bytes,
      },
      exported: {
        csv: runs.csv.rows,
        csvGzip: runs.csvGzip.rows,
        parquet: runs.parquet.rows,
        duckdb: duck.rows,
      },
    }),
  );
} finally {
  await stack.close();
  await rm(dir, { recursive: true, force: true });
}
