/**
 * Acceptance 2: a seeded random workload over 4 shards with a split and a merge during the run,
 * exported over ≥ 10 consecutive one-minute windows (the local server's clock is moved from window
 * to window, exports run between writes): every final object read back with ali-oss and parsed
 * with csv-parse equals the change log — each change exactly once, per-key order kept.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { exportWindows, type ExportContext } from '../../../shared/export/index.js';
import type { JobConfig } from '../../../shared/config/index.js';
import {
  MINUTE,
  TABLE,
  Workload,
  assertChangesOnce,
  context,
  createTable,
  expectedByKey,
  getObject,
  groupByKey,
  jobConfig,
  mergeAdjacentShards,
  multiVersionRows,
  nextMinute,
  readManifests,
  rowModeRows,
  splitOpenShard,
  startEnv,
  type Env,
} from './helpers.js';

const PHASES = 12;
const PER_PHASE = 24;

describe('exactly-once export over splits and merges', { timeout: 120_000 }, () => {
  let env: Env;
  let t0: number;
  const workload = new Workload(20261125, 40, 0);
  const jobs: { config: JobConfig; ctx: ExportContext }[] = [];

  async function exportAll(now: number): Promise<void> {
    for (const { config, ctx } of jobs) {
      const result = await exportWindows({ config, context: ctx, now, from: t0 });
      assert.equal(result.error, undefined, result.error?.message);
    }
  }

  before(async () => {
    env = await startEnv();
    await createTable(env, 4);
    t0 = (await nextMinute(env)) - 1_000;
    workload.reset(t0);
    const mv = jobConfig(env, 'mv');
    const rows = jobConfig(
      env,
      'rows',
      {},
      {
        mode: 'single_version_and_update_only',
        column: ['pk', 'n', 'a', 'b', 'c', 'd'].map((name) => ({ name })),
      },
    );
    const pq = jobConfig(env, 'pq', { fileFormat: 'parquet', parquet: { codec: 'zstd' } });
    const gz = jobConfig(env, 'gz', { compression: 'gzip' });
    for (const config of [mv, rows, pq, gz]) jobs.push({ config, ctx: await context(config) });
    for (let phase = 0; phase < PHASES; phase++) {
      await workload.write(env, PER_PHASE);
      if (phase === 4) await splitOpenShard(env);
      if (phase === 7) await mergeAdjacentShards(env);
      const now = await nextMinute(env);
      // Export while shards are still open (caught-up checkpoints), between the split and the merge too.
      if (phase % 3 === 2) await exportAll(now);
    }
    await exportAll(await nextMinute(env));
  });

  after(async () => {
    await env?.close();
  });

  it('exports at least 10 consecutive windows, each with a manifest chained to the previous one', async () => {
    const manifests = await readManifests(env, 'mv');
    assert.ok(manifests.length >= PHASES, `${manifests.length} manifests`);
    for (let i = 0; i < manifests.length; i++) {
      const m = manifests[i];
      assert.equal(m.window.end - m.window.start, MINUTE);
      if (i === 0) assert.equal(m.previous, null);
      else {
        assert.equal(m.window.start, manifests[i - 1].window.end);
        assert.equal(m.previous.key, manifests[i - 1].key);
      }
    }
    const shards = await env.admin.shards(TABLE);
    assert.ok(shards.shards.length >= 7, 'the split and the merge happened');
    // Lineage: some window stopped parents at its end and skipped their children (TRIM_HORIZON),
    // and a later one drained the parents (SHARD_END) before reading the children.
    assert.ok(
      manifests.some((m) => m.checkpoints.trimHorizon > 0),
      'a child was skipped to the next window',
    );
    assert.ok(
      manifests.some((m) => m.checkpoints.shardEnd > 0),
      'a parent reached SHARD_END',
    );
  });

  for (const [job, layout, columns] of [
    ['mv', multiVersionRows, ['pk', 'n', 'column_name', 'timestamp', 'column_value', 'op_type']],
    ['rows', rowModeRows, ['pk', 'n', 'a', 'b', 'c', 'd']],
    ['gz', multiVersionRows, ['pk', 'n', 'column_name', 'timestamp', 'column_value', 'op_type']],
  ] as const) {
    it(`${job}: the CSV rows read back equal the change log, each change once, per-key order kept`, async () => {
      const rows: string[][] = [];
      let listed = 0;
      for (const m of await readManifests(env, job)) {
        for (const o of m.objects) {
          const body = await getObject(env, o.key);
          assert.equal(body.length, o.bytes);
          // gzip: one member per partial (and the header's), which gunzip reads as one stream.
          const text = job === 'gz' ? gunzipSync(body) : body;
          const parsed = parse(text, { relax_column_count: false }) as string[][];
          assert.deepEqual(parsed[0], [...columns]);
          assert.equal(parsed.length - 1, o.rows);
          rows.push(...parsed.slice(1));
          listed += o.rows;
        }
        assert.equal(
          m.counts.rows,
          m.objects.reduce((n: number, o: { rows: number }) => n + o.rows, 0),
        );
      }
      const expected = expectedByKey(workload.changes, layout);
      const expectedCount = [...expected.values()].reduce((n, l) => n + l.length, 0);
      assert.equal(rows.length, expectedCount);
      assert.equal(listed, expectedCount);
      const actual = groupByKey(rows);
      assert.deepEqual(
        [...actual.keys()].sort(),
        [...expected.keys()].filter((k) => expected.get(k)!.length > 0).sort(),
      );
      for (const [key, list] of expected)
        if (list.length > 0) assert.deepEqual(actual.get(key), list, `rows of ${key}`);
    });
  }

  it('pq: Parquet read back with DuckDB has the documented types and equals the change log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-pq-'));
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const rows: string[][] = [];
      let files = 0;
      for (const m of await readManifests(env, 'pq')) {
        for (const o of m.objects) {
          const path = join(dir, `${files++}.parquet`);
          await writeFile(path, await getObject(env, o.key));
          const types = (
            await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
          ).getRowObjects();
          assert.deepEqual(
            types.map((t) => `${String(t.column_name)} ${String(t.column_type)}`),
            [
              'pk VARCHAR',
              'n BIGINT',
              'column_name VARCHAR',
              'timestamp TIMESTAMP WITH TIME ZONE',
              'value_int BIGINT',
              'value_double DOUBLE',
              'value_bool BOOLEAN',
              'value_string VARCHAR',
              'value_binary BLOB',
              'op_type VARCHAR',
            ],
          );
          const sql =
            `SELECT pk, n::VARCHAR AS n, column_name, epoch_ms(timestamp)::VARCHAR AS ts, ` +
            `coalesce(value_int::VARCHAR, value_double::VARCHAR, value_bool::VARCHAR, value_string) AS v, op_type ` +
            `FROM read_parquet('${path}')`;
          const read = (await db.runAndReadAll(sql)).getRows();
          assert.equal(read.length, o.rows);
          for (const r of read) rows.push(r.map((v) => (v === null ? 'null' : String(v))));
        }
      }
      assertChangesOnce(rows, workload.changes);
    } finally {
      db.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
