import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ManifestInvalidError,
  MemoryObjectSink,
  ObjectConflictError,
  buildManifest,
  manifestHash,
  parseManifest,
  serializeManifest,
  verifyManifestChain,
  writeManifest,
  type ManifestInput,
} from '../../../shared/oss/index.js';

const W = 1_764_000_000_000;

function input(start: number, previous: ManifestInput['previous'], rows = 2): ManifestInput {
  return {
    job: 'orders',
    run: 'live',
    start,
    end: start + 300_000,
    epoch: 1,
    writeMode: 'nonConflict',
    objects: rows ? [{ key: `out/${start}/part-0.csv`, rows, bytes: 10 * rows, crc64: '123' }] : [],
    shards: [
      { shardId: 'b', checkpoint: 'SHARD_END', rows: 0, late: 0, dirty: 0 },
      { shardId: 'a', checkpoint: 'opaque-iterator', rows, late: 1, dirty: 0 },
    ],
    previous,
  };
}

test('a manifest is deterministic, sorted, and parses back to itself', () => {
  const m = buildManifest(input(W, null));
  const bytes = serializeManifest(m);
  assert.ok(serializeManifest(buildManifest(input(W, null))).equals(bytes));
  assert.deepEqual(parseManifest('k', bytes), m);
  assert.deepEqual(
    m.checkpoints.map((c) => [c.shardId, c.position]),
    [
      ['a', 'iterator'],
      ['b', 'SHARD_END'],
    ],
  );
  assert.equal(m.checkpoints[0]?.iteratorSha256?.length, 64);
  assert.deepEqual(m.counts, { rows: 2, late: 1, dirty: 0, bytes: 20, objects: 1 });
  assert.equal(m.window.startIso, new Date(W).toISOString());
});

test('an empty window still has a manifest with zero rows', () => {
  const m = buildManifest(input(W, null, 0));
  assert.equal(m.counts.rows, 0);
  assert.deepEqual(m.objects, []);
});

test('parse names the first bad field', () => {
  const bad = JSON.parse(serializeManifest(buildManifest(input(W, null))).toString());
  bad.objects[0].crc64 = 'x';
  assert.throws(
    () => parseManifest('m.json', Buffer.from(JSON.stringify(bad))),
    (err: unknown) => {
      assert.ok(err instanceof ManifestInvalidError);
      assert.match(err.message, /objects\.0\.crc64/);
      return true;
    },
  );
  assert.throws(() => parseManifest('m.json', Buffer.from('{')), ManifestInvalidError);
});

test('the chain check finds broken links, gaps and overlaps', () => {
  const m1 = serializeManifest(buildManifest(input(W, null)));
  const m2 = serializeManifest(buildManifest(input(W + 300_000, { key: 'm1', sha256: manifestHash(m1) })));
  const m3 = serializeManifest(buildManifest(input(W + 600_000, { key: 'm2', sha256: manifestHash(m2) })));
  assert.deepEqual(
    verifyManifestChain([
      { key: 'm1', bytes: m1 },
      { key: 'm2', bytes: m2 },
      { key: 'm3', bytes: m3 },
    ]),
    [],
  );
  // Drop the middle one: the link breaks and a gap appears.
  const problems = verifyManifestChain([
    { key: 'm1', bytes: m1 },
    { key: 'm3', bytes: m3 },
  ]);
  assert.deepEqual(problems.map((p) => p.kind).sort(), ['broken-link', 'gap']);
  const overlap = serializeManifest(
    buildManifest(input(W + 100_000, { key: 'm1', sha256: manifestHash(m1) })),
  );
  assert.deepEqual(
    verifyManifestChain([
      { key: 'm1', bytes: m1 },
      { key: 'mo', bytes: overlap },
    ]).map((p) => p.kind),
    ['overlap'],
  );
});

test('the manifest write is create-only: identical is a no-op, different is a conflict', async () => {
  const sink = new MemoryObjectSink();
  const m = buildManifest(input(W, null));
  const first = await writeManifest(sink, '_manifests/1.json', m);
  assert.equal(first.existed, false);
  assert.equal(first.sha256, manifestHash(serializeManifest(m)));
  assert.equal((await writeManifest(sink, '_manifests/1.json', m)).existed, true);
  await assert.rejects(
    writeManifest(sink, '_manifests/1.json', buildManifest(input(W, null, 5))),
    ObjectConflictError,
  );
});

test('a manifest left by a stale epoch may be replaced when the caller says so, once', async () => {
  const sink = new MemoryObjectSink();
  const stale = buildManifest({ ...input(W, null), epoch: 1 });
  const current = buildManifest({ ...input(W, null, 3), epoch: 2 });
  await writeManifest(sink, 'm.json', stale);
  await assert.rejects(writeManifest(sink, 'm.json', current), ObjectConflictError);
  const replaced = await writeManifest(sink, 'm.json', current, {
    replaceIf: (old) => old.epoch < current.epoch,
  });
  assert.equal(replaced.replaced, true);
  assert.ok((await sink.get('m.json')).equals(serializeManifest(current)));
  // The stale writer, arriving late, may not replace the newer one.
  await assert.rejects(
    writeManifest(sink, 'm.json', stale, { replaceIf: (old) => old.epoch < stale.epoch }),
    ObjectConflictError,
  );
});
