/** `--data-dir`: tables, rows, stream records, lineage and clock survive restarts and kill -9. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { localServerArgs } from '../../../local/launch.js';
import { attrs, condition, createTable, long, num, startTablestore, TableStore, tempDir } from './helpers.js';
import { streamApi } from './stream-helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PK = [
  { name: 'p', type: 'STRING' },
  { name: 'n', type: 'INTEGER' },
];
const STREAM = { streamSpecification: { enableStream: true, expirationTime: 24 } };

async function snapshot(client: unknown, table: string) {
  const s = streamApi(client as never);
  const streamId = await s.streamId(table);
  const shards = (await s.describe(streamId)).shards;
  const records: Record<string, string[]> = {};
  for (const shard of shards) {
    records[shard.shardId] = (await s.drain(streamId, shard.shardId)).records.map((r) =>
      JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
    );
  }
  return { streamId, shards, records };
}

describe('local tablestore: persistence', () => {
  const dirs: { remove(): void }[] = [];
  after(() => dirs.forEach((d) => d.remove()));

  it('restores tables, rows, versions, stream records, lineage and the clock after a restart', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let h = await startTablestore({ dataDir: dir.path });
    let before: Awaited<ReturnType<typeof snapshot>>;
    try {
      await createTable(h.client, 'p', PK, { ...STREAM, tableOptions: { timeToLive: -1, maxVersions: 2 } });
      const ts = Date.now() - 100;
      await h.client.putRow({
        tableName: 'p',
        condition: condition(),
        primaryKey: [{ p: 'a' }, { n: long(1) }],
        attributeColumns: [{ v: 'one', timestamp: ts }, { bin: Buffer.from([1, 2]) }, { d: -0.5 }],
      });
      await h.client.updateRow({
        tableName: 'p',
        condition: condition(),
        primaryKey: [{ p: 'a' }, { n: long(1) }],
        updateOfAttributeColumns: [{ PUT: [{ v: 'two' }] }, { INCREMENT: [{ c: long(2) }] }],
      });
      const [first] = (await h.admin.shards('p')).shards;
      await h.admin.split('p', first!.shardId);
      await h.client.batchWriteRow({
        tables: [
          {
            tableName: 'p',
            rows: ['b', 'c', 'd'].map((p) => ({
              type: 'PUT',
              condition: condition(),
              primaryKey: [{ p }, { n: long(2) }],
              attributeColumns: [{ v: p }],
            })),
          },
        ],
      });
      await h.client.deleteRow({
        tableName: 'p',
        condition: condition(),
        primaryKey: [{ p: 'c' }, { n: long(2) }],
      });
      await h.admin.advanceClock(5000);
      before = await snapshot(h.client, 'p');
    } finally {
      await h.close();
    }
    h = await startTablestore({ dataDir: dir.path });
    try {
      assert.deepEqual(await snapshot(h.client, 'p'), before);
      const { row } = await h.client.getRow({
        tableName: 'p',
        primaryKey: [{ p: 'a' }, { n: long(1) }],
        maxVersions: 2,
      });
      assert.deepEqual(
        row.attributes
          .filter((a: { columnName: string }) => a.columnName === 'v')
          .map((a: { columnValue: string }) => a.columnValue),
        ['two', 'one'],
      );
      assert.equal(num(attrs(row).c), 2);
      assert.equal(attrs(row).d, -0.5);
      assert.deepEqual(Buffer.from(attrs(row).bin as Buffer), Buffer.from([1, 2]));
      assert.deepEqual(
        (await h.client.getRow({ tableName: 'p', primaryKey: [{ p: 'c' }, { n: long(2) }] })).row,
        {},
      );
      assert.equal((await h.client.describeTable({ tableName: 'p' })).tableOptions.maxVersions, 2);
      assert.ok(Math.abs((await h.admin.clock()).offsetMs - 5000) < 50);
      // The restarted server keeps appending after the restored records.
      await h.client.putRow({
        tableName: 'p',
        condition: condition(),
        primaryKey: [{ p: 'a' }, { n: long(1) }],
        attributeColumns: [{ v: 'three' }],
      });
      const after = await snapshot(h.client, 'p');
      const grown = Object.keys(after.records).filter(
        (id) => after.records[id]!.length === (before.records[id]?.length ?? 0) + 1,
      );
      assert.equal(grown.length, 1);
      before = after;
    } finally {
      await h.close();
    }
    // The second start compacted the log to a snapshot; a third start reads snapshot + new entries.
    h = await startTablestore({ dataDir: dir.path });
    try {
      assert.deepEqual(await snapshot(h.client, 'p'), before);
      assert.equal(
        attrs((await h.client.getRow({ tableName: 'p', primaryKey: [{ p: 'a' }, { n: long(1) }] })).row).v,
        'three',
      );
    } finally {
      await h.close();
    }
  });

  it('loses nothing it acknowledged when the server process is killed with SIGKILL', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const child = spawn(
      process.execPath,
      localServerArgs(['--only', 'tablestore', '--port-base', '0', '--data-dir', dir.path]),
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const info = await new Promise<{
        endpoint: string;
        instance: string;
        accessKeyId: string;
        accessKeySecret: string;
      }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /READY (.*)\n/.exec(out);
          if (m) resolve((JSON.parse(m[1]!) as { tablestore: never }).tablestore);
        });
        child.once('exit', (code) => reject(new Error(`server exited early with ${code}: ${out}`)));
      });
      const client = new TableStore.Client({
        accessKeyId: info.accessKeyId,
        secretAccessKey: info.accessKeySecret,
        endpoint: info.endpoint,
        instancename: info.instance,
        maxRetries: 0,
      });
      await createTable(client, 'k', PK, STREAM);
      const writes = [];
      for (let i = 0; i < 40; i++) {
        writes.push(
          client.putRow({
            tableName: 'k',
            condition: condition(),
            primaryKey: [{ p: `p${i % 7}` }, { n: long(i) }],
            attributeColumns: [{ i: long(i) }],
          }),
        );
      }
      await Promise.all(writes);
      child.kill('SIGKILL');
      await exited;
    } finally {
      child.kill('SIGKILL');
    }
    const h = await startTablestore({ dataDir: join(dir.path, 'tablestore') });
    try {
      const keys = Array.from({ length: 40 }, (_, i) => [{ p: `p${i % 7}` }, { n: long(i) }]);
      const got = [];
      for (let i = 0; i < 40; i += 20)
        got.push(
          ...(await h.client.batchGetRow({ tables: [{ tableName: 'k', primaryKey: keys.slice(i, i + 20) }] }))
            .tables[0],
        );
      assert.deepEqual(
        got.map((r: Parameters<typeof attrs>[0]) => num(attrs(r).i)),
        Array.from({ length: 40 }, (_, i) => i),
      );
      const snap = await snapshot(h.client, 'k');
      assert.equal(Object.values(snap.records).flat().length, 40);
    } finally {
      await h.close();
    }
  });

  it('ignores a torn last line left by a crash mid-append', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let h = await startTablestore({ dataDir: dir.path });
    await createTable(h.client, 't');
    await h.client.putRow({
      tableName: 't',
      condition: condition(),
      primaryKey: [{ id: 'x' }],
      attributeColumns: [{ a: 'kept' }],
    });
    await h.close();
    appendFileSync(join(dir.path, 'oplog.jsonl'), '{"t":"write","table":"t","rows":[{"pk":');
    h = await startTablestore({ dataDir: dir.path });
    try {
      assert.equal(
        attrs((await h.client.getRow({ tableName: 't', primaryKey: [{ id: 'x' }] })).row).a,
        'kept',
      );
      await h.client.putRow({
        tableName: 't',
        condition: condition(),
        primaryKey: [{ id: 'y' }],
        attributeColumns: [{ a: 'after' }],
      });
    } finally {
      await h.close();
    }
    h = await startTablestore({ dataDir: dir.path });
    try {
      assert.equal(
        attrs((await h.client.getRow({ tableName: 't', primaryKey: [{ id: 'y' }] })).row).a,
        'after',
      );
    } finally {
      await h.close();
    }
  });
});
