import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MANIFEST_FORMAT,
  ManifestInvalidError,
  linkProblems,
  manifestBytes,
  parseManifest,
  sha256,
  verifyManifestChain,
  type Manifest,
} from '../../../shared/export/manifest.js';

const W = 1_764_000_000_000;
const MIN = 60_000;

function manifest(start: number, end: number, previous: Manifest['previous'], rows = 2): Manifest {
  const objects = rows ? [{ key: `out/${start}/part-0.csv`, rows, bytes: 10 * rows, crc64: '123' }] : [];
  return {
    format: MANIFEST_FORMAT,
    job: 'orders',
    run: 'live',
    instance: 'i',
    table: 't',
    window: { start, end },
    fileFormat: 'csv',
    writeMode: 'nonConflict',
    objects,
    dirtyObjects: [],
    counts: { rows, late: 1, dirty: 0, bytes: 10 * rows, shards: 2 },
    checkpoints: { iterator: 1, shardEnd: 1, trimHorizon: 0 },
    append: null,
    previous,
  };
}

/** Three abutting windows, each linked to the bytes of the one before. */
function chain(): { key: string; bytes: Buffer }[] {
  const out: { key: string; bytes: Buffer }[] = [];
  for (let i = 0; i < 3; i++) {
    const prev = out[i - 1];
    const previous = prev ? { key: prev.key, sha256: sha256(prev.bytes) } : null;
    out.push({ key: `m${i}`, bytes: manifestBytes(manifest(W + i * MIN, W + (i + 1) * MIN, previous, i)) });
  }
  return out;
}

test('a manifest is deterministic and parses back to itself', () => {
  const m = manifest(W, W + MIN, null);
  assert.ok(manifestBytes(manifest(W, W + MIN, null)).equals(manifestBytes(m)));
  assert.deepEqual(parseManifest('k', manifestBytes(m)), m);
  const empty = manifest(W, W + MIN, null, 0);
  assert.deepEqual(parseManifest('k', manifestBytes(empty)).objects, []);
});

test('parse names the first bad field, and rejects what is not JSON', () => {
  const bad = JSON.parse(manifestBytes(manifest(W, W + MIN, null)).toString());
  bad.objects[0].crc64 = 'x';
  assert.throws(
    () => parseManifest('m.json', Buffer.from(JSON.stringify(bad))),
    (err: unknown) => {
      assert.ok(err instanceof ManifestInvalidError);
      assert.match(err.reason, /^objects\.0\.crc64/);
      assert.match(err.message, /m\.json/);
      return true;
    },
  );
  assert.throws(
    () => parseManifest('m.json', Buffer.from(JSON.stringify({ ...bad, format: 'ots2oss-manifest' }))),
    /format/,
  );
  assert.throws(
    () => parseManifest('m.json', Buffer.from('{')),
    (err: unknown) => {
      assert.ok(err instanceof ManifestInvalidError);
      assert.equal(err.reason, 'not JSON');
      return true;
    },
  );
});

test('the chain check finds broken links, gaps and overlaps', () => {
  const [m0, m1, m2] = chain() as [
    { key: string; bytes: Buffer },
    { key: string; bytes: Buffer },
    { key: string; bytes: Buffer },
  ];
  assert.deepEqual(verifyManifestChain([m0, m1, m2]), []);
  // Drop the middle one: the link breaks and a gap appears.
  assert.deepEqual(
    verifyManifestChain([m0, m2]).map((p) => [p.kind, p.key]),
    [
      ['broken-link', 'm2'],
      ['gap', 'm2'],
    ],
  );
  const overlap = manifestBytes(manifest(W + MIN / 2, W + 2 * MIN, { key: 'm0', sha256: sha256(m0.bytes) }));
  assert.deepEqual(
    verifyManifestChain([m0, { key: 'mo', bytes: overlap }]).map((p) => p.kind),
    ['overlap'],
  );
  // A chain must start at its root: a first manifest that links to something is a broken link.
  assert.deepEqual(
    verifyManifestChain([m1, m2]).map((p) => [p.kind, p.key]),
    [['broken-link', 'm1']],
  );
});

test('one changed byte in a manifest breaks the next link', () => {
  const [m0, m1] = chain();
  const edited = Buffer.from(m0!.bytes.toString().replace('"rows": 0', '"rows": 9'));
  assert.notDeepEqual(edited, m0!.bytes);
  const prev = { key: 'm0', sha256: sha256(edited), end: W + MIN };
  assert.deepEqual(
    linkProblems(prev, 'm1', parseManifest('m1', m1!.bytes)).map((p) => p.kind),
    ['broken-link'],
  );
});
