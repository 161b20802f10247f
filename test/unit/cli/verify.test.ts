import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyChain } from '../../../shared/cli/verify.js';
import { MANIFEST_FORMAT, manifestBytes, sha256, type Manifest } from '../../../shared/export/index.js';
import { MemoryObjectSink, crc64, type ObjectSink } from '../../../shared/oss/index.js';

const PREFIX = '_ots2oss/job/manifests/';
const MIN = 60_000;

function manifest(
  start: number,
  end: number,
  objects: Manifest['objects'],
  previous: Manifest['previous'],
): Manifest {
  return {
    format: MANIFEST_FORMAT,
    job: 'job',
    run: 'live',
    instance: 'inst',
    table: 't',
    window: { start, end },
    fileFormat: 'csv',
    writeMode: 'truncate',
    objects,
    dirtyObjects: [],
    counts: { rows: objects.reduce((n, o) => n + o.rows, 0), late: 0, dirty: 0, bytes: 0, shards: 1 },
    checkpoints: { iterator: 1, shardEnd: 0, trimHorizon: 0 },
    append: null,
    previous,
  };
}

/** Writes `windows` consecutive windows, one data object each, chained as finalize does. */
async function chain(sink: ObjectSink, windows: [number, number][]): Promise<string[]> {
  let previous: Manifest['previous'] = null;
  const keys: string[] = [];
  for (const [start, end] of windows) {
    const data = Buffer.from(`row for ${start}\n`);
    const dataKey = `out/${start}.csv`;
    await sink.put(dataKey, data);
    const m = manifest(
      start,
      end,
      [{ key: dataKey, rows: 1, bytes: data.length, crc64: crc64(data) }],
      previous,
    );
    const key = `${PREFIX}${String(start).padStart(16, '0')}_${String(end).padStart(16, '0')}.json`;
    const body = manifestBytes(m);
    await sink.put(key, body);
    previous = { key, sha256: sha256(body) };
    keys.push(key);
  }
  return keys;
}

test('an intact chain has no problems and counts manifests, objects and rows', async () => {
  const sink = new MemoryObjectSink();
  await chain(sink, [
    [0, MIN],
    [MIN, 2 * MIN],
    [2 * MIN, 3 * MIN],
  ]);
  const r = await verifyChain(sink, PREFIX);
  assert.deepEqual(r.problems, []);
  assert.equal(r.manifests, 3);
  assert.equal(r.objects, 3);
  assert.equal(r.rows, 3);
  assert.deepEqual(r.span, { start: 0, end: 3 * MIN });
});

test('a missing manifest shows as a gap and a broken link on the next one', async () => {
  const sink = new MemoryObjectSink();
  const keys = await chain(sink, [
    [0, MIN],
    [MIN, 2 * MIN],
    [2 * MIN, 3 * MIN],
  ]);
  await sink.delete(keys[1]!);
  const r = await verifyChain(sink, PREFIX);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.key]),
    [
      ['broken-link', keys[2]],
      ['gap', keys[2]],
    ],
  );
});

test('overlapping windows are reported', async () => {
  const sink = new MemoryObjectSink();
  const keys = await chain(sink, [
    [0, 2 * MIN],
    [MIN, 3 * MIN],
  ]);
  const r = await verifyChain(sink, PREFIX);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.key]),
    [['overlap', keys[1]]],
  );
});

test('a changed manifest breaks the link of the next one', async () => {
  const sink = new MemoryObjectSink();
  const keys = await chain(sink, [
    [0, MIN],
    [MIN, 2 * MIN],
  ]);
  const edited = JSON.parse((await sink.get(keys[0]!)).toString());
  edited.counts.rows = 99;
  await sink.put(keys[0]!, Buffer.from(JSON.stringify(edited)));
  const r = await verifyChain(sink, PREFIX);
  assert.deepEqual(
    r.problems.map((p) => p.kind),
    ['broken-link'],
  );
});

test('objects missing, resized or with other bytes are each named', async () => {
  const sink = new MemoryObjectSink();
  await chain(sink, [
    [0, MIN],
    [MIN, 2 * MIN],
    [2 * MIN, 3 * MIN],
  ]);
  await sink.delete(`out/0.csv`);
  await sink.put(`out/${MIN}.csv`, Buffer.from('longer than it was\n'));
  const original = await sink.get(`out/${2 * MIN}.csv`);
  await sink.put(`out/${2 * MIN}.csv`, Buffer.from(original.toString().replace('row', 'roW')));
  const r = await verifyChain(sink, PREFIX);
  assert.deepEqual(
    r.problems.map((p) => [p.kind, p.key]),
    [
      ['missing-object', 'out/0.csv'],
      ['size-mismatch', `out/${MIN}.csv`],
      ['crc64-mismatch', `out/${2 * MIN}.csv`],
    ],
  );
});

test('a manifest that is not JSON is reported, not thrown', async () => {
  const sink = new MemoryObjectSink();
  await sink.put(`${PREFIX}broken.json`, Buffer.from('{not json'));
  const r = await verifyChain(sink, PREFIX);
  assert.deepEqual(
    r.problems.map((p) => p.kind),
    ['invalid-manifest'],
  );
});
