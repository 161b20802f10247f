import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ManifestConflictError, MemoryObjectSink, writeManifestObject } from '../../../shared/oss/index.js';

const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const stale = Buffer.from('{"epoch":1}\n');
const current = Buffer.from('{"epoch":2,"rows":3}\n');

test('the manifest write is create-only: identical is a no-op, different is a conflict', async () => {
  const sink = new MemoryObjectSink();
  const first = await writeManifestObject(sink, '_manifests/1.json', stale);
  assert.deepEqual(first, { sha256: hex(stale), existed: false, replaced: false });
  assert.deepEqual(await writeManifestObject(sink, '_manifests/1.json', stale), { ...first, existed: true });
  await assert.rejects(writeManifestObject(sink, '_manifests/1.json', current), (err: unknown) => {
    assert.ok(err instanceof ManifestConflictError);
    assert.equal(err.existingSha256, hex(stale));
    assert.equal(err.sha256, hex(current));
    return true;
  });
  assert.ok((await sink.get('_manifests/1.json')).equals(stale), 'the first manifest is untouched');
});

test('a leftover may be replaced when the caller says so, once, and is shown the bytes found', async () => {
  const sink = new MemoryObjectSink();
  await writeManifestObject(sink, 'm.json', stale);
  const seen: Buffer[] = [];
  const replaced = await writeManifestObject(sink, 'm.json', current, {
    replaceIf: async (existing) => {
      seen.push(existing);
      return existing.equals(stale);
    },
  });
  assert.deepEqual(replaced, { sha256: hex(current), existed: false, replaced: true });
  assert.deepEqual(seen, [stale]);
  assert.ok((await sink.get('m.json')).equals(current));
  // The stale writer, arriving late, may not replace the newer one.
  await assert.rejects(
    writeManifestObject(sink, 'm.json', stale, { replaceIf: (existing) => existing.equals(stale) }),
    ManifestConflictError,
  );
  assert.ok((await sink.get('m.json')).equals(current));
});

test('replaceIf is not asked when the bytes are identical, and refusing it leaves a conflict', async () => {
  const sink = new MemoryObjectSink();
  await writeManifestObject(sink, 'm.json', stale);
  let asked = 0;
  const replaceIf = () => (asked++, false);
  assert.equal((await writeManifestObject(sink, 'm.json', stale, { replaceIf })).existed, true);
  assert.equal(asked, 0);
  await assert.rejects(writeManifestObject(sink, 'm.json', current, { replaceIf }), ManifestConflictError);
  assert.equal(asked, 1);
});
